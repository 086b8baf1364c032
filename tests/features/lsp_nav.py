#!/usr/bin/env python3
"""Replays the nav/ fixtures over LSP against the real server.

usage: lsp_nav.py <inf-ls binary> <tests/features dir>

Each fixture's answer is turned from the server's JSON into the same lines
nav_runner derives from the library (see nav_runner.c), and the .expect
checks are applied to them; a rename's edits are applied to the text and
compared with the .renamed file. Also checks what only the server does:
Include= targets must exist beside the INF, inlayHints settings, and
workspace/symbol over the workspace folders with --check's skip rules.
Exit 77 (ctest skip) when the binary is missing.
"""
import json
import os
import shutil
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_features import Client, offset_of, position  # noqa: E402


class NavClient(Client):
    def __init__(self, binary, options=None, folders=None):
        import subprocess
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 1
        params = {"processId": os.getpid(), "rootUri": None, "capabilities": {},
                  "initializationOptions": options}
        if folders:
            params["workspaceFolders"] = [{"uri": uri_of(f), "name": os.path.basename(f)}
                                          for f in folders]
        self.capabilities = self.request("initialize", params)["capabilities"]
        self.notify("initialized", {})

    def try_request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == rid and "method" not in msg:
                return msg.get("result"), msg.get("error")


