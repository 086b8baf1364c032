// Loads editors/vscode/extension.js with stand-ins for the `vscode` module and
// `vscode-languageclient/node`, and checks how it starts inf-ls: which command,
// which arguments, which settings, and what it sends when settings change.
//
//   node --test tests/editors/vscode/
//
// The stand-ins record what the extension does; they do not decide any answer.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

const EXT_DIR = process.env.INFLS_VSCODE_EXT || path.resolve(__dirname, '../../../editors/vscode');
const EXT_MAIN = path.join(EXT_DIR, 'extension.js');

const State = { Stopped: 1, Running: 2, Starting: 3 };
const TransportKind = { stdio: 0, ipc: 1, pipe: 2, socket: 3 };

function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A fresh world: stand-in modules, recorded calls, and the extension loaded against them. */
function makeWorld({ settings = {}, folder, extensionPath, holdStart = false, startError } = {}) {
  const world = {
    settings: { ...settings },
    clients: [],
    commands: new Map(),
    configListeners: [],
    appliedEdits: [],
    messages: [],
    status: null,
    startGate: holdStart ? deferred() : null,
    activeEditor: undefined,
  };

  class StatusBarItem {
    constructor() {
      this.text = '';
      this.visible = false;
      this.history = [];
    }
    show() {
      this.visible = true;
      this.history.push(`show:${this.text}`);
    }
    hide() {
      this.visible = false;
      this.history.push('hide');
    }
    dispose() {}
  }

  const vscode = {
    StatusBarAlignment: { Left: 1, Right: 2 },
    workspace: {
      get workspaceFolders() {
        return folder ? [{ uri: { fsPath: folder } }] : undefined;
      },
      getConfiguration(section) {
        assert.equal(section, 'inf');
        return {
          get: (key) => world.settings[key],
        };
      },
      onDidChangeConfiguration(listener) {
        world.configListeners.push(listener);
        return { dispose() {} };
      },
      async applyEdit(edit) {
        world.appliedEdits.push(edit);
        return true;
      },
    },
    window: {
      get activeTextEditor() {
        return world.activeEditor;
      },
      createOutputChannel: () => ({ appendLine() {}, append() {}, show() {}, dispose() {} }),
      createStatusBarItem() {
        world.status = new StatusBarItem();
        return world.status;
      },
      showErrorMessage: (m) => world.messages.push(['error', m]),
      showWarningMessage: (m) => world.messages.push(['warning', m]),
      showInformationMessage: (m) => world.messages.push(['info', m]),
    },
    commands: {
      registerCommand(id, fn) {
        world.commands.set(id, fn);
        return { dispose() {} };
      },
      executeCommand: async () => undefined,
    },
    languages: {
      getDiagnostics: () => [{ message: 'published diagnostic' }],
    },
  };

  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions });
      this.state = State.Stopped;
      this.notifications = [];
      this.requests = [];
      this.responses = {};
      this.stateListeners = [];
      this.stopped = false;
      this.code2ProtocolConverter = {
        asTextDocumentIdentifier: (doc) => ({ uri: doc.uri.toString() }),
        asDiagnostics: async (d) => d.map((x) => ({ message: x.message })),
      };
      this.protocol2CodeConverter = {
        asWorkspaceEdit: async (e) => ({ converted: e }),
      };
      world.clients.push(this);
    }
    setState(s) {
      this.state = s;
      for (const l of this.stateListeners) l({ newState: s });
    }
    onDidChangeState(l) {
      this.stateListeners.push(l);
      return { dispose() {} };
    }
    async start() {
      this.setState(State.Starting);
      if (world.startGate) await world.startGate.promise;
      if (startError) {
        this.setState(State.Stopped);
        throw startError;
      }
      this.setState(State.Running);
    }
    async stop() {
      this.stopped = true;
      this.setState(State.Stopped);
    }
    async sendNotification(method, params) {
      this.notifications.push({ method, params });
    }
    async sendRequest(method, params) {
      this.requests.push({ method, params });
      return this.responses[method];
    }
  }

  const stubs = {
    vscode,
    'vscode-languageclient/node': { LanguageClient, TransportKind, State },
  };
  const realLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    if (Object.prototype.hasOwnProperty.call(stubs, request)) return stubs[request];
    return realLoad.call(this, request, parent, isMain);
  };
  try {
    delete require.cache[require.resolve(EXT_MAIN)];
    world.ext = require(EXT_MAIN);
  } finally {
    Module._load = realLoad;
  }
  world.context = {
    extensionPath: extensionPath || fs.mkdtempSync(path.join(os.tmpdir(), 'inf-ext-')),
    subscriptions: [],
  };
  world.client = () => world.clients[world.clients.length - 1];
  world.fireConfigChange = async (changedKeys) => {
    const event = {
      affectsConfiguration: (s) => changedKeys.some((k) => k === s || k.startsWith(`${s}.`)),
    };
    for (const l of world.configListeners) await l(event);
  };
  return world;
}

