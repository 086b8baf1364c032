#!/bin/sh
# The VS Code extension's unit test (stand-in vscode module). Exit 77 = skipped.
#   tests/editors/vscode-unit.sh SOURCE_DIR
set -u
src=$1
command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed"; exit 77; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || { echo "SKIP: node $major has no built-in test runner"; exit 77; }
exec node --test "$src/tests/editors/vscode/"
