#!/usr/bin/env python3
"""The limits that keep any input from taking the server down (issue 15).

Usage: test_limits.py INF_LS TEST_NAME. Each test states its limit; figures
(time, RSS) are printed for the README, never asserted as speed goals.
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "protocol"))
import lsp  # noqa: E402

INF_LS = None
TESTS = {}
MIB = 1024 * 1024

VERSION = '[Version]\r\nSignature="$Windows NT$"\r\nClass=System\r\nPnpLockdown=1\r\n'


def test(fn):
    TESTS[fn.__name__[len("test_"):]] = fn
    return fn


def assert_true(cond, what):
    if not cond:
        raise AssertionError(what)


def stderr_has(s, text, timeout=5.0):
    """True once the server's stderr holds text. A thread reads stderr, so a
    reply on stdout can arrive before the log line written just before it."""
    deadline = time.monotonic() + timeout
    while text not in s.stderr:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@test
def test_content_length_over_limit():
    """A Content-Length over 64 MiB is refused at once: nothing is buffered
    for it, and the next message is answered without waiting for the body."""
    s = lsp.Server(INF_LS)
    try:
        s.initialize()
        s.write(b"Content-Length: %d\r\n\r\n" % (64 * MIB + 1))
        rid = s.request_async("x/after-the-refused-header")
        s.expect({"id": rid, "error": {"code": -32601}}, timeout=10)
        assert_true(stderr_has(s, "Content-Length over the 64 MiB limit"),
                    "no log line for the refused header: " + s.stderr[-500:])
        # Twenty digits, and a header at the limit's edge, cannot overflow.
        s.write(b"Content-Length: 99999999999999999999\r\n\r\n")
        rid = s.request_async("x/after-the-overflow")
        s.expect({"id": rid, "error": {"code": -32601}}, timeout=10)
        assert_true(s.shutdown_and_exit() == 0, "bad exit status")
    finally:
        s.kill()


@test
def test_content_length_at_limit_is_read():
    """Exactly 64 MiB is still a message (a parse error here, since it is
    padding, but read whole and answered)."""
    s = lsp.Server(INF_LS)
    try:
        s.initialize()
        body = b"[" + b" " * (64 * MIB - 2) + b"]"
        s.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        s.expect({"id": None, "error": {"code": -32600}}, timeout=60)
        print(f"server RSS after a 64 MiB message: {rss_kb(s.proc.pid) // 1024} MiB")
        assert_true(s.shutdown_and_exit() == 0, "bad exit status")
    finally:
        s.kill()


@test
def test_json_too_deep():
    """JSON nested deeper than 2048 levels (jansson's parser limit) is a
    parse error (-32700); 2000 levels inside params is still a request."""
    s = lsp.Server(INF_LS)
    try:
        s.initialize()
        for depth, code in ((2000, -32601), (2049, -32700), (1_000_000, -32700)):
            body = ('{"jsonrpc":"2.0","id":%d,"method":"x/deep","params":{"a":' % depth +
                    "[" * depth + "]" * depth + "}}").encode()
            t0 = time.monotonic()
            s.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            want = {"id": depth} if code == -32601 else {"id": None}
            want["error"] = {"code": code}
            s.expect(want, timeout=20)
            print(f"depth {depth}: {code} in {time.monotonic() - t0:.3f} s")
        # Unbalanced: a megabyte of '[' and nothing else.
        body = b"[" * MIB
        s.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        s.expect({"id": None, "error": {"code": -32700}}, timeout=20)
        assert_true(s.shutdown_and_exit() == 0, "bad exit status")
    finally:
        s.kill()


def run_check(path):
    t0 = time.monotonic()
    p = subprocess.run([INF_LS, "--check", path], capture_output=True, timeout=600)
    return p, time.monotonic() - t0


@test
def test_check_ten_megabyte_line():
    """One 10 MB line is analysed (not refused), in bounded time."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "line.inf")
        with open(path, "wb") as f:
            f.write((VERSION + "[Strings]\r\nX=\"").encode() + b"a" * (10 * 1000 * 1000) +
                    b"\"\r\n")
        p, secs = run_check(path)
        print(f"--check on a 10 MB line: exit {p.returncode} in {secs:.2f} s")
        assert_true(p.returncode in (0, 1), f"exit {p.returncode}: {p.stderr[-500:]!r}")
        assert_true(b"1 file checked" in p.stderr, p.stderr[-500:])


@test
def test_check_hundred_megabyte_file():
    """A file over 16 MiB is refused with a clear message and exit 2; a
    folder with it still checks the other files."""
    with tempfile.TemporaryDirectory() as d:
        big = os.path.join(d, "big.inf")
        with open(big, "wb") as f:
            f.write(VERSION.encode())
            f.truncate(100 * 1000 * 1000)
        with open(os.path.join(d, "small.inf"), "w") as f:
            f.write(VERSION)
        p, secs = run_check(big)
        print(f"--check on a 100 MB file: exit {p.returncode} in {secs:.2f} s")
        assert_true(p.returncode == 2, f"exit {p.returncode}")
        assert_true(b"file too large: 100000000 bytes (the limit is 16 MiB)" in p.stderr,
                    p.stderr[-500:])
        p, _ = run_check(d)
        assert_true(p.returncode == 2, f"folder: exit {p.returncode}")
        assert_true(b"2 files checked" in p.stderr and b"1 unreadable" in p.stderr,
                    p.stderr[-500:])


@test
def test_ten_thousand_documents():
    """10,000 open documents: every one gets its diagnostics, a request
    after them is answered, closing them all frees them."""
    n = 10_000
    s = lsp.Server(INF_LS)
    try:
        s.initialize()
        base = rss_kb(s.proc.pid)
        t0 = time.monotonic()
        text = VERSION + "[Strings]\r\nA=\"%d\"\r\n"
        chunk = b""
        for i in range(n):
            chunk += lsp.frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                                "params": {"textDocument": {"uri": f"file:///d/{i}.inf",
                                                            "languageId": "inf", "version": 1,
                                                            "text": text % i}}})
            if len(chunk) > 1 << 16:
                s.write(chunk)
                chunk = b""
        s.write(chunk)
        seen = set()
        while len(seen) < n:
            m = s.expect({"method": "textDocument/publishDiagnostics"}, timeout=120)
            seen.add(m["params"]["uri"])
        opened = time.monotonic() - t0
        hover = s.request("textDocument/hover", {"textDocument": {"uri": "file:///d/9999.inf"},
                                                 "position": {"line": 0, "character": 2}})
        assert_true(hover is not None, "no hover on the last document")
        peak = rss_kb(s.proc.pid)
        t0 = time.monotonic()
        s.write(b"".join(lsp.frame({"jsonrpc": "2.0", "method": "textDocument/didClose",
                                    "params": {"textDocument": {"uri": f"file:///d/{i}.inf"}}})
                         for i in range(n)))
        rid = s.request_async("x/after-close")
        s.expect({"id": rid}, timeout=120)
        closed = time.monotonic() - t0
        print(f"10,000 documents: opened and diagnosed in {opened:.2f} s, closed in "
              f"{closed:.2f} s; RSS {base // 1024} MiB -> {peak // 1024} MiB open -> "
              f"{rss_kb(s.proc.pid) // 1024} MiB closed")
        assert_true(s.shutdown_and_exit() == 0, "bad exit status")
    finally:
        s.kill()


