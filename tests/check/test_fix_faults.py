#!/usr/bin/env python3
"""`inf-ls --check --fix` under faults: in every case the file keeps its
original bytes or gets the whole fixed text, never a part, no temporary file
is left beside it, and the exit code and message say what happened.

Usage: test_fix_faults.py INF_LS SOURCE_DIR SHIM TEST_NAME
SHIM is the LD_PRELOAD library built from fault_shim.c.
"""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
INF_LS, SOURCE, SHIM, NAME = sys.argv[1:5]
TESTS = {}


def test(fn):
    TESTS[fn.__name__[len("test_"):]] = fn
    return fn


def assert_eq(a, b, what=""):
    if a != b:
        raise AssertionError(f"{what}:\n  got      {a!r}\n  expected {b!r}")


def example():
    with open(os.path.join(SOURCE, "examples", "legacy.inf"), "rb") as f:
        return f.read()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def fixed_example():
    """What --fix makes of examples/legacy.inf when nothing goes wrong."""
    d = tempfile.mkdtemp(prefix="inf-ls-fault-")
    try:
        p = os.path.join(d, "legacy.inf")
        write(p, example())
        rc, _, err = fix(p)
        assert_eq(rc, 0, f"--fix without faults ({err})")
        data = read(p)
        assert data != example(), "--fix changed nothing: the fault tests would prove nothing"
        return data
    finally:
        shutil.rmtree(d)