/** argv the real vscode-languageclient 9 builds for an Executable with this transport. */
function finalArgs(serverOptions) {
  const args = (serverOptions.args || []).slice();
  if (serverOptions.transport === TransportKind.stdio) args.push('--stdio');
  return args;
}

test('inf.server.path setting is the command, and the server gets --stdio exactly once', async () => {
  const w = makeWorld({ settings: { 'server.path': '/opt/inf-ls/bin/inf-ls' } });
  await w.ext.activate(w.context);
  assert.equal(w.clients.length, 1);
  const so = w.client().serverOptions;
  assert.equal(so.command, '/opt/inf-ls/bin/inf-ls');
  assert.equal(so.transport, TransportKind.stdio);
  assert.deepEqual(finalArgs(so), ['--stdio']);
  assert.equal(w.client().state, State.Running);
});

test('a relative setting is taken from the workspace folder, ~ from the home directory', async () => {
  let w = makeWorld({ settings: { 'server.path': 'build/server/inf-ls' }, folder: '/src/pkg' });
  await w.ext.activate(w.context);
  assert.equal(w.client().serverOptions.command, '/src/pkg/build/server/inf-ls');
  assert.equal(w.client().serverOptions.options.cwd, '/src/pkg');

  w = makeWorld({ settings: { 'server.path': '~/bin/inf-ls' } });
  await w.ext.activate(w.context);
  assert.equal(w.client().serverOptions.command, path.join(os.homedir(), 'bin/inf-ls'));
});

test('without the setting, the bundled server/inf-ls is used and made executable', async (t) => {
  if (process.platform === 'win32') return t.skip('unix file modes');
  const extPath = fs.mkdtempSync(path.join(os.tmpdir(), 'inf-ext-'));
  fs.mkdirSync(path.join(extPath, 'server'));
  const bundled = path.join(extPath, 'server', 'inf-ls');
  fs.writeFileSync(bundled, '#!/bin/sh\n', { mode: 0o644 });
  const w = makeWorld({ settings: { 'server.path': '   ' }, extensionPath: extPath });
  await w.ext.activate(w.context);
  assert.equal(w.client().serverOptions.command, bundled);
  assert.deepEqual(finalArgs(w.client().serverOptions), ['--stdio']);
  assert.ok(fs.statSync(bundled).mode & 0o100, 'bundled binary should be executable after activation');
});

test('without setting or bundled binary, inf-ls is looked up in PATH', async () => {
  const w = makeWorld({});
  await w.ext.activate(w.context);
  assert.equal(w.client().serverOptions.command, 'inf-ls');
  assert.deepEqual(finalArgs(w.client().serverOptions), ['--stdio']);
});

test('a package with several servers picks the one for this platform; the setting wins', () => {
  const { resolveServerCommand } = makeWorld({}).ext;
  const ext = path.join(path.sep, 'ext');
  const files = new Set([
    path.join(ext, 'server', 'linux-x64', 'inf-ls'),
    path.join(ext, 'server', 'win32-x64', 'inf-ls.exe'),
  ]);
  const env = (platform, arch, configuredPath = '') => ({
    configuredPath, extensionPath: ext, homedir: '/home/u', platform, arch,
    exists: (p) => files.has(p),
  });
  assert.deepEqual(resolveServerCommand(env('win32', 'x64')),
    { command: path.join(ext, 'server', 'win32-x64', 'inf-ls.exe'), source: 'bundled' });
  assert.deepEqual(resolveServerCommand(env('linux', 'x64')),
    { command: path.join(ext, 'server', 'linux-x64', 'inf-ls'), source: 'bundled' });
  // No server for this platform in the package: PATH, not another platform's binary.
  assert.deepEqual(resolveServerCommand(env('darwin', 'arm64')), { command: 'inf-ls', source: 'path' });
  assert.deepEqual(resolveServerCommand(env('linux', 'arm64')), { command: 'inf-ls', source: 'path' });
  assert.deepEqual(resolveServerCommand(env('win32', 'x64', '/opt/inf-ls')),
    { command: '/opt/inf-ls', source: 'setting' });
});

