// session.test.js — sessions survive a reload (web/session.js): settings come back by themselves,
// the loaded rules and layers are offered as "Restore last session" (a DOM bar, clicked with the
// mouse) and come back with a deep-equal summary() and the same layerJson() bytes; "Forget" (the
// bar's, and the About tab's ImGui button) erases both; a share link neither shows the offer nor
// overwrites the stored session; the single file opened from file:// restores too, or says why not
// while loading still works.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const lib = require('./lib');

let server, browser;
before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const PREVIOUS = JSON.stringify({
  name: 'coverage_q1_2026', versions: { attack: '19', layer: '4.5' }, domain: 'enterprise-attack',
  techniques: [{ techniqueID: 'T1059.001', score: 100 }, { techniqueID: 'T1490', tactic: 'impact', score: 80 }],
});
const SETTINGS = { palette: 'colourblind', layout: 'mini', zoom: 1.25, kpiThreshold: 60, impactWeight: 7, showScores: true };

async function ready(page) {
  await page.evaluate(() => window.sigmaHeatmap.ready);
  await page.evaluate(() => window.sigmaHeatmap.session.started);
}
// What a session restores: everything the summary computes, not the transient notices the UI showed
// (messages, the status line and the drawn texts belong to the visit, not to the session).
const content = ({ messages, status, texts, ...rest }) => rest;
const state = (page) => page.evaluate(() => ({ summary: window.sigmaHeatmap.summary(), layer: window.sigmaHeatmap.layerJson() }))
  .then((s) => ({ ...s, summary: content(s.summary) }));

// Two files that are not UTF-8, given as bytes: a UTF-16 rule (loads) and a Latin-1 one (refused).
// A session must give the core the same bytes again, not text where U+FFFD replaced them.
const ENCODED = [
  { name: 'zz/utf16.yml', bytes: Array.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('title: UTF-16 Caf\u00e9\nlevel: high\ntags:\n  - attack.t1218\n' +
    'logsource:\n  product: windows\ndetection:\n  sel:\n    a: b\n  condition: sel\n', 'utf16le')])) },
  { name: 'zz/latin1.yml', bytes: Array.from(Buffer.from('title: Latin-1 Caf\u00e9\nlevel: high\ntags:\n  - attack.t1490\n' +
    'logsource:\n  product: windows\ndetection:\n  sel:\n    a: b\n  condition: sel\n', 'latin1')) },
];

// Rules in three drops (so load order is not name order), a previous layer, settings and a name.
async function buildSession(page) {
  const samples = lib.samples();
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), samples.slice(4));
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), samples.slice(0, 4));
  await page.evaluate((list) => window.sigmaHeatmap.loadFiles(list.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }))), ENCODED);
  await page.evaluate((text) => window.sigmaHeatmap.loadPreviousLayer({ name: 'q1.json', text }), PREVIOUS);
  assert.equal(await page.evaluate((o) => window.sigmaHeatmap.setOptions(o), { ...SETTINGS, name: 'ours' }), '');
  await page.evaluate(() => window.sigmaHeatmap.session.save());
}