@test
def test_did_change_outside_document():
    """A didChange whose range lies past the end (or is reversed) is
    clamped to the text, never trusted: the server's text then equals the
    client's clamped text, which a fresh server's diagnostics confirm."""
    uri = "file:///clamp.inf"
    start = VERSION + "[Strings]\r\nA=\"x\"\r\n"
    edits = [
        # (range, text, expected text after the edit)
        (((99, 0), (120, 5)), "B=\"%UNDEF%\"\r\n", start + "B=\"%UNDEF%\"\r\n"),
        (((0, 500), (0, 900)), "; c", None),
        (((5, 3), (4000000000, 4000000000)), "", None),
        (((3, 0), (1, 0)), "", None),
    ]
    s = lsp.Server(INF_LS)
    try:
        s.initialize()
        s.open(uri, start, version=1)
        s.diagnostics(uri, version=1)
        text = start
        for v, ((a, b), new, want) in enumerate(edits, start=2):
            s.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": v},
                "contentChanges": [{"range": {"start": {"line": a[0], "character": a[1]},
                                              "end": {"line": b[0], "character": b[1]}},
                                    "text": new}]})
            text = clamp_apply(text, a, b, new)
            if want is not None:
                assert_true(text == want, f"test model: {text!r}")
            got = s.diagnostics(uri, version=v)["diagnostics"]
            fresh = lsp.Server(INF_LS)
            try:
                fresh.initialize()
                fresh.open(uri, text, version=1)
                expected = fresh.diagnostics(uri, version=1)["diagnostics"]
                fresh.shutdown_and_exit()
            finally:
                fresh.kill()
            assert_true(got == expected, f"after edit {v}: server {got} != fresh {expected}")
        assert_true(s.shutdown_and_exit() == 0, "bad exit status")
    finally:
        s.kill()


def clamp_apply(text, a, b, new):
    """The clamping srv_position_to_byte documents: lines past the end give
    the text length, characters past the line end give the line end; a
    reversed range is swapped. (ASCII text: characters are bytes.)"""
    starts, i = [0], 0
    while i < len(text):
        if text[i] == "\r" and text[i + 1:i + 2] == "\n":
            i += 1
        if text[i] in "\r\n":
            starts.append(i + 1)
        i += 1

    def off(line, ch):
        if line >= len(starts):
            return len(text)
        end = starts[line + 1] if line + 1 < len(starts) else len(text)
        content = text[starts[line]:end].rstrip("\r\n")
        return starts[line] + min(ch, len(content))

    x, y = off(*a), off(*b)
    if y < x:
        x, y = y, x
    return text[:x] + new + text[y:]


def main():
    global INF_LS
    INF_LS = sys.argv[1]
    TESTS[sys.argv[2]]()
    print("ok")


if __name__ == "__main__":
    main()
