// One real VS Code session for the real-client tests (fixall-real.js,
// outline-real.js): code-server on a free 127.0.0.1 port with a fresh user
// data dir, headless Debian Chromium that may reach nothing but that port,
// the workspace folder opened and --file opened in an editor tab. The test's
// own steps run in `steps`; this module owns setup, the error screenshot,
// cleanup and the JSON printed on stdout (exit 1 on a failed step).
//
//   require('./real-session').run({ name, required, settings, beforeOpen, steps })
//     name       prefix of the temporary folder (under VSCODE_REAL_TMP)
//     required   command-line options beyond --folder --file --extensions-dir
//                --settings --out
//     settings   VS Code settings beyond the quiet defaults
//     beforeOpen async (page) => ..., after the workbench is up
//     steps      async ({ page, a, file, result }) => ..., fills result
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const { spawn } = require('child_process');

const HOME = process.env.VSCODE_REAL_HOME || '/tmp/vscode-real';
const pw = require(path.join(HOME, 'driver', 'node_modules', 'playwright-core'));

function args(argv, required) {
  const a = {};
  for (let i = 0; i < argv.length; i += 2) a[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const k of ['folder', 'file', 'extensions-dir', 'settings', 'out', ...required]) {
    if (!a[k]) throw new Error(`--${k} is required`);
  }
  return a;
}

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
    s.on('error', rej);
  });
}

async function waitHttp(url, ms) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      const r = await fetch(url, { redirect: 'manual' });
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('code-server did not answer at ' + url);
}

// Nothing that pops up, phones home or restores old state.
const QUIET = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  'workbench.colorTheme': 'Default Light Modern',
};

async function startCodeServer(a, tmp, settings) {
  const port = await freePort();
  const userData = path.join(tmp, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const all = { ...QUIET, ...settings, ...JSON.parse(fs.readFileSync(a.settings, 'utf8')) };
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(all, null, 2));
  const log = fs.openSync(path.join(tmp, 'code-server.log'), 'w');
  const child = spawn(
    path.join(HOME, 'bin', 'code-server'),
    ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
      '--user-data-dir', userData, '--extensions-dir', path.resolve(a['extensions-dir']), path.resolve(a.folder)],
    { stdio: ['ignore', log, log], detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  return { child, port, url };
}

async function openWorkbench(ctx, server, folder) {
  await ctx.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.host === `127.0.0.1:${server.port}`) return route.continue();
    return route.abort();
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  await page.goto(`${server.url}/?folder=${encodeURIComponent(path.resolve(folder))}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 }).catch(() => {});
  await page.waitForTimeout(1500);
  return page;
}

// Quick Open (Ctrl+P) can lose keys while the workbench is still settling;
// try a few times until the file's tab is the active one.
async function openFile(page, name) {
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10000 }).catch(() => null);
    if (!input) continue;
    await page.keyboard.type(name, { delay: 10 });
    await page.waitForFunction((b) => [...document.querySelectorAll('.quick-input-list .monaco-list-row')]
      .some((r) => r.textContent.includes(b)), path.basename(name), { timeout: 10000 }).catch(() => {});
    await page.keyboard.press('Enter');
    const opened = await page.waitForFunction((b) => [...document.querySelectorAll('.tabs-container .tab.active')]
      .some((t) => t.textContent.includes(b)), path.basename(name), { timeout: 10000 }).then(() => true, () => false);
    if (opened) return;
  }
  throw new Error('could not open ' + name);
}

async function run({ name, required = [], settings = {}, beforeOpen, steps }) {
  const a = args(process.argv.slice(2), required);
  const tmp = fs.mkdtempSync(path.join(process.env.VSCODE_REAL_TMP || os.tmpdir(), `inf-${name}-`));
  const result = { ok: false };
  const file = path.resolve(a.folder, a.file);
  let server;
  let ctx;
  let page;
  try {
    server = await startCodeServer(a, tmp, settings);
    await waitHttp(server.url + '/healthz', 30000);
    ctx = await pw.chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await openWorkbench(ctx, server, a.folder);
    if (beforeOpen) await beforeOpen(page);
    await openFile(page, a.file);
    await steps({ page, a, file, result });
    result.ok = true;
  } catch (e) {
    result.error = String((e && e.stack) || e);
    process.exitCode = 1;
    if (page) await page.screenshot({ path: path.resolve(a.out).replace(/\.png$/, '.error.png') }).catch(() => {});
    try {
      fs.copyFileSync(path.join(tmp, 'code-server.log'), path.resolve(a.out).replace(/\.png$/, '.code-server.log'));
    } catch {
      /* no log */
    }
  } finally {
    if (ctx) await ctx.close().catch(() => {});
    if (server) {
      try {
        process.kill(-server.child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result, null, 2));
}

module.exports = { run };
