#!/usr/bin/env python3
"""Every Microsoft sample INF in its own InfVerif mode, as Microsoft builds it.

usage: wds_samples.py INF_LS SHARED_DIR README

Reads SHARED_DIR/reference/wds-platforms.tsv (sample path, DriverTargetPlatform),
runs `inf-ls --check --profile P` on each sample SHARED_DIR/corpus holds, and
compares the errors (minus the five codes Microsoft's build suppresses) with
the genuine-defect table of README. Fails on an error the table lacks, on a
row that no longer comes out, and on a row whose InfVerif code differs.
Exit 77 (skip) when SHARED_DIR is absent.
"""
import json
import os
import subprocess
import sys

PROFILES = {"Windows Driver": "isolated", "Universal": "universal", "Desktop": "desktop"}
SUPPRESSED = {1284, 1285, 1293, 2083, 2086}
TABLE_HEADER = ["sample", "profile", "line", "rule", "InfVerif", "evidence"]


def read_platforms(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2 or parts[1] not in PROFILES:
                sys.exit(f"{path}:{n}: expected 'path<TAB>platform', got {line!r}")
            rows.append((parts[0].replace("/", "__"), PROFILES[parts[1]]))
    return rows


def cells(line):
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|")):
        return None
    return [c.strip() for c in line[1:-1].split("|")]


def read_table(path):
    """{(sample, profile, line, rule): infverif} from the README's table."""
    table = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if cells(line) == TABLE_HEADER:
            start = i + 2  # skip the |---| row
            break
    if start is None:
        sys.exit(f"{path}: no table with header {' | '.join(TABLE_HEADER)}")
    for i in range(start, len(lines)):
        c = cells(lines[i])
        if c is None:
            break
        if len(c) != len(TABLE_HEADER) or not c[2].isdigit() or not c[4].isdigit() or not c[5]:
            sys.exit(f"{path}:{i + 1}: malformed row {lines[i]!r}")
        key = (c[0], c[1], int(c[2]), c[3])
        if key in table:
            sys.exit(f"{path}:{i + 1}: duplicate row {lines[i]!r}")
        table[key] = int(c[4])
    return table


def errors_of(inf_ls, path, profile):
    r = subprocess.run([inf_ls, "--check", "--format", "json", "--fail-on", "none",
                        "--profile", profile, path], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"inf-ls failed ({r.returncode}) on {path}: {r.stderr.strip()}")
    out = []
    for d in json.loads(r.stdout)["files"][0]["diagnostics"]:
        code = d.get("infverif")
        if d["severity"] == "error" and code not in SUPPRESSED:
            out.append((d["line"], d["rule"], code, d["message"]))
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    inf_ls, shared, readme = sys.argv[1:]
    tsv = os.path.join(shared, "reference", "wds-platforms.tsv")
    corpus = os.path.join(shared, "corpus", "Windows-driver-samples")
    if not os.path.isfile(tsv) or not os.path.isdir(corpus):
        print(f"skipped: {tsv} or {corpus} absent")
        return 77
    table = read_table(readme)
    seen = set()
    failures = []
    checked = 0
    absent = 0
    for sample, profile in read_platforms(tsv):
        path = os.path.join(corpus, sample)
        if not os.path.isfile(path):
            absent += 1
            continue
        checked += 1
        for line, rule, code, message in errors_of(inf_ls, path, profile):
            key = (sample, profile, line, rule)
            if key not in table:
                failures.append(f"not in the table: {sample} [{profile}] line {line} "
                                f"{rule} (InfVerif {code}): {message}")
            elif table[key] != code:
                failures.append(f"InfVerif code: {sample} [{profile}] line {line} {rule} "
                                f"reports {code}, the table says {table[key]}")
            if key in table:
                seen.add(key)
    for key in sorted(set(table) - seen):
        failures.append("stale row, no longer reported: %s [%s] line %d %s" % key)
    print(f"{checked} samples checked in their profile ({absent} of the list not in the "
          f"corpus), {len(seen)} recorded errors")
    if checked == 0:
        failures.append("no sample of the list is in the corpus")
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
