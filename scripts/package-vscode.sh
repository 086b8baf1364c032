#!/usr/bin/env bash
# Packages the VS Code extension with the servers bundled:
#   ./scripts/package-vscode.sh [OUT_DIR]
# - OUT_DIR/inf-ls-VERSION.vsix: server/linux-x64/inf-ls and
#   server/win32-x64/inf-ls.exe; the extension picks one at run time;
# - OUT_DIR/inf-ls-linux-x64-VERSION.vsix, inf-ls-win32-x64-VERSION.vsix:
#   one server each, marked with vsce --target, as the Marketplace expects.
# Builds neither binary: build/server/inf-ls comes from setup-and-test.sh,
# build-windows/server/inf-ls.exe from build-windows.sh (INFLS_LINUX_BIN and
# INFLS_WINDOWS_EXE override the paths). Needs Node 20 and the npm registry.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

OUT=$(mkdir -p "${1:-$INFLS_ROOT/build-vsix}" && cd "${1:-$INFLS_ROOT/build-vsix}" && pwd)
LINUX_BIN=${INFLS_LINUX_BIN:-$INFLS_ROOT/build/server/inf-ls}
WINDOWS_EXE=${INFLS_WINDOWS_EXE:-$INFLS_ROOT/build-windows/server/inf-ls.exe}
for f in "$LINUX_BIN" "$WINDOWS_EXE"; do
    [ -f "$f" ] || { infls_say "missing $f (build it first)"; exit 1; }
done
version=$(node -p "require('$INFLS_ROOT/editors/vscode/package.json').version")

stage=$(mktemp -d "${TMPDIR:-/tmp}/inf-ls-vsix.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# A copy, so that the source tree gets no node_modules and no servers.
(cd "$INFLS_ROOT/editors/vscode" && tar cf - --exclude=node_modules --exclude=server --exclude='*.vsix' .) |
    (cd "$stage" && tar xf -)
cd "$stage"
infls_say "npm ci (editors/vscode)"
npm ci --include=dev --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null

put() { # platform-arch, binary
    mkdir -p "server/$1"
    cp "$2" "server/$1/"
    chmod 0755 "server/$1/$(basename "$2")"
}
package() { # output file, vsce arguments...
    local out=$1
    shift
    npx --no-install vsce package "$@" -o "$out" </dev/null >/dev/null
    infls_say "wrote $out ($(stat -c %s "$out") bytes)"
}

rm -rf server
put linux-x64 "$LINUX_BIN"
put win32-x64 "$WINDOWS_EXE"
package "$OUT/inf-ls-$version.vsix"
for target in linux-x64 win32-x64; do
    rm -rf server
    case $target in
    linux-x64) put "$target" "$LINUX_BIN" ;;
    win32-x64) put "$target" "$WINDOWS_EXE" ;;
    esac
    package "$OUT/inf-ls-$target-$version.vsix" --target "$target"
done
