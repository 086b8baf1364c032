#!/usr/bin/env python3
"""Runs one JSON-RPC transcript (cases/*.jsonrpc) against the real inf-ls.

Transcript syntax, one directive per block (a block runs until the next line
starting with a directive or '#'):
  >>> JSON                 send one framed message
  >>>[bytewise] JSON       send it one byte per write
  >>>[merge] JSON          hold it; all held messages go out in one write
                           with the next >>> or %% flush
  >>>[raw] "JSON string"   send these exact bytes (each char is one byte, \\u00XX)
  <<< JSON                 expect a server message structurally matching JSON
                           (objects are subsets, lists match item by item,
                           "<any>" matches anything, "<absent>" a missing key)
  <<<! JSON                no matching message arrives (0.4 s window)
  %% flush | close-stdin | sleep SECONDS | exit CODE | eof-exit CODE | stderr TEXT
     exit CODE waits (stdin left open) for the process to end and checks its
     exit status; eof-exit CODE closes stdin first;
     stderr TEXT checks that the server logged TEXT on stderr.
${ROOT} expands to a fresh temporary folder, ${ROOT_URI} to its file: URI.
"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsp  # noqa: E402

DIRECTIVES = (">>>", "<<<", "%%")


def parse(path):
    blocks = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            stripped = line.rstrip("\n")
            if stripped.startswith("#"):
                continue
            if stripped.startswith(DIRECTIVES):
                blocks.append([lineno, stripped])
            elif blocks and stripped.strip():
                blocks[-1][1] += "\n" + stripped
            elif stripped.strip():
                raise SystemExit(f"{path}:{lineno}: text outside a directive")
    return blocks


def main():
    binary, case = sys.argv[1], sys.argv[2]
    root = tempfile.mkdtemp(prefix="inf-ls-case-")
    subst = {"${ROOT}": root, "${ROOT_URI}": "file://" + root}

    def expand(text):
        for k, v in subst.items():
            text = text.replace(k, v)
        return text

    server = lsp.Server(binary, cwd=root)
    held = []
    try:
        for lineno, block in parse(case):
            where = f"{os.path.basename(case)}:{lineno}"
            block = expand(block)
            head, _, rest = block.partition(" ")
            rest = rest.strip()
            try:
                if head.startswith(">>>") and held and head != ">>>[merge]":
                    server.write(b"".join(held))
                    held = []
                if head == ">>>":
                    server.send(json.loads(rest))
                elif head == ">>>[bytewise]":
                    server.send(json.loads(rest), bytewise=True)
                elif head == ">>>[merge]":
                    held.append(lsp.frame(json.loads(rest)))
                elif head == ">>>[raw]":
                    server.write(json.loads(rest).encode("latin-1"))
                elif head == "<<<":
                    server.expect(json.loads(rest))
                elif head == "<<<!":
                    server.expect_none(json.loads(rest))
                elif head == "%%":
                    cmd, _, arg = rest.partition(" ")
                    if cmd == "flush":
                        server.write(b"".join(held))
                        held = []
                    elif cmd == "close-stdin":
                        server.close_stdin()
                    elif cmd == "sleep":
                        time.sleep(float(arg))
                    elif cmd in ("exit", "eof-exit"):
                        if cmd == "eof-exit":
                            server.close_stdin()
                        code = server.wait()
                        if code != int(arg):
                            raise AssertionError(f"exit code {code}, expected {arg}")
                    elif cmd == "stderr":
                        deadline = time.monotonic() + 5
                        while arg not in server.stderr and time.monotonic() < deadline:
                            time.sleep(0.05)
                        if arg not in server.stderr:
                            raise AssertionError(f"stderr lacks {arg!r}:\n{server.stderr}")
                    else:
                        raise SystemExit(f"{where}: unknown command {cmd}")
                else:
                    raise SystemExit(f"{where}: unknown directive {head}")
            except AssertionError as e:
                print(f"FAIL {where}: {e}", file=sys.stderr)
                return 1
            except json.JSONDecodeError as e:
                print(f"{where}: bad JSON in transcript: {e}", file=sys.stderr)
                return 1
        if held:
            server.write(b"".join(held))
    finally:
        server.kill()
    print(f"ok {os.path.basename(case)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
