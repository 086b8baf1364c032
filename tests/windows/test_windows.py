#!/usr/bin/env python3
"""The Windows build (scripts/build-windows.sh) run under Wine.

    test_windows.py LINUX_INF_LS WINDOWS_EXE SOURCE_DIR TEST

Each test compares inf-ls.exe with the Linux binary or drives it through
the protocol harness. Exits 77 (skipped) when the exe has not been built
or Wine is missing. WINEPREFIX comes from the environment (ctest sets one
inside the build folder).
"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "protocol"))
import lsp  # noqa: E402

SKIP = 77
LINUX, EXE, SOURCE, NAME = sys.argv[1:5]
TESTS = {}

# DLLs present on every Windows x64 since 8: inf-ls.exe may import these and
# nothing else (no libgcc, winpthread, libuv or jansson DLL beside it).
SYSTEM_DLLS = {
    "advapi32.dll", "dbghelp.dll", "iphlpapi.dll", "kernel32.dll", "msvcrt.dll",
    "ole32.dll", "psapi.dll", "shell32.dll", "user32.dll", "userenv.dll", "ws2_32.dll",
}


def test(fn):
    TESTS[fn.__name__[len("test_"):]] = fn
    return fn


def find_wine():
    for cand in (shutil.which("wine64"), "/usr/lib/wine/wine64", shutil.which("wine")):
        if cand and os.access(cand, os.X_OK):
            return cand
    return None


def wine_env():
    env = dict(os.environ)
    env.setdefault("WINEPREFIX", os.path.join(tempfile.gettempdir(), "inf-ls-wineprefix"))
    env["WINEDEBUG"] = "-all"
    # No Mono or Gecko install prompts when the prefix is created.
    env["WINEDLLOVERRIDES"] = "mscoree,mshtml="
    return env


def run_exe(args, cwd=None, timeout=300):
    p = subprocess.run([WINE, EXE, *args], cwd=cwd, env=wine_env(), capture_output=True,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def run_linux(args, cwd=None):
    p = subprocess.run([LINUX, *args], cwd=cwd, capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def wine_path(path):
    """The Z: drive path Wine gives a host path."""
    return "Z:" + os.path.abspath(path).replace("/", "\\")


FINDING = re.compile(rb"^(.*?):(\d+):(\d+): (error|warning|info|hint|note): ")
MESSAGE = re.compile(rb"^inf-ls: (.*?): ")


def normalise(out):
    """Separators in the path part of each line to '/', nothing else (the
    messages themselves quote INF paths with backslashes)."""
    lines = []
    for line in out.split(b"\n"):
        m = FINDING.match(line) or MESSAGE.match(line)
        if m:
            line = line[:m.start(1)] + m.group(1).replace(b"\\", b"/") + line[m.end(1):]
        lines.append(line)
    return b"\n".join(lines)


def assert_eq(a, b, what=""):
    if a != b:
        raise AssertionError(f"{what}:\n  got      {a!r}\n  expected {b!r}")


def examples():
    d = os.path.join(SOURCE, "examples")
    return {n: open(os.path.join(d, n), "rb").read() for n in sorted(os.listdir(d))
            if n.endswith(".inf")}


def make_tree(root):
    """examples/ as they are, and UTF-16LE + CRLF copies under non-ASCII
    names (Latin, CJK, and an astral-plane character)."""
    plain = os.path.join(root, "plain")
    wide = os.path.join(root, "utf16 crlf", "pilote-é")
    os.makedirs(plain)
    os.makedirs(wide)
    for i, (name, data) in enumerate(examples().items()):
        with open(os.path.join(plain, name), "wb") as f:
            f.write(data)
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
        stem = name[:-4]
        wname = [f"{stem}-驱动.inf", f"{stem}-😀.INF", f"{stem}-ü.inf"][i % 3]
        with open(os.path.join(wide, wname), "wb") as f:
            f.write(b"\xff\xfe" + text.encode("utf-16-le"))
    return plain, wide


# ---- The exe itself --------------------------------------------------------

@test
def test_wineprefix():
    """Creates the Wine prefix once (half a minute), before the others."""
    rc, out, err = run_exe(["--version"], timeout=600)
    assert_eq(rc, 0, f"inf-ls.exe --version under Wine ({err[-500:]!r})")
    assert out.startswith(b"inf-ls "), out
    return 0


@test
def test_only_system_dlls():
    objdump = shutil.which("x86_64-w64-mingw32-objdump")
    if not objdump:
        print("SKIP: x86_64-w64-mingw32-objdump not installed")
        return SKIP
    out = subprocess.run([objdump, "-p", EXE], capture_output=True, check=True).stdout
    dlls = {m.decode().lower() for m in re.findall(rb"DLL Name: (\S+)", out)}
    assert dlls, "objdump found no imports at all"
    extra = dlls - SYSTEM_DLLS
    assert not extra, f"inf-ls.exe needs DLLs that Windows does not ship: {sorted(extra)}"
    return 0


@test
def test_platform_unit():
    """srv_platform's Windows path and URI rules (tests/windows/platform_test.c)."""
    unit = os.path.join(os.path.dirname(EXE), "..", "tests", "platform-test.exe")
    if not os.path.exists(unit):
        print(f"SKIP: {unit} not built")
        return SKIP
    p = subprocess.run([WINE, unit], env=wine_env(), capture_output=True, timeout=300)
    print(p.stdout.decode("utf-8", "replace"))
    assert_eq(p.returncode, 0, "platform-test.exe")
    return 0


