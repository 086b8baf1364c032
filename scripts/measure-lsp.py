#!/usr/bin/env python3
"""Prints latency figures of inf-ls over LSP (a measurement, not a test).

    scripts/measure-lsp.py build/server/inf-ls [SIZE_KB]

Builds a document of about SIZE_KB (default 1024) from examples/legacy.inf
plus generated sections, then times, over a real pipe: open -> first
diagnostics, one keystroke -> diagnostics (debounce set to 0), hover,
completion and code actions. Medians of repeated runs, in milliseconds.
"""
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "protocol"))
import lsp  # noqa: E402


def big_document(size):
    with open(os.path.join(HERE, "..", "examples", "legacy.inf"), encoding="utf-8") as f:
        text = f.read()
    parts, n = [text], 0
    total = len(text)
    while total < size:
        n += 1
        block = (f"\r\n[Extra_AddReg_{n}]\r\nHKR,,Value_{n},0x00010001,{n}\r\n"
                 f"HKR,Parameters,Path_{n},0x00020000,\"%13%\\extra_{n}.dll\"\r\n")
        parts.append(block)
        total += len(block)
    return "".join(parts)


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def main():
    binary = sys.argv[1]
    size = int(sys.argv[2]) * 1024 if len(sys.argv) > 2 else 1024 * 1024
    text = big_document(size)
    server = lsp.Server(binary)
    server.initialize(delay_ms=0)
    uri = "file:///tmp/measure.inf"
    t0 = time.perf_counter()
    server.open(uri, text)
    diags = server.diagnostics(uri, 1, timeout=120)["diagnostics"]
    open_ms = (time.perf_counter() - t0) * 1000
    rows = lsp.split_rows(text)
    line = next(i for i, r in enumerate(rows) if r.startswith("Widget_CopyFiles"))
    col = rows[line].index("12")
    version = [1]

    def keystroke():
        version[0] += 1
        ch = "3" if version[0] % 2 == 0 else "2"
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version[0]},
            "contentChanges": [{"range": {"start": {"line": line, "character": col + 1},
                                          "end": {"line": line, "character": col + 2}},
                                "text": ch}]})
        server.diagnostics(uri, version[0], timeout=60)

    def request(method, params):
        return lambda: server.request(method, dict(params, textDocument={"uri": uri}))

    hover_line = next(i for i, r in enumerate(rows) if r.startswith("ServiceBinary"))
    flags_line = len(rows) - 3
    figures = [
        ("open -> diagnostics", open_ms),
        ("keystroke -> diagnostics", timed(keystroke, 20)),
        ("hover round trip", timed(request("textDocument/hover", {
            "position": {"line": hover_line, "character": 17}}), 50)),
        ("completion round trip", timed(request("textDocument/completion", {
            "position": {"line": flags_line, "character": rows[flags_line].index("0x") + 2}}),
            50)),
        ("code actions round trip", timed(request("textDocument/codeAction", {
            "range": {"start": {"line": line, "character": 0},
                      "end": {"line": line, "character": 0}},
            "context": {"diagnostics": []}}), 20)),
    ]
    print(f"document: {len(text.encode('utf-8')) / 1024:.0f} KiB, {len(rows)} lines, "
          f"{len(diags)} diagnostics")
    for name, ms in figures:
        print(f"  {name:26s} {ms:8.2f} ms (median)")
    server.shutdown_and_exit()


if __name__ == "__main__":
    main()
