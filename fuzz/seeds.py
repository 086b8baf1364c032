#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into OUT/<target>/, generated
from ../shared/corpus (real INFs), tests/ (rule fixtures, feature inputs) and
the protocol transcripts tests/protocol/cases/*.jsonrpc. Nothing generated is
committed: run this before fuzzing (fuzz/run.sh does).

    fuzz/seeds.py OUT
"""
import glob
import hashlib
import json
import os
import random
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_SEED = 64 * 1024


def infs():
    pats = [os.path.join(ROOT, "..", "shared", "corpus", "**", "*.in[fx]"),
            os.path.join(ROOT, "..", "shared", "corpus", "**", "*.INF"),
            os.path.join(ROOT, "tests", "**", "*.inf")]
    seen = set()
    for pat in pats:
        for p in sorted(glob.glob(pat, recursive=True)):
            with open(p, "rb") as f:
                data = f.read()
            if data and len(data) <= MAX_SEED and data not in seen:
                seen.add(data)
                yield data


def put(out, target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def frame(obj_or_bytes):
    body = obj_or_bytes if isinstance(obj_or_bytes, bytes) else \
        json.dumps(obj_or_bytes, separators=(",", ":")).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def transcript(path):
    """The bytes a transcript sends, in order, as one input."""
    out = b""
    blocks = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if line.startswith((">>>", "<<<", "%%")):
                blocks.append(line)
            elif blocks and line.strip():
                blocks[-1] += "\n" + line
    for b in blocks:
        if not b.startswith(">>>"):
            continue
        tag, _, text = b.partition(" ")
        text = text.replace("${ROOT_URI}", "file:///tmp/fuzz").replace("${ROOT}", "/tmp/fuzz")
        if tag == ">>>[raw]":
            out += json.loads(text).encode("latin-1")
        else:
            out += frame(json.loads(text))
    return out


def session(uri, text, rng):
    """initialize, open, a few requests and edits, shutdown, exit."""
    lines = text.split("\n")
    msgs = [{"jsonrpc": "2.0", "id": 1, "method": "initialize",
             "params": {"capabilities": {}, "initializationOptions": {"diagnosticsDelayMs": 0}}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": {"uri": uri, "languageId": "inf", "version": 1,
                                         "text": text}}}]
    rid = 2
    td = {"uri": uri}
    for _ in range(4):
        line = rng.randrange(len(lines))
        pos = {"line": line, "character": rng.randrange(len(lines[line]) + 1)}
        for method, extra in (("textDocument/hover", {}), ("textDocument/completion", {}),
                              ("textDocument/codeAction",
                               {"range": {"start": pos, "end": pos},
                                "context": {"diagnostics": []}})):
            params = {"textDocument": td, "position": pos}
            if extra:
                params = dict(extra, textDocument=td)
            msgs.append({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
            rid += 1
        msgs.append({"jsonrpc": "2.0", "method": "textDocument/didChange",
                     "params": {"textDocument": {"uri": uri, "version": rid},
                                "contentChanges": [{"range": {"start": pos, "end": pos},
                                                    "text": rng.choice(["x", "\r\n", "%", "["])}]}})
    msgs += [{"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": td}},
             {"jsonrpc": "2.0", "id": rid, "method": "shutdown"},
             {"jsonrpc": "2.0", "method": "exit"}]
    return b"".join(frame(m) for m in msgs)


def main():
    out = sys.argv[1]
    rng = random.Random(15)
    docs = list(infs())
    for i, data in enumerate(docs):
        put(out, "fuzz_analysis", data)
        put(out, "fuzz_encoding", data)
        text = data.decode("utf-8", "replace") if not data.startswith((b"\xff\xfe", b"\xfe\xff")) \
            else data.decode("utf-16")
        if i % 8 == 0:
            put(out, "fuzz_encoding", b"\xff\xfe" + text.encode("utf-16-le"))
            put(out, "fuzz_encoding", text.encode("utf-16-be"))
            put(out, "fuzz_encoding", text.encode("cp1252", "replace"))
        # fuzz_incremental: [chunking][base length][base][edits...]
        base = data[:4096]
        edits = b""
        for _ in range(rng.randrange(1, 12)):
            ins = rng.choice([b"", b"x", b"\r\n", b"[S]\n", b"%", b"\\\n", b"k=v\n", b";"])
            edits += struct.pack("<HBB", rng.randrange(len(base) + 1), rng.randrange(4),
                                 len(ins)) + ins
        put(out, "fuzz_incremental", bytes([i % 4]) + struct.pack("<H", len(base)) + base + edits)
        if i % 3 == 0:
            put(out, "fuzz_protocol", session("file:///fuzz/%d.inf" % i, text[:8192], rng))
    for p in sorted(glob.glob(os.path.join(ROOT, "tests", "protocol", "cases", "*.jsonrpc"))):
        put(out, "fuzz_protocol", transcript(p))
    # Tiny hand-written seeds for the encodings.
    for s in (b"", b"\xef\xbb\xbf[Version]\r\n", b"\xff\xfe[\x00V\x00]\x00", b"\xfe\xff\x00[",
              b"[\x00V\x00", b"\x80\x81\x8d\x8f\x90\x9d\xff", b"\xff\xfe\x00\xd8a\x00"):
        put(out, "fuzz_encoding", s)
    for t in ("fuzz_analysis", "fuzz_encoding", "fuzz_incremental", "fuzz_protocol"):
        print("%s: %d seeds" % (t, len(os.listdir(os.path.join(out, t)))))


if __name__ == "__main__":
    main()
