// offline.test.js — dist/sigma-heatmap.html, the single self-contained page, opened from file://
// with the network cut (every non-file request aborted, context offline): it starts, loads rules,
// renders, downloads, and never asks for anything but itself.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const lib = require('./lib');

const FILE = path.join(lib.DIST, 'sigma-heatmap.html');
let browser;

before(async () => { browser = await lib.launch(); });
after(async () => { if (browser) await browser.close(); });

test('the single file is under 4 MB and inlines everything', () => {
  const html = fs.readFileSync(FILE, 'utf8');
  assert.ok(fs.statSync(FILE).size < 4 * 1024 * 1024, 'under 4 MB');
  assert.doesNotMatch(html, /<script[^>]+src=/, 'no external script');
  assert.doesNotMatch(html, /<link[^>]+stylesheet/, 'no external style sheet');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
});

test('from file:// with every non-file request aborted it loads rules and renders', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const aborted = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    aborted.push(url);
    return route.abort();
  });
  await context.setOffline(true);
  await page.goto('file://' + FILE);
  await page.evaluate(() => window.sigmaHeatmap.ready);
  const s = await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), lib.samples());
  assert.equal(s.rules, lib.samples().length);
  assert.ok(Object.keys(s.techniques).length >= 9);
  const before = (await page.evaluate(() => window.sigmaHeatmap.stats())).frames;
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  assert.ok((await page.evaluate(() => window.sigmaHeatmap.stats())).frames >= before + 3, 'frames are drawn');
  // A blank canvas compresses to almost nothing; the heat-map does not.
  const shot = await page.screenshot();
  assert.ok(shot.length > 40000, `the screenshot has content (${shot.length} bytes)`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => window.sigmaHeatmap.download())]);
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), await page.evaluate(() => window.sigmaHeatmap.layerJson()));
  assert.deepEqual(aborted, [], 'nothing had to be aborted');
  assert.deepEqual(lib.foreignRequests(requests, null), [], 'only file:, data: and blob: URLs');
  assert.ok(!requests.some((u) => u.endsWith('.wasm')), 'the wasm is inlined');
  assert.deepEqual(errors, []);
  await context.close();
});
