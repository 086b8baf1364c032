#!/usr/bin/env python3
"""Tests of `inf-ls --check` (batch mode): exit codes, encodings, JSON output,
unreadable paths, folder recursion, settings, --fix and --diff.

Usage: test_check.py INF_LS SOURCE_DIR TEST_NAME (ctest runs each test in its
own process). Encoded fixtures are built here from the ASCII examples.
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

INF_LS = None
SOURCE = None
TESTS = {}

# Findings that --fix removes from examples/legacy.inf (DIRID 12 -> 13).
FIXABLE_RULES = {"dirid-not-13", "servicebinary-not-dirid13"}


def test(fn):
    TESTS[fn.__name__[len("test_"):]] = fn
    return fn


def run(*args, cwd=None, check_rc=None):
    p = subprocess.run([INF_LS, *args], capture_output=True, cwd=cwd)
    out = p.stdout.decode("utf-8")
    err = p.stderr.decode("utf-8")
    if check_rc is not None and p.returncode != check_rc:
        raise AssertionError(f"inf-ls {' '.join(args)}: exit {p.returncode}, expected "
                             f"{check_rc}\nstdout:\n{out}\nstderr:\n{err}")
    return p.returncode, out, err


def example(name):
    with open(os.path.join(SOURCE, "examples", name), "rb") as f:
        return f.read()


def tmpdir():
    return tempfile.mkdtemp(prefix="inf-ls-check-")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def finding_lines(out):
    """Diagnostic lines (not notes) as (path, line, col, rest)."""
    result = []
    for line in out.splitlines():
        path, ln, col, rest = line.split(":", 3)
        if rest.startswith(" note:"):
            continue
        result.append((path, int(ln), int(col), rest))
    return result


def rules_of(out):
    return [rest.rsplit("[", 1)[1].rstrip("]") for _, _, _, rest in finding_lines(out)]


def assert_eq(a, b, what=""):
    if a != b:
        raise AssertionError(f"{what}\n  got:      {a!r}\n  expected: {b!r}")


# ---- Exit status and usage ---------------------------------------------------

@test
def test_exit_codes():
    d = tmpdir()
    write(os.path.join(d, "legacy.inf"), example("legacy.inf"))
    write(os.path.join(d, "isolated.inf"), example("isolated.inf"))
    rc, out, _ = run("--check", os.path.join(d, "isolated.inf"))
    assert_eq((rc, [r for r in finding_lines(out) if "error:" in r[3]]), (0, []),
              "the isolated example has no error")
    rc, out, _ = run("--check", os.path.join(d, "legacy.inf"))
    assert_eq(rc, 1, "errors give exit status 1")
    assert "dirid-not-13" in rules_of(out)
    run("--check", "--fail-on", "none", os.path.join(d, "legacy.inf"), check_rc=0)
    # The legacy example has a hint: --fail-on hint fails the isolated one
    # only if it has any finding at all.
    rc, out, _ = run("--check", "--fail-on=hint", os.path.join(d, "isolated.inf"))
    assert_eq(rc, 1 if finding_lines(out) else 0, "--fail-on hint counts every finding")
    # Demoting every error below the threshold passes the run.
    rc, out, _ = run("--check", "--fail-on", "error", "--profile", "desktop",
                     os.path.join(d, "legacy.inf"))
    levels = {rest.split(":")[0].strip() for _, _, _, rest in finding_lines(out)}
    assert_eq(rc, 1 if "error" in levels else 0, "desktop profile: exit follows the levels")


@test
def test_usage_errors():
    for args in ([], ["--bogus", "x.inf"], ["--format", "xml", "x.inf"], ["--fail-on", "loud", "x"],
                 ["--profile", "nope", "x.inf"], ["--severity", "no-such-rule=off", "x.inf"],
                 ["--severity", "dirid-not-13=purple", "x.inf"], ["--format"]):
        rc, out, err = run("--check", *args)
        assert_eq(rc, 2, f"--check {args} is a usage error")
        assert err.strip(), f"--check {args} explains itself on stderr"
        assert_eq(out, "", "usage errors print nothing on stdout")
    rc, out, _ = run("--help")
    assert rc == 0 and "--check" in out and "--fail-on" in out
    rc, out, _ = run("--version")
    assert rc == 0 and out.startswith("inf-ls ")
    rc, _, err = run("--no-such-flag")
    assert rc == 2 and "unknown argument" in err


# ---- Encodings -----------------------------------------------------------------

def encodings_of(text):
    """text (str, may hold non-ASCII) in every encoding an INF may use."""
    return {
        "utf-8": text.encode("utf-8"),
        "utf-8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-16le-bom": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf-16be-bom": b"\xfe\xff" + text.encode("utf-16-be"),
        "cp1252": text.encode("cp1252"),
    }


ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-bom": "UTF-8 with BOM", "utf-16le-bom": "UTF-16LE",
                  "utf-16be-bom": "UTF-16BE", "cp1252": "Windows-1252"}


def legacy_with_accents():
    """The legacy example with non-ASCII text in its first comment, so that
    cp1252 and UTF-8 bytes differ."""
    text = example("legacy.inf").decode("ascii")
    assert text.startswith(";")
    return "; Fabrikam Widget — révision été €\r\n" + text


@test
def test_encodings_same_findings():
    d = tmpdir()
    outputs = {}
    for name, data in encodings_of(legacy_with_accents()).items():
        path = os.path.join(d, "pkg.inf")
        write(path, data)
        rc, out, err = run("--check", path)
        assert_eq(rc, 1, f"{name}: exit status")
        outputs[name] = out
        rc, js, _ = run("--check", "--format", "json", path)
        assert_eq(json.loads(js)["files"][0]["encoding"], ENCODING_NAMES[name],
                  f"{name}: detected encoding")
    # Only encoding-not-ansi (InfVerif 1003) depends on the encoding itself:
    # Windows reads only ANSI and UTF-16LE.
    enc_rule = "[encoding-not-ansi]"
    flagged = {n for n, out in outputs.items() if enc_rule in out}
    assert_eq(flagged, {"utf-8", "utf-8-bom", "utf-16be-bom"}, "encodings reported as not ANSI")
    same = lambda out: "\n".join(l for l in out.split("\n") if enc_rule not in l)
    for name, out in outputs.items():
        assert_eq(same(out), same(outputs["utf-8"]), f"{name} gives the same findings as UTF-8")
    assert outputs["utf-8"], "the legacy example has findings"


@test
def test_columns_count_characters():
    # Non-ASCII text before a DIRID 12 value on the same line: the column is
    # counted in characters, whatever the file's encoding.
    base = example("legacy.inf").decode("ascii")
    needle = "Widget_CopyFiles     = 12"
    assert needle in base, "examples/legacy.inf changed; update this test"
    # Non-ASCII characters inside the section name keep everything on the
    # same line (a comment would end it).
    renamed = base.replace("Widget_CopyFiles", "Widget_CopyFilés")
    d = tmpdir()
    for enc, data in (("utf-8", renamed.encode("utf-8")),
                      ("cp1252", renamed.encode("cp1252")),
                      ("utf-16le", b"\xff\xfe" + renamed.encode("utf-16-le"))):
        path = os.path.join(d, f"{enc}.inf")
        write(path, data)
        _, out, _ = run("--check", path)
        rows = renamed.replace("\r\n", "\n").split("\n")
        for _, ln, col, rest in finding_lines(out):
            line = rows[ln - 1]
            assert 1 <= col <= len(line) + 1, f"{enc}: column {col} beyond line {ln}: {line!r}"
        target = [f for f in finding_lines(out)
                  if "dirid-not-13" in f[3] and rows[f[1] - 1].startswith("Widget_CopyFil")]
        assert target, f"{enc}: the DIRID 12 line of Widget_CopyFilés is reported:\n{out}"
        _, ln, col, _ = target[0]
        assert_eq(rows[ln - 1][col - 1:col + 1], "12",
                  f"{enc}: column {col} points at the DIRID in characters")


def write_tmp(data, name="t.inf"):
    path = os.path.join(tmpdir(), name)
    write(path, data)
    return path


# ---- JSON ------------------------------------------------------------------------

@test
def test_json_format():
    d = tmpdir()
    write(os.path.join(d, "a", "legacy.inf"), example("legacy.inf"))
    write(os.path.join(d, "b", "isolated.INF"), example("isolated.inf"))
    rc, out, err = run("--check", "--format", "json", d, os.path.join(d, "missing.inf"))
    assert_eq(rc, 2, "an unreadable path wins over findings")
    doc = json.loads(out)  # one JSON document, nothing else on stdout
    assert set(doc) >= {"version", "files", "summary"}
    paths = [f["path"] for f in doc["files"]]
    assert_eq(paths, [os.path.join(d, "a", "legacy.inf"), os.path.join(d, "b", "isolated.INF")],
              "files in sorted order")
    legacy = doc["files"][0]
    assert legacy["diagnostics"], "legacy has findings"
    _, text_out, _ = run("--check", os.path.join(d, "a", "legacy.inf"))
    text = [(ln, col, rest.split(":", 1)[0].strip(), rest.rsplit("[", 1)[1].rstrip("]"))
            for _, ln, col, rest in finding_lines(text_out)]
    js = [(x["line"], x["column"], x["severity"], x["rule"]) for x in legacy["diagnostics"]]
    assert_eq(js, text, "JSON and text give the same 1-based positions")
    for x in legacy["diagnostics"]:
        assert x["endLine"] >= x["line"] and x["message"] and isinstance(x["related"], list)
        for r in x["related"]:
            assert r["line"] >= 1 and r["column"] >= 1 and "message" in r
    errors = sum(1 for f in doc["files"] for x in f["diagnostics"] if x["severity"] == "error")
    assert_eq(doc["summary"]["errors"], errors, "summary counts errors")
    assert doc["summary"]["unreadable"] == 1 and "missing.inf" in json.dumps(doc["errors"])


@test
def test_infverif_mode():
    """--infverif-mode k|u|w is the profile of InfVerif's mode; the codes,
    their levels and the WDK build are listed; JSON carries the template."""
    d = tmpdir()
    path = os.path.join(d, "legacy.inf")
    write(path, example("legacy.inf"))
    for mode, profile in (("k", "declarative"), ("u", "universal"), ("w", "isolated"),
                          ("/W", "isolated")):
        a = run("--check", "--format", "json", "--fail-on", "none", "--infverif-mode", mode, path)
        b = run("--check", "--format", "json", "--fail-on", "none", "--profile", profile, path)
        assert_eq(a, b, f"--infverif-mode {mode} is --profile {profile}")
    rc, out, err = run("--check", "--infverif-mode", "x", path)
    assert rc == 2 and "k, u or w" in err
    w = json.loads(run("--check", "--format", "json", "--fail-on", "none", "--infverif-mode",
                       "w", path)[1])["files"][0]["diagnostics"]
    u = json.loads(run("--check", "--format", "json", "--fail-on", "none", "--infverif-mode",
                       "u", path)[1])["files"][0]["diagnostics"]
    assert any(x.get("infverif") == 1322 for x in w), "1322 is an error in /w"
    assert not any(x.get("infverif") == 1322 for x in u), "1322 is not reported in /u"
    coded = [x for x in w if "infverif" in x]
    assert coded and all(x["infverifMessage"] for x in coded)
    t = next(x for x in coded if x["infverif"] == 1322)
    assert t["infverifMessage"].startswith("Destination file path"), t["infverifMessage"]
    rc, out, _ = run("--version")
    assert rc == 0 and "WDK 10.0.26200" in out
    rc, out, _ = run("--list-rules")
    assert rc == 0 and "WDK 10.0.26200" in out.splitlines()[0]
    assert "    InfVerif 1322  /k none    /u none    /w error" in out.splitlines()


# ---- Paths -------------------------------------------------------------------------

@test
def test_unreadable_file_continues():
    d = tmpdir()
    good = os.path.join(d, "legacy.inf")
    write(good, example("legacy.inf"))
    missing = os.path.join(d, "nope.inf")
    rc, out, err = run("--check", missing, good)
    assert_eq(rc, 2, "I/O errors give exit status 2")
    assert "nope.inf" in err and "No such file" in err, err
    assert finding_lines(out) and all(p == good for p, *_ in finding_lines(out)), \
        "the readable file is still checked"
    if os.geteuid() != 0:  # root reads anything
        locked = os.path.join(d, "locked.inf")
        write(locked, example("legacy.inf"))
        os.chmod(locked, 0)
        rc, out, err = run("--check", locked, good)
        assert rc == 2 and "locked.inf" in err and "Permission denied" in err


@test
def test_directory_recursion():
    d = tmpdir()
    data = example("legacy.inf")
    for rel in ("z.inf", "A.INF", "sub/deeper/x.Inx", "sub/y.inf", ".git/hidden.inf",
                "notes.txt", "sub/readme.md", "infinf"):
        write(os.path.join(d, rel), data)
    os.symlink(d, os.path.join(d, "sub", "loop"))  # must not be followed
    rc, out, _ = run("--check", "--format", "json", d)
    paths = [os.path.relpath(f["path"], d) for f in json.loads(out)["files"]]
    assert_eq(paths, ["A.INF", "sub/deeper/x.Inx", "sub/y.inf", "z.inf"],
              "INF and INX files, any case, sorted, hidden folders skipped")
    # A file named explicitly is checked whatever its extension.
    rc, out, _ = run("--check", os.path.join(d, "notes.txt"))
    assert_eq(rc, 1, "an explicit file is checked")


# ---- Settings ----------------------------------------------------------------------

@test
def test_config_file_and_flags():
    d = tmpdir()
    pkg = os.path.join(d, "drivers", "widget")
    path = os.path.join(pkg, "legacy.inf")
    write(path, example("legacy.inf"))
    _, out, _ = run("--check", path)
    before = rules_of(out)
    assert "dirid-not-13" in before
    # Found by walking up from the INF's folder.
    write(os.path.join(d, ".inf-ls.json"),
          json.dumps({"severity": {"dirid-not-13": "off",
                                   "servicebinary-not-dirid13": "warning"}}).encode())
    _, out, _ = run("--check", path)
    assert "dirid-not-13" not in rules_of(out), out
    levels = {rest.split(":")[0].strip() for _, _, _, rest in finding_lines(out)
              if rest.endswith("[servicebinary-not-dirid13]")}
    assert_eq(levels, {"warning"}, "the file overrides a severity")
    # A relative path finds it too.
    _, out2, _ = run("--check", os.path.join("drivers", "widget", "legacy.inf"), cwd=d)
    assert "dirid-not-13" not in rules_of(out2)
    # Command-line flags override the file.
    _, out, _ = run("--check", "--severity", "dirid-not-13=error", path)
    assert "dirid-not-13" in rules_of(out)
    # --config replaces the search.
    other = os.path.join(d, "other.json")
    write(other, json.dumps({"profile": "isolated"}).encode())
    _, out, _ = run("--check", "--config", other, path)
    assert "dirid-not-13" in rules_of(out)
    # Mistakes in the file are warnings, never a crash.
    write(os.path.join(pkg, ".inf-ls.json"),
          json.dumps({"profile": "strictest", "severity": {"no-such-rule": "off",
                                                           "dirid-not-13": "off"},
                      "colour": "blue"}).encode())
    rc, out, err = run("--check", path)
    assert rc in (0, 1), err
    for word in ("strictest", "no-such-rule", "colour"):
        assert word in err, f"warning about {word}: {err}"
    assert "dirid-not-13" not in rules_of(out), "valid entries still apply"
    write(os.path.join(pkg, ".inf-ls.json"), b"{ not json")
    rc, out, err = run("--check", path)
    assert rc == 1 and "invalid JSON" in err and finding_lines(out)
    rc, _, err = run("--check", "--config", os.path.join(d, "absent.json"), path)
    assert rc == 2 and "absent.json" in err


@test
def test_inline_suppression():
    text = example("legacy.inf").decode("ascii")
    line = "Widget_CopyFiles     = 12"

    def hits(data):
        path = write_tmp(data.encode())
        _, out, _ = run("--check", path)
        rows = data.split("\r\n")
        return [f for f in finding_lines(out)
                if f[3].endswith("[dirid-not-13]") and rows[f[1] - 1].startswith(line)]

    assert hits(text), "control: the line is reported without a comment"
    assert_eq(hits(text.replace(line, "; inf-ls: ignore dirid-not-13\r\n" + line)), [],
              "a comment on the line above suppresses the finding")
    assert_eq(hits(text.replace(line, line + " ; inf-ls: ignore dirid-not-13")), [],
              "a comment on the line suppresses the finding")
    assert hits(text.replace(line, "; inf-ls: ignore registry-global-root\r\n" + line)), \
        "a comment about another rule does not"



@test
def test_syntax_errors():
    """Broken text is reported (issue 11): a last line `[Inst` with no `]`
    and no line end is an error at its line, an unclosed quote a warning at
    the quote, and the lines after it are read as usual."""
    text = (b'[Version]\r\nSignature="$Windows NT$"\r\n[Strings]\r\n'
            b'Desc = "NVIDIA GP107GL\r\nNext = "ok"\r\n[Inst')
    rc, out, _ = run("--check", write_tmp(text))
    found = [(line, col, rest) for _, line, col, rest in finding_lines(out)
             if rest.endswith("[syntax-error]") or rest.endswith("[unbalanced-quote]")]
    assert_eq([(line, col, rest.split(":")[0].strip(), rest.rsplit("[", 1)[1])
               for line, col, rest in found],
              [(4, 8, "warning", "unbalanced-quote]"), (6, 1, "error", "syntax-error]")],
              "one warning at the open quote, one error at the header")
    assert_eq(rc, 1, "the syntax error fails the run")


# ---- --fix and --diff ----------------------------------------------------------------

@test
def test_fix_keeps_encoding_and_is_idempotent():
    base = legacy_with_accents()
    assert "\r\n" in base
    d = tmpdir()
    reference = os.path.join(d, "reference.inf")
    write(reference, base.encode("utf-8"))
    run("--check", "--fix", "--fail-on", "none", reference, check_rc=0)
    fixed_text = read(reference).decode("utf-8")
    assert fixed_text != base, "--fix changed the legacy example"
    _, out, _ = run("--check", reference)
    assert_eq(set(rules_of(out)) & FIXABLE_RULES, set(), "no fixable finding remains")
    # Line endings: still CRLF everywhere, no bare LF or CR introduced.
    assert fixed_text.count("\n") == fixed_text.count("\r\n") == base.count("\n")

    for name, data in encodings_of(base).items():
        path = os.path.join(d, f"{name}.inf")
        write(path, data)
        os.chmod(path, 0o640)
        run("--check", "--fix", "--fail-on", "none", path, check_rc=0)
        after = read(path)
        assert_eq(stat.S_IMODE(os.stat(path).st_mode), 0o640, f"{name}: mode kept")
        assert_eq(after, encodings_of(fixed_text)[name],
                  f"{name}: the same fix, written back in its own encoding and BOM")
        # Idempotent: a second run changes nothing, and says so.
        _, _, err = run("--check", "--fix", "--fail-on", "none", path)
        assert_eq(read(path), after, f"{name}: second --fix is a no-op")
        assert "0 fixed" in err, err
    leftovers = [n for n in os.listdir(d) if n.startswith(".")]
    assert_eq(leftovers, [], "no temporary files left behind")


@test
def test_fix_through_symlink():
    d = tmpdir()
    real = os.path.join(d, "real.inf")
    write(real, example("legacy.inf"))
    link = os.path.join(d, "link.inf")
    os.symlink(real, link)
    run("--check", "--fix", "--fail-on", "none", link, check_rc=0)
    assert os.path.islink(link), "the symlink stays a symlink"
    assert read(real) != example("legacy.inf"), "its target was fixed"


@test
def test_diff():
    d = tmpdir()
    path = os.path.join(d, "legacy.inf")
    write(path, example("legacy.inf"))
    rc, out, err = run("--check", "--diff", path)
    assert_eq(read(path), example("legacy.inf"), "--diff writes nothing")
    assert out.startswith(f"--- a/{path}\n+++ b/{path}\n@@ "), out[:200]
    assert "-Widget_CopyFiles     = 12\r\n" in out and "+Widget_CopyFiles     = 13\r\n" in out
    assert "[servicebinary-inbox-binary]" in err, "findings go to stderr with --diff"
    # The diff is a real patch: applying it gives what --fix writes.
    fixed = os.path.join(d, "fixed.inf")
    write(fixed, example("legacy.inf"))
    run("--check", "--fix", "--fail-on", "none", fixed, check_rc=0)
    if shutil.which("patch"):
        target = os.path.join(d, "patched.inf")
        write(target, example("legacy.inf"))
        p = subprocess.run(["patch", "--binary", "-s", target], input=out.encode(),
                           capture_output=True)
        assert p.returncode == 0, p.stderr.decode() + p.stdout.decode()
        assert_eq(read(target), read(fixed), "patch(1) applies the diff")
    # Nothing to fix: no diff at all.
    iso = os.path.join(d, "isolated.inf")
    write(iso, example("isolated.inf"))
    _, out, _ = run("--check", "--diff", "--fail-on", "none", iso)
    assert_eq(out, "", "no diff for a clean file")
    _, out, _ = run("--check", "--diff", "--format", "json", path)
    assert "+Widget_CopyFiles" in json.loads(out)["files"][0]["diff"]


@test
def test_readme_output():
    """The README shows real output of `inf-ls --check examples/`."""
    p = subprocess.run([INF_LS, "--check", "examples/"], cwd=SOURCE, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    a = readme.index("```text\nexamples/") + len("```text\n")
    block = readme[a:readme.index("```", a)]
    assert_eq(block, p.stdout.decode("utf-8"),
              "README.md is out of date: run scripts/update-readme-output.py build/server/inf-ls")


def main():
    global INF_LS, SOURCE, GOLDEN
    if len(sys.argv) != 4 or sys.argv[3] not in TESTS:
        print(f"usage: {sys.argv[0]} INF_LS SOURCE_DIR TEST\ntests: {' '.join(TESTS)}",
              file=sys.stderr)
        return 2
    INF_LS, SOURCE = os.path.abspath(sys.argv[1]), sys.argv[2]
    GOLDEN = os.path.join(SOURCE, "tests", "check", "golden")
    try:
        if TESTS[sys.argv[3]]() == 77:
            print(f"skip {sys.argv[3]}")
            return 77
    except AssertionError as e:
        print(f"FAIL {sys.argv[3]}: {e}", file=sys.stderr)
        return 1
    print(f"ok {sys.argv[3]}")
    return 0

# ---- CI formats, InfVerif codes, --explain (issue 14) ------------------------------

GOLDEN = None  # tests/check/golden, set in main()


def golden(name, got):
    """Compares got with tests/check/golden/NAME; INFLS_UPDATE_GOLDEN=1
    rewrites the file instead (review the diff before committing)."""
    path = os.path.join(GOLDEN, name)
    if os.environ.get("INFLS_UPDATE_GOLDEN"):
        write(path, got.encode("utf-8"))
        return
    with open(path, encoding="utf-8", newline="") as f:
        want = f.read()
    if got != want:
        import difflib
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            "golden/" + name, "got"))
        raise AssertionError(f"output differs from golden/{name}:\n{diff}")


def findings_json(*args, cwd=None):
    rc, out, err = run("--check", "--format", "json", "--fail-on", "none", *args, cwd=cwd)
    assert rc == 0, err
    return [(f["path"], x) for f in json.loads(out)["files"] for x in f["diagnostics"]]


@test
def test_github_format_golden():
    # Paths relative to the source folder so the golden file is the same
    # on every machine.
    rc, out, err = run("--check", "--format", "github", os.path.join("examples", "legacy.inf"),
                       cwd=SOURCE)
    assert_eq(rc, 1, "findings at error still fail the run")
    assert " checked: " in err, "the summary stays on stderr"
    golden("legacy.github", out)
    # GitHub's escaping: %, CR and LF everywhere; ':' and ',' in properties.
    d = tmpdir()
    write(os.path.join(d, "a,b:c%d.inf"),
          b'[Version]\r\nSignature = "$WINDOWS NT$"\r\nProvider = %Mfg%\r\nPnpLockdown = 1\r\n')
    _, out, _ = run("--check", "--format", "github", "a,b:c%d.inf", cwd=d)
    golden("escapes.github", out)
    for line in out.splitlines():
        assert line.startswith("::error file=a%2Cb%3Ac%25d.inf,line="), line


@test
def test_sarif_format():
    d = tmpdir()
    pkg = os.path.join(d, "repo", "drivers")
    write(os.path.join(pkg, "legacy.inf"), example("legacy.inf"))
    # A character outside the BMP before a finding: 2 UTF-16 code units.
    write(os.path.join(pkg, "wide.inf"),
          '[Version]\nSignature = "$WINDOWS NT$"\nProvider = "\U0001F600" %Nope%\n'.encode())
    root = os.path.join(d, "repo")
    rc, out, err = run("--check", "--format", "sarif", "--sarif-root", root, pkg)
    assert_eq(rc, 1, "exit status as with text")
    log = json.loads(out)
    assert_eq(log["version"], "2.1.0")
    assert_eq(len(log["runs"]), 1, "one run")
    run0 = log["runs"][0]
    assert_eq(run0["columnKind"], "utf16CodeUnits")
    driver = run0["tool"]["driver"]
    assert driver["name"] == "inf-ls" and driver["version"] and driver["informationUri"]
    rules = {r["id"]: r for r in driver["rules"]}
    _, listing, _ = run("--list-rules")
    assert_eq(set(rules), {line.split()[0] for line in listing.splitlines()
                           if line and line[0] not in "# "}, "every rule")
    d13 = rules["dirid-not-13"]
    assert d13["shortDescription"]["text"] and d13["fullDescription"]["text"]
    assert d13["helpUri"].startswith("https://") and "```inf bad" in d13["help"]["markdown"]
    assert_eq(d13["defaultConfiguration"]["level"], "error")
    assert_eq(d13["properties"]["infverif"], 1322)
    assert_eq(rules["unused-section"]["defaultConfiguration"]["level"], "note")
    results = run0["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert_eq(uris, {"drivers/legacy.inf", "drivers/wide.inf"}, "URIs relative to --sarif-root")
    assert_eq(run0["originalUriBaseIds"]["SRCROOT"]["uri"], "file://" + root + "/")
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in ("error", "warning", "note") and r["message"]["text"]
    token = [r for r in results if r["ruleId"] == "string-token-undefined"]
    assert_eq(len(token), 1, "the undefined token in wide.inf")
    region = token[0]["locations"][0]["physicalLocation"]["region"]
    # 'Provider = "' is 12 units, the emoji 2, then '" ' 2: the token starts at unit 17.
    assert_eq((region["startLine"], region["startColumn"]), (3, 17), "UTF-16 columns, 1-based")
    fixable = [r for r in results if r["ruleId"] == "dirid-not-13" and "fixes" in r]
    assert fixable, "a fixable finding carries its fix"
    change = fixable[0]["fixes"][0]["artifactChanges"][0]
    assert_eq(change["artifactLocation"]["uri"], "drivers/legacy.inf")
    assert any(rep["insertedContent"]["text"] == "3" for rep in change["replacements"])
    assert any(r.get("relatedLocations") for r in results if r["ruleId"] == "dirid-not-13")
    assert all(r["properties"]["infverif"] for r in results if "properties" in r)
    # Default root: the current directory; outside it, absolute file: URIs.
    _, out, _ = run("--check", "--format", "sarif", os.path.join("drivers", "legacy.inf"),
                    cwd=root)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(out)["runs"][0]["results"]}
    assert_eq(uris, {"drivers/legacy.inf"})
    os.makedirs(os.path.join(d, "x"))
    _, out, _ = run("--check", "--format", "sarif", "--sarif-root", pkg, os.path.join(d, "x", "..",
                    "repo", "drivers", "legacy.inf"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(out)["runs"][0]["results"]}
    assert_eq(uris, {"legacy.inf"}, "'..' folded before comparing with the root")
    rc, _, err = run("--check", "--format", "sarif", "--diff", pkg)
    assert rc == 2 and "--diff" in err


@test
def test_sarif_schema():
    """The SARIF output validates against the SARIF 2.1.0 JSON schema
    (tests/check/sarif-schema-2.1.0.json) with ajv, which the fixture
    check.npm_validator installs; skips (77) without node or the validator."""
    modules = os.environ.get("INFLS_NPM_MODULES", "")
    node = shutil.which("node")
    if not node or not os.path.isdir(os.path.join(modules, "ajv-draft-04")):
        print("node or the ajv validator is missing; skipping")
        return 77
    d = tmpdir()
    write(os.path.join(d, "legacy.inf"), example("legacy.inf"))
    write(os.path.join(d, "isolated.inf"), example("isolated.inf"))
    write(os.path.join(d, "odd name é.inf"), b"[Version\n%x%\n")
    files = []
    for i, args in enumerate([[d], [os.path.join(d, "isolated.inf")],
                              ["--sarif-root", "/nonexistent", d]]):
        _, out, _ = run("--check", "--format", "sarif", *args)
        files.append(os.path.join(d, f"{i}.sarif"))
        write(files[-1], out.encode())
    schema = os.path.join(SOURCE, "tests", "check", "sarif-schema-2.1.0.json")
    p = subprocess.run([node, os.path.join(SOURCE, "tests", "check", "validate_sarif.js"),
                        modules, schema, *files], capture_output=True, text=True)
    print(p.stdout, p.stderr)
    if p.returncode == 77:
        return 77
    assert_eq(p.returncode, 0, "valid SARIF 2.1.0")
    # The validator does reject a broken log.
    broken = json.loads(open(files[0]).read())
    broken["runs"][0]["results"][0]["level"] = "fatal"
    write(files[0], json.dumps(broken).encode())
    p = subprocess.run([node, os.path.join(SOURCE, "tests", "check", "validate_sarif.js"),
                        modules, schema, files[0]], capture_output=True, text=True)
    assert_eq(p.returncode, 1, "a wrong level is caught")


@test
def test_json_version_and_order():
    d = tmpdir()
    write(os.path.join(d, "b", "legacy.inf"), example("legacy.inf"))
    write(os.path.join(d, "a", "z", "legacy.inf"), example("legacy.inf"))
    write(os.path.join(d, "a", "isolated.inf"), example("isolated.inf"))
    _, out1, _ = run("--check", "--format", "json", "b", "a", cwd=d)
    _, out2, _ = run("--check", "--format", "json", "a", "b", cwd=d)
    doc = json.loads(out1)
    assert_eq(doc["version"], 1, "schema version")
    assert doc["tool"]["name"] == "inf-ls" and doc["tool"]["version"]
    paths = [f["path"] for f in doc["files"]]
    assert_eq(paths, sorted(paths), "files ordered by path whatever the order of arguments")
    assert_eq(paths, ["a/isolated.inf", "a/z/legacy.inf", "b/legacy.inf"])
    assert_eq([f["diagnostics"] for f in doc["files"]],
              [f["diagnostics"] for f in json.loads(out2)["files"]], "same findings")
    for f in doc["files"]:
        keys = [(x["line"], x["column"], x["rule"]) for x in f["diagnostics"]]
        assert_eq(keys, sorted(keys), "findings ordered by line, column and rule")


@test
def test_infverif_codes_in_settings():
    d = tmpdir()
    path = os.path.join(d, "legacy.inf")
    write(path, example("legacy.inf"))
    base = findings_json(path)
    by_code = lambda fs, code: {(x["rule"], x["severity"]) for _, x in fs
                                if x.get("infverif") == code}
    # 1322 is reported by two rules here: dirid-not-13 and servicebinary-not-dirid13.
    assert_eq({r for r, _ in by_code(base, 1322)}, {"dirid-not-13", "servicebinary-not-dirid13"})
    others = [x for _, x in base if x.get("infverif") != 1322]
    assert others, "findings with other codes exist"
    # In .inf-ls.json: every finding with the code, whichever rule.
    write(os.path.join(d, ".inf-ls.json"), json.dumps({"severity": {"1322": "warning"}}).encode())
    fs = findings_json(path)
    assert_eq({s for _, s in by_code(fs, 1322)}, {"warning"})
    assert_eq(len(by_code(fs, 1322)), 2, "both rules still report")
    assert_eq([x for _, x in fs if x.get("infverif") != 1322], others, "other codes untouched")
    os.remove(os.path.join(d, ".inf-ls.json"))
    # --severity CODE=LEVEL and --suppress CODE.
    assert_eq(by_code(findings_json("--severity", "1322=off", path), 1322), set())
    fs = findings_json("--suppress", "1322", path)
    assert_eq(by_code(fs, 1322), set())
    assert_eq([x for _, x in fs], others, "--suppress removes only that code")
    assert_eq(by_code(findings_json("--suppress", "dirid-not-13", path), 1322),
              {("servicebinary-not-dirid13", "error")}, "--suppress takes a rule id too")
    # A code only one rule reports, on a hint-level rule.
    unused = os.path.join(d, "unused.inf")
    with open(os.path.join(SOURCE, "docs", "rules", "unused-section.md"), encoding="utf-8") as f:
        write(unused, f.read().split("```inf bad\n")[1].split("```")[0].encode())
    assert any(x["rule"] == "unused-section" for _, x in findings_json(unused))
    assert not any(x["rule"] == "unused-section"
                   for _, x in findings_json("--severity", "2083=off", unused))
    # The later setting wins: the file turns the code off, the flag turns
    # one of its rules back on.
    write(os.path.join(d, ".inf-ls.json"), json.dumps({"severity": {"1322": "off"}}).encode())
    fs = findings_json("--severity", "dirid-not-13=warning", path)
    assert_eq(by_code(fs, 1322), {("dirid-not-13", "warning")})
    os.remove(os.path.join(d, ".inf-ls.json"))
    # On one command line too, in both orders.
    fs = findings_json("--severity", "dirid-not-13=off", "--severity", "1322=warning", path)
    assert_eq(by_code(fs, 1322), {("dirid-not-13", "warning"), ("servicebinary-not-dirid13",
                                                                 "warning")})
    assert not [x for _, x in fs if x["rule"] == "dirid-not-13" and not x.get("infverif")], \
        "the rule's findings without the code stay off"
    fs = findings_json("--severity", "1322=warning", "--severity", "dirid-not-13=off", path)
    assert not [x for _, x in fs if x["rule"] == "dirid-not-13"]
    # A code no rule reports, or a bad level, is a usage error on the command line.
    for args in (["--severity", "9999=off"], ["--suppress", "9999"], ["--severity", "1322=loud"],
                 ["--suppress", "no-such-rule"]):
        rc, _, err = run("--check", *args, path)
        assert rc == 2 and ("9999" in err or "loud" in err or "no-such-rule" in err), (args, err)
    write(os.path.join(d, ".inf-ls.json"), json.dumps({"severity": {"9999": "off"}}).encode())
    rc, _, err = run("--check", path)
    assert rc == 1 and "9999" in err, "an unknown code in the file is a warning"


@test
def test_list_rules_and_explain():
    rc, out, _ = run("--list-rules")
    assert rc == 0
    # Rule lines; '#' opens the header, indented lines are a rule's codes.
    rows = {line.split()[0]: line.split() for line in out.splitlines()
            if line and not line.startswith("#") and not line[0].isspace()}
    assert_eq(rows["dirid-not-13"][2], "1322")
    assert_eq(rows["servicebinary-not-dirid13"][2], "1322,2084,2085")
    assert_eq(rows["duplicate-string-key"][2], "-", "a rule with no InfVerif code")
    for rule in rows:
        rc, text, err = run("--explain", rule)
        assert rc == 0, err
        assert text.startswith(f"# {rule}\n") and "## Why" in text, rule
        assert "```inf bad" in text and "```inf fixed" in text and "InfVerif codes:" in text
    # A code explains every rule that reports it.
    rc, text, _ = run("--explain", "1322")
    titles = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    assert {"dirid-not-13", "servicebinary-not-dirid13"} <= set(titles), titles
    rc, _, err = run("--explain", "no-such-rule")
    assert rc == 2 and "no-such-rule" in err
    rc, _, err = run("--explain")
    assert rc == 2


STAMPINF_TOKENS = ("$ARCH$", "$KMDFVERSION$", "$KMDFCOINSTALLERVERSION$", "$UMDFVERSION$",
                   "$UMDFCOINSTALLERVERSION$")
# Rules that would misread a token as a name, a number or bad syntax.
TOKEN_SENSITIVE = {"undefined-section", "bad-number", "malformed-addreg",
                   "malformed-destinationdirs", "malformed-sourcedisksfiles", "syntax-error",
                   "string-token-undefined", "unknown-directive"}


@test
def test_inx_corpus():
    """No finding on the corpus .inx templates that only a stampinf token
    causes: every finding of the template (tokens left in) on a line with a
    token is also found when the tokens are expanded (--arch amd64), and no
    token-sensitive rule names a token. Skips (77) without ../shared/corpus."""
    corpus = os.path.join(SOURCE, "..", "shared", "corpus")
    if not os.path.isdir(corpus):
        print("no ../shared/corpus; skipping")
        return 77
    templates = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(corpus) for f in fs
                       if f.lower().endswith(".inx"))
    assert len(templates) >= 20, templates
    with_token = 0
    for arch in ("amd64", "arm64", "x86"):
        placeholders = findings_json(*templates)
        expanded = findings_json("--arch", arch, *templates)
        lines = {}
        for path in templates:
            with open(path, "rb") as f:
                lines[path] = f.read().decode("utf-8", "replace").splitlines()
        keep = {(p, x["rule"], x["line"]) for p, x in expanded}
        for path, x in placeholders:
            text = lines[path][x["line"] - 1] if x["line"] <= len(lines[path]) else ""
            if not any(t in text for t in STAMPINF_TOKENS):
                continue
            with_token += 1
            assert (path, x["rule"], x["line"]) in keep, \
                f"{path}:{x['line']}: {x['rule']} only because of a stampinf token: {x['message']}"
        for path, x in placeholders + expanded:
            if x["rule"] in TOKEN_SENSITIVE:
                assert not any(t in x["message"] for t in STAMPINF_TOKENS), \
                    f"{path}:{x['line']}: {x['rule']} about a token: {x['message']}"
    print(f"{len(templates)} templates, {with_token} findings on token lines checked")


@test
def test_arch_expansion():
    d = tmpdir()
    inx = os.path.join(d, "t.inx")
    # A finding after two tokens on its line: its column is the template's.
    write(inx, b'[Version]\nSignature = "$WINDOWS NT$"\nPnpLockdown = 1\nProvider = %Mfg%\nCatalogFile = t.cat\n'
               b'[Manufacturer]\n%Mfg% = Std,NT$ARCH$.10.0...16299\n'
               b'[Std.NT$ARCH$.10.0...16299]\n%Dev% = Inst, Root\\T\n'
               b'[Inst.NT]\nAddReg = Inst_AddReg\n[Inst.NT.Services]\nAddService = ,2\n'
               b'[Inst_AddReg]\nHKR,,Lib$KMDFCOINSTALLERVERSION$$ARCH$,,%Nope%\n'
               b'[Strings]\nMfg = "M"\nDev = "D"\n')
    want = ("string-token-undefined", 15, 41)
    for args in ([], ["--arch", "amd64"], ["--arch", "x86"], ["--arch=arm64"]):
        fs = [(x["rule"], x["line"], x["column"]) for _, x in findings_json(*args, inx)]
        assert_eq(fs, [want], f"findings with {args}")
    # The expansion is what gets checked: a Models section for one
    # architecture only is undefined for the others.
    write(inx, b'[Version]\nSignature = "$WINDOWS NT$"\nPnpLockdown = 1\nProvider = %Mfg%\nCatalogFile = t.cat\n'
               b'[Manufacturer]\n%Mfg% = Std,NT$ARCH$\n'
               b'[Std.NTamd64]\n%Dev% = Inst, Root\\T\n'
               b'[Inst.NT]\n[Inst.NT.Services]\nAddService = ,2\n'
               b'[Strings]\nMfg = "M"\nDev = "D"\n')
    rules = lambda args: sorted(x["rule"] for _, x in findings_json(*args, inx))
    assert "undefined-section" not in rules(["--arch", "amd64"])
    assert "undefined-section" in rules(["--arch", "arm64"]), rules(["--arch", "arm64"])
    # Plain .inf files are not templates.
    plain = os.path.join(d, "t.inf")
    shutil.copy(inx, plain)
    assert_eq([x["rule"] for _, x in findings_json("--arch", "arm64", plain)], [],
              "an .inf keeps its placeholders")
    for args in (["--arch", "ia64"], ["--arch", "amd64", "--fix"], ["--arch", "amd64", "--diff"]):
        rc, _, err = run("--check", *args, inx)
        assert rc == 2 and "--arch" in err, (args, err)


if __name__ == "__main__":
    sys.exit(main())