# ---- --check ----------------------------------------------------------------

@test
def test_check_same_as_linux():
    d = tempfile.mkdtemp(prefix="inf-ls-win-")
    try:
        make_tree(d)
        for args in (["plain"], ["utf16 crlf"], ["."],
                     ["--format", "json", "utf16 crlf"]):
            lrc, lout, lerr = run_linux(["--check", *args], cwd=d)
            wrc, wout, werr = run_exe(["--check", *args], cwd=d)
            assert lout, f"the Linux binary found nothing in {args}"
            assert_eq(wrc, lrc, f"exit code of --check {args}")
            if "json" in args:
                wj, lj = json.loads(wout), json.loads(lout)
                for f in wj["files"]:
                    f["path"] = f["path"].replace("\\", "/")
                assert_eq(wj, lj, f"--check {args} JSON report")
            else:
                assert_eq(normalise(wout), lout, f"--check {args} report")
            assert_eq(normalise(werr), lerr, f"--check {args} stderr")
        # Files named on the command line, absolute Windows paths: the
        # report names them as given, in the path:line:col: shape that
        # the Visual Studio and VS Code problem matchers read.
        names = sorted(os.listdir(os.path.join(d, "utf16 crlf", "pilote-é")))
        paths = [wine_path(os.path.join(d, "utf16 crlf", "pilote-é", n)) for n in names]
        wrc, wout, _ = run_exe(["--check", *paths])
        lines = wout.decode("utf-8").splitlines()
        assert lines, "no findings for absolute paths"
        shape = re.compile(r"^Z:\\.+\\pilote-é\\[^\\]+\.(inf|INF):\d+:\d+: "
                           r"(error|warning|info|hint|note): .+")
        for line in lines:
            assert shape.match(line), f"not in path:line:col: form: {line!r}"
        named = {FINDING.match(line.encode()).group(1).decode() for line in lines}
        assert named <= set(paths) and named, f"report names {named}, given {paths}"
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return 0


@test
def test_fix_round_trip():
    d = tempfile.mkdtemp(prefix="inf-ls-win-")
    try:
        _, wide = make_tree(d)
        lin = os.path.join(d, "linux")
        shutil.copytree(wide, lin)
        before = {n: open(os.path.join(wide, n), "rb").read() for n in os.listdir(wide)}
        wrc, _, werr = run_exe(["--check", "--fix", "--fail-on", "none", wine_path(wide)])
        assert_eq(wrc, 0, f"wine --fix exit code ({werr!r})")
        assert b"fixed" in werr, werr
        lrc, _, _ = run_linux(["--check", "--fix", "--fail-on", "none", lin])
        assert_eq(lrc, 0, "linux --fix exit code")
        changed = 0
        for n in before:
            w = open(os.path.join(wide, n), "rb").read()
            assert_eq(w, open(os.path.join(lin, n), "rb").read(),
                      f"{n}: the exe's fix equals the Linux one")
            assert w.startswith(b"\xff\xfe"), f"{n}: still UTF-16LE with BOM"
            assert b"\n\x00" not in w.replace(b"\r\x00\n\x00", b""), f"{n}: CRLF kept"
            changed += w != before[n]
        assert changed, "--fix changed nothing: the round trip would prove nothing"
        left = [n for n in os.listdir(wide) if n not in before]
        assert not left, f"temporary files left behind: {left}"
        # Fixed files stay fixed: a second run writes nothing.
        wrc, _, werr = run_exe(["--check", "--fix", "--fail-on", "none", wine_path(wide)])
        assert b"; 0 fixed" in werr, werr
        # A read-only file (Wine shows a file without write permission as
        # FILE_ATTRIBUTE_READONLY) is refused and left as it was.
        victim = os.path.join(d, "plain", "legacy.inf")
        original = open(victim, "rb").read()
        os.chmod(victim, 0o444)
        wrc, _, werr = run_exe(["--check", "--fix", wine_path(victim)])
        assert_eq(wrc, 2, "exit code for a read-only file")
        assert b"read-only" in werr, werr
        assert_eq(open(victim, "rb").read(), original, "read-only file untouched")
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return 0


