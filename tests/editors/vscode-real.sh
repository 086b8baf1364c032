#!/bin/sh
# Real-client test in VS Code: code-server 4.100.3 (VS Code 1.100.3) in headless
# Chromium, driven by ../shared/tools/vscode-real/vscode-shot.js.
#
#   tests/editors/vscode-real.sh INF_LS_BINARY SOURCE_DIR [OUT_DIR]
#
# Packages editors/vscode as a .vsix (npm ci + vsce, as a user would), installs
# it into a fresh extensions dir, opens examples/legacy.inf with
# inf.server.path = INF_LS_BINARY, and checks from the screen's text that:
#   - the file is in language mode INF and the extension started inf-ls;
#   - the Problems panel lists the DIRID-13 findings (dirid-not-13, InfVerif 1322);
#   - the hover on %12% shows its docs (DIRID 12, Driver Store / DIRID 13);
#   - "INF: Fix all driver-isolation problems" from the Command Palette
#     rewrites the DIRID 12 destinations and ServiceBinary (file checked on disk).
# Screenshots and JSON go to OUT_DIR (kept, for people to look at).
#
# Exit 77 (skipped) when code-server, its driver or Chromium is not installed:
#   bash ../shared/tools/vscode-real/install.sh /tmp/vscode-real
# VSCODE_REAL_HOME (default /tmp/vscode-real) names the install prefix.
set -u
server=$1 src=$2
out=${3:-${TMPDIR:-/tmp}/inf-ls-vscode-real}
. "$src/tests/editors/vscode-real-lib.sh"
shot=$home/driver/vscode-shot.js

# The TextMate grammar through VS Code's own tokenizer (devDependencies that
# npm ci just installed).
if INFLS_VSCODE_EXT=$tmp/ext node --test "$src/tests/editors/vscode/grammar.test.js" >"$out/grammar.tap" 2>&1; then
  echo "ok - TextMate grammar scopes ($(grep -c '^ok' "$out/grammar.tap") checks, vscode-textmate)"
  grammar_rc=0
else
  echo "not ok - TextMate grammar scopes (see $out/grammar.tap)"
  grep -E '^not ok|error|expected|actual' "$out/grammar.tap" | head -20
  grammar_rc=1
fi

cp "$src/examples/legacy.inf" "$tmp/ws/legacy.inf"
printf '{ "inf.server.path": "%s", "inf.profile": "isolated" }\n' "$server" >"$tmp/settings.json"

# Cursor on the "1" of %12% in the ServiceBinary line: the hover target.
line=$(grep -n '^ServiceBinary *= *%12%\\fabrikam\.sys' "$tmp/ws/legacy.inf" | head -1 | cut -d: -f1)
[ -n "$line" ] || { echo "FAIL: no ServiceBinary = %12%\\fabrikam.sys line in examples/legacy.inf"; exit 1; }
col=$(( $(sed -n "${line}p" "$tmp/ws/legacy.inf" | sed 's/%12%.*//' | wc -c) + 1 ))

run_shot() { # name, extra args...
  name=$1; shift
  VSCODE_REAL_HOME=$home VSCODE_REAL_TMP=$tmp node "$shot" --folder "$tmp/ws" --file legacy.inf \
    --extensions-dir "$tmp/exts" --settings "$tmp/settings.json" --out "$out/$name.png" "$@" \
    >"$out/$name.json" 2>"$out/$name.stderr"
  echo "# $name: exit $?, screenshot $out/$name.png"
}

# The server publishes diagnostics a little after the file opens; --wait gives
# it time before the Problems panel is read.
run_shot problems-hover --line "$line" --col "$col" --problems --hover --wait 4000
# One retry for the hover alone: it can lose a race with the Problems panel focus.
if ! node -e 'const j=require(process.argv[1]); process.exit(/^\s*DIRID 12\b/m.test(j.hover || "") ? 0 : 1)' "$out/problems-hover.json" 2>/dev/null; then
  run_shot hover --line "$line" --col "$col" --hover --wait 4000
fi

