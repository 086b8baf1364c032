#!/usr/bin/env node
// Real VS Code (code-server + headless Chromium, as in ../shared/tools/vscode-real):
// open examples/legacy.inf with the inf-ls extension installed, run
// "INF: Fix all driver-isolation problems" from the Command Palette, save, and
// check the file on disk. Also watches the status bar for the inf-ls item.
//
//   node fixall-real.js --folder WS --file legacy.inf --extensions-dir EXTS \
//        --settings settings.json --out shot.png
//
// Prints JSON (ok, statusBarSeen, problemsBefore/After, fileAfter excerpt) and
// exits 1 on a failed step. Talks to 127.0.0.1 only.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const { spawn } = require('child_process');

const HOME = process.env.VSCODE_REAL_HOME || '/tmp/vscode-real';
const pw = require(path.join(HOME, 'driver', 'node_modules', 'playwright-core'));

function args(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i += 2) a[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const k of ['folder', 'file', 'extensions-dir', 'settings', 'out']) {
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

async function main() {
  const a = args(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(process.env.VSCODE_REAL_TMP || os.tmpdir(), 'inf-fixall-'));
  const result = { ok: false };
  const file = path.resolve(a.folder, a.file);
  let child;
  let ctx;
  let page;
  try {
    const port = await freePort();
    const userData = path.join(tmp, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    const settings = { ...QUIET, ...JSON.parse(fs.readFileSync(a.settings, 'utf8')) };
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const log = fs.openSync(path.join(tmp, 'code-server.log'), 'w');
    child = spawn(
      path.join(HOME, 'bin', 'code-server'),
      ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
        '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
        '--user-data-dir', userData, '--extensions-dir', path.resolve(a['extensions-dir']), path.resolve(a.folder)],
      { stdio: ['ignore', log, log], detached: true },
    );
    const url = `http://127.0.0.1:${port}`;
    await waitHttp(url + '/healthz', 30000);

    ctx = await pw.chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await ctx.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.protocol === 'data:' || u.protocol === 'blob:' || u.host === `127.0.0.1:${port}`) return route.continue();
      return route.abort();
    });
    page = ctx.pages()[0] || (await ctx.newPage());
    await page.goto(`${url}/?folder=${encodeURIComponent(path.resolve(a.folder))}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 }).catch(() => {});
    await page.waitForTimeout(1500);

    // Watch the status bar from before the file opens: the extension activates
    // on the INF language and shows its item while inf-ls starts.
    await page.evaluate(() => {
      window.__infStatus = [];
      const seen = () => {
        const t = [...document.querySelectorAll('.statusbar-item')].map((e) => e.textContent.trim())
          .filter((x) => /inf-ls/.test(x));
        for (const x of t) if (!window.__infStatus.includes(x)) window.__infStatus.push(x);
      };
      new MutationObserver(seen).observe(document.querySelector('.statusbar') || document.body,
        { subtree: true, childList: true, characterData: true, attributes: true });
    });

    let opened = false;
    for (let attempt = 1; attempt <= 4 && !opened; attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10000 }).catch(() => null);
      if (!input) continue;
      await page.keyboard.type(a.file, { delay: 10 });
      await page.waitForFunction((b) => [...document.querySelectorAll('.quick-input-list .monaco-list-row')]
        .some((r) => r.textContent.includes(b)), path.basename(a.file), { timeout: 10000 }).catch(() => {});
      await page.keyboard.press('Enter');
      opened = await page.waitForFunction((b) => [...document.querySelectorAll('.tabs-container .tab.active')]
        .some((t) => t.textContent.includes(b)), path.basename(a.file), { timeout: 10000 }).then(() => true, () => false);
    }
    if (!opened) throw new Error('could not open ' + a.file);

    // The Problems count in the status bar ("N errors, M warnings" item).
    const problemCount = () => page.evaluate(() => {
      const item = document.querySelector('.statusbar-item[id="status.problems"]');
      const label = item ? (item.getAttribute('aria-label') || item.textContent) : '';
      const nums = (label.match(/\d+/g) || []).map(Number);
      return nums.reduce((s, n) => s + n, 0);
    });
    await page.waitForFunction(() => {
      const item = document.querySelector('.statusbar-item[id="status.problems"]');
      return item && /[1-9]/.test(item.getAttribute('aria-label') || item.textContent);
    }, null, { timeout: 30000 });
    result.problemsBefore = await problemCount();

    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10000 });
    await page.keyboard.type('INF: Fix all driver-isolation problems', { delay: 10 });
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'INF: Fix all driver-isolation problems' }).first();
    await row.waitFor({ state: 'visible', timeout: 10000 });
    result.commandInPalette = true;
    await page.keyboard.press('Enter');

    // The edit makes the editor dirty; then save and read the file.
    await page.waitForSelector('.tabs-container .tab.active.dirty', { timeout: 15000 });
    await page.keyboard.press('Control+S');
    const t0 = Date.now();
    let text = '';
    while (Date.now() - t0 < 15000) {
      text = fs.readFileSync(file, 'utf8');
      if (!/^Widget_CopyFiles\s*=\s*12\s*$/m.test(text)) break;
      await page.waitForTimeout(200);
    }
    await page.waitForFunction((n) => {
      const item = document.querySelector('.statusbar-item[id="status.problems"]');
      const nums = ((item && (item.getAttribute('aria-label') || item.textContent)) || '').match(/\d+/g) || [];
      return nums.map(Number).reduce((s, x) => s + x, 0) < n;
    }, result.problemsBefore, { timeout: 15000 }).catch(() => {});
    result.problemsAfter = await problemCount();
    result.fileAfter = text.split(/\r?\n/).filter((l) => /^(\w+_CopyFiles|Sensor_UmdfCopyFiles|DefaultDestDir|ServiceBinary)\s*=/.test(l));
    result.crlfKept = /\r\n/.test(text) && !/[^\r]\n/.test(text);
    result.statusBarSeen = await page.evaluate(() => window.__infStatus);
    await page.screenshot({ path: path.resolve(a.out) });
    result.screenshot = path.resolve(a.out);
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
    if (child) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result, null, 2));
}

main();
