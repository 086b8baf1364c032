#!/usr/bin/env python3
"""Regenerates the `inf-ls --check examples/` block of README.md.

    scripts/update-readme-output.py build/server/inf-ls

tests/check (readme_output) fails when the block is out of date.
"""
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
START = "```text\nexamples/"


def current_output(binary):
    p = subprocess.run([os.path.abspath(binary), "--check", "examples/"], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.stdout.decode("utf-8")


def readme_block(readme):
    a = readme.index(START) + len("```text\n")
    b = readme.index("```", a)
    return a, b


def main():
    path = os.path.join(ROOT, "README.md")
    with open(path, encoding="utf-8") as f:
        readme = f.read()
    a, b = readme_block(readme)
    # Run the binary before opening README.md for writing: a failed run must
    # leave the file as it was.
    output = current_output(sys.argv[1])
    with open(path, "w", encoding="utf-8") as f:
        f.write(readme[:a] + output + readme[b:])


if __name__ == "__main__":
    main()
