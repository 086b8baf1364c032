"""A small LSP client for tests: runs the real inf-ls binary over pipes.

Messages from the server are read on a thread and parsed strictly (the
framing must be exactly Content-Length + CRLF CRLF + body), so tests also
check what the server writes.
"""
import json
import os
import queue
import subprocess
import threading
import time

DEFAULT_TIMEOUT = 10.0


class ProtocolError(Exception):
    pass


def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def match(pattern, value, path="$"):
    """Structural match: dicts are subsets, lists match element-wise with the
    same length, "<any>" matches anything present, "<absent>" a missing key.
    Returns None on success or a string describing the first mismatch."""
    if pattern == "<any>":
        return None
    if isinstance(pattern, dict):
        if not isinstance(value, dict):
            return f"{path}: expected an object, got {json.dumps(value)}"
        for key, sub in pattern.items():
            if sub == "<absent>":
                if key in value:
                    return f"{path}.{key}: expected absent, got {json.dumps(value[key])}"
                continue
            if key not in value:
                return f"{path}.{key}: missing"
            err = match(sub, value[key], f"{path}.{key}")
            if err:
                return err
        return None
    if isinstance(pattern, list):
        if not isinstance(value, list) or len(value) != len(pattern):
            return f"{path}: expected {len(pattern)} items, got {json.dumps(value)}"
        for i, (p, v) in enumerate(zip(pattern, value)):
            err = match(p, v, f"{path}[{i}]")
            if err:
                return err
        return None
    if pattern != value or isinstance(pattern, bool) != isinstance(value, bool):
        return f"{path}: expected {json.dumps(pattern)}, got {json.dumps(value)}"
    return None