# inf.fixAll from the Command Palette, on a fresh copy (the shots above only read).
mkdir -p "$tmp/ws2" && cp "$src/examples/legacy.inf" "$tmp/ws2/legacy.inf"
VSCODE_REAL_HOME=$home VSCODE_REAL_TMP=$tmp node "$src/tests/editors/vscode/fixall-real.js" \
  --folder "$tmp/ws2" --file legacy.inf --extensions-dir "$tmp/exts" --settings "$tmp/settings.json" \
  --out "$out/fixall.png" >"$out/fixall.json" 2>"$out/fixall.stderr"
echo "# fixall: exit $?, screenshot $out/fixall.png"

node - "$out" <<'EOF'
const fs = require('fs');
const path = require('path');
const out = process.argv[2];
const read = (n) => { try { return JSON.parse(fs.readFileSync(path.join(out, n + '.json'), 'utf8')); } catch { return null; } };
const main = read('problems-hover');
const retry = read('hover');
let failed = 0;
function check(name, ok, detail) {
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}`);
  if (!ok) { failed++; if (detail !== undefined) console.log('  ' + String(detail).replace(/\n/g, '\n  ')); }
}
if (!main) { console.log('not ok - vscode-shot.js produced no JSON'); console.log(fs.readFileSync(path.join(out, 'problems-hover.stderr'), 'utf8')); process.exit(1); }
if (!main.ok) console.log('# vscode-shot.js: ' + main.error + (main.errorScreenshot ? ' (' + main.errorScreenshot + ')' : ''));
const errors = (main.consoleErrors || []).join('\n');
check('legacy.inf opens in language mode INF', main.languageMode === 'INF', `languageMode: ${main.languageMode}`);
check('the extension started inf-ls (no start error)', !/could not be started|couldn't create connection/.test(errors), errors);
const problems = main.problems || '';
check('Problems lists dirid-not-13', /dirid-not-13/.test(problems), problems);
check('Problems shows InfVerif 1322', /InfVerif 1322/.test(problems), problems);
const n = (problems.match(/dirid-not-13/g) || []).length;
console.log(`# Problems: ${n} dirid-not-13 entries`);
// The hover widget also shows the diagnostics under the cursor, whose
// messages say "DIRID 12" too; the docs part is the one that starts a line
// with "DIRID 12" (the markdown heading).
const docsOf = (h) => { const m = /^\s*DIRID 12\b[\s\S]*/m.exec(h || ''); return m ? m[0] : ''; };
const hover = docsOf(main.hover) ? main.hover : (retry && retry.hover) || main.hover || '';
const docs = docsOf(hover);
check('hover on %12% shows the DIRID 12 docs', docs !== '', hover || '(no hover)');
check('the DIRID 12 docs mention DIRID 13 or the Driver Store', /\b13\b|Driver Store/.test(docs), docs || hover || '(no hover)');
console.log('# hover docs: ' + docs.replace(/\s+/g, ' ').slice(0, 200));
const fix = read('fixall');
if (!fix || !fix.ok) {
  check('inf.fixAll from the Command Palette', false, fix ? fix.error : 'no fixall.json');
} else {
  const after = (fix.fileAfter || []).join('\n');
  check('"INF: Fix all driver-isolation problems" is in the Command Palette', fix.commandInPalette === true);
  check('fix-all moved the copy lists to DIRID 13', /^Widget_CopyFiles\s*=\s*13$/m.test(after) && /^Sensor_UmdfCopyFiles\s*=\s*13$/m.test(after), after);
  check('fix-all rewrote ServiceBinary to %13%\\fabrikam.sys', /^ServiceBinary\s*=\s*%13%\\fabrikam\.sys$/m.test(after), after);
  check('fewer problems after fix-all', fix.problemsAfter < fix.problemsBefore, `${fix.problemsBefore} -> ${fix.problemsAfter}`);
  check('the file keeps its CRLF line endings', fix.crlfKept === true);
  console.log(`# fix-all: problems ${fix.problemsBefore} -> ${fix.problemsAfter}; status bar showed ${JSON.stringify(fix.statusBarSeen)}`);
}
console.log('# problems: ' + problems.replace(/\s+/g, ' ').slice(0, 300));
console.log(failed ? `FAIL (${failed} failed)` : 'PASS');
process.exit(failed ? 1 : 0);
EOF
rc=$?
[ "$grammar_rc" -eq 0 ] || rc=1
echo "# total $(( $(date +%s) - t0 ))s; screenshots and JSON in $out"
[ $rc -eq 0 ] || vscode_real_keep_logs
exit $rc
