#!/usr/bin/env python3
"""Prints latency figures of inf-ls over LSP (a measurement, not a test).

    scripts/measure-lsp.py build/server/inf-ls [SIZE_KB] [--doc FILE] [--pull] [--nav]
    scripts/measure-lsp.py --write-doc FILE [SIZE_KB]

Without --doc, builds a document of about SIZE_KB (default 1024) from
examples/legacy.inf plus generated sections (9,146 findings at 1 MiB);
--write-doc writes that document to FILE for bench-publish. --doc FILE
measures FILE instead, e.g. bench-model's 1.1 MB corpus-built INF
(`build/bench/bench-model --write-doc FILE`). Times, over a real pipe:
open -> first diagnostics, one keystroke -> diagnostics (debounce set to 0),
hover, completion and code actions; medians of repeated runs, in
milliseconds. --pull declares pull diagnostics (LSP 3.17), so each
keystroke is followed by a textDocument/diagnostic request instead of
waiting for a push. Also prints the server's resident memory and how long
this client takes to parse one diagnostics message. --nav measures instead
whole-file navigation requests (documentSymbol, semanticTokens/full,
inlayHint, foldingRange): round trip and the server's CPU time per request.
"""
import argparse
import json
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


def cpu_ms(pid):
    """User + system CPU time of a process so far (Linux), in ms."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def memory_kb(pid):
    """VmRSS and VmHWM (peak) of a process, in kB (Linux)."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out.get("VmRSS", 0), out.get("VmHWM", 0)


