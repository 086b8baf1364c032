// VS Code client for inf-ls, the language server for Windows driver INF files.
//
// Plain CommonJS on purpose: there is no build step, so the file that is
// tested is the file that ships.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, TransportKind, State } = require('vscode-languageclient/node');

const SECTION = 'inf';
const FIX_ALL_KIND = 'source.fixAll';

// The requests whose round trip the status bar reports. The middleware gets
// `next` as its last argument for every one of them.
const TRACKED_MIDDLEWARE = [
  'provideHover',
  'provideCompletionItem',
  'resolveCompletionItem',
  'provideCodeActions',
  'resolveCodeAction',
  'provideDocumentSymbols',
  'provideDefinition',
  'provideReferences',
  'provideFoldingRanges',
  'provideDocumentFormattingEdits',
];

let client;
let status;
let output;
let busy = 0;
let context;

/**
 * Where the server binary is, in order of preference: the `inf.server.path`
 * setting, the binary bundled for this platform at
 * `server/<platform>-<arch>/inf-ls[.exe]` (server/win32-x64/inf-ls.exe,
 * server/linux-x64/inf-ls), then one at `server/inf-ls[.exe]`, then
 * `inf-ls` looked up in PATH by the OS when it is spawned.
 * `env` lets tests pass their own view of the file system and workspace.
 */
function resolveServerCommand(env) {
  const configured = (env.configuredPath || '').trim();
  if (configured) {
    let p = configured;
    if (p === '~' || p.startsWith('~/')) p = path.join(env.homedir, p.slice(1));
    if (!path.isAbsolute(p) && env.workspaceFolder) p = path.join(env.workspaceFolder, p);
    return { command: p, source: 'setting' };
  }
  const exe = env.platform === 'win32' ? 'inf-ls.exe' : 'inf-ls';
  const target = `${env.platform}-${env.arch || 'x64'}`;
  for (const bundled of [path.join(env.extensionPath, 'server', target, exe),
    path.join(env.extensionPath, 'server', exe)]) {
    if (env.exists(bundled)) return { command: bundled, source: 'bundled' };
  }
  return { command: 'inf-ls', source: 'path' };
}

/** The settings object the server understands (initializationOptions and didChangeConfiguration). */
function serverSettings(config) {
  const severity = config.get('severity') || {};
  const out = { profile: config.get('profile') || 'isolated', severity: {} };
  for (const [rule, level] of Object.entries(severity)) {
    if (typeof level === 'string') out.severity[rule] = level;
  }
  return out;
}

function currentEnv() {
  const config = vscode.workspace.getConfiguration(SECTION);
  const folders = vscode.workspace.workspaceFolders;
  return {
    configuredPath: config.get('server.path'),
    extensionPath: context.extensionPath,
    workspaceFolder: folders && folders.length ? folders[0].uri.fsPath : undefined,
    homedir: os.homedir(),
    platform: process.platform,
    arch: process.arch,
    exists: (p) => fs.existsSync(p),
  };
}

// A .vsix does not always keep the executable bit of a bundled binary.
function ensureExecutable(file) {
  if (process.platform === 'win32') return;
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch (_) {
    try {
      fs.chmodSync(file, 0o755);
    } catch (err) {
      output.appendLine(`cannot make ${file} executable: ${err.message}`);
    }
  }
}

function showStatus() {
  if (!status) return;
  const state = client ? client.state : undefined;
  if (state === State.Starting) {
    status.text = '$(sync~spin) inf-ls: starting';
    status.tooltip = 'The INF language server is starting';
    status.show();
  } else if (busy > 0) {
    status.text = '$(sync~spin) inf-ls';
    status.tooltip = `The INF language server is working (${busy} request${busy > 1 ? 's' : ''})`;
    status.show();
  } else if (state === State.Stopped && client && client.__infFailed) {
    status.text = '$(error) inf-ls';
    status.tooltip = 'The INF language server is not running. Click to see its log.';
    status.show();
  } else {
    status.hide();
  }
}

/** Counts a request as in flight for the status bar until it settles. */
function track(promiseOrValue) {
  if (!promiseOrValue || typeof promiseOrValue.then !== 'function') return promiseOrValue;
  busy++;
  showStatus();
  const done = () => {
    busy--;
    showStatus();
  };
  promiseOrValue.then(done, done);
  return promiseOrValue;
}

function trackingMiddleware() {
  const middleware = {};
  for (const name of TRACKED_MIDDLEWARE) {
    middleware[name] = (...args) => {
      const next = args.pop();
      return track(next(...args));
    };
  }
  return middleware;
}