test('profile and severities go to the server as initializationOptions', async () => {
  let w = makeWorld({
    settings: { profile: 'universal', severity: { 'dirid-not-13': 'warning', 'pnplockdown-missing': 'off' } },
  });
  await w.ext.activate(w.context);
  assert.deepEqual(w.client().clientOptions.initializationOptions, {
    profile: 'universal',
    severity: { 'dirid-not-13': 'warning', 'pnplockdown-missing': 'off' },
  });
  const selector = w.client().clientOptions.documentSelector;
  assert.ok(selector.some((s) => s.language === 'inf' && s.scheme === 'file'));

  w = makeWorld({});
  await w.ext.activate(w.context);
  assert.deepEqual(w.client().clientOptions.initializationOptions, { profile: 'isolated', severity: {} });
});

test('a settings change is sent with workspace/didChangeConfiguration; other sections are ignored', async () => {
  const w = makeWorld({ settings: { profile: 'isolated' } });
  await w.ext.activate(w.context);
  const c = w.client();

  await w.fireConfigChange(['editor.fontSize']);
  assert.equal(c.notifications.length, 0);

  w.settings.profile = 'declarative';
  w.settings.severity = { 'registry-global-root': 'hint' };
  await w.fireConfigChange(['inf.profile', 'inf.severity']);
  assert.deepEqual(c.notifications, [
    {
      method: 'workspace/didChangeConfiguration',
      params: { settings: { profile: 'declarative', severity: { 'registry-global-root': 'hint' } } },
    },
  ]);
  assert.equal(w.clients.length, 1, 'a profile change must not restart the server');
});

test('changing inf.server.path restarts the client on the new command', async () => {
  const w = makeWorld({ settings: { 'server.path': '/a/inf-ls' } });
  await w.ext.activate(w.context);
  const first = w.client();
  w.settings['server.path'] = '/b/inf-ls';
  await w.fireConfigChange(['inf.server.path']);
  assert.equal(w.clients.length, 2);
  assert.ok(first.stopped);
  assert.equal(w.client().serverOptions.command, '/b/inf-ls');
  assert.equal(w.client().state, State.Running);
});

test('the status bar item shows while the server starts and while a request is in flight', async () => {
  const w = makeWorld({ holdStart: true });
  const activation = w.ext.activate(w.context);
  await new Promise((r) => setImmediate(r));
  assert.ok(w.status.visible, 'visible while starting');
  assert.match(w.status.text, /starting/);
  w.startGate.resolve();
  await activation;
  assert.equal(w.status.visible, false, 'hidden once running and idle');

  const hover = deferred();
  const pending = w.client().clientOptions.middleware.provideHover('doc', 'pos', 'token', (doc, pos, token) => {
    assert.deepEqual([doc, pos, token], ['doc', 'pos', 'token']);
    return hover.promise;
  });
  assert.ok(w.status.visible, 'visible while a hover is pending');
  hover.resolve({ contents: 'x' });
  assert.deepEqual(await pending, { contents: 'x' });
  await new Promise((r) => setImmediate(r));
  assert.equal(w.status.visible, false);
});

test('a server that cannot start leaves an error in the status bar and a message', async () => {
  const w = makeWorld({ startError: new Error('spawn inf-ls ENOENT') });
  await w.ext.activate(w.context);
  assert.ok(w.status.visible);
  assert.match(w.status.text, /error/);
  assert.ok(w.messages.some(([kind, m]) => kind === 'error' && /inf\.server\.path/.test(m) && /ENOENT/.test(m)));
});

