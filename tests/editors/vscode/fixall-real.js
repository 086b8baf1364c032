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
// exits 1 on a failed step. Talks to 127.0.0.1 only. The session itself
// (code-server, Chromium, opening the file) is real-session.js.
'use strict';
const fs = require('fs');
const path = require('path');
const { run } = require('./real-session');

run({
  name: 'fixall',
  // The extension activates on the INF language and shows its item while
  // inf-ls starts, so the watch starts before the file opens.
  beforeOpen: async (page) => {
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
  },
  steps: async ({ page, a, file, result }) => {
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
  },
});
