#!/usr/bin/env python3
"""Scripted protocol tests against the real inf-ls binary.

Usage: test_protocol.py INF_LS TEST_NAME (ctest runs each test in its own
process). INFLS_SOURCE_DIR points at the checkout (for examples/).
Transcript-style tests live in cases/*.jsonrpc; these are the ones that need
a program: random edits, output that blocks, stdin from a file, edits
computed from positions.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsp  # noqa: E402
from lsp import index_of, position_of  # noqa: E402

INF_LS = None
SOURCE = os.environ.get("INFLS_SOURCE_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TESTS = {}


def test(fn):
    TESTS[fn.__name__[len("test_"):]] = fn
    return fn


def example(name):
    with open(os.path.join(SOURCE, "examples", name), "rb") as f:
        return f.read().decode("utf-8")


def assert_eq(a, b, what=""):
    if a != b:
        raise AssertionError(f"{what}\n  got:      {json.dumps(a)[:1500]}\n"
                             f"  expected: {json.dumps(b)[:1500]}")


def start(**kw):
    server = lsp.Server(INF_LS)
    caps = kw.pop("capabilities", None)
    init = server.initialize(capabilities=caps, **kw)
    return server, init


def comparable(diags):
    """Diagnostics without the document URI, for comparing two documents."""
    out = json.loads(json.dumps(diags))
    for d in out:
        for r in d.get("relatedInformation", []):
            r["location"].pop("uri", None)
    return out


def lsp_edit(text, start_index, end_index, new_text, encoding="utf-16"):
    return {"range": {"start": position_of(text, start_index, encoding),
                      "end": position_of(text, end_index, encoding)},
            "text": new_text}


def apply_text_edits(text, edits, encoding="utf-16"):
    """Applies LSP TextEdits (non-overlapping, any order) to text."""
    spans = [(index_of(text, e["range"]["start"], encoding),
              index_of(text, e["range"]["end"], encoding), e["newText"]) for e in edits]
    for s, e, new in sorted(spans, reverse=True):
        text = text[:s] + new + text[e:]
    return text


def text_at(text, position, n, encoding="utf-16"):
    i = index_of(text, position, encoding)
    return text[i:i + n]


# ---- Transport -------------------------------------------------------------

@test
def test_output_that_blocks():
    """The client stops reading while the server has megabytes to write: the
    server keeps reading requests, queues every reply and drops none."""
    proc = subprocess.Popen([INF_LS], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    count, pad = 400, "x" * 8000
    frames = [lsp.frame({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                         "params": {"capabilities": {}}})]
    frames += [lsp.frame({"jsonrpc": "2.0", "id": f"{i}-{pad}", "method": "x/unknown"})
               for i in range(count)]
    frames += [lsp.frame({"jsonrpc": "2.0", "id": "last", "method": "shutdown"}),
               lsp.frame({"jsonrpc": "2.0", "method": "exit"})]
    written = threading.Event()

    def writer():
        for f in frames:
            proc.stdin.write(f)
        proc.stdin.flush()
        written.set()

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    # Several megabytes are due while nobody reads; the server must still
    # have consumed all of stdin.
    if not written.wait(30):
        proc.kill()
        raise AssertionError("the server stopped reading while its output was blocked")
    time.sleep(0.3)
    data = proc.stdout.read()
    code = proc.wait(10)
    ids = []
    pos = 0
    while pos < len(data):
        head_end = data.index(b"\r\n\r\n", pos)
        n = int(data[pos:head_end].split(b":")[1])
        msg = json.loads(data[head_end + 4:head_end + 4 + n])
        pos = head_end + 4 + n
        ids.append(msg.get("id"))
        if isinstance(msg.get("id"), str) and msg["id"] != "last":
            assert msg["error"]["code"] == -32601
    expected = [0] + [f"{i}-{pad}" for i in range(count)] + ["last"]
    assert_eq(ids == expected, True, f"all {count + 2} replies in order ({len(ids)} read)")
    assert_eq(code, 0, "exit status after shutdown")


@test
def test_stdin_and_stdout_are_files():
    d = tempfile.mkdtemp(prefix="inf-ls-proto-")
    uri = "file://" + os.path.join(d, "a.inf")
    msgs = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"capabilities": {}, "initializationOptions": {"diagnosticsDelayMs": 0}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "inf", "version": 3,
                                     "text": example("legacy.inf")}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}},
        {"jsonrpc": "2.0", "id": 3, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    inp = os.path.join(d, "in.bin")
    with open(inp, "wb") as f:
        for m in msgs:
            f.write(lsp.frame(m))
    for out_kind in ("file", "pipe"):
        out = os.path.join(d, "out.bin")
        with open(inp, "rb") as fin, open(out, "wb") as fout:
            p = subprocess.run([INF_LS], stdin=fin,
                               stdout=fout if out_kind == "file" else subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=30)
        data = open(out, "rb").read() if out_kind == "file" else p.stdout
        ids = []
        pos = 0
        while pos < len(data):
            head_end = data.index(b"\r\n\r\n", pos)
            n = int(data[pos:head_end].split(b":")[1])
            ids.append(json.loads(data[head_end + 4:head_end + 4 + n]).get("id"))
            pos = head_end + 4 + n
        assert_eq([i for i in ids if i is not None], [1, 2, 3], f"replies ({out_kind})")
        assert_eq(p.returncode, 0, f"exit status with stdin from a file ({out_kind})")
    # /dev/null as stdin: end of input at once, no shutdown -> 1.
    p = subprocess.run([INF_LS], stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    assert_eq((p.returncode, p.stdout), (1, b""), "empty input")


@test
def test_stdio_flag():
    server = lsp.Server(INF_LS, args=["--stdio"])
    try:
        init = server.initialize()
        assert_eq(init["serverInfo"]["name"], "inf-ls")
        assert_eq(server.shutdown_and_exit(), 0)
    finally:
        server.kill()


def random_json(rng, depth=0):
    kinds = ["null", "bool", "int", "bigint", "float", "str", "list", "dict"]
    k = rng.choice(kinds if depth < 3 else kinds[:6])
    if k == "null":
        return None
    if k == "bool":
        return rng.random() < 0.5
    if k == "int":
        return rng.randint(-3, 40)
    if k == "bigint":
        return rng.choice([2**31, 2**32 + 5, -2**40, 2**62])
    if k == "float":
        return rng.choice([0.5, -1e300, 1e300])
    if k == "str":
        return "".join(rng.choice(["a", "\u00e9", "\U0001F600", "\r\n", "\u0000", "%12%", "["])
                       for _ in range(rng.randint(0, 6)))
    if k == "list":
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(["uri", "line", "character", "text", "range", "start", "end", "id",
                        "textDocument", "position", "context", "only", "diagnostics",
                        "contentChanges", "settings", "version"]): random_json(rng, depth + 1)
            for _ in range(rng.randint(0, 3))}


def mutate(rng, value):
    """value with one random sub-value replaced by random JSON."""
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(list(value))
        return dict(value, **{key: mutate(rng, value[key])})
    if isinstance(value, list) and value and rng.random() < 0.8:
        i = rng.randrange(len(value))
        return value[:i] + [mutate(rng, value[i])] + value[i + 1:]
    return random_json(rng)


@test
def test_hostile_input():
    """Random bodies, random JSON and mutated parameters for every method:
    the server answers what is a request, never crashes, and still shuts
    down cleanly (under ASan in the sanitizer build)."""
    rng = random.Random(int(os.environ.get("INFLS_SEED", "99")))
    server, _ = start()
    uri = "file:///tmp/hostile.inf"
    text = example("legacy.inf")
    valid = [
        ("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "inf",
                                                   "version": 1, "text": text}}),
        ("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                    "contentChanges": [{"range": {
                                        "start": {"line": 29, "character": 5},
                                        "end": {"line": 31, "character": 2}}, "text": "x\r\n"}]}),
        ("textDocument/hover", {"textDocument": {"uri": uri},
                                "position": {"line": 70, "character": 18}}),
        ("textDocument/completion", {"textDocument": {"uri": uri},
                                     "position": {"line": 52, "character": 30}}),
        ("textDocument/codeAction", {"textDocument": {"uri": uri},
                                     "range": {"start": {"line": 0, "character": 0},
                                               "end": {"line": 200, "character": 0}},
                                     "context": {"diagnostics": [], "only": ["quickfix"]}}),
        ("workspace/didChangeConfiguration", {"settings": {"profile": "desktop"}}),
        ("textDocument/didSave", {"textDocument": {"uri": uri}}),
        ("textDocument/didClose", {"textDocument": {"uri": uri}}),
        ("$/cancelRequest", {"id": 1}),
    ]
    try:
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": valid[0][1]})
        pending = []
        for i in range(600):
            roll = rng.random()
            if roll < 0.1:
                body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
                server.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            elif roll < 0.2:
                server.send(random_json(rng))
            else:
                method, params = rng.choice(valid)
                msg = {"jsonrpc": "2.0", "method": method, "params": mutate(rng, params)}
                if rng.random() < 0.15:
                    msg["params"] = params  # keep some valid traffic going
                if not method.startswith("textDocument/did") and method[0] != "$" and \
                        method != "workspace/didChangeConfiguration":
                    msg["id"] = 10_000 + i
                    pending.append(msg["id"])
                server.send(msg)
        for rid in pending:
            reply = server.expect({"id": rid}, timeout=30)
            assert "result" in reply or "error" in reply
        assert_eq(server.shutdown_and_exit(), 0, "still alive, clean exit")
        for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
            assert bad not in server.stderr, server.stderr[-3000:]
    finally:
        server.kill()


# ---- Positions -------------------------------------------------------------

def legacy_with_emoji():
    # A non-BMP character (two UTF-16 units, four UTF-8 bytes) before the
    # DIRID on the DestinationDirs line, in a CRLF file.
    text = example("legacy.inf").replace("Widget_CopyFiles", "Widget_\U0001F600CopyFiles")
    assert "\r\n" in text and "Widget_\U0001F600CopyFiles     = 12" in text
    return text


def dirid_line_diag(text, diags, encoding):
    rows = lsp.split_rows(text)
    for d in diags:
        if d.get("code") == "dirid-not-13" and \
                rows[d["range"]["start"]["line"]].startswith("Widget_\U0001F600CopyFiles"):
            return d
    raise AssertionError(f"no dirid-not-13 on the emoji line ({encoding})")


@test
def test_utf16_surrogate_pairs():
    text = legacy_with_emoji()
    server, init = start()
    try:
        assert_eq(init["capabilities"]["positionEncoding"], "utf-16", "UTF-16 by default")
        uri = "file:///tmp/emoji.inf"
        server.open(uri, text)
        diags = server.diagnostics(uri, 1)["diagnostics"]
        d = dirid_line_diag(text, diags, "utf-16")
        assert_eq(text_at(text, d["range"]["start"], 2), "12",
                  "the range starts at the DIRID, counted in UTF-16 units")
        line = d["range"]["start"]["line"]
        assert_eq(d["range"]["start"]["character"],
                  lsp.units(lsp.split_rows(text)[line].split("=")[0] + "= ", "utf-16"))
        # An edit placed after the emoji, in UTF-16 units: 12 -> 13.
        i = index_of(text, d["range"]["start"])
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [lsp_edit(text, i + 1, i + 2, "3")]})
        text = text[:i + 1] + "3" + text[i + 2:]
        diags = server.diagnostics(uri, 2)["diagnostics"]
        rows = lsp.split_rows(text)
        assert not [x for x in diags if x.get("code") == "dirid-not-13" and
                    rows[x["range"]["start"]["line"]].startswith("Widget_\U0001F600")], \
            "the edit landed on the DIRID"
        server.open("file:///tmp/fresh.inf", text)
        fresh = server.diagnostics("file:///tmp/fresh.inf")["diagnostics"]
        assert_eq(comparable(diags), comparable(fresh), "incremental == fresh")
        assert_eq(server.shutdown_and_exit(), 0)
    finally:
        server.kill()


@test
def test_utf8_negotiation():
    text = legacy_with_emoji()
    for offered, expected in ((["utf-8", "utf-16"], "utf-8"), (["utf-16", "utf-8"], "utf-8"),
                              (["utf-32"], "utf-32"), (["utf-16"], "utf-16"),
                              (["latin-1"], "utf-16")):
        server, init = start(capabilities={"general": {"positionEncodings": offered}})
        try:
            enc = init["capabilities"]["positionEncoding"]
            assert_eq(enc, expected, f"negotiated from {offered}")
            uri = "file:///tmp/emoji8.inf"
            server.open(uri, text)
            d = dirid_line_diag(text, server.diagnostics(uri, 1)["diagnostics"], enc)
            assert_eq(text_at(text, d["range"]["start"], 2, enc), "12",
                      f"the range starts at the DIRID in {enc} units")
            i = index_of(text, d["range"]["start"], enc)
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [lsp_edit(text, i + 1, i + 2, "3", enc)]})
            edited = text[:i + 1] + "3" + text[i + 2:]
            diags = server.diagnostics(uri, 2)["diagnostics"]
            server.open("file:///tmp/fresh8.inf", edited)
            fresh = server.diagnostics("file:///tmp/fresh8.inf")["diagnostics"]
            assert_eq(comparable(diags), comparable(fresh), f"incremental == fresh ({enc})")
            server.shutdown_and_exit()
        finally:
            server.kill()


@test
def test_positions_past_line_end_and_crlf():
    """Characters past the end of a line clamp to the line end, before CR/LF;
    lines past the end clamp to the end of the text; bare CR ends a row."""
    text = "[Version]\r\nSignature=\"$Windows NT$\"\r\nClass=System\rProvider=%P%\n[Strings]\r\nP=\"x\""
    server, _ = start()
    try:
        uri = "file:///tmp/clamp.inf"
        server.open(uri, text)
        server.diagnostics(uri, 1)
        edits = [
            # Past the end of row 1 (before its CRLF): append to the value.
            ({"start": {"line": 1, "character": 999}, "end": {"line": 1, "character": 999}},
             " ; tail"),
            # Row 2 ends with a bare CR: past its end is before the CR.
            ({"start": {"line": 2, "character": 50}, "end": {"line": 2, "character": 60}}, "X"),
            # A line past the end of the document appends at the end.
            ({"start": {"line": 40, "character": 0}, "end": {"line": 40, "character": 3}},
             "\r\nQ=\"y\""),
        ]
        expected = text
        version = 1
        for rng, new in edits:
            version += 1
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": rng, "text": new}]})
            rows = lsp.split_rows(expected)
            line = rng["start"]["line"]
            if line >= len(rows):
                idx = len(expected)
            else:
                idx = index_of(expected, {"line": line, "character": len(rows[line]) * 4})
            expected = expected[:idx] + new + expected[idx:]
        assert_eq(expected, "[Version]\r\nSignature=\"$Windows NT$\" ; tail\r\nClass=SystemX\r"
                  "Provider=%P%\n[Strings]\r\nP=\"x\"\r\nQ=\"y\"", "the model of the edits")
        diags = server.diagnostics(uri, version)["diagnostics"]
        server.open("file:///tmp/clamp-fresh.inf", expected)
        fresh = server.diagnostics("file:///tmp/clamp-fresh.inf")["diagnostics"]
        assert_eq(comparable(diags), comparable(fresh), "incremental == fresh")
        server.shutdown_and_exit()
    finally:
        server.kill()


FRAGMENTS = ["12", "13", "%12%\\", "%13%\\", "\r\n", "\n", "[", "]", "=", ",", ";c",
             "\U0001F600", "\u00e9", "Widget_CopyFiles", "HKR,,X,0x00010001,1\r\n",
             "[DestinationDirs]\r\n", "DefaultDestDir=12\r\n", "\"", "%Str%", " ", ""]


def random_edit(rng, text):
    n = len(text)
    a = rng.randint(0, n)
    b = min(n, a + rng.choice([0, 0, 1, 2, 5, 20, 80]))
    # LSP cannot address the middle of a CRLF pair.
    if 0 < a < n and text[a - 1] == "\r" and text[a] == "\n":
        a -= 1
    if 0 < b < n and text[b - 1] == "\r" and text[b] == "\n":
        b += 1
    new = "".join(rng.choice(FRAGMENTS) for _ in range(rng.choice([0, 1, 1, 2])))
    # Keep CRLF pairs whole across the seams of the edit too.
    if new.startswith("\n") and a > 0 and text[a - 1] == "\r":
        new = " " + new
    if new.endswith("\r") and b < n and text[b] == "\n":
        new += " "
    if a > 0 and b < n and text[a - 1] == "\r" and text[b] == "\n" and not new:
        new = " "
    return a, b, new


@test
def test_incremental_edits_match_fresh_open():
    """Hundreds of random edits (with emoji, CRLF, bare LF) sent as
    incremental changes in UTF-16 positions: the published diagnostics
    always equal those of a fresh open of the same final text."""
    rng = random.Random(int(os.environ.get("INFLS_SEED", "1234")))
    text = legacy_with_emoji()
    server, _ = start()
    try:
        uri = "file:///tmp/random.inf"
        server.open(uri, text)
        server.diagnostics(uri, 1)
        version = 1
        checks = 0
        for step in range(1, 301):
            changes = []
            for _ in range(rng.choice([1, 1, 2, 3])):
                a, b, new = random_edit(rng, text)
                changes.append(lsp_edit(text, a, b, new))
                text = text[:a] + new + text[b:]
            if step % 97 == 0:  # full-document sync is accepted too
                changes.append({"text": text})
            version += 1
            server.notify("textDocument/didChange",
                          {"textDocument": {"uri": uri, "version": version},
                           "contentChanges": changes})
            if step % 30 == 0:
                diags = server.diagnostics(uri, version)["diagnostics"]
                fresh_uri = f"file:///tmp/fresh-{step}.inf"
                server.open(fresh_uri, text)
                fresh = server.diagnostics(fresh_uri)["diagnostics"]
                assert_eq(comparable(diags), comparable(fresh),
                          f"step {step}: incremental == fresh")
                server.notify("textDocument/didClose", {"textDocument": {"uri": fresh_uri}})
                checks += 1
                if step == 30:
                    assert diags, "the document has findings to compare"
        assert checks == 10
        server.shutdown_and_exit()
    finally:
        server.kill()


@test
def test_empty_document():
    """A new, empty file: open it, type into it, delete everything again."""
    server, _ = start()
    try:
        uri = "file:///tmp/empty.inf"
        server.open(uri, "")
        server.diagnostics(uri, 1)
        text, version = "", 1
        for ch in "[Version]\r\nSignature=\"$Windows NT$\"\r\n":
            version += 1
            end = position_of(text, len(text))
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": end, "end": end}, "text": ch}]})
            text += ch
        typed = server.diagnostics(uri, version)["diagnostics"]
        server.open("file:///tmp/empty-fresh.inf", text)
        fresh = server.diagnostics("file:///tmp/empty-fresh.inf")["diagnostics"]
        assert_eq(comparable(typed), comparable(fresh), "typed == fresh")
        version += 1
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                          "end": position_of(text, len(text))}, "text": ""}]})
        server.diagnostics(uri, version)
        for method, params in (("textDocument/hover", {"position": {"line": 0, "character": 0}}),
                               ("textDocument/completion",
                                {"position": {"line": 0, "character": 0}}),
                               ("textDocument/codeAction",
                                {"range": {"start": {"line": 0, "character": 0},
                                           "end": {"line": 0, "character": 0}},
                                 "context": {"diagnostics": []}})):
            server.request(method, dict(params, textDocument={"uri": uri}))
        assert_eq(server.shutdown_and_exit(), 0, "clean exit")
    finally:
        server.kill()


# ---- Diagnostics publishing ------------------------------------------------

@test
def test_debounce_and_version():
    server, _ = start(delay_ms=400)
    try:
        uri = "file:///tmp/debounce.inf"
        text = example("legacy.inf")
        server.open(uri, text)
        for v in range(2, 7):
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": v},
                "contentChanges": [{"range": {"start": {"line": 0, "character": 1},
                                              "end": {"line": 0, "character": 1}},
                                    "text": "x"}]})
            time.sleep(0.05)
        t0 = time.monotonic()
        pub = server.diagnostics(uri)
        waited = time.monotonic() - t0
        assert_eq(pub["version"], 6, "one publish, for the last version")
        assert pub["diagnostics"], "with the findings"
        assert waited > 0.2, f"published only after the pause ({waited:.3f}s)"
        server.expect_none({"method": "textDocument/publishDiagnostics"}, quiet=0.8)
        # Closing clears the diagnostics.
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        cleared = server.diagnostics(uri)
        assert_eq(cleared["diagnostics"], [], "cleared on close")
        server.expect_none({"method": "textDocument/publishDiagnostics"}, quiet=0.6)
        # didSave of an open document is accepted and republishes.
        server.open(uri, text, version=9)
        server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        assert_eq(server.diagnostics(uri)["version"], 9)
        server.shutdown_and_exit()
    finally:
        server.kill()


@test
def test_diagnostic_fields():
    server, _ = start()
    try:
        uri = "file:///tmp/fields.inf"
        text = example("legacy.inf")
        server.open(uri, text)
        diags = server.diagnostics(uri, 1)["diagnostics"]
        d = next(x for x in diags if x.get("code") == "dirid-not-13" and x["severity"] == 1)
        assert_eq(d["source"], "inf-ls")
        assert d["codeDescription"]["href"].startswith("https://"), d
        assert "InfVerif" in d["message"], d["message"]
        rel = d["relatedInformation"]
        assert rel and all(r["location"]["uri"] == uri and r["message"] for r in rel), rel
        for x in diags:
            assert 1 <= x["severity"] <= 4
            for p in (x["range"]["start"], x["range"]["end"]):
                assert 0 <= p["line"] < len(lsp.split_rows(text))
        server.shutdown_and_exit()
    finally:
        server.kill()


# ---- Pull diagnostics (LSP 3.17) ----------------------------------------------

PULL_CAPS = {"textDocument": {"diagnostic": {"dynamicRegistration": False}},
             "workspace": {"diagnostics": {"refreshSupport": True}}}


def pull(server, uri, previous=None):
    params = {"textDocument": {"uri": uri}}
    if previous is not None:
        params["previousResultId"] = previous
    return server.request("textDocument/diagnostic", params)


@test
def test_pull_diagnostics():
    """A client with capabilities.textDocument.diagnostic pulls: the server
    advertises diagnosticProvider, pushes nothing, names each result, answers
    `unchanged` while the diagnostics stay the same, and asks for a refresh
    when the configuration changes."""
    text = example("legacy.inf")
    uri = "file:///tmp/pull.inf"
    # What a push client gets for the same texts.
    push, init = start()
    try:
        assert "diagnosticProvider" not in init["capabilities"], init["capabilities"]
        push.open(uri, text)
        pushed = push.diagnostics(uri, 1)["diagnostics"]
        moved_text = "; moved\r\n" + text
        push.open("file:///tmp/pull-moved.inf", moved_text)
        pushed_moved = push.diagnostics("file:///tmp/pull-moved.inf", 1)["diagnostics"]
        push.shutdown_and_exit()
    finally:
        push.kill()

    server, init = start(capabilities=PULL_CAPS)
    try:
        assert_eq(init["capabilities"].get("diagnosticProvider"),
                  {"identifier": "inf-ls", "interFileDependencies": False,
                   "workspaceDiagnostics": False}, "diagnosticProvider")
        server.open(uri, text)
        server.expect_none({"method": "textDocument/publishDiagnostics"})
        first = pull(server, uri)
        assert_eq(first["kind"], "full")
        assert isinstance(first["resultId"], str) and first["resultId"], first
        assert_eq(first["items"], pushed, "pulled == pushed")

        again = pull(server, uri, first["resultId"])
        assert_eq(again, {"kind": "unchanged", "resultId": first["resultId"]})

        # A comment after the last line moves and changes nothing.
        rows = lsp.split_rows(text)
        end = {"line": len(rows) - 1, "character": lsp.units(rows[-1], "utf-16")}
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": end, "end": end}, "text": "; note\r\n"}]})
        assert_eq(pull(server, uri, first["resultId"]),
                  {"kind": "unchanged", "resultId": first["resultId"]}, "comment at the end")

        # A line at the top moves every finding: a full report under a new id.
        origin = {"line": 0, "character": 0}
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": {"start": origin, "end": origin},
                                "text": "; moved\r\n"}]})
        moved = pull(server, uri, first["resultId"])
        assert_eq(moved["kind"], "full")
        assert moved["resultId"] != first["resultId"], moved["resultId"]
        assert_eq(comparable(moved["items"]),
                  comparable([x for x in pushed_moved]), "after the edit == fresh open")
        # A client that lost its id gets the full report again.
        stale = pull(server, uri, "no-such-id")
        assert_eq((stale["kind"], stale["resultId"]), ("full", moved["resultId"]))

        # Configuration changes: the server asks the client to pull again.
        server.notify("workspace/didChangeConfiguration",
                      {"settings": {"severity": {"dirid-not-13": "off"}}})
        refresh = server.expect({"method": "workspace/diagnostic/refresh"})
        assert "id" in refresh, refresh
        server.send({"jsonrpc": "2.0", "id": refresh["id"], "result": None})
        after = pull(server, uri, moved["resultId"])
        assert_eq(after["kind"], "full")
        assert not [d for d in after["items"] if d.get("code") == "dirid-not-13"], after
        assert [d for d in moved["items"] if d.get("code") == "dirid-not-13"]

        # Closing pushes nothing; the closed document cannot be pulled.
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        server.expect_none({"method": "textDocument/publishDiagnostics"})
        rid = server.request_async("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        err = server.expect({"id": rid})
        assert_eq(err.get("error", {}).get("code"), -32602, "pull of a closed document")
        server.shutdown_and_exit()
    finally:
        server.kill()


@test
def test_pull_without_refresh_support():
    """A pulling client without refreshSupport gets no refresh request; its
    next pull sees the new configuration."""
    server, _ = start(capabilities={"textDocument": {"diagnostic": {}}})
    try:
        uri = "file:///tmp/pull-norefresh.inf"
        server.open(uri, example("legacy.inf"))
        first = pull(server, uri)
        assert [d for d in first["items"] if d.get("code") == "dirid-not-13"]
        server.notify("workspace/didChangeConfiguration",
                      {"settings": {"severity": {"dirid-not-13": "off"}}})
        server.expect_none({"method": "workspace/diagnostic/refresh"})
        after = pull(server, uri, first["resultId"])
        assert_eq(after["kind"], "full")
        assert not [d for d in after["items"] if d.get("code") == "dirid-not-13"]
        server.shutdown_and_exit()
    finally:
        server.kill()


# ---- Settings --------------------------------------------------------------

def codes(pub, code):
    return [d for d in pub["diagnostics"] if d.get("code") == code]


@test
def test_settings_from_client():
    server, _ = start(options={"severity": {"dirid-not-13": "off", "no-such-rule": "error"},
                               "profile": "isolated"})
    try:
        warning = server.expect({"method": "window/logMessage"})
        assert "no-such-rule" in warning["params"]["message"] and warning["params"]["type"] == 2
        uri = "file:///tmp/settings.inf"
        server.open(uri, example("legacy.inf"))
        pub = server.diagnostics(uri, 1)
        assert_eq(codes(pub, "dirid-not-13"), [], "initializationOptions turn a rule off")
        assert codes(pub, "servicebinary-not-dirid13")
        # Settings under "inf", as VS Code sends its section.
        server.notify("workspace/didChangeConfiguration",
                      {"settings": {"inf": {"severity": {"dirid-not-13": "hint"}}}})
        pub = server.diagnostics(uri, 1)
        assert {d["severity"] for d in codes(pub, "dirid-not-13")} == {4}, pub
        # The settings object itself; the profile demotes isolation findings.
        server.notify("workspace/didChangeConfiguration", {"settings": {"profile": "desktop"}})
        pub = server.diagnostics(uri, 1)
        sev = {d["severity"] for d in codes(pub, "servicebinary-not-dirid13")}
        assert sev and 1 not in sev, f"desktop profile: no errors for isolation rules ({sev})"
        server.notify("workspace/didChangeConfiguration", {"settings": {"profile": "loose"}})
        warning = server.expect({"method": "window/logMessage"})
        assert "loose" in warning["params"]["message"]
        server.shutdown_and_exit()
    finally:
        server.kill()


@test
def test_settings_file():
    d = tempfile.mkdtemp(prefix="inf-ls-proto-")
    pkg = os.path.join(d, "pkg")
    os.makedirs(pkg)
    path = os.path.join(pkg, "legacy.inf")
    with open(path, "w", newline="") as f:
        f.write(example("legacy.inf"))
    config = os.path.join(d, ".inf-ls.json")
    with open(config, "w") as f:
        json.dump({"severity": {"dirid-not-13": "off"}}, f)
    server, _ = start(options={"severity": {"registry-global-root": "warning"}})
    try:
        uri = "file://" + path.replace(" ", "%20")
        server.open(uri, example("legacy.inf"))
        pub = server.diagnostics(uri, 1)
        assert_eq(codes(pub, "dirid-not-13"), [], ".inf-ls.json above the INF applies")
        assert {x["severity"] for x in codes(pub, "registry-global-root")} == {2}, \
            "client settings apply on top of the file"
        with open(config, "w") as f:
            json.dump({"severity": {"dirid-not-13": "warning"}}, f)
        server.notify("textDocument/didSave",
                      {"textDocument": {"uri": "file://" + config}})
        pub = server.diagnostics(uri, 1)
        assert {x["severity"] for x in codes(pub, "dirid-not-13")} == {2}, \
            "saving the config file reconfigures open documents"
        server.shutdown_and_exit()
    finally:
        server.kill()


# ---- Hover, completion, code actions --------------------------------------

def cursor(text, marker):
    """Position of the first occurrence of marker (where "|" sits in it)."""
    i = text.index(marker.replace("|", ""))
    return position_of(text, i + marker.index("|"))


@test
def test_hover():
    text = example("isolated.inf")
    server, _ = start()
    try:
        uri = "file:///tmp/hover.inf"
        server.open(uri, text)
        for marker, must in (("DefaultDestDir       = 1|3", "Driver Store"),
                             ("ServiceBinary = %1|3%", "Driver Store"),
                             ("Add|Reg    = Widget_SwAddReg", "AddReg")):
            pos = cursor(text, marker)
            h = server.request("textDocument/hover",
                               {"textDocument": {"uri": uri}, "position": pos})
            assert h, f"hover at {marker}"
            assert_eq(h["contents"]["kind"], "markdown")
            assert must in h["contents"]["value"], f"{marker}: {h['contents']['value'][:300]}"
            r = h["range"]
            assert (r["start"]["line"], r["start"]["character"]) <= (pos["line"],
                                                                      pos["character"])
            assert (pos["line"], pos["character"]) <= (r["end"]["line"], r["end"]["character"])
        # Nothing to say in a comment: null, not an error.
        h = server.request("textDocument/hover",
                           {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
        assert_eq(h, None, "no hover in a comment")
        server.shutdown_and_exit()
    finally:
        server.kill()


@test
def test_completion():
    text = example("isolated.inf")
    server, _ = start()
    try:
        uri = "file:///tmp/complete.inf"
        server.open(uri, text)
        pos = cursor(text, "HKR,,LogLevel,0x|00010001")
        result = server.request("textDocument/completion",
                                {"textDocument": {"uri": uri}, "position": pos,
                                 "context": {"triggerKind": 1}})
        assert_eq(result["isIncomplete"], False)
        items = {i["label"]: i for i in result["items"]}
        it = items.get("FLG_ADDREG_TYPE_EXPAND_SZ")
        assert it, f"EXPAND_SZ offered in the flags field: {list(items)[:20]}"
        assert_eq(it["textEdit"]["newText"], "0x00020000")
        assert it["filterText"], "filterText set for clients that show insertText"
        rng = it["textEdit"]["range"]
        assert_eq(rng["start"]["line"], pos["line"])
        assert rng["start"]["character"] <= pos["character"] <= rng["end"]["character"], rng
        assert_eq(text_at(text, rng["start"], 2), "0x", "the range replaces the partial word")
        for i in result["items"]:
            assert i["textEdit"]["range"] == rng and "sortText" in i and "kind" in i
        # Directive names in [Version].
        small = "[Version]\r\nSignature=\"$Windows NT$\"\r\n\r\n[Strings]\r\n"
        uri2 = "file:///tmp/version.inf"
        server.open(uri2, small)
        result = server.request("textDocument/completion",
                                {"textDocument": {"uri": uri2},
                                 "position": {"line": 2, "character": 0}})
        labels = {i["label"] for i in result["items"]}
        assert {"PnpLockdown", "DriverVer"} <= labels, sorted(labels)[:30]
        server.shutdown_and_exit()
    finally:
        server.kill()


def find_diag(diags, code, row_prefix, text):
    rows = lsp.split_rows(text)
    for d in diags:
        if d.get("code") == code and rows[d["range"]["start"]["line"]].startswith(row_prefix):
            return d
    raise AssertionError(f"no {code} on a line starting {row_prefix!r}")


@test
def test_code_actions():
    text = example("legacy.inf")
    server, _ = start()
    try:
        uri = "file:///tmp/actions.inf"
        server.open(uri, text)
        diags = server.diagnostics(uri, 1)["diagnostics"]
        d = find_diag(diags, "dirid-not-13", "Widget_CopyFiles", text)
        # VS Code style: the diagnostic's range, the diagnostic as published.
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d]}})
        quick = [a for a in actions if a["kind"] == "quickfix"]
        assert quick, actions
        fix = quick[0]
        assert_eq(fix["diagnostics"], [d], "the fix names the diagnostic it fixes")
        new = apply_text_edits(text, fix["edit"]["changes"][uri])
        line = lsp.split_rows(new)[d["range"]["start"]["line"]]
        assert line.startswith("Widget_CopyFiles") and line.rstrip().endswith("13"), line
        # Neovim style: an empty range at the cursor and the diagnostic echoed
        # with byte columns; matched by rule and line anyway.
        echoed = json.loads(json.dumps(d))
        echoed["range"]["start"]["character"] += 7
        echoed["range"]["end"]["character"] += 7
        row = d["range"]["start"]["line"]
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": row, "character": 0}, "end": {"line": row, "character": 0}},
            "context": {"diagnostics": [echoed]}})
        quick = [a for a in actions if a["kind"] == "quickfix" and
                 a.get("diagnostics") == [echoed]]
        assert quick, f"matched by rule and line: {json.dumps(actions)[:800]}"
        # context.only
        only_fix_all = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d], "only": ["source.fixAll"]}})
        assert only_fix_all and all(a["kind"] == "source.fixAll" for a in only_fix_all)
        only_quick = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d], "only": ["quickfix"]}})
        assert only_quick and all(a["kind"] == "quickfix" for a in only_quick)
        source = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [], "only": ["source"]}})
        assert_eq([a["kind"] for a in source], ["source.fixAll"], "'source' covers source.fixAll")
        # VS Code's codeActionsOnSave: {"source.fixAll.inf-ls": "explicit"}.
        scoped = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [], "only": ["source.fixAll.inf-ls"],
                        "triggerKind": 2}})
        assert_eq([a["kind"] for a in scoped], ["source.fixAll.inf-ls"], "scoped fix-all")
        assert_eq(scoped[0]["edit"], only_fix_all[0]["edit"], "the same edit")
        other = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [], "only": ["source.fixAll.eslint", "refactor"]}})
        assert_eq(other, [], "another tool's fix-all is not ours")
        server.shutdown_and_exit()
    finally:
        server.kill()


@test
def test_fix_all_round_trip():
    """Apply the returned source.fixAll edits the way a client does (one
    didChange, edits in reverse order) and re-check: no fixable isolation
    finding is left, and the result equals a fresh open of the same text."""
    text = legacy_with_emoji()
    server, _ = start()
    try:
        uri = "file:///tmp/fixall.inf"
        server.open(uri, text)
        diags = server.diagnostics(uri, 1)["diagnostics"]
        assert codes({"diagnostics": diags}, "dirid-not-13")
        rows = lsp.split_rows(text)
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0},
                      "end": {"line": len(rows) - 1, "character": 0}},
            "context": {"diagnostics": diags, "only": ["source.fixAll"]}})
        assert_eq(len(actions), 1, "one fix-all action")
        edits = actions[0]["edit"]["changes"][uri]
        fixed = apply_text_edits(text, edits)
        ordered = sorted(edits, key=lambda e: (e["range"]["start"]["line"],
                                               e["range"]["start"]["character"]), reverse=True)
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": e["range"], "text": e["newText"]} for e in ordered]})
        after = server.diagnostics(uri, 2)["diagnostics"]
        left = [x for x in after if x.get("code") in ("dirid-not-13", "servicebinary-not-dirid13")]
        assert_eq(left, [], "no DIRID finding after fix-all")
        server.open("file:///tmp/fixall-fresh.inf", fixed)
        fresh = server.diagnostics("file:///tmp/fixall-fresh.inf")["diagnostics"]
        assert_eq(comparable(after), comparable(fresh), "edited == fresh open of the fixed text")
        assert "Widget_\U0001F600CopyFiles     = 13" in fixed
        server.shutdown_and_exit()
    finally:
        server.kill()


@test
def test_unreferenced_section():
    """Issue 11: a section typed before anything references it gets
    completion and hover from the kind it looks like, and a code action that
    references it from each DDInstall section; once applied, the section has
    its real kind."""
    text = example("isolated.inf")
    server, _ = start()
    try:
        uri = "file:///tmp/unref.inf"
        server.open(uri, text)
        # Type the new section at the end, one keystroke per didChange.
        typed = "\r\n[Extra_Reg]\r\nHKR,,Foo,"
        version = 1
        for ch in typed:
            version += 1
            end = len(text)
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [lsp_edit(text, end, end, ch)]})
            text += ch
        pos = position_of(text, len(text))
        result = server.request("textDocument/completion",
                                {"textDocument": {"uri": uri}, "position": pos})
        items = {i["label"]: i for i in result["items"]}
        assert "FLG_ADDREG_TYPE_DWORD" in items, f"AddReg type flags offered: {sorted(items)[:20]}"
        assert_eq(items["FLG_ADDREG_TYPE_DWORD"]["textEdit"]["newText"], "0x00010001")
        header = cursor(text, "[Extra|_Reg]")
        h = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": header})
        md = h["contents"]["value"]
        assert "not referenced yet" in md and "looks like an add-registry section" in md, md
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": {"start": header, "end": header},
            "context": {"diagnostics": [], "only": ["refactor"]}})
        assert_eq(sorted(a["title"] for a in actions),
                  ["Reference [Extra_Reg] from [Sensor_Install.NT]",
                   "Reference [Extra_Reg] from [Widget_Install.NT]"], "one action per DDInstall")
        assert all(a["kind"] == "refactor.rewrite" for a in actions), actions
        widget = [a for a in actions if a["title"].endswith("[Widget_Install.NT]")][0]
        edits = widget["edit"]["changes"][uri]
        fixed = apply_text_edits(text, edits)
        assert ("AddReg    = Widget_SwAddReg\r\nAddReg=Extra_Reg\r\n" in fixed), \
            fixed[:fixed.index("[Widget_CopyFiles]")]
        version += 1
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": e["range"], "text": e["newText"]} for e in edits]})
        header = cursor(fixed, "[Extra|_Reg]")
        h = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": header})
        md = h["contents"]["value"]
        assert "add-registry section" in md and "not referenced yet" not in md, md
        assert "Widget_Install.NT" in md, f"referenced from the install section: {md}"
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": {"start": header, "end": header},
            "context": {"diagnostics": [], "only": ["refactor"]}})
        assert_eq(actions, [], "no action once it is referenced")
        server.shutdown_and_exit()
    finally:
        server.kill()


def main():
    global INF_LS
    if len(sys.argv) != 3 or sys.argv[2] not in TESTS:
        print(f"usage: {sys.argv[0]} INF_LS TEST\ntests: {' '.join(TESTS)}", file=sys.stderr)
        return 2
    INF_LS = os.path.abspath(sys.argv[1])
    try:
        TESTS[sys.argv[2]]()
    except AssertionError as e:
        print(f"FAIL {sys.argv[2]}: {e}", file=sys.stderr)
        return 1
    print(f"ok {sys.argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