test('reload, then Restore last session: the same summary and layer bytes; settings come back by themselves', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());  // a "leave this page?" prompt must not block the reload
  await page.goto(server.url);
  await ready(page);
  assert.equal(await page.evaluate(() => window.sigmaHeatmap.session.status().available), true);
  await buildSession(page);
  const saved = await state(page);
  assert.ok(saved.summary.rules > 0 && saved.summary.previous === 'q1.json' && saved.summary.diff);
  assert.ok(saved.summary.techniques.T1218 > 0, 'the UTF-16 rule loaded');
  assert.ok(saved.summary.errors.some((e) => e.file === 'zz/latin1.yml' && e.severity === 'warning' && /not valid UTF-8.*read as Windows-1252/.test(e.message)),
    'the Latin-1 file read as Windows-1252, and said');
  assert.ok(saved.summary.techniques.T1490 > 0, 'the Latin-1 rule loaded');

  await page.reload();
  await ready(page);
  // Settings at once, without restoring anything.
  const options = await page.evaluate(() => window.sigmaHeatmap.options('settings'));
  for (const [k, v] of Object.entries(SETTINGS)) assert.deepEqual(options[k], v, k);
  assert.equal((await page.evaluate(() => window.sigmaHeatmap.summary())).loaded, 0);
  // The offer, clicked as a user would.
  const bar = page.locator('#session-bar');
  await bar.waitFor({ state: 'visible' });
  assert.match(await bar.textContent(), /11 rule files, 1 layer or CSV, saved/);
  await page.click('#session-restore');
  await page.waitForFunction(() => { const s = window.sigmaHeatmap.summary(); return s.loaded === 11 && !s.loading && s.previous; }, null, { timeout: 60000 });
  await page.waitForFunction(() => window.sigmaHeatmap.summary().layerName === 'ours', null, { timeout: 10000 });
  assert.equal(await bar.isVisible(), false);
  const restored = await state(page);
  assert.deepEqual(restored.summary, saved.summary);
  assert.equal(restored.layer, saved.layer);

  // Forget from the bar: after a reload nothing is offered and the settings are the defaults.
  await page.evaluate(() => window.sigmaHeatmap.session.save());
  await page.reload();
  await ready(page);
  await bar.waitFor({ state: 'visible' });
  await page.click('#session-forget');
  await page.waitForFunction(() => window.sigmaHeatmap.session.status().paused);
  assert.equal(await page.evaluate(() => window.sigmaHeatmap.session.stored()), undefined);
  assert.equal(await page.evaluate(() => localStorage.getItem('sigma-heatmap.settings')), null);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => window.sigmaHeatmap.session.status().offered), false);
  assert.equal((await page.evaluate(() => window.sigmaHeatmap.options('settings'))).palette, 'ryg');
  await context.close();
});

test("the About tab's Forget button erases the session and the settings", async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await ready(page);
  await buildSession(page);
  assert.ok(await page.evaluate(() => window.sigmaHeatmap.session.stored()));
  await page.evaluate(() => window.sigmaHeatmap.setOptions({ tab: 'about' }));
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  const r = await page.evaluate(() => window.sigmaHeatmap.uiRect('forget-session'));
  assert.ok(r, 'the About tab shows the Forget button');
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await page.evaluate(() => window.sigmaHeatmap.frames(1));
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  await page.waitForFunction(() => window.sigmaHeatmap.session.status().paused, null, { timeout: 10000 });
  await lib.pollUntil(page, async () => (await window.sigmaHeatmap.session.stored()) === undefined);
  assert.equal(await page.evaluate(() => localStorage.getItem('sigma-heatmap.settings')), null);
  // Nothing more is saved during this visit.
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), lib.samples().slice(0, 2));
  await page.evaluate(() => window.sigmaHeatmap.session.save());
  assert.equal(await page.evaluate(() => window.sigmaHeatmap.session.stored()), undefined);
  await context.close();
});

test('a share link shows no offer and does not overwrite the stored session', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await ready(page);
  await buildSession(page);
  const link = await page.evaluate(() => window.sigmaHeatmap.shareLink());
  const stored = await page.evaluate(() => window.sigmaHeatmap.session.stored());
  const other = await context.newPage();
  await other.goto(link);
  await ready(other);
  assert.equal((await other.evaluate(() => window.sigmaHeatmap.summary())).source, 'share');
  assert.equal(await other.evaluate(() => window.sigmaHeatmap.session.status().offered), false);
  await other.evaluate(() => window.sigmaHeatmap.session.save());
  assert.deepEqual(await other.evaluate(() => window.sigmaHeatmap.session.stored()), stored);
  await context.close();
});

test('the single file from file:// keeps sessions too, or says why not, and loads either way', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + path.join(lib.DIST, 'sigma-heatmap.html'));
  await ready(page);
  const status = await page.evaluate(() => window.sigmaHeatmap.session.status());
  t.diagnostic(`file:// storage: ${status.available ? 'available' : 'off: ' + status.problem}`);
  await buildSession(page);
  const saved = await state(page);
  assert.ok(saved.summary.loaded === 11, 'loading works whatever the storage does');
  if (!status.available) {
    assert.ok(status.problem.length > 0, 'it says why sessions are off');
    return;
  }
  await page.reload();
  await ready(page);
  const restored = await page.evaluate(() => window.sigmaHeatmap.session.restore());
  assert.deepEqual(content(restored), saved.summary);
  assert.equal(await page.evaluate(() => window.sigmaHeatmap.layerJson()), saved.layer);
  assert.deepEqual(errors, []);
  await context.close();
});
