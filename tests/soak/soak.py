#!/usr/bin/env python3
"""LSP soak: random operations against the real inf-ls, checking after each
burst that the server's view of every open document equals the client's.

    soak.py INF_LS [--ops 20000] [--burst 500] [--docs 6] [--seed 15]
                   [--max-growth-mb 5] [--reference INF_LS]

Operations: edits (incremental didChange at random UTF-16 positions),
hovers, completions, code actions, closes and re-opens, opens of new
documents, over several documents from ../shared/corpus (examples/ when
the corpus is absent). After each burst the client waits for the
diagnostics of every open document's latest version and compares them with
those a fresh server (--reference, default the same binary) publishes for
the client's text. RSS is sampled after each burst; with --max-growth-mb,
the growth after warm-up (the first quarter of the bursts) must stay under
it. Run the binary under ASan for leaks: its exit status and stderr are
checked. Exits 0 when every check passed.
"""
import argparse
import glob
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "protocol"))
import lsp  # noqa: E402

ROOT = os.path.join(HERE, "..", "..")
SNIPPETS = ["", "x", ",", "=", '"', "%", "%13%", "\\", ";", "[", "]", "\r\n", " ",
            "[New]\r\n", "k = v\r\n", "HKR,,V,0x10001,1\r\n", "%Str%", "CopyFiles = Files\r\n",
            "; comment\r\n", "\u00e9", "\U0001F600", "AddService = s,2,S\r\n"]


def load_docs(count, rng):
    paths = sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpus", "**", "*.inf"),
                             recursive=True))
    if not paths:
        paths = sorted(glob.glob(os.path.join(ROOT, "examples", "*.inf")))
    rng.shuffle(paths)
    docs = []
    for p in paths:
        with open(p, "rb") as f:
            raw = f.read()
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16")
        else:
            text = raw.decode("utf-8", "replace").lstrip("\ufeff")
        if 200 < len(text) < 60000:
            docs.append(text)
        if len(docs) == count:
            break
    return docs


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def safe_index(text, i):
    """Never between CR and LF (a position cannot name it)."""
    if 0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n":
        i += 1
    return i


