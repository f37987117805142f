// ui.test.js — the page driven with the real mouse and keyboard, as a visitor would: the toolbar's
// "Open rules..." opens the browser's file chooser, "Load sample rules", a click on a cell selects
// it, a click on a parent's right-hand strip shows its sub-techniques, typing in the search box,
// "Download layer" saves the layer, "Clear" empties the page.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const lib = require('./lib');

let server, browser, session;
before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
  session = await lib.openPage(browser, server.url, { width: 1400, height: 900 });
  await session.page.evaluate(() => window.sigmaHeatmap.frames(2));
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function rect(name) {
  const { page } = session;
  await page.evaluate(() => window.sigmaHeatmap.frames(1));
  const r = await page.evaluate((n) => window.sigmaHeatmap.uiRect(n), name);
  assert.ok(r, `${name} is on screen`);
  return r;
}
async function click(name, dx = 0.5) {
  const r = await rect(name);
  await session.page.mouse.click(r.x + r.w * dx, r.y + r.h / 2);
  await session.page.evaluate(() => window.sigmaHeatmap.frames(2));
}
const summary = () => session.page.evaluate(() => window.sigmaHeatmap.summary());

test('"Open rules..." opens the file chooser, and the chosen files load', async () => {
  const dir = lib.writeTree(lib.samples().slice(0, 3).map((f, i) => ({ name: `r${i}.yml`, text: f.text })));
  try {
    const r = await rect('open');
    const [chooser] = await Promise.all([
      session.page.waitForEvent('filechooser'),
      session.page.mouse.click(r.x + r.w / 2, r.y + r.h / 2),
    ]);
    assert.ok(chooser.isMultiple(), 'several files at once');
    await chooser.setFiles(['r0.yml', 'r1.yml', 'r2.yml'].map((f) => path.join(dir, f)));
    const s = await lib.waitLoaded(session.page, 3);
    assert.equal(s.rules, 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('"Load sample rules", then a click on a cell selects that technique', async () => {
  await click('clear');
  assert.equal((await summary()).loaded, 0);
  await click('samples');
  const s = await lib.waitLoaded(session.page, lib.samples().length);
  assert.equal(s.rules, lib.samples().length);
  assert.ok((await rect('cell:T1053/execution')).visible);
  await click('cell:T1053/execution', 0.3);
  const after = await summary();
  assert.equal(after.view.selected, 'T1053/execution');
  assert.equal(after.view.tab, 'technique');
});

test('a click on a parent\'s strip shows its sub-techniques; again hides them', async () => {
  const before = (await summary()).view.cells;
  await click('cell:T1059/execution', 0.97);
  const opened = await summary();
  assert.ok(opened.view.cells > before, 'sub-technique cells appeared');
  assert.ok(await session.page.evaluate(() => window.sigmaHeatmap.uiRect('cell:T1059.001/execution')));
  await click('cell:T1059/execution', 0.97);
  assert.equal((await summary()).view.cells, before);
});

test('typing in the search box searches', async () => {
  await click('search');
  await session.page.keyboard.type('Scheduled');
  await session.page.evaluate(() => window.sigmaHeatmap.frames(2));
  assert.equal((await summary()).view.search, 'Scheduled');
  await session.page.screenshot({ path: path.join(require('os').tmpdir(), 'sh-e2e-search.png') });
  for (let i = 0; i < 'Scheduled'.length; i++) await session.page.keyboard.press('Backspace');
  await session.page.evaluate(() => window.sigmaHeatmap.frames(2));
  assert.equal((await summary()).view.search, '');
});

// Issue 14.1: Emscripten's GLFW passed the raw DOM deltas, so wheel-down scrolled up by 100 steps.
test('the mouse wheel scrolls the matrix the way it scrolls a page, by the wheel\'s amount', async () => {
  const { page } = session;
  await page.evaluate(() => window.sigmaHeatmap.setOptions({ search: '', view: 'matrix' }));
  const top = await rect('cell:T1059/execution');
  await page.mouse.move(top.x + top.w / 2, top.y + top.h / 2);
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
  await page.mouse.wheel(0, 120);  // wheel down: the content moves up
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
  const down = await rect('cell:T1059/execution');
  assert.ok(Math.abs((top.y - down.y) - 120) <= 3, `moved up by 120 CSS px (moved ${top.y - down.y})`);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100);  // three notches up: back to the top, not past it
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
  const back = await rect('cell:T1059/execution');
  assert.ok(Math.abs(back.y - top.y) <= 1, `back at the top (${back.y} vs ${top.y})`);
});

test('"Download layer" saves layerJson(), "Clear" empties the page', async () => {
  const r = await rect('download');
  const [download] = await Promise.all([
    session.page.waitForEvent('download'),
    session.page.mouse.click(r.x + r.w / 2, r.y + r.h / 2),
  ]);
  const expected = await session.page.evaluate(() => window.sigmaHeatmap.layerJson());
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), expected);
  assert.equal(download.suggestedFilename(), await session.page.evaluate(() => window.sigmaHeatmap.layerFileName()));
  await click('clear');
  const s = await summary();
  assert.deepEqual([s.loaded, s.rules, Object.keys(s.techniques).length], [0, 0, 0]);
  assert.deepEqual(lib.foreignRequests(session.requests, server.url), []);
  assert.deepEqual(session.errors, []);
});
