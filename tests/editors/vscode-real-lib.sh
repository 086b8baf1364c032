# Shared by the real-VS Code tests (vscode-real.sh, vscode-outline.sh); source
# it after setting server, src and out. It checks that code-server, its driver
# and Chromium are installed (exit 77, skipped, when not), makes $tmp (removed
# on exit), and packages editors/vscode as a .vsix the way the README says and
# installs it into $tmp/exts. It sets: home, tmp, t0, and server (absolute).
#
# VSCODE_REAL_HOME (default /tmp/vscode-real) names the install prefix:
#   bash ../shared/tools/vscode-real/install.sh /tmp/vscode-real
home=${VSCODE_REAL_HOME:-/tmp/vscode-real}

skip() { echo "SKIP: $*"; exit 77; }
[ -x "$home/bin/code-server" ] || skip "code-server not installed in $home (run ../shared/tools/vscode-real/install.sh $home)"
[ -f "$home/driver/vscode-shot.js" ] || skip "$home/driver/vscode-shot.js missing (vscode-real install incomplete)"
[ -d "$home/driver/node_modules/playwright-core" ] || skip "playwright-core missing in $home/driver"
command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 || [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || skip "chromium not installed"
command -v npm >/dev/null 2>&1 || skip "npm not installed"
[ -x "$server" ] || { echo "FAIL: no server binary at $server"; exit 1; }

server=$(cd "$(dirname "$server")" && pwd)/$(basename "$server")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/inf-vscode-real.XXXXXX")
vscode_real_cleanup() { rm -rf "$tmp"; }
trap vscode_real_cleanup EXIT
mkdir -p "$out" "$tmp/ext" "$tmp/exts" "$tmp/ws"
t0=$(date +%s)

# A copy, so that the source tree gets no node_modules and no bundled server.
(cd "$src/editors/vscode" && tar cf - --exclude=node_modules --exclude=server --exclude='*.vsix' .) \
  | (cd "$tmp/ext" && tar xf -)
(
  cd "$tmp/ext" || exit 1
  npm ci --include=dev --prefer-offline --no-audit --no-fund --loglevel=error >"$tmp/npm.log" 2>&1 || { cat "$tmp/npm.log"; exit 1; }
  npx --no-install vsce package -o "$tmp/inf-ls.vsix" </dev/null >"$tmp/vsce.log" 2>&1 || { cat "$tmp/vsce.log"; exit 1; }
) || { echo "FAIL: could not package editors/vscode"; exit 1; }
"$home/bin/code-server" --extensions-dir "$tmp/exts" --install-extension "$tmp/inf-ls.vsix" >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; echo "FAIL: code-server --install-extension"; exit 1; }
echo "# packaged and installed the .vsix in $(( $(date +%s) - t0 ))s"

# On failure, keep the logs where people look.
vscode_real_keep_logs() {
  cp "$tmp"/*.log "$out/" 2>/dev/null
  for f in "$tmp"/*/code-server.log; do [ -f "$f" ] && cp "$f" "$out/"; done
}