class Soak:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.server = lsp.Server(args.inf_ls)
        self.ref = lsp.Server(args.reference or args.inf_ls)
        self.server.initialize()
        self.ref.initialize()
        self.pool = load_docs(args.docs, self.rng)
        if not self.pool:
            raise SystemExit("soak: no documents found")
        self.open_docs = {}  # uri -> [text, version]
        self.next_uri = 0
        self.counts = {}
        self.pending = []  # request ids awaiting a reply

    def uri(self):
        self.next_uri += 1
        return f"file:///soak/doc{self.next_uri}.inf"

    def op_open(self):
        uri = self.uri()
        text = self.rng.choice(self.pool)
        self.open_docs[uri] = [text, 1]
        self.server.open(uri, text, 1)

    def op_close(self):
        uri = self.rng.choice(sorted(self.open_docs))
        del self.open_docs[uri]
        self.server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def pick(self):
        uri = self.rng.choice(sorted(self.open_docs))
        return uri, self.open_docs[uri]

    def op_edit(self):
        uri, doc = self.pick()
        text = doc[0]
        changes = []
        for _ in range(self.rng.choice((1, 1, 1, 2, 3))):
            start = safe_index(text, self.rng.randrange(len(text) + 1))
            span = self.rng.choice((0, 0, 1, 2, 5, 30))
            end = safe_index(text, min(len(text), start + span))
            new = self.rng.choice(SNIPPETS)
            changes.append({"range": {"start": lsp.position_of(text, start),
                                      "end": lsp.position_of(text, end)}, "text": new})
            text = text[:start] + new + text[end:]
        doc[0] = text
        doc[1] += 1
        self.server.notify("textDocument/didChange",
                           {"textDocument": {"uri": uri, "version": doc[1]},
                            "contentChanges": changes})

    def op_request(self, method):
        uri, doc = self.pick()
        text = doc[0]
        pos = lsp.position_of(text, safe_index(text, self.rng.randrange(len(text) + 1)))
        params = {"textDocument": {"uri": uri}, "position": pos}
        if method == "textDocument/codeAction":
            params = {"textDocument": {"uri": uri}, "range": {"start": pos, "end": pos},
                      "context": {"diagnostics": []}}
        self.pending.append(self.server.request_async(method, params))

    def step(self):
        r = self.rng.random()
        if not self.open_docs or (r < 0.02 and len(self.open_docs) < 12):
            name = "open"
            self.op_open()
        elif r < 0.04 and len(self.open_docs) > 1:
            name = "close"
            self.op_close()
        elif r < 0.70:
            name = "edit"
            self.op_edit()
        elif r < 0.80:
            name = "hover"
            self.op_request("textDocument/hover")
        elif r < 0.90:
            name = "completion"
            self.op_request("textDocument/completion")
        else:
            name = "codeAction"
            self.op_request("textDocument/codeAction")
        self.counts[name] = self.counts.get(name, 0) + 1

    def settle(self):
        """Every request answered once; every open document's diagnostics
        equal a fresh server's on the client's text."""
        for rid in self.pending:
            reply = self.server.expect({"id": rid}, timeout=60)
            if "error" in reply:
                raise AssertionError(f"request {rid} failed: {reply['error']}")
        self.pending = []
        for uri, (text, version) in sorted(self.open_docs.items()):
            got = self.server.diagnostics(uri, version=version, timeout=60)["diagnostics"]
            self.ref.open(uri, text, 1)
            want = self.ref.diagnostics(uri, version=1, timeout=60)["diagnostics"]
            self.ref.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            self.ref.expect({"method": "textDocument/publishDiagnostics",
                             "params": {"uri": uri, "diagnostics": []}}, timeout=60)
            if got != want:
                raise AssertionError(f"{uri} v{version}: the server's diagnostics differ from a "
                                     f"fresh server's on the client's text\nserver: {got[:3]}\n"
                                     f"fresh:  {want[:3]}")
        # Stale publishes of older versions are expected; drop them.
        self.server.backlog.clear()
        self.ref.backlog.clear()

    def run(self):
        a = self.args
        samples = []
        t0 = time.monotonic()
        done = 0
        while done < a.ops:
            for _ in range(min(a.burst, a.ops - done)):
                self.step()
                done += 1
            self.settle()
            kb = rss_kb(self.server.proc.pid)
            samples.append((done, kb))
            print(f"ops {done:6d}  open docs {len(self.open_docs):2d}  RSS {kb / 1024:7.1f} MiB"
                  f"  {time.monotonic() - t0:6.1f} s", flush=True)
        print("operations:", ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())))
        for s in (self.server, self.ref):
            code = s.shutdown_and_exit()
            if code != 0 or "Sanitizer" in s.stderr:
                raise AssertionError(f"server exit {code}; stderr:\n{s.stderr[-3000:]}")
        warm = samples[max(0, len(samples) // 4 - 1)][1]
        peak = max(kb for _, kb in samples[len(samples) // 4:])
        growth = (peak - warm) / 1024
        print(f"RSS after warm-up {warm / 1024:.1f} MiB, peak after it {peak / 1024:.1f} MiB: "
              f"growth {growth:.1f} MiB")
        if a.max_growth_mb and growth > a.max_growth_mb:
            raise AssertionError(f"RSS grew {growth:.1f} MiB after warm-up "
                                 f"(limit {a.max_growth_mb} MiB)")
        print("soak ok")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("inf_ls")
    p.add_argument("--ops", type=int, default=20000)
    p.add_argument("--burst", type=int, default=500)
    p.add_argument("--docs", type=int, default=6)
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--max-growth-mb", type=float, default=0)
    p.add_argument("--reference")
    soak = Soak(p.parse_args())
    try:
        soak.run()
    finally:
        soak.server.kill()
        soak.ref.kill()


if __name__ == "__main__":
    main()