def edit_site(rows, generated):
    """(line, character, insert-and-delete?) of the keystroke."""
    if generated:
        # legacy.inf's `Widget_CopyFiles = 12`, toggled between 12 and 13.
        line = next(i for i, r in enumerate(rows) if r.startswith("Widget_CopyFiles"))
        return line, rows[line].index("12") + 1, False
    line = next(i for i in range(len(rows) // 2, len(rows)) if "=" in rows[i])
    return line, lsp.units(rows[line][:rows[line].index("=") + 1], "utf-16"), True


def measure_nav(server, uri, text, rows, repeat=20):
    """Whole-file navigation requests: wall round trip (median) and the
    server's CPU time per request (mean: /proc counts in clock ticks)."""
    print(f"document: {len(text.encode('utf-8')) / 1024:.0f} KiB, {len(rows)} lines; "
          f"{repeat} requests each")
    pid = server.proc.pid
    for method in ("textDocument/documentSymbol", "textDocument/semanticTokens/full",
                   "textDocument/inlayHint", "textDocument/foldingRange"):
        params = {"textDocument": {"uri": uri}}
        if method.endswith("inlayHint"):
            params["range"] = {"start": {"line": 0, "character": 0},
                               "end": {"line": len(rows), "character": 0}}
        result = server.request(method, params, timeout=60)
        size = len(json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode())
        c0 = cpu_ms(pid)
        wall = timed(lambda: server.request(method, params, timeout=60), repeat)
        cpu = (cpu_ms(pid) - c0) / repeat
        print(f"  {method[len('textDocument/'):]:22s} round trip {wall:7.2f} ms (median), "
              f"server CPU {cpu:6.2f} ms (mean), result {size / 1024 / 1024:.2f} MB")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", nargs="?")
    ap.add_argument("size_kb", nargs="?", type=int, default=1024)
    ap.add_argument("--doc", help="measure this INF (UTF-8) instead of the generated one")
    ap.add_argument("--write-doc", help="write the generated document here and exit")
    ap.add_argument("--pull", action="store_true", help="pull diagnostics (LSP 3.17)")
    ap.add_argument("--keystrokes", type=int, default=20)
    ap.add_argument("--nav", action="store_true", help="measure navigation requests only")
    args = ap.parse_args()
    if args.write_doc:
        with open(args.write_doc, "w", encoding="utf-8", newline="") as f:
            f.write(big_document(args.size_kb * 1024))
        return
    if not args.binary:
        ap.error("the inf-ls binary is required")
    if args.doc:
        with open(args.doc, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    else:
        text = big_document(args.size_kb * 1024)

    server = lsp.Server(args.binary)
    caps = {"textDocument": {"diagnostic": {}}} if args.pull else None
    server.initialize(capabilities=caps, delay_ms=0)
    uri = "file:///tmp/measure.inf"
    result_id = [None]
    unchanged = [0]

    def diagnostics(version, timeout=60):
        if not args.pull:
            return server.diagnostics(uri, version, timeout=timeout)["diagnostics"]
        params = {"textDocument": {"uri": uri}}
        if result_id[0]:
            params["previousResultId"] = result_id[0]
        report = server.request("textDocument/diagnostic", params, timeout=timeout)
        result_id[0] = report["resultId"]
        unchanged[0] += report["kind"] == "unchanged"
        return report.get("items")

    pid = server.proc.pid
    t0, c0 = time.perf_counter(), cpu_ms(pid)
    server.open(uri, text)
    diags = diagnostics(1, timeout=120)
    open_ms = (time.perf_counter() - t0) * 1000
    open_cpu = cpu_ms(pid) - c0
    rows = lsp.split_rows(text)
    if args.nav:
        measure_nav(server, uri, text, rows)
        server.shutdown_and_exit()
        return
    line, col, insert = edit_site(rows, args.doc is None)
    version = [1]

    def keystroke():
        version[0] += 1
        if insert:
            typing = version[0] % 2 == 0
            change = {"range": {"start": {"line": line, "character": col},
                                "end": {"line": line, "character": col + (0 if typing else 1)}},
                      "text": "7" if typing else ""}
        else:
            change = {"range": {"start": {"line": line, "character": col},
                                "end": {"line": line, "character": col + 1}},
                      "text": "3" if version[0] % 2 == 0 else "2"}
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version[0]}, "contentChanges": [change]})
        diagnostics(version[0])

    def request(method, params):
        return lambda: server.request(method, dict(params, textDocument={"uri": uri}))

    hover_line = next((i for i, r in enumerate(rows) if r.startswith("ServiceBinary")), line)
    flags_line = len(rows) - 3 if args.doc is None else line
    flags_col = (rows[flags_line].index("0x") + 2) if args.doc is None else col
    c0 = cpu_ms(pid)
    keystroke_ms = timed(keystroke, args.keystrokes)
    keystroke_cpu = (cpu_ms(pid) - c0) / args.keystrokes
    figures = [
        ("open -> diagnostics", open_ms),
        ("keystroke -> diagnostics", keystroke_ms),
        ("hover round trip", timed(request("textDocument/hover", {
            "position": {"line": hover_line, "character": 17}}), 50)),
        ("completion round trip", timed(request("textDocument/completion", {
            "position": {"line": flags_line, "character": flags_col}}), 50)),
        ("code actions round trip", timed(request("textDocument/codeAction", {
            "range": {"start": {"line": line, "character": 0},
                      "end": {"line": line, "character": 0}},
            "context": {"diagnostics": []}}), 20)),
    ]
    rss, peak = memory_kb(server.proc.pid)
    body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                       "params": {"uri": uri, "version": 1, "diagnostics": diags}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    parse_ms = timed(lambda: json.loads(body), 5)
    t0 = time.thread_time()
    for _ in range(5):
        json.loads(body)
    parse_cpu = (time.thread_time() - t0) * 1000 / 5
    print(f"document: {len(text.encode('utf-8')) / 1024:.0f} KiB, {len(rows)} lines, "
          f"{len(diags)} diagnostics, {len(body) / 1024:.0f} KiB per message "
          f"({len(body) / max(1, len(diags)):.0f} bytes per finding), "
          f"{'pull' if args.pull else 'push'}")
    if args.pull:
        print(f"  {unchanged[0]} of {args.keystrokes} keystrokes answered `unchanged`")
    for name, ms in figures:
        print(f"  {name:26s} {ms:8.2f} ms (median)")
    print(f"  {'client json.loads':26s} {parse_ms:8.2f} ms (median, of one message)")
    # CPU times stay meaningful when other processes share the cores.
    print(f"  server CPU: open {open_cpu:.0f} ms, keystroke {keystroke_cpu:.1f} ms (mean); "
          f"client json.loads CPU {parse_cpu:.1f} ms (mean)")
    print(f"  server RSS {rss / 1024:.0f} MB, peak {peak / 1024:.0f} MB")
    server.shutdown_and_exit()


if __name__ == "__main__":
    main()
