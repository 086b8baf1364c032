// Tokenizes examples/legacy.inf with editors/vscode's TextMate grammar, using
// the same engine as VS Code (vscode-textmate + vscode-oniguruma, the
// extension's devDependencies), and checks the scopes people see as colour.
//
//   node --test tests/editors/vscode/grammar.test.js
//
// Needs `npm ci` in editors/vscode (or INFLS_VSCODE_EXT pointing at a copy
// that has node_modules); skips otherwise.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const EXT_DIR = process.env.INFLS_VSCODE_EXT || path.resolve(__dirname, '../../../editors/vscode');
const EXAMPLE = path.resolve(__dirname, '../../../examples/legacy.inf');

function load(name) {
  try {
    return require(require.resolve(name, { paths: [EXT_DIR] }));
  } catch {
    return null;
  }
}
const vsctm = load('vscode-textmate');
const oniguruma = load('vscode-oniguruma');
const skip = !vsctm || !oniguruma ? 'vscode-textmate/vscode-oniguruma not installed (npm ci in editors/vscode)' : false;

let tokensByLine;
let grammarP;

async function loadGrammar() {
  const wasmPath = require.resolve('vscode-oniguruma/release/onig.wasm', { paths: [EXT_DIR] });
  await oniguruma.loadWASM(fs.readFileSync(wasmPath).buffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      if (scope !== 'source.inf') return null;
      const file = path.join(EXT_DIR, 'syntaxes/inf.tmLanguage.json');
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  return registry.loadGrammar('source.inf');
}

async function tokenizeText(text) {
  grammarP = grammarP || loadGrammar();
  const grammar = await grammarP;
  // VS Code hands the tokenizer lines without their CR LF.
  const lines = text.split(/\r?\n/);
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return {
      line,
      tokens: r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })),
    };
  });
}

async function tokenize() {
  tokensByLine = tokensByLine || (await tokenizeText(fs.readFileSync(EXAMPLE, 'utf8')));
  return tokensByLine;
}

/** Scopes of the first token equal to `text` on the first line matching `lineRe`. */
async function scopesOf(lineRe, text) {
  const all = await tokenize();
  const l = all.find((x) => lineRe.test(x.line));
  assert.ok(l, `no line matches ${lineRe}`);
  const tok = l.tokens.find((t) => t.text === text);
  assert.ok(tok, `no token "${text}" in "${l.line}": ${JSON.stringify(l.tokens.map((t) => t.text))}`);
  return tok.scopes;
}

function hasScope(scopes, prefix) {
  return scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
}

test('section headers: name and brackets', { skip }, async () => {
  const s = await scopesOf(/^\[DestinationDirs\]/, 'DestinationDirs');
  assert.ok(hasScope(s, 'entity.name.type.section'), s.join(' '));
  assert.ok(hasScope(await scopesOf(/^\[DestinationDirs\]/, '['), 'punctuation.definition.section.begin'));
});

test('comments, whole-line and trailing', { skip }, async () => {
  const all = await tokenize();
  const whole = all.find((x) => x.line.startsWith('; Every file lands'));
  assert.ok(whole.tokens.every((t) => hasScope(t.scopes, 'comment.line.semicolon')));
  const trailing = await scopesOf(/^ServiceType/, ' SERVICE_KERNEL_DRIVER');
  assert.ok(hasScope(trailing, 'comment.line.semicolon'), trailing.join(' '));
});

test('keys, DIRIDs, string tokens and numbers', { skip }, async () => {
  assert.ok(hasScope(await scopesOf(/^ServiceBinary/, 'ServiceBinary'), 'variable.other.key'));
  assert.ok(hasScope(await scopesOf(/^ServiceBinary/, '12'), 'constant.language.dirid'));
  assert.ok(hasScope(await scopesOf(/^DisplayName/, 'Widget.SvcDesc'), 'variable.other.strkey'));
  assert.ok(hasScope(await scopesOf(/^HKR,,TraceLevel/, '0x00010001'), 'constant.numeric.hex'));
  assert.ok(hasScope(await scopesOf(/^Widget_CopyFiles\s*=/, '12'), 'constant.numeric.decimal'));
});

test('DriverVer date and version', { skip }, async () => {
  assert.ok(hasScope(await scopesOf(/^DriverVer/, '03/14/2024'), 'constant.numeric.date'));
  assert.ok(hasScope(await scopesOf(/^DriverVer/, '2.4.17.0'), 'constant.numeric.version'));
});

test('registry roots, GUIDs and quoted strings', { skip }, async () => {
  assert.ok(hasScope(await scopesOf(/^HKLM,/, 'HKLM'), 'keyword.other.regroot'));
  assert.ok(hasScope(await scopesOf(/^HKR,,TraceLevel/, 'HKR'), 'keyword.other.regroot'));
  const guid = await scopesOf(/^ClassGuid/, '{4d36e97d-e325-11ce-bfc1-08002be10318}');
  assert.ok(hasScope(guid, 'constant.other.guid'));
  const all = await tokenize();
  const sig = all.find((x) => x.line.startsWith('Signature'));
  const str = sig.tokens.find((t) => t.text.includes('WINDOWS NT'));
  assert.ok(hasScope(str.scopes, 'string.quoted.double'), str.scopes.join(' '));
});

test('a semicolon inside quotes is not a comment', { skip }, async () => {
  const [l] = await tokenizeText('HKR,,Banner,,"one; two" ; real comment');
  const inString = l.tokens.find((t) => t.text.includes('one; two'));
  assert.ok(inString, JSON.stringify(l.tokens.map((t) => t.text)));
  assert.ok(hasScope(inString.scopes, 'string.quoted.double'), inString.scopes.join(' '));
  assert.ok(!hasScope(inString.scopes, 'comment.line.semicolon'), inString.scopes.join(' '));
  const comment = l.tokens.find((t) => t.text === ' real comment');
  assert.ok(comment && hasScope(comment.scopes, 'comment.line.semicolon'));
});
