#!/bin/sh
# Real-client test of navigation in VS Code: code-server 4.100.3 (VS Code
# 1.100.3) in headless Chromium, driven by tests/editors/vscode/outline-real.js.
#
#   tests/editors/vscode-outline.sh INF_LS_BINARY SOURCE_DIR [OUT_DIR]
#
# Packages editors/vscode as a .vsix (as vscode-real.sh does), opens
# examples/legacy.inf, and checks from the screen's text that VS Code, from
# inf-ls's capabilities alone, shows:
#   - the Outline view with the section tree: Version, Manufacturer, the
#     models section, the DDInstall section Widget_Install.NT, and nested
#     entries (Standard.NTamd64 > %Widget.DeviceDesc%, DestinationDirs >
#     Widget_CopyFiles, Strings > ManufacturerName);
#   - the breadcrumbs file > section with the cursor inside a section;
#   - go to definition (F12) on "AddReg = Widget_GlobalAddReg" landing on the
#     [Widget_GlobalAddReg] header.
# The screenshot of the outline (outline.png) and JSON go to OUT_DIR.
#
# Exit 77 (skipped) when code-server, its driver or Chromium is not installed:
#   bash ../shared/tools/vscode-real/install.sh /tmp/vscode-real
set -u
server=$1 src=$2
out=${3:-${TMPDIR:-/tmp}/inf-ls-vscode-outline}
. "$src/tests/editors/vscode-real-lib.sh"

cp "$src/examples/legacy.inf" "$tmp/ws/legacy.inf"
printf '{ "inf.server.path": "%s", "inf.profile": "isolated" }\n' "$server" >"$tmp/settings.json"

# Cursor on "Widget_GlobalAddReg" in the AddReg line of [Widget_Install.NT].
line=$(grep -n '^AddReg *= *Widget_GlobalAddReg' "$tmp/ws/legacy.inf" | head -1 | cut -d: -f1)
[ -n "$line" ] || { echo "FAIL: no AddReg = Widget_GlobalAddReg line in examples/legacy.inf"; exit 1; }
col=$(( $(sed -n "${line}p" "$tmp/ws/legacy.inf" | sed 's/Widget_GlobalAddReg.*//' | wc -c) + 1 ))
header=$(grep -n '^\[Widget_GlobalAddReg\]' "$tmp/ws/legacy.inf" | head -1 | cut -d: -f1)

VSCODE_REAL_HOME=$home VSCODE_REAL_TMP=$tmp node "$src/tests/editors/vscode/outline-real.js" \
  --folder "$tmp/ws" --file legacy.inf --extensions-dir "$tmp/exts" --settings "$tmp/settings.json" \
  --out "$out/outline.png" --line "$line" --col "$col" >"$out/outline.json" 2>"$out/outline.stderr"
echo "# outline: exit $?, screenshot $out/outline.png"

node - "$out" "$header" <<'EOF'
const fs = require('fs');
const path = require('path');
const [out, header] = process.argv.slice(2);
let r = null;
try { r = JSON.parse(fs.readFileSync(path.join(out, 'outline.json'), 'utf8')); } catch { /* below */ }
let failed = 0;
function check(name, ok, detail) {
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}`);
  if (!ok) { failed++; if (detail !== undefined) console.log('  ' + String(detail).replace(/\n/g, '\n  ')); }
}
if (!r || !r.ok) {
  console.log('not ok - outline-real.js: ' + (r ? r.error : 'no JSON'));
  try { console.log(fs.readFileSync(path.join(out, 'outline.stderr'), 'utf8')); } catch { /* none */ }
  process.exit(1);
}
const rows = r.outline || [];
const tree = rows.map((x) => '  '.repeat(Math.max(0, x.level - 1)) + x.name + (x.description ? '  (' + x.description + ')' : '')).join('\n');
const top = (n) => rows.some((x) => x.level === 1 && x.name === n);
// A child: the row right under its parent's subtree, one level deeper.
const child = (parent, n) => {
  const i = rows.findIndex((x) => x.level === 1 && x.name === parent);
  if (i < 0) return false;
  for (let j = i + 1; j < rows.length && rows[j].level > 1; j++) if (rows[j].level === 2 && rows[j].name === n) return true;
  return false;
};
for (const s of ['Version', 'Manufacturer', 'Standard.NTamd64', 'Widget_Install.NT', 'Widget_Install.NT.Services', 'Strings'])
  check(`the outline has the section ${s} at the top level`, top(s), tree);
check('the outline nests Widget_CopyFiles under DestinationDirs', child('DestinationDirs', 'Widget_CopyFiles'), tree);
check('the outline nests the device %Widget.DeviceDesc% under Standard.NTamd64', child('Standard.NTamd64', '%Widget.DeviceDesc%'), tree);
check('the outline nests ManufacturerName under Strings', child('Strings', 'ManufacturerName'), tree);
const order = ['Version', 'Manufacturer', 'Widget_Install.NT', 'Strings'].map((n) => rows.findIndex((x) => x.name === n));
check('the outline lists sections in file order', order.every((v, i) => v >= 0 && (i === 0 || v > order[i - 1])), order);
const crumbs = r.breadcrumbs || [];
check('the breadcrumbs show legacy.inf > Widget_Install.NT', crumbs.includes('legacy.inf') && crumbs[crumbs.length - 1] === 'Widget_Install.NT', JSON.stringify(crumbs));
const d = r.definition || {};
check('go to definition on Widget_GlobalAddReg lands on its header', d.after && String(d.after.line) === header && /^\[Widget_GlobalAddReg\]/.test(d.lineText || ''),
  JSON.stringify(d));
console.log(`# outline: ${rows.length} rows, ${rows.filter((x) => x.level === 1).length} sections`);
console.log('# breadcrumbs: ' + crumbs.join(' > '));
console.log(`# definition: Ln ${d.before && d.before.line} -> Ln ${d.after && d.after.line}: ${d.lineText}`);
console.log(failed ? `FAIL (${failed} failed)` : 'PASS');
process.exit(failed ? 1 : 0);
EOF
rc=$?
echo "# total $(( $(date +%s) - t0 ))s; screenshot and JSON in $out"
[ $rc -eq 0 ] || vscode_real_keep_logs
exit $rc