function createClient() {
  const env = currentEnv();
  const { command, source } = resolveServerCommand(env);
  if (source === 'bundled') ensureExecutable(command);
  output.appendLine(`starting ${command} (from ${source})`);

  // TransportKind.stdio makes vscode-languageclient append `--stdio`, which
  // inf-ls accepts; so args stay empty here.
  const serverOptions = {
    command,
    args: [],
    transport: TransportKind.stdio,
    options: { cwd: env.workspaceFolder },
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'inf' },
      { scheme: 'untitled', language: 'inf' },
    ],
    initializationOptions: serverSettings(vscode.workspace.getConfiguration(SECTION)),
    outputChannel: output,
    middleware: trackingMiddleware(),
  };
  const c = new LanguageClient('inf', 'INF language server', serverOptions, clientOptions);
  c.onDidChangeState(() => showStatus());
  return c;
}

async function startClient() {
  client = createClient();
  showStatus();
  try {
    await track(client.start());
  } catch (err) {
    client.__infFailed = true;
    output.appendLine(`inf-ls failed to start: ${err && err.message ? err.message : err}`);
    vscode.window.showErrorMessage(
      `inf-ls could not be started. Set "inf.server.path" or put inf-ls in PATH. (${err && err.message ? err.message : err})`,
    );
  }
  showStatus();
}

async function stopClient() {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) {
    try {
      await c.stop();
    } catch (err) {
      output.appendLine(`stopping inf-ls: ${err && err.message ? err.message : err}`);
    }
  }
}

async function onConfigurationChanged(event) {
  if (!event.affectsConfiguration(SECTION)) return;
  if (event.affectsConfiguration(`${SECTION}.server.path`)) {
    await stopClient();
    await startClient();
    return;
  }
  if (client && client.state === State.Running) {
    await client.sendNotification('workspace/didChangeConfiguration', {
      settings: serverSettings(vscode.workspace.getConfiguration(SECTION)),
    });
  }
}

function isFixAllKind(kind) {
  return kind === FIX_ALL_KIND || (typeof kind === 'string' && kind.startsWith(`${FIX_ALL_KIND}.`));
}

/**
 * inf.fixAll: ask the server for its `source.fixAll` actions on the whole
 * active document and apply the first one's edit. Returns 1 when it applied a fix, else 0.
 */
async function fixAll() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'inf') {
    vscode.window.showInformationMessage('INF: open an INF file to fix it.');
    return 0;
  }
  if (!client || client.state !== State.Running) {
    vscode.window.showWarningMessage('INF: the language server is not running.');
    return 0;
  }
  const doc = editor.document;
  const c2p = client.code2ProtocolConverter;
  const p2c = client.protocol2CodeConverter;
  const last = doc.lineAt(doc.lineCount - 1);
  const params = {
    textDocument: c2p.asTextDocumentIdentifier(doc),
    range: { start: { line: 0, character: 0 }, end: { line: last.lineNumber, character: last.text.length } },
    context: {
      diagnostics: await c2p.asDiagnostics(vscode.languages.getDiagnostics(doc.uri)),
      only: [FIX_ALL_KIND],
    },
  };
  const actions = (await track(client.sendRequest('textDocument/codeAction', params))) || [];
  // One fix-all action already carries every safe fix; a second one would
  // be computed against the text before the first was applied.
  let action = actions.find((a) => typeof a.command !== 'string' && isFixAllKind(a.kind));
  if (!action) {
    vscode.window.showInformationMessage('INF: nothing to fix.');
    return 0;
  }
  if (!action.edit && action.data !== undefined) {
    action = await track(client.sendRequest('codeAction/resolve', action));
  }
  if (action.edit) {
    const edit = await p2c.asWorkspaceEdit(action.edit);
    if (!(await vscode.workspace.applyEdit(edit))) {
      vscode.window.showErrorMessage(`INF: could not apply "${action.title}".`);
      return 0;
    }
  }
  if (action.command) {
    await client.sendRequest('workspace/executeCommand', {
      command: action.command.command,
      arguments: action.command.arguments,
    });
  }
  return 1;
}

async function activate(ctx) {
  context = ctx;
  output = vscode.window.createOutputChannel('INF language server');
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  status.name = 'inf-ls';
  status.command = 'inf.showOutput';
  ctx.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('inf.fixAll', fixAll),
    vscode.commands.registerCommand('inf.restartServer', async () => {
      await stopClient();
      await startClient();
    }),
    vscode.commands.registerCommand('inf.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  await startClient();
  return { getClient: () => client, fixAll };
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate, resolveServerCommand, serverSettings, fixAll };