class Server:
    def __init__(self, binary, args=(), cwd=None, env=None):
        self.proc = subprocess.Popen(
            [binary, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self.messages = queue.Queue()
        self.backlog = []
        self.stderr_chunks = []
        self.next_id = 1000
        self.framing_error = None
        self._out = threading.Thread(target=self._read_stdout, daemon=True)
        self._err = threading.Thread(target=self._read_stderr, daemon=True)
        self._out.start()
        self._err.start()

    # -- reading ----------------------------------------------------------
    def _read_stdout(self):
        f = self.proc.stdout
        try:
            while True:
                headers = {}
                line = f.readline()
                if not line:
                    break
                while line not in (b"\r\n",):
                    if not line.endswith(b"\r\n") or b":" not in line:
                        raise ProtocolError(f"bad header line from server: {line!r}")
                    name, _, value = line[:-2].partition(b":")
                    headers[name.strip().lower()] = value.strip()
                    line = f.readline()
                    if not line:
                        raise ProtocolError("server output ended inside a header")
                n = int(headers[b"content-length"])
                body = f.read(n)
                if len(body) != n:
                    raise ProtocolError("server output ended inside a body")
                self.messages.put(json.loads(body.decode("utf-8")))
        except Exception as e:  # reported by the test that waits
            self.framing_error = e
        finally:
            self.messages.put(None)

    def _read_stderr(self):
        for chunk in iter(lambda: self.proc.stderr.read1(4096), b""):
            self.stderr_chunks.append(chunk)

    @property
    def stderr(self):
        return b"".join(self.stderr_chunks).decode("utf-8", "replace")

    def _next(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise queue.Empty
        msg = self.messages.get(timeout=remaining)
        if msg is None:
            self.messages.put(None)  # stay at end of stream
            if self.framing_error:
                raise ProtocolError(str(self.framing_error))
            raise EOFError("server closed its output")
        return msg

    def expect(self, pattern, timeout=DEFAULT_TIMEOUT, what=None):
        """Waits for a message matching pattern; earlier non-matching messages
        stay in the backlog for later expectations."""
        for i, msg in enumerate(self.backlog):
            if match(pattern, msg) is None:
                return self.backlog.pop(i)
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            try:
                msg = self._next(deadline)
            except (queue.Empty, EOFError) as e:
                near = "\n  ".join(
                    f"{json.dumps(m)[:400]}  <- {match(pattern, m)}" for m in self.backlog[-8:]
                )
                raise AssertionError(
                    f"no message matching {json.dumps(pattern)[:600]}"
                    f" ({'timeout' if isinstance(e, queue.Empty) else e});"
                    f" unmatched messages:\n  {near}\nstderr:\n{self.stderr[-2000:]}"
                ) from None
            if match(pattern, msg) is None:
                return msg
            self.backlog.append(msg)
            seen.append(msg)

    def expect_none(self, pattern, quiet=0.4):
        """Asserts that no message matching pattern arrives within quiet s."""
        for msg in self.backlog:
            if match(pattern, msg) is None:
                raise AssertionError(f"unexpected message {json.dumps(msg)[:600]}")
        deadline = time.monotonic() + quiet
        while True:
            try:
                msg = self._next(deadline)
            except (queue.Empty, EOFError):
                return
            if match(pattern, msg) is None:
                raise AssertionError(f"unexpected message {json.dumps(msg)[:600]}")
            self.backlog.append(msg)

    def drain(self, quiet=0.3):
        deadline = time.monotonic() + quiet
        while True:
            try:
                self.backlog.append(self._next(deadline))
            except (queue.Empty, EOFError):
                return

    # -- writing ----------------------------------------------------------
    def write(self, data, bytewise=False):
        if bytewise:
            for i in range(len(data)):
                self.proc.stdin.write(data[i : i + 1])
                self.proc.stdin.flush()
        else:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

    def send(self, obj, bytewise=False):
        self.write(frame(obj), bytewise)

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request_async(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.next_id

    def request(self, method, params=None, timeout=DEFAULT_TIMEOUT):
        rid = self.request_async(method, params)
        reply = self.expect({"id": rid}, timeout)
        if "error" in reply:
            raise AssertionError(f"{method} failed: {reply['error']}")
        return reply["result"]

    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass

    def wait(self, timeout=DEFAULT_TIMEOUT):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("server did not exit") from None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    # -- LSP conveniences -------------------------------------------------
    def initialize(self, capabilities=None, options=None, delay_ms=0):
        opts = {"diagnosticsDelayMs": delay_ms}
        if options:
            opts.update(options)
        result = self.request(
            "initialize",
            {"processId": os.getpid(), "rootUri": None, "capabilities": capabilities or {},
             "initializationOptions": opts},
        )
        self.notify("initialized", {})
        return result

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": "inf", "version": version,
                                      "text": text}})

    def diagnostics(self, uri, version=None, timeout=DEFAULT_TIMEOUT):
        pattern = {"method": "textDocument/publishDiagnostics", "params": {"uri": uri}}
        if version is not None:
            pattern["params"]["version"] = version
        return self.expect(pattern, timeout)["params"]

    def shutdown_and_exit(self):
        self.request("shutdown")
        self.notify("exit")
        return self.wait()


# -- Position helpers (the test's independent model of LSP positions) -------

def split_rows(text):
    """Rows as infa counts them: CRLF, LF and bare CR each end a row."""
    rows, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            rows.append(text[start:i]); i += 2; start = i
        elif text[i] in "\r\n":
            rows.append(text[start:i]); i += 1; start = i
        else:
            i += 1
    rows.append(text[start:])
    return rows


def units(s, encoding):
    if encoding == "utf-8":
        return len(s.encode("utf-8"))
    if encoding == "utf-32":
        return len(s)
    return len(s.encode("utf-16-le")) // 2


def position_of(text, index, encoding="utf-16"):
    """LSP position of the Python string index in text."""
    before = text[:index]
    rows = split_rows(before)
    return {"line": len(rows) - 1, "character": units(rows[-1], encoding)}


def index_of(text, position, encoding="utf-16"):
    """Python string index of an LSP position (no clamping needed in tests)."""
    rows = split_rows(text)
    line = position["line"]
    offset = 0
    i = 0
    for r in range(line):
        offset += len(rows[r])
        # skip the terminator that follows this row
        if text[offset : offset + 2] == "\r\n":
            offset += 2
        else:
            offset += 1
    row = rows[line]
    want = position["character"]
    acc = 0
    for i, ch in enumerate(row):
        if acc >= want:
            return offset + i
        acc += units(ch, encoding)
    return offset + len(row)
