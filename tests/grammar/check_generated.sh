#!/bin/sh
# Regenerates the parser from grammar.js in a temporary copy and fails if the
# committed generated files differ. Exit 77 (skip) without the CLI or node.
set -u
grammar_dir=$1
cli=$2
if [ ! -x "$cli" ] || ! command -v node >/dev/null 2>&1; then
    echo "SKIP: tree-sitter CLI ($cli) or node not available"
    exit 77
fi
# The CLI wrapper fetches itself on first use; without a mirror it cannot run.
if ! "$cli" --version >/dev/null 2>&1; then
    echo "SKIP: $cli does not run here"
    exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cp "$grammar_dir/grammar.js" "$tmp/"
[ -f "$grammar_dir/package.json" ] && cp "$grammar_dir/package.json" "$tmp/"
mkdir -p "$tmp/src"
cp "$grammar_dir/src/scanner.c" "$tmp/src/"
if ! (cd "$tmp" && "$cli" generate --no-bindings >"$tmp/generate.log" 2>&1); then
    cat "$tmp/generate.log"
    echo "FAIL: tree-sitter generate failed"
    exit 1
fi
status=0
for f in src/parser.c src/grammar.json src/node-types.json src/tree_sitter/parser.h \
         src/tree_sitter/alloc.h src/tree_sitter/array.h; do
    if ! cmp -s "$grammar_dir/$f" "$tmp/$f"; then
        echo "FAIL: $f differs from what grammar.js generates; run tree-sitter generate in grammar/"
        status=1
    fi
done
[ $status -eq 0 ] && echo "generated files are up to date"
exit $status