def fix(path, env=None, preexec=None, user=None):
    cmd = [INF_LS, "--check", "--fix", "--fail-on", "none", path]
    if user:
        cmd = user + cmd
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    p = subprocess.run(cmd, capture_output=True, env=full_env)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def shim_env(fault, **extra):
    env = {"LD_PRELOAD": SHIM, "INFLS_FAULT": fault,
           # An ASan build must accept a preloaded library ahead of it.
           "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}
    env.update(extra)
    return env


def assert_clean_dir(d, names, what):
    left = sorted(set(os.listdir(d)) - set(names))
    assert not left, f"{what}: temporary files left behind: {left}"


def assert_refused(rc, err, path, words, what):
    assert_eq(rc, 2, f"{what}: exit code (stderr: {err})")
    line = next((ln for ln in err.splitlines() if ln.startswith(f"inf-ls: {path}: ")), None)
    assert line, f"{what}: no message naming {path}: {err}"
    for w in words:
        assert w in line, f"{what}: message lacks {w!r}: {line}"
    assert "; 0 fixed" in err, f"{what}: summary must not count it fixed: {err}"


# ---- The faults --------------------------------------------------------------

@test
def test_read_only_file():
    d = tempfile.mkdtemp(prefix="inf-ls-fault-")
    try:
        p = os.path.join(d, "legacy.inf")
        write(p, example())
        os.chmod(p, 0o444)
        rc, _, err = fix(p)
        assert_refused(rc, err, p, ["not fixed", "read-only"], "read-only file")
        assert_eq(read(p), example(), "read-only file: bytes")
        assert_eq(os.stat(p).st_mode & 0o777, 0o444, "read-only file: mode")
        assert_clean_dir(d, ["legacy.inf"], "read-only file")
    finally:
        shutil.rmtree(d)
    return 0


def unprivileged():
    """A command prefix that runs inf-ls as an ordinary user when we are
    root (root may create files in a read-only folder); [] when we are not
    root; None when there is no way to drop privileges."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@test
def test_read_only_dir():
    user = unprivileged()
    if user is None:
        print("SKIP: running as root without setpriv")
        return SKIP
    d = tempfile.mkdtemp(prefix="inf-ls-fault-")
    try:
        os.chmod(d, 0o755)
        sub = os.path.join(d, "pkg")
        os.mkdir(sub)
        p = os.path.join(sub, "legacy.inf")
        write(p, example())
        os.chmod(p, 0o666)  # the file itself is writable; its folder is not
        os.chmod(sub, 0o555)
        rc, _, err = fix(p, user=user)
        assert_refused(rc, err, p, ["not fixed", "temporary file", "Permission denied"],
                       "read-only folder")
        assert_eq(read(p), example(), "read-only folder: bytes")
        assert_clean_dir(sub, ["legacy.inf"], "read-only folder")
    finally:
        os.chmod(os.path.join(d, "pkg"), 0o755)
        shutil.rmtree(d)
    return 0


@test
def test_changed_between_read_and_write():
    d = tempfile.mkdtemp(prefix="inf-ls-fault-")
    try:
        p = os.path.join(d, "legacy.inf")
        write(p, example())
        # The shim appends to the file when --fix creates its temporary
        # file: after the read, before the rename.
        rc, _, err = fix(p, env=shim_env("touch", INFLS_FAULT_PATH=p))
        assert_refused(rc, err, p, ["not fixed", "changed on disk"], "changed file")
        assert_eq(read(p), example() + b"; saved by another editor\r\n",
                  "the other editor's save is kept, not overwritten")
        assert_clean_dir(d, ["legacy.inf"], "changed file")
    finally:
        shutil.rmtree(d)
    return 0


@test
def test_disk_full_shim():
    d = tempfile.mkdtemp(prefix="inf-ls-fault-")
    try:
        for fault, words in (("enospc", ["No space left on device"]),
                             ("fsync", ["Input/output error"])):
            p = os.path.join(d, "legacy.inf")
            write(p, example())
            rc, _, err = fix(p, env=shim_env(fault))
            assert_refused(rc, err, p, ["not fixed", "cannot write"] + words, fault)
            assert_eq(read(p), example(), f"{fault}: bytes")
            assert_clean_dir(d, ["legacy.inf"], fault)
    finally:
        shutil.rmtree(d)
    return 0


@test
def test_disk_full_tmpfs():
    """A real full file system: a small tmpfs where the file fits once but
    not twice. Needs root (or a user allowed to mount)."""
    d = tempfile.mkdtemp(prefix="inf-ls-fault-")
    mounted = False
    try:
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", d],
                           capture_output=True)
        if p.returncode != 0:
            print(f"SKIP: cannot mount a tmpfs here ({p.stderr.decode().strip()}); "
                  "disk_full_shim covers ENOSPC")
            return SKIP
        mounted = True
        # Padding that --fix keeps: a comment block at the end, so the file
        # takes about 40 KiB of the 64.
        data = example() + b"".join(b"; padding line %05d to fill the small file system\r\n" % i
                                    for i in range(700))
        path = os.path.join(d, "legacy.inf")
        write(path, data)
        rc, _, err = fix(path)
        assert_refused(rc, err, path, ["not fixed", "No space left on device"], "full tmpfs")
        assert_eq(read(path), data, "full tmpfs: bytes")
        assert_clean_dir(d, ["legacy.inf"], "full tmpfs")
    finally:
        if mounted:
            subprocess.run(["umount", d], check=False)
        shutil.rmtree(d, ignore_errors=True)
    return 0


@test
def test_symlink_target():
    d = tempfile.mkdtemp(prefix="inf-ls-fault-")
    try:
        real_dir = os.path.join(d, "store")
        link_dir = os.path.join(d, "pkg")
        os.mkdir(real_dir)
        os.mkdir(link_dir)
        real = os.path.join(real_dir, "real.inf")
        write(real, example())
        os.chmod(real, 0o640)
        link = os.path.join(link_dir, "legacy.inf")
        os.symlink(os.path.join("..", "store", "real.inf"), link)
        rc, _, err = fix(link)
        assert_eq(rc, 0, err)
        assert os.path.islink(link), "the link stays a link"
        assert_eq(os.readlink(link), os.path.join("..", "store", "real.inf"), "link text")
        assert_eq(read(real), fixed_example(), "the target got the whole fix")
        assert_eq(os.stat(real).st_mode & 0o777, 0o640, "the target keeps its mode")
        # The temporary file went beside the target (same file system, so the
        # rename is atomic) and is gone.
        assert_clean_dir(real_dir, ["real.inf"], "symlink target folder")
        assert_clean_dir(link_dir, ["legacy.inf"], "symlink folder")
        # A read-only target is refused through the link too.
        write(real, example())
        os.chmod(real, 0o444)
        rc, _, err = fix(link)
        assert_refused(rc, err, link, ["read-only"], "read-only symlink target")
        assert_eq(read(real), example(), "read-only symlink target: bytes")
    finally:
        shutil.rmtree(d)
    return 0


def split_lines(data):
    """(line, terminator) pairs: CRLF, LF and bare CR each end a line."""
    out, start, i = [], 0, 0
    while i < len(data):
        if data[i:i + 2] == b"\r\n":
            out.append((data[start:i], b"\r\n")); i += 2; start = i
        elif data[i:i + 1] in (b"\r", b"\n"):
            out.append((data[start:i], data[i:i + 1])); i += 1; start = i
        else:
            i += 1
    out.append((data[start:], b""))
    return out


@test
def test_mixed_line_ends_and_ctrl_z():
    lines = split_lines(example())
    ends = [b"\r\n", b"\n", b"\r\n", b"\r"]
    mixed = b"".join(text + (ends[i % 4] if term else b"")
                     for i, (text, term) in enumerate(lines)) + b"\x1a"
    fixed_lines = split_lines(fixed_example())
    assert_eq(len(fixed_lines), len(lines), "the fix keeps the line count")
    expected = b"".join(text + (ends[i % 4] if term else b"")
                        for i, (text, term) in enumerate(fixed_lines)) + b"\x1a"
    d = tempfile.mkdtemp(prefix="inf-ls-fault-")
    try:
        p = os.path.join(d, "mixed.inf")
        write(p, mixed)
        rc, _, err = fix(p)
        assert_eq(rc, 0, err)
        got = read(p)
        assert_eq(got, expected, "each line keeps its own ending, Ctrl-Z stays last")
        rc, _, err = fix(p)
        assert "; 0 fixed" in err, f"a second --fix writes nothing: {err}"
        assert_eq(read(p), expected, "second --fix")
        assert_clean_dir(d, ["mixed.inf"], "mixed line ends")
    finally:
        shutil.rmtree(d)
    return 0


def main():
    if NAME not in TESTS:
        print(f"unknown test {NAME}; known: {', '.join(sorted(TESTS))}")
        return 2
    return TESTS[NAME]()


if __name__ == "__main__":
    sys.exit(main())
