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
// screenshot shows the outline. Talks to 127.0.0.1 only. The session itself
// (code-server, Chromium, opening the file) is real-session.js.
'use strict';
const fs = require('fs');
const path = require('path');
const { run } = require('./real-session');

run({
  name: 'outline',
  required: ['line', 'col'],
  settings: { 'outline.collapseItems': 'alwaysExpand', 'breadcrumbs.enabled': true },
  steps: async ({ page, a, file, result }) => {
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
    // VS Code shows "…" in the symbol's place until documentSymbol answers.
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll('.breadcrumbs-control .monaco-breadcrumb-item')]
        .map((e) => ((e.querySelector('.label-name') || e).textContent || '').trim()).filter(Boolean);
      return items.length >= 2 && items[items.length - 1] !== '…';
    }, null, { timeout: 20000 }).catch(() => {});
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
  },
});
