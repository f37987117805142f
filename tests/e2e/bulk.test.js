// bulk.test.js — the whole SigmaHQ corpus (../shared/sigma/rules, 3,141 rules) through loadFiles:
// the page keeps drawing frames while a big load runs (work is split across frames), the result matches
// the CLI byte for byte, and the full matrix expanded keeps drawing frames.
// Timings are printed as test diagnostics (scripts/bench has the benchmark proper).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');

const CORPUS = path.join(lib.ROOT, '..', 'shared', 'sigma', 'rules');
const have = fs.existsSync(CORPUS);
let server, browser, session, files;

before(async () => {
  if (!have) return;
  files = lib.readRules(CORPUS);
  server = await lib.serve();
  browser = await lib.launch();
  session = await lib.openPage(browser, server.url);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('3,141 SigmaHQ rules load through loadFiles', { skip: !have && '../shared/sigma/rules missing' }, async (t) => {
  const { page } = session;
  await page.evaluate((f) => { window.__corpus = f; }, files);
  const r = await page.evaluate(async () => {
    const api = window.sigmaHeatmap;
    const f0 = api.stats().frames;
    const t0 = performance.now();
    const s = await api.loadFiles(window.__corpus);
    const t1 = performance.now();
    const framesWhileLoading = api.stats().frames - f0;
    await api.frames(1);
    return { s, summaryMs: t1 - t0, firstFrameMs: performance.now() - t0, framesWhileLoading, stats: api.stats() };
  });
  t.diagnostic(`loadFiles -> summary ${r.summaryMs.toFixed(0)} ms, -> first frame ${r.firstFrameMs.toFixed(0)} ms, ` +
    `parse ${r.stats.loadMs.toFixed(0)} ms, score ${r.stats.scoreMs.toFixed(1)} ms, ${r.framesWhileLoading} frames while loading`);
  assert.equal(r.s.loaded, files.length);
  assert.ok(r.s.rules >= 3000, `${r.s.rules} rules`);
  assert.ok(Object.keys(r.s.techniques).length > 300);
  // (Splitting a load across frames is checked on the 5x corpus below: this one may finish in the
  // loader's first step, before a progress frame is needed.)
});

test('the same corpus through the CLI gives the same layer bytes', { skip: !have && 'no corpus' }, async (t) => {
  const exe = lib.cli();
  if (!exe) return t.skip('build/native/sigma-heatmap not built');
  const { page } = session;
  await page.evaluate(() => window.sigmaHeatmap.setOptions({ name: 'sigmahq' }));
  const t0 = Date.now();
  const fromCli = execFileSync(exe, ['layer', '-q', '--name', 'sigmahq', 'rules', '-o', '-'],
    { cwd: path.dirname(CORPUS), maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  t.diagnostic(`CLI: ${Date.now() - t0} ms`);
  const fromPage = await page.evaluate(() => window.sigmaHeatmap.layerJson());
  assert.equal(fromPage.length, fromCli.length);
  assert.equal(fromPage, fromCli);
});

test('the full matrix expanded keeps drawing frames, side and mini', { skip: !have && 'no corpus' }, async (t) => {
  const { page } = session;
  await page.evaluate(() => window.sigmaHeatmap.setOptions({ expandAll: true, showScores: true, layout: 'side' }));
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  await page.mouse.move(300, 300);  // a hover tooltip too
  await page.evaluate(() => window.sigmaHeatmap.resetFrameStats());
  await page.evaluate(() => window.sigmaHeatmap.frames(30));
  const side = await page.evaluate(() => window.sigmaHeatmap.stats());
  await page.evaluate(() => window.sigmaHeatmap.setOptions({ layout: 'mini' }));
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  await page.evaluate(() => window.sigmaHeatmap.resetFrameStats());
  await page.evaluate(() => window.sigmaHeatmap.frames(30));
  const mini = await page.evaluate(() => window.sigmaHeatmap.stats());
  t.diagnostic(`frame build: side avg ${side.avgFrameMs.toFixed(2)} ms (max ${side.maxFrameMs.toFixed(2)}), ` +
    `mini avg ${mini.avgFrameMs.toFixed(2)} ms (max ${mini.maxFrameMs.toFixed(2)})`);
  // The < 8 ms target is measured by scripts/bench (tests/e2e/bench.js), not asserted here.
  assert.ok(side.avgFrameMs > 0 && mini.avgFrameMs > 0, 'frames were built with the expanded matrix');
  assert.deepEqual(lib.foreignRequests(session.requests, server.url), []);
});

test('a very large drop can be cancelled from the progress bar; what was loaded stays', { skip: !have && 'no corpus' }, async (t) => {
  const { page } = session;
  await page.evaluate(() => window.sigmaHeatmap.clear());
  const big = [];
  for (let k = 0; k < 5; k++) for (const f of files) big.push({ name: `copy${k}/${f.name}`, text: f.text });
  await page.evaluate((r) => {
    window.__big = r;
    window.__frames0 = window.sigmaHeatmap.stats().frames;
    window.__pending = window.sigmaHeatmap.loadFiles(r);
  }, big);
  await page.waitForFunction(() => window.sigmaHeatmap.summary().loaded > 500, null, { polling: 10, timeout: 60000 });
  const cancel = await page.evaluate(() => window.sigmaHeatmap.uiRect('cancel'));
  if (!cancel) return t.skip('the load finished before the progress bar could be seen');
  await page.mouse.click(cancel.x + cancel.w / 2, cancel.y + cancel.h / 2);
  const s = await page.evaluate(() => window.__pending);
  const framesWhileLoading = await page.evaluate(() => window.sigmaHeatmap.stats().frames - window.__frames0);
  assert.ok(framesWhileLoading >= 2, `the load was split across frames (${framesWhileLoading} frames drawn)`);
  if (s.loaded === big.length) return t.skip('the load finished before the click');
  t.diagnostic(`cancelled after ${s.loaded} of ${big.length} files`);
  assert.equal(s.pending, 0);
  assert.equal(s.loading, false);
  assert.ok(s.loaded > 500 && s.rules >= s.loaded - 5);
  await page.evaluate(() => { window.__big = null; });
  const again = await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f.slice(0, 10)), files);
  assert.ok(again.loaded >= s.loaded, 'loading more afterwards still works');
});