# ---- A language server session ---------------------------------------------

def drive_c():
    return os.path.join(wine_env()["WINEPREFIX"], "drive_c")


@test
def test_lsp_session():
    legacy = examples()["legacy.inf"].decode("utf-8")
    # C:\InfLsTest-<pid>\pkg, spelled in another case in the URI: Windows
    # paths are case-insensitive, and .inf-ls.json must still be found.
    folder = f"InfLsTest-{os.getpid()}"
    root = os.path.join(drive_c(), folder)
    os.makedirs(os.path.join(root, "pkg"), exist_ok=True)
    with open(os.path.join(root, ".inf-ls.json"), "w") as f:
        json.dump({"severity": {"registry-global-root": "hint"}}, f)
    uri = f"file:///c%3A/{folder.upper()}/pkg/Legacy%20Copy.inf"
    server = lsp.Server(WINE, [EXE], env=wine_env())
    try:
        init = server.request("initialize", {
            "processId": os.getpid(), "rootUri": f"file:///c%3A/{folder}",
            "capabilities": {}, "initializationOptions": {"diagnosticsDelayMs": 0}},
            timeout=120)
        assert init["capabilities"]["hoverProvider"], init
        server.notify("initialized", {})
        server.open(uri, legacy)
        diags = server.diagnostics(uri, 1, timeout=60)["diagnostics"]
        rules = {d["code"] for d in diags}
        assert "dirid-not-13" in rules, rules
        sev = {d["severity"] for d in diags if d["code"] == "registry-global-root"}
        assert_eq(sev, {4}, "C:\\...\\.inf-ls.json applied through a file:///c%3A/ URI")
        # The same file through the other drive-letter spelling.
        uri2 = f"file:///C:/{folder}/pkg/Legacy%20Copy.inf"
        server.open(uri2, legacy)
        sev2 = {d["severity"] for d in server.diagnostics(uri2, 1, timeout=60)["diagnostics"]
                if d["code"] == "registry-global-root"}
        assert_eq(sev2, {4}, "file:///C:/ URI")

        # A UNC URI (no such share here): a Windows path, diagnostics as usual.
        unc = "file://fileserver/drivers/Legacy.inf"
        server.open(unc, legacy)
        assert any(d["code"] == "dirid-not-13"
                   for d in server.diagnostics(unc, 1, timeout=60)["diagnostics"])

        marker = "DefaultDestDir"
        i = legacy.index(marker)
        pos = lsp.position_of(legacy, i + legacy[i:].index("=") + 3)
        h = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos},
                           timeout=60)
        assert h and "DIRID" in h["contents"]["value"], h
        small = "[Version]\r\nSignature=\"$Windows NT$\"\r\n\r\n[Strings]\r\n"
        uri3 = f"file:///c%3A/{folder}/pkg/small.inf"
        server.open(uri3, small)
        c = server.request("textDocument/completion",
                           {"textDocument": {"uri": uri3},
                            "position": {"line": 2, "character": 0}}, timeout=60)
        labels = {it["label"] for it in c["items"]}
        assert {"PnpLockdown", "DriverVer"} <= labels, sorted(labels)[:20]
        d = next(x for x in diags if x["code"] == "dirid-not-13" and x["severity"] == 1)
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d]}}, timeout=60)
        quick = [a for a in actions if a["kind"] == "quickfix"]
        assert quick and uri in quick[0]["edit"]["changes"], actions
        rc = server.shutdown_and_exit()
        assert_eq(rc, 0, f"exit code after shutdown/exit; stderr: {server.stderr[-500:]}")
        assert server.framing_error is None, server.framing_error
    finally:
        server.kill()
        shutil.rmtree(root, ignore_errors=True)
    return 0


