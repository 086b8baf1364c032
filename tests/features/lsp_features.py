#!/usr/bin/env python3
"""Replays the hover/ and complete/ fixtures over LSP against the real server.

usage: lsp_features.py <inf-ls binary> <tests/features dir>

Each fixture's `$0` becomes a UTF-16 LSP position; the .expect checks are the
ones features_runner applies to the library, asserted here on the JSON the
client would receive (textEdit ranges, sortText order, tags, markdown).
Exit 77 (ctest skip) when the binary is missing.
"""
import json
import os
import subprocess
import sys


class Client:
    def __init__(self, binary, profile):
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 1
        opts = {"profile": profile} if profile else None
        caps = self.request("initialize", {
            "processId": os.getpid(), "rootUri": None, "capabilities": {},
            "initializationOptions": opts})
        self.capabilities = caps["capabilities"]
        self.notify("initialized", {})

    def send(self, msg):
        body = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == rid and "method" not in msg:
                if "error" in msg:
                    raise RuntimeError("%s failed: %s" % (method, msg["error"]))
                return msg.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()


def position(text, offset):
    before = text[:offset]
    line = before.count("\n")
    last = before[before.rfind("\n") + 1:]
    return {"line": line, "character": len(last.encode("utf-16-le")) // 2}


def offset_of(text, pos):
    lines = text.split("\n")
    off = sum(len(l) + 1 for l in lines[:pos["line"]])
    units = pos["character"]
    line = lines[pos["line"]] if pos["line"] < len(lines) else ""
    i = 0
    while units > 0 and i < len(line):
        units -= len(line[i].encode("utf-16-le")) // 2
        i += 1
    return off + i


def load_expect(path):
    profile, checks = None, []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\r\n ")
            if not line or line.startswith("#"):
                continue
            if line == "none":
                checks.append(("none", None))
                continue
            key, _, val = line.partition(": ")
            if key == "profile":
                profile = val
            else:
                checks.append((key, val))
    return profile, checks


def check_hover(text, cursor, result, checks, fail):
    md = result["contents"]["value"] if result else ""
    if result:
        rng = result.get("range")
        if rng:
            a, b = offset_of(text, rng["start"]), offset_of(text, rng["end"])
            if not (a <= cursor <= b):
                fail("hover range %r does not hold the cursor" % rng)
        if result["contents"].get("kind") != "markdown":
            fail("hover is not markdown")
    for key, val in checks:
        if key == "none":
            if result:
                fail("expected no hover, got %r" % md)
        elif key == "contains":
            if val not in md:
                fail("hover lacks %r: %r" % (val, md))
        elif key == "excludes":
            if val in md:
                fail("hover must not contain %r" % val)
        elif key == "range":
            rng = result and result.get("range")
            got = text[offset_of(text, rng["start"]):offset_of(text, rng["end"])] if rng else None
            if got != val:
                fail("hover range covers %r, expected %r" % (got, val))


def check_completion(text, cursor, result, checks, fail):
    items = result["items"] if isinstance(result, dict) else (result or [])
    by_label = {it["label"]: it for it in items}
    cur = position(text, cursor)
    for it in items:
        te = it.get("textEdit")
        if not te or te["range"]["end"] != cur:
            fail("item %r: textEdit must end at the cursor %r" % (it["label"], cur))
            break

    def sort_key(it):
        return it.get("sortText") or it["label"]

    def item(label):
        it = by_label.get(label)
        if not it:
            fail("no item labelled %r (have %r)" % (label, sorted(by_label)[:40]))
        return it

    for key, val in checks:
        if key == "none":
            if items:
                fail("expected no items, got %d" % len(items))
        elif key == "label":
            item(val)
        elif key == "no-label":
            if val in by_label:
                fail("item %r must not be offered" % val)
        elif key == "no-insert":
            if any(it["textEdit"]["newText"] == val for it in items):
                fail("no item may insert %r" % val)
        elif key == "first":
            first = min(items, key=sort_key) if items else None
            if not first or first["label"] != val:
                fail("first item is %r, expected %r" % (first and first["label"], val))
        elif key == "count-max":
            if len(items) > int(val):
                fail("%d items, expected at most %s" % (len(items), val))
        elif key == "replace":
            if items:
                rng = items[0]["textEdit"]["range"]
                got = text[offset_of(text, rng["start"]):offset_of(text, rng["end"])]
                if got != val:
                    fail("textEdit replaces %r, expected %r" % (got, val))
        elif key in ("preselect", "deprecated", "not-deprecated"):
            it = item(val)
            if not it:
                continue
            dep = it.get("deprecated") or 1 in it.get("tags", [])
            if key == "preselect" and not it.get("preselect"):
                fail("%r is not preselected" % val)
            if key == "deprecated" and not dep:
                fail("%r is not tagged deprecated" % val)
            if key == "not-deprecated" and dep:
                fail("%r must not be tagged deprecated" % val)
        else:
            a, _, b = val.partition(" => ")
            if key == "before":
                x, y = by_label.get(a), by_label.get(b)
                if not x or not y or sort_key(x) >= sort_key(y):
                    fail("%r must sort before %r" % (a, b))
                continue
            it = item(a)
            if not it:
                continue
            if key == "insert":
                if it["textEdit"]["newText"] != b:
                    fail("%r inserts %r, expected %r" % (a, it["textEdit"]["newText"], b))
            elif key == "detail":
                if b not in (it.get("detail") or ""):
                    fail("detail of %r lacks %r" % (a, b))
            elif key == "doc":
                doc = it.get("documentation") or ""
                doc = doc.get("value", "") if isinstance(doc, dict) else doc
                if b not in doc:
                    fail("documentation of %r lacks %r" % (a, b))
            elif key == "filter":
                if b not in (it.get("filterText") or it["label"]):
                    fail("filterText of %r lacks %r" % (a, b))


def main():
    if len(sys.argv) < 3 or not os.access(sys.argv[1], os.X_OK):
        print("inf-ls binary not found; skipping")
        return 77
    binary, root = sys.argv[1], sys.argv[2]
    cases = []
    for area in ("hover", "complete"):
        folder = os.path.join(root, area)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".inf"):
                path = os.path.join(folder, name)
                profile, checks = load_expect(path[:-4] + ".expect")
                cases.append((area, path, profile, checks))

    failures = 0
    clients = {}
    try:
        for area, path, profile, checks in cases:
            client = clients.get(profile)
            if not client:
                client = clients[profile] = Client(binary, profile)
                caps = client.capabilities
                triggers = set(caps.get("completionProvider", {}).get("triggerCharacters", []))
                if not caps.get("hoverProvider") or not {",", "%", "=", "["} <= triggers:
                    print("FAIL: capabilities lack hover or trigger characters: %r" % caps)
                    failures += 1
            with open(path, "rb") as f:
                raw = f.read().decode("utf-8")
            cursor = raw.index("$0")
            text = raw[:cursor] + raw[cursor + 2:]
            uri = "file://" + os.path.abspath(path)
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "inf", "version": 1, "text": text}})
            params = {"textDocument": {"uri": uri}, "position": position(text, cursor)}
            errors = []
            if area == "hover":
                result = client.request("textDocument/hover", params)
                check_hover(text, cursor, result, checks, errors.append)
            else:
                result = client.request("textDocument/completion", params)
                check_completion(text, cursor, result, checks, errors.append)
                if isinstance(result, dict) and result.get("isIncomplete"):
                    errors.append("a short list must not be marked isIncomplete")
            client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            for e in errors:
                print("FAIL %s/%s: %s" % (area, os.path.basename(path), e))
            failures += bool(errors)
        # More [Strings] keys than one list holds: the list says it is cut.
        client = clients.get(None) or clients.setdefault(None, Client(binary, None))
        keys = "".join("Key%d=\"value %d\"\n" % (i, i) for i in range(500))
        text = '[Version]\nSignature="$Windows NT$"\nProvider=%\n[Strings]\n' + keys
        uri = "file:///features/many-strings.inf"
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "inf", "version": 1, "text": text}})
        cursor = text.index("Provider=%") + len("Provider=%")
        result = client.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": position(text, cursor)})
        if not (isinstance(result, dict) and result.get("isIncomplete") and result["items"]):
            print("FAIL many-strings: a capped list must be marked isIncomplete")
            failures += 1
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    finally:
        for c in clients.values():
            c.close()
    print("%d fixtures over LSP, %d failed" % (len(cases), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