test('inf.fixAll requests source.fixAll actions for the whole document and applies the edit', async () => {
  const w = makeWorld({});
  await w.ext.activate(w.context);
  const c = w.client();
  const lines = ['[Version]', 'Signature="$WINDOWS NT$"', '[DestinationDirs]', 'Copy = 12'];
  w.activeEditor = {
    document: {
      languageId: 'inf',
      uri: { toString: () => 'file:///tmp/legacy.inf' },
      lineCount: lines.length,
      lineAt: (n) => ({ lineNumber: n, text: lines[n] }),
    },
  };
  const fixEdit = { changes: { 'file:///tmp/legacy.inf': [{ range: {}, newText: '13' }] } };
  c.responses['textDocument/codeAction'] = [
    { title: 'Run from Driver Store', kind: 'quickfix', edit: { changes: {} } },
    { title: 'Fix all', kind: 'source.fixAll.inf-ls', edit: fixEdit },
  ];
  const n = await w.commands.get('inf.fixAll')();
  assert.equal(n, 1);
  const req = c.requests.find((r) => r.method === 'textDocument/codeAction');
  assert.deepEqual(req.params.context.only, ['source.fixAll']);
  assert.equal(req.params.textDocument.uri, 'file:///tmp/legacy.inf');
  assert.deepEqual(req.params.range, { start: { line: 0, character: 0 }, end: { line: 3, character: 9 } });
  assert.deepEqual(req.params.context.diagnostics, [{ message: 'published diagnostic' }]);
  assert.deepEqual(w.appliedEdits, [{ converted: fixEdit }]);

  c.responses['textDocument/codeAction'] = [];
  assert.equal(await w.commands.get('inf.fixAll')(), 0);
  assert.ok(w.messages.some(([, m]) => /nothing to fix/.test(m)));
});

test('inf.fixAll resolves an action that comes without its edit', async () => {
  const w = makeWorld({});
  await w.ext.activate(w.context);
  const c = w.client();
  w.activeEditor = {
    document: {
      languageId: 'inf',
      uri: { toString: () => 'file:///x.inf' },
      lineCount: 1,
      lineAt: () => ({ lineNumber: 0, text: '' }),
    },
  };
  const edit = { changes: { 'file:///x.inf': [] } };
  c.responses['textDocument/codeAction'] = [{ title: 'Fix all', kind: 'source.fixAll', data: { id: 7 } }];
  c.responses['codeAction/resolve'] = { title: 'Fix all', kind: 'source.fixAll', edit };
  assert.equal(await w.commands.get('inf.fixAll')(), 1);
  assert.deepEqual(c.requests.find((r) => r.method === 'codeAction/resolve').params.data, { id: 7 });
  assert.deepEqual(w.appliedEdits, [{ converted: edit }]);
});

test('package.json contributes the language, grammar, settings and command that extension.js uses', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(EXT_DIR, 'package.json'), 'utf8'));
  assert.equal(path.resolve(EXT_DIR, pkg.main), EXT_MAIN);
  const lang = pkg.contributes.languages.find((l) => l.id === 'inf');
  assert.deepEqual(lang.extensions.sort(), ['.inf', '.inx']);
  assert.ok(fs.existsSync(path.join(EXT_DIR, lang.configuration)));
  const grammar = pkg.contributes.grammars.find((g) => g.language === 'inf');
  const tm = JSON.parse(fs.readFileSync(path.join(EXT_DIR, grammar.path), 'utf8'));
  assert.equal(tm.scopeName, grammar.scopeName);
  const props = pkg.contributes.configuration.properties;
  for (const key of ['inf.server.path', 'inf.profile', 'inf.severity']) assert.ok(props[key], key);
  assert.deepEqual(props['inf.profile'].enum, ['isolated', 'universal', 'declarative', 'desktop']);
  const fix = pkg.contributes.commands.find((c) => c.command === 'inf.fixAll');
  assert.equal(`${fix.category}: ${fix.title}`, 'INF: Fix all driver-isolation problems');
  assert.ok(pkg.activationEvents.includes('onLanguage:inf'));
  assert.match(pkg.dependencies['vscode-languageclient'], /^\^?9\./);
  assert.match(pkg.devDependencies['@vscode/vsce'], /^\^?3\./);
  const lc = JSON.parse(fs.readFileSync(path.join(EXT_DIR, 'language-configuration.json'), 'utf8'));
  assert.equal(lc.comments.lineComment, ';');
  assert.ok(new RegExp(lc.folding.markers.start).test('[Strings]'));
});
