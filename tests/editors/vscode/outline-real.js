#!/usr/bin/env node
// Real VS Code (code-server + headless Chromium, as in ../shared/tools/vscode-real):
// open examples/legacy.inf with the inf-ls extension installed, then
//   - "Explorer: Focus on Outline View" from the Command Palette, and read the
//     outline's rows (name, nesting level) while paging through the tree;
//   - read the breadcrumbs above the editor with the cursor in a section;
//   - go to definition (F12) on a section reference at --line/--col, and read
//     the line the cursor lands on from the status bar.
// VS Code draws all of this from documentSymbol / definition alone.
//
//   node outline-real.js --folder WS --file legacy.inf --extensions-dir EXTS \
//        --settings settings.json --out outline.png --line N --col M
//
// Prints JSON (ok, outline [{level, name, description}], breadcrumbs,
// definition {before, after, lineText}) and exits 1 on a failed step; the
// screenshot shows the outline. Talks to 127.0.0.1 only.
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
  for (const k of ['folder', 'file', 'extensions-dir', 'settings', 'out', 'line', 'col']) {
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
  'outline.collapseItems': 'alwaysExpand',
  'breadcrumbs.enabled': true,
};

async function main() {
  const a = args(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(process.env.VSCODE_REAL_TMP || os.tmpdir(), 'inf-outline-'));
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

    // inf-ls is up once its diagnostics are in: only then do symbols and
    // definitions come from it rather than from nothing.
    await page.waitForFunction(() => {
      const item = document.querySelector('.statusbar-item[id="status.problems"]');
      return item && /[1-9]/.test(item.getAttribute('aria-label') || item.textContent);
    }, null, { timeout: 60000 });

    const cursorLine = () => page.evaluate(() => {
      const item = document.querySelector('.statusbar-item[id="status.editor.selection"]');
      const m = /Ln (\d+), Col (\d+)/.exec((item && item.textContent) || '');
      return m ? { line: Number(m[1]), col: Number(m[2]) } : null;
    });
    const goTo = async (line, col) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10000 });
      await page.keyboard.type(`${line}:${col}`, { delay: 10 });
      await page.keyboard.press('Enter');
      await page.waitForFunction((want) => {
        const item = document.querySelector('.statusbar-item[id="status.editor.selection"]');
        return item && item.textContent.includes(want);
      }, `Ln ${line}, Col ${col}`, { timeout: 10000 });
    };

    // Breadcrumbs: file > section the cursor is in.
    const line = Number(a.line);
    const col = Number(a.col);
    await goTo(line, col);
    await page.waitForFunction(() => document.querySelectorAll('.breadcrumbs-control .monaco-breadcrumb-item').length >= 2,
      null, { timeout: 20000 }).catch(() => {});
    result.breadcrumbs = await page.evaluate(() => [...document.querySelectorAll('.breadcrumbs-control .monaco-breadcrumb-item')]
      .map((e) => ((e.querySelector('.label-name') || e).textContent || '').trim()).filter(Boolean));

    // Go to definition with the cursor on the section reference.
    result.definition = { before: await cursorLine() };
    await page.keyboard.press('F12');
    await page.waitForFunction((l) => {
      const item = document.querySelector('.statusbar-item[id="status.editor.selection"]');
      const m = /Ln (\d+)/.exec((item && item.textContent) || '');
      return m && Number(m[1]) !== l;
    }, line, { timeout: 20000 }).catch(() => {});
    result.definition.after = await cursorLine();
    if (result.definition.after) {
      const text = fs.readFileSync(file, 'utf8').split(/\r?\n/);
      result.definition.lineText = text[result.definition.after.line - 1];
    }
    result.definition.peek = await page.evaluate(() => !!document.querySelector('.peekview-widget'));

    // The Outline view, from the Command Palette.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10000 });
    await page.keyboard.type('Explorer: Focus on Outline View', { delay: 10 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Focus on Outline View' }).first()
      .waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.press('Enter');
    const outlinePane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Outline/i }) }).first();
    await outlinePane.locator('.pane-body .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30000 });
    // Give the outline the room of the sidebar: fold the Explorer's folder pane.
    await page.evaluate(() => {
      const h = [...document.querySelectorAll('.sidebar .pane-header[aria-expanded="true"]')]
        .find((e) => !/outline|timeline/i.test(e.textContent));
      if (h) h.click();
    });
    await page.waitForTimeout(1000);

    // The tree is virtual: page through it and keep every row once.
    const rows = new Map();
    const readRows = () => outlinePane.locator('.pane-body .monaco-list-row').evaluateAll((els) => els.map((r) => ({
      index: Number(r.getAttribute('data-index')),
      level: Number(r.getAttribute('aria-level')),
      name: ((r.querySelector('.label-name') || r).textContent || '').trim(),
      description: ((r.querySelector('.label-description') || {}).textContent || '').trim(),
    })));
    await outlinePane.locator('.pane-body .monaco-list').first().focus().catch(() => {});
    for (let pageNo = 0; pageNo < 40; pageNo++) {
      const before = rows.size;
      for (const r of await readRows()) rows.set(r.index, r);
      if (pageNo > 0 && rows.size === before) break;
      await page.keyboard.press('PageDown');
      await page.waitForTimeout(300);
    }
    result.outline = [...rows.values()].sort((x, y) => x.index - y.index);
    await page.keyboard.press('Home');
    await page.waitForTimeout(800);
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