# ---- A file held open by another Windows process ---------------------------

@test
def test_fix_file_held_open():
    holder = os.path.join(os.path.dirname(EXE), "..", "tests", "hold-file.exe")
    if not os.path.exists(holder):
        print(f"SKIP: {holder} not built")
        return SKIP
    d = tempfile.mkdtemp(prefix="inf-ls-win-")
    try:
        victim = os.path.join(d, "legacy.inf")
        original = examples()["legacy.inf"]
        with open(victim, "wb") as f:
            f.write(original)
        p = subprocess.Popen([WINE, holder, wine_path(victim)], env=wine_env(),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            assert_eq(p.stdout.readline().strip(), b"holding", "holder opened the file")
            wrc, _, werr = run_exe(["--check", "--fix", wine_path(victim)])
        finally:
            p.stdin.close()
            p.wait(60)
        assert_eq(wrc, 2, f"exit code for a file in use ({werr!r})")
        assert b"in use by another process" in werr, werr
        assert_eq(open(victim, "rb").read(), original, "the held file is untouched")
        assert_eq(os.listdir(d), ["legacy.inf"], "no temporary file left")
        # Released, the same command fixes it.
        wrc, _, werr = run_exe(["--check", "--fix", "--fail-on", "none", wine_path(victim)])
        assert_eq(wrc, 0, werr)
        assert open(victim, "rb").read() != original
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return 0


# ---- The VS Code extension ---------------------------------------------------

@test
def test_vsix_holds_both_servers():
    """scripts/package-vscode.sh: one .vsix with both servers, and one per
    platform marked with its target."""
    import zipfile
    if not shutil.which("npm") or not shutil.which("node"):
        print("SKIP: npm/node not installed")
        return SKIP
    out = tempfile.mkdtemp(prefix="inf-ls-vsix-")
    try:
        env = dict(os.environ, INFLS_LINUX_BIN=LINUX, INFLS_WINDOWS_EXE=EXE)
        p = subprocess.run([os.path.join(SOURCE, "scripts", "package-vscode.sh"), out], env=env,
                           capture_output=True, timeout=900)
        assert_eq(p.returncode, 0, f"package-vscode.sh: {p.stderr.decode()[-2000:]}")
        version = json.load(open(os.path.join(SOURCE, "editors", "vscode", "package.json")))[
            "version"]
        linux = open(LINUX, "rb").read()
        exe = open(EXE, "rb").read()
        want = {
            f"inf-ls-{version}.vsix": (None, {"linux-x64/inf-ls": linux,
                                              "win32-x64/inf-ls.exe": exe}),
            f"inf-ls-linux-x64-{version}.vsix": ("linux-x64", {"linux-x64/inf-ls": linux}),
            f"inf-ls-win32-x64-{version}.vsix": ("win32-x64", {"win32-x64/inf-ls.exe": exe}),
        }
        assert_eq(sorted(os.listdir(out)), sorted(want), "packages written")
        for name, (target, servers) in want.items():
            z = zipfile.ZipFile(os.path.join(out, name))
            got = {n[len("extension/server/"):]: z.read(n) for n in z.namelist()
                   if n.startswith("extension/server/") and not n.endswith("/")}
            assert_eq(sorted(got), sorted(servers), f"{name}: bundled servers")
            for k, data in servers.items():
                assert got[k] == data, f"{name}: {k} is not the built binary"
            manifest = z.read("extension.vsixmanifest").decode()
            targets = re.findall(r'TargetPlatform="([^"]*)"', manifest)
            assert_eq(targets, [target] if target else [], f"{name}: target platform")
            assert "extension/extension.js" in z.namelist()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 0


def main():
    global WINE
    if NAME not in TESTS:
        print(f"unknown test {NAME}; known: {', '.join(sorted(TESTS))}")
        return 2
    if not os.path.exists(EXE):
        print(f"SKIP: {EXE} not built (run scripts/build-windows.sh)")
        return SKIP
    WINE = find_wine()
    if not WINE and NAME not in ("only_system_dlls", "vsix_holds_both_servers"):
        print("SKIP: wine64 not installed")
        return SKIP
    t0 = time.monotonic()
    rc = TESTS[NAME]()
    print(f"{NAME}: {'skipped' if rc == SKIP else 'ok'} in {time.monotonic() - t0:.1f}s")
    return rc


if __name__ == "__main__":
    sys.exit(main())