def uri_of(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


def load_expect(path):
    request, inlay, checks = None, None, []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            key, _, val = line.partition(": ")
            if key == "request":
                request = val
            elif key == "inlay":
                inlay = val
            else:
                checks.append((key, val))
    return request, inlay, checks


def covered(text, rng):
    return text[offset_of(text, rng["start"]):offset_of(text, rng["end"])]


def loc_line(text, rng, suffix=""):
    return "%d:%s%s" % (rng["start"]["line"] + 1, covered(text, rng), suffix)


def apply_edits(text, edits):
    spans = sorted(((offset_of(text, e["range"]["start"]), offset_of(text, e["range"]["end"]),
                     e["newText"]) for e in edits), reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def describe(client, caps, uri, text, request, cursor):
    """Lines for the answer, the text after a rename, and a refusal message."""
    doc = {"textDocument": {"uri": uri}}
    at = dict(doc, position=position(text, cursor))
    out = []
    if request in ("definition", "declaration", "references", "references-no-decl", "highlight"):
        method = {"definition": "textDocument/definition",
                  "declaration": "textDocument/declaration",
                  "highlight": "textDocument/documentHighlight"}.get(request,
                                                                    "textDocument/references")
        params = dict(at)
        if method == "textDocument/references":
            params["context"] = {"includeDeclaration": request == "references"}
        result = client.request(method, params) or []
        for loc in result:
            if request == "highlight":
                out.append(loc_line(text, loc["range"], " write" if loc.get("kind") == 3
                                    else " read"))
            elif loc["uri"] != uri:
                # Names match without case, as on Windows: MACHINE.INF on disk
                # answers Include=machine.inf.
                out.append("file:" + os.path.basename(urllib.parse.unquote(loc["uri"][7:]))
                           .lower())
            else:
                out.append(loc_line(text, loc["range"]))
        return out, None, None
    if request == "prepare":
        result, error = client.try_request("textDocument/prepareRename", at)
        if error:
            return out, None, error["message"]
        return [loc_line(text, result["range"])], None, None
    if request.startswith("rename "):
        result, error = client.try_request("textDocument/rename",
                                           dict(at, newName=request[len("rename "):]))
        if error:
            return out, None, error["message"]
        edits = result["changes"][uri]
        out = [loc_line(text, e["range"]) for e in edits]
        return out, apply_edits(text, edits), None
    if request == "symbols":
        for s in client.request("textDocument/documentSymbol", doc):
            out.append("%s | %s" % (s["name"], s.get("detail", "")))
            for c in s.get("children", []):
                out.append("%s/%s | %s" % (s["name"], c["name"], c.get("detail", "")))
        return out, None, None
    if request == "folds":
        for f in client.request("textDocument/foldingRange", doc):
            out.append("%d-%d %s" % (f["startLine"] + 1, f["endLine"] + 1, f["kind"]))
        return out, None, None
    if request == "selection":
        sel = client.request("textDocument/selectionRange",
                             dict(doc, positions=[position(text, cursor)]))[0]
        while sel:
            out.append(covered(text, sel["range"]))
            sel = sel.get("parent")
        return out, None, None
    row = position(text, cursor)["line"]
    row_range = {"start": {"line": row, "character": 0},
                 "end": position(text, len(text[:text.find("\n", cursor) % (len(text) + 1)]))}
    if request in ("tokens", "tokens-row"):
        legend = caps["semanticTokensProvider"]["legend"]
        if request == "tokens":
            data = client.request("textDocument/semanticTokens/full", doc)["data"]
        else:
            data = client.request("textDocument/semanticTokens/range",
                                  dict(doc, range=row_range))["data"]
        line = char = 0
        for i in range(0, len(data), 5):
            dl, dc, length, typ, mods = data[i:i + 5]
            line += dl
            char = dc if dl else char + dc
            rng = {"start": {"line": line, "character": char},
                   "end": {"line": line, "character": char + length}}
            names = [legend["tokenTypes"][typ]] + [m for b, m in
                                                    enumerate(legend["tokenModifiers"])
                                                    if mods & (1 << b)]
            out.append("%d:%s %s" % (line + 1, covered(text, rng), "+".join(names)))
        return out, None, None
    if request in ("inlay", "inlay-row"):
        whole = {"start": {"line": 0, "character": 0}, "end": position(text, len(text))}
        for h in client.request("textDocument/inlayHint", dict(
                doc, range=whole if request == "inlay" else row_range)):
            label = h["label"] if isinstance(h["label"], str) else "".join(
                p["value"] for p in h["label"])
            out.append("%d:%s" % (h["position"]["line"] + 1, label))
        return out, None, None
    raise ValueError("unknown request " + request)


def check(name, lines, renamed, error, checks, want_renamed, fail):
    want_error = False
    for key, val in checks:
        if key == "error":
            want_error = True
            if not error or val not in error:
                fail("expected a refusal holding %r, got %r" % (val, error))
        elif key == "result" and val not in lines:
            fail("no answer line %r in %r" % (val, lines[:40]))
        elif key == "no-result" and val in lines:
            fail("answer line %r must not be there" % val)
        elif key == "contains" and not any(val in l for l in lines):
            fail("no answer line contains %r" % val)
        elif key == "count" and len(lines) != int(val):
            fail("%d answer lines, expected %s: %r" % (len(lines), val, lines[:40]))
        elif key == "order":
            a, _, b = val.partition(" => ")
            if a not in lines or b not in lines or lines.index(a) >= lines.index(b):
                fail("%r must come before %r" % (a, b))
    if error and not want_error:
        fail("refused: %s" % error)
    if want_renamed is not None and not error and renamed != want_renamed:
        fail("text after the rename differs from the .renamed file:\n%s" % renamed)


def inlay_options(value):
    if value is None:
        return None
    kinds = value.split(",")
    return {"inlayHints": {k: k in kinds for k in ("dirids", "regFlags", "serviceFlags")}}


def check_workspace_index(client, ws, sample):
    """workspace/symbol keeps its index between requests: a file changed on
    disk is read again, one whose size and time did not change is not, and
    the folders are listed again only when one of them changed. Timing-free
    evidence: a file rewritten with its old size and time keeps its old
    sections in the answer until its time moves."""
    sub = os.path.join(ws, "sub")
    b_path = os.path.join(sub, "b.INF")
    failures = 0

    def write(path, name):
        with open(path, "w", encoding="utf-8") as f:
            f.write(sample.replace("Sw_Reg", name))

    def answer():
        found = client.request("workspace/symbol", {"query": "swreg"})
        return sorted((s["name"], os.path.basename(urllib.parse.unquote(s["location"]["uri"])))
                      for s in found)

    def expect(what, names):
        want = sorted([("Sw_Reg_open", "a.inf")] + names)
        got = answer()
        if got != want:
            print("FAIL workspace/symbol, %s: got %r, expected %r" % (what, got, want))
            return 1
        return 0

    # A file changed on disk (another size) between two requests.
    write(b_path, "Sw_Reg_b_changed")
    failures += expect("after b.INF changed", [("Sw_Reg_b_changed", "b.INF")])
    # Rewritten in place with the same size and its time put back: the
    # index must not read it again, so the old name stays...
    st = os.stat(b_path)
    write(b_path, "Sw_Reg_b_CHANGED")
    os.utime(b_path, ns=(st.st_atime_ns, st.st_mtime_ns))
    failures += expect("b.INF with its size and time unchanged (not read again)",
                       [("Sw_Reg_b_changed", "b.INF")])
    # ...until its time moves.
    os.utime(b_path, ns=(st.st_atime_ns, st.st_mtime_ns + 2 * 10**9))
    failures += expect("b.INF with a new time", [("Sw_Reg_b_CHANGED", "b.INF")])
    # A file added behind a folder time put back is not seen: the folders
    # are not listed again while none of them changed...
    dst = os.stat(sub)
    write(os.path.join(sub, "d.inf"), "Sw_Reg_d")
    os.utime(sub, ns=(dst.st_atime_ns, dst.st_mtime_ns))
    failures += expect("d.inf added, folder time put back (not listed again)",
                       [("Sw_Reg_b_CHANGED", "b.INF")])
    # ...and is, once the folder's time moves.
    os.utime(sub, ns=(dst.st_atime_ns, dst.st_mtime_ns + 2 * 10**9))
    failures += expect("d.inf added", [("Sw_Reg_b_CHANGED", "b.INF"), ("Sw_Reg_d", "d.inf")])
    # Files added and removed as tools do it: a new folder, a deletion.
    os.makedirs(os.path.join(ws, "new"))
    write(os.path.join(ws, "new", "e.inf"), "Sw_Reg_e")
    os.remove(os.path.join(sub, "d.inf"))
    failures += expect("new/e.inf added and d.inf removed",
                       [("Sw_Reg_b_CHANGED", "b.INF"), ("Sw_Reg_e", "e.inf")])
    return failures


def main():
    if len(sys.argv) < 3 or not os.access(sys.argv[1], os.X_OK):
        print("inf-ls binary not found; skipping")
        return 77
    binary, root = sys.argv[1], sys.argv[2]
    folder = os.path.join(root, "nav")
    failures = 0
    clients = {}
    tmp = tempfile.mkdtemp(prefix="inf-ls-nav-")
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".inf"))
        for name in names:
            path = os.path.join(folder, name)
            request, inlay, checks = load_expect(path[:-4] + ".expect")
            key = inlay or ""
            if key not in clients:
                clients[key] = NavClient(binary, inlay_options(inlay))
            client = clients[key]
            with open(path, "rb") as f:
                raw = f.read().decode("utf-8")
            cursor = raw.find("$0")
            text = raw if cursor < 0 else raw[:cursor] + raw[cursor + 2:]
            cursor = max(cursor, 0)
            # Each fixture sits in its own folder, so that Include= targets
            # are checked on disk.
            case_dir = os.path.join(tmp, name[:-4])
            os.makedirs(case_dir)
            case_path = os.path.join(case_dir, name)
            with open(case_path, "w", encoding="utf-8") as f:
                f.write(text)
            if "file:machine.inf" in [v for _, v in checks]:
                open(os.path.join(case_dir, "MACHINE.INF"), "w").close()
            uri = uri_of(case_path)
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "inf", "version": 1, "text": text}})
            errors = []
            renamed_path = path[:-4] + ".renamed"
            want_renamed = None
            if os.path.exists(renamed_path):
                with open(renamed_path, encoding="utf-8") as f:
                    want_renamed = f.read()
            lines, renamed, error = describe(client, client.capabilities, uri, text, request,
                                             cursor)
            check(name, lines, renamed, error, checks, want_renamed, errors.append)
            if request == "definition" and "file:machine.inf" in lines:
                os.remove(os.path.join(case_dir, "MACHINE.INF"))
                again, _, _ = describe(client, client.capabilities, uri, text, request, cursor)
                if again:
                    errors.append("an Include= target that does not exist must give nothing")
            client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            for e in errors:
                print("FAIL nav/%s: %s" % (name, e))
            failures += bool(errors)

        # workspace/symbol: open documents and the INFs of the workspace
        # folders, hidden folders skipped as --check skips them.
        ws = os.path.join(tmp, "workspace")
        os.makedirs(os.path.join(ws, "sub"))
        os.makedirs(os.path.join(ws, ".git"))
        with open(os.path.join(folder, "symbols.inf"), encoding="utf-8") as f:
            sample = f.read()
        for rel in ("a.inf", os.path.join("sub", "b.INF"), os.path.join(".git", "c.inf")):
            with open(os.path.join(ws, rel), "w", encoding="utf-8") as f:
                f.write(sample.replace("Sw_Reg", "Sw_Reg_" + os.path.basename(rel)[0]))
        client = NavClient(binary, None, [ws])
        caps = client.capabilities
        for cap in ("documentSymbolProvider", "workspaceSymbolProvider", "definitionProvider",
                    "referencesProvider", "documentHighlightProvider", "renameProvider",
                    "foldingRangeProvider", "selectionRangeProvider", "semanticTokensProvider",
                    "inlayHintProvider", "declarationProvider"):
            if not caps.get(cap):
                print("FAIL: capability %s is not advertised" % cap)
                failures += 1
        open_uri = uri_of(os.path.join(ws, "a.inf"))
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": open_uri, "languageId": "inf", "version": 1,
            "text": sample.replace("Sw_Reg", "Sw_Reg_open")}})
        found = client.request("workspace/symbol", {"query": "swreg"})
        got = sorted((s["name"], os.path.basename(urllib.parse.unquote(s["location"]["uri"])))
                     for s in found)
        want = [("Sw_Reg_b", "b.INF"), ("Sw_Reg_open", "a.inf")]
        if got != want:
            print("FAIL workspace/symbol: got %r, expected %r" % (got, want))
            failures += 1
        clients["workspace"] = client
        failures += check_workspace_index(client, ws, sample)
    finally:
        for c in clients.values():
            c.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d nav fixtures over LSP, %d failed" % (len(names), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
