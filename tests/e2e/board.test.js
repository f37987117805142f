// board.test.js — what the Board adds to issue 4 and 5 in the page, each compared with the CLI on
// the same inputs: detection latency from a SIEM alerts CSV ("Open alerts CSV…" or dropped: told
// from a seed rules CSV by its header) equal to `layer --alerts --report`; a baseline layer and
// targets (ids/CSV, or a layer) equal to `layer --baseline/--targets [--target-score] --report`;
// a shared link or an imported layer shows no rule tiles, and the shared page's side panel stays
// read-only until "Start editing"; the PNG button at 2x/3x equals `png --scale N`.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');

let server, browser, session;
const NAME = 'coverage_q4_2026';
const DATE = '2026-02-03';
// Tall enough for the whole Reports tab (its last buttons are clicked).
const VIEWPORT = { width: 1600, height: 1400 };

// SIEM alerts for the sample rules: by id and by title, one unknown rule, one detection before its
// event, one bad time, an extra quoted column with a comma, CRLF line ends.
const ALERTS = [
  'Rule,host,Event Time,Detection_Time',
  '3ce11bcf-9822-4bf3-94f7-1260ad8a31aa,"dc01, eu",2026-03-02T10:00:00Z,2026-03-02T10:12:00Z',
  '3ce11bcf-9822-4bf3-94f7-1260ad8a31aa,dc02,2026-03-02T11:00:00Z,2026-03-02T11:02:30Z',
  'PowerShell Started With An Encoded Command,ws1,2026-03-02T12:00:00+01:00,2026-03-02T11:30:00Z',
  'efe27690-8c48-43c0-bde1-ef8bb47b34ac,ws2,2026-03-03 09:00:00,2026-03-03 09:00:45',
  '371cb203-5984-4a61-bcbf-a683d76bbf6d,ws3,2026-03-04T08:00:00Z,2026-03-04T10:00:00Z',
  'fd199dd0-810f-4cf5-9d94-86d90caf9286,srv1,2026-03-05T00:00:00Z,2026-03-06T04:00:00Z',
  'A Rule We Do Not Have,ws4,2026-03-05T00:00:00Z,2026-03-05T00:01:00Z',
  'fd199dd0-810f-4cf5-9d94-86d90caf9286,srv2,2026-03-05T10:00:00Z,2026-03-05T09:00:00Z',
  'fd199dd0-810f-4cf5-9d94-86d90caf9286,srv3,yesterday,2026-03-05T09:00:00Z',
].join('\r\n') + '\r\n';

// A seed rules sheet: must keep loading as rules next to the alerts.
const SHEET = 'title,attack_id,level,status\nEncoded PowerShell,T1059.001,high,stable\nShadow copies,T1490,critical,test\n';

// Another team's layer as the baseline (no tactics, duplicates, colour-only, an unknown id).
const BASELINE = JSON.stringify({
  name: 'team_b', versions: { attack: '19', layer: '4.5' }, domain: 'enterprise-attack',
  techniques: [
    { techniqueID: 'T1003.001', tactic: 'credential-access', score: 100 },
    { techniqueID: 'T1486', score: 30 }, { techniqueID: 'T1486', score: 60 },
    { techniqueID: 'T1021.001', tactic: 'lateral-movement', score: 80 },
    { techniqueID: 'T1105', color: '#ff0000' }, { techniqueID: 'T9999', score: 80 },
  ],
  gradient: { colors: ['#ff6666', '#66ff66'], minValue: 0, maxValue: 100 },
});
// Targets as ids / CSV: a comment, a header, a min score, a bad id.
const TARGETS = '# Q4 targets\ntechnique,min_score\nT1003.001,100\nT1059.001\nT1486\nT1021.001,50\nTXXXX\nT1490,90\n';
// A threat-actor layer as targets: its scored techniques.
const ACTOR = JSON.stringify({
  name: 'actor', versions: { attack: '19', layer: '4.5' }, domain: 'enterprise-attack',
  techniques: [{ techniqueID: 'T1059.001', score: 1 }, { techniqueID: 'T1105', score: 3 },
    { techniqueID: 'T1547.001', score: 2 }, { techniqueID: 'T1566', score: 1 }, { techniqueID: 'T1027', color: '#ff0000' }],
});

before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
  session = await lib.openPage(browser, server.url, VIEWPORT);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const summary = (page = session.page) => page.evaluate(() => window.sigmaHeatmap.summary());
const setOptions = async (o, page = session.page) => assert.equal(await page.evaluate((x) => window.sigmaHeatmap.setOptions(x), o), '');
const frames = (n, page = session.page) => page.evaluate((k) => window.sigmaHeatmap.frames(k), n);

// The samples under rules/ in a temporary folder with the other inputs next to them; the CLI runs
// there with relative paths, as the page names the files.
function workspace() {
  const files = lib.samples().map((f) => ({ name: 'rules/' + path.basename(f.name), text: f.text }));
  files.push({ name: 'alerts.csv', text: ALERTS }, { name: 'sheet.csv', text: SHEET }, { name: 'team_b.json', text: BASELINE },
    { name: 'targets.txt', text: TARGETS }, { name: 'actor.json', text: ACTOR });
  return { dir: lib.writeTree(files), rules: files.filter((f) => f.name.startsWith('rules/')) };
}

async function loadRules(rules) {
  const { page } = session;
  await page.evaluate(() => Promise.all([window.sigmaHeatmap.clearAlerts(), window.sigmaHeatmap.clearBaseline(),
    window.sigmaHeatmap.clearTargets(), window.sigmaHeatmap.clearPreviousLayer(), window.sigmaHeatmap.clearHistory()]));
  await page.evaluate(() => window.sigmaHeatmap.clear());
  await frames(1);
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), rules);
  await setOptions({ name: NAME, resetWeights: true, top: 10, kpiThreshold: 80, gapLevel: 'techniques', targetScore: 1 });
}

function cliReport(dir, args) {
  execFileSync(lib.cli(), ['layer', '-q', '--name', NAME, ...args, '--report', 'report.json', '-o', 'out.json'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
}

// Clicks a named ImGui button (hovered a frame first, as ImGui wants) and returns the file chooser it opens.
async function chooserOf(page, name) {
  const r = await page.evaluate((n) => window.sigmaHeatmap.uiRect(n), name);
  assert.ok(r, `${name} is on screen`);
  assert.ok(r.y + r.h <= VIEWPORT.height, `${name} is inside the viewport`);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await frames(2, page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.mouse.click(r.x + r.w / 2, r.y + r.h / 2)]);
  return chooser;
}

async function click(page, name) {
  const r = await page.evaluate((n) => window.sigmaHeatmap.uiRect(n), name);
  assert.ok(r, `${name} is on screen`);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await frames(2, page);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  await frames(2, page);
}

function drop(page, files) {
  return page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: f.type }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

test('"Open alerts CSV…": summary().latency and the board equal `layer --alerts --report`', async (t) => {
  if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
  const { dir, rules } = workspace();
  const { page } = session;
  try {
    await loadRules(rules);
    await setOptions({ tab: 'reports', view: 'board' });
    await frames(3);
    const chooser = await chooserOf(page, 'open-alerts');
    await chooser.setFiles({ name: 'alerts.csv', mimeType: 'text/csv', buffer: Buffer.from(ALERTS) });
    await page.waitForFunction(() => window.sigmaHeatmap.summary().alertsFile === 'alerts.csv');
    const s = await summary();
    const report = cliReport(dir, ['--alerts', 'alerts.csv', 'rules']);
    assert.ok(report.latency, 'the CLI wrote a latency');
    assert.deepEqual(s.latency, report.latency);
    assert.deepEqual(s.board, report.board);
    assert.deepEqual(s.kpis, report.kpis);

    // By hand: 6 alerts matched (12m, 2m30s, 30m, 45s, 2h, 28h) -> median (12m + 30m) / 2 = 21m.
    assert.equal(s.latency.overall.alerts, 6);
    assert.equal(s.latency.overall.medianSeconds, 1260);
    assert.equal(s.latency.unmatched, 1);
    assert.equal(s.latency.negative, 1);
    const lsass = s.latency.techniques.find((x) => x.key === 'T1003.001');
    assert.deepEqual([lsass.alerts, lsass.medianSeconds], [2, 435], 'T1003.001: median of 12m and 2m30s');
    const powershell = s.latency.techniques.find((x) => x.key === 'T1059.001');
    assert.deepEqual([powershell.alerts, powershell.medianSeconds], [2, 922.5], 'by title and by id: 30m and 45s');
    assert.ok(s.latency.tactics.some((x) => x.key === 'impact' && x.alerts === 1 && x.medianSeconds === 100800));
    const tile = s.board.tiles.find((x) => x.label === 'Median detection latency');
    assert.ok(tile, 'the latency tile');
    assert.equal(tile.value, '21m 0s');
    assert.ok(s.errors.some((e) => e.file === 'alerts.csv' && e.line === 10), 'the bad time is listed with its line');
    assert.ok(s.errors.some((e) => e.file === 'alerts.csv' && /A Rule We Do Not Have/.test(e.message)), 'the unknown rule too');
    await page.screenshot({ path: path.join(require('os').tmpdir(), 'sh-e2e-board-latency.png') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a dropped alerts CSV is read as alerts, a dropped seed CSV still as rules (by their headers)', async (t) => {
  if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
  const { dir, rules } = workspace();
  const { page } = session;
  try {
    await loadRules(rules);
    const before = await summary();
    assert.equal(before.latency, null);
    await drop(page, [{ name: 'alerts.csv', text: ALERTS, type: 'text/csv' }, { name: 'sheet.csv', text: SHEET, type: 'text/csv' }]);
    await page.waitForFunction((n) => {
      const s = window.sigmaHeatmap.summary();
      return s.alertsFile === 'alerts.csv' && s.loaded === n && !s.loading;
    }, before.loaded + 1);
    const s = await summary();
    assert.equal(s.rules, before.rules + 2, 'the sheet\'s two rows are rules');
    assert.equal(s.techniques['T1490'], 100, 'the sheet\'s critical rule scores T1490');
    const report = cliReport(dir, ['--alerts', 'alerts.csv', 'rules', 'sheet.csv']);
    assert.deepEqual(s.latency, report.latency);
    assert.deepEqual(s.board, report.board);
    assert.deepEqual(lib.foreignRequests(session.requests, server.url), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('"Open baseline layer…" and "Open targets…": summary().baseline/targets equal `layer --baseline --targets --report`', async (t) => {
  if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
  const { dir, rules } = workspace();
  const { page } = session;
  try {
    await loadRules(rules);
    await setOptions({ tab: 'reports', view: 'board' });
    await frames(3);
    let chooser = await chooserOf(page, 'open-baseline');
    await chooser.setFiles({ name: 'team_b.json', mimeType: 'application/json', buffer: Buffer.from(BASELINE) });
    await page.waitForFunction(() => window.sigmaHeatmap.summary().baselineFile === 'team_b.json');
    chooser = await chooserOf(page, 'open-targets');
    await chooser.setFiles({ name: 'targets.txt', mimeType: 'text/plain', buffer: Buffer.from(TARGETS) });
    await page.waitForFunction(() => window.sigmaHeatmap.summary().targetsFile === 'targets.txt');
    let s = await summary();
    let report = cliReport(dir, ['--baseline', 'team_b.json', '--targets', 'targets.txt', 'rules']);
    assert.deepEqual(s.baseline, report.baseline);
    assert.deepEqual(s.targets, report.targets);
    assert.deepEqual(s.board, report.board);

    // By hand: the samples cover T1003.001 (100), T1059.001 (50), T1490 (80); not T1486 nor T1021.001.
    const ids = (rows) => rows.map((r) => r.technique);
    // A parent counts as covered when a sub-technique is: T1021 through T1021.001.
    for (const id of ['T1021', 'T1021.001', 'T1486']) assert.ok(ids(s.baseline.missing).includes(id), `${id} missing`);
    assert.ok(!ids(s.baseline.missing).includes('T1003.001'), 'both cover T1003.001');
    assert.ok(ids(s.baseline.ahead).includes('T1490') && ids(s.baseline.ahead).includes('T1059.001'));
    assert.ok(ids(s.baseline.ahead).includes('T1105'), 'their colour without a score is no coverage: we are ahead on T1105');
    assert.deepEqual(s.targets.rows.map((r) => [r.technique, r.minScore, r.met]),
      [['T1003.001', 100, true], ['T1059.001', 1, true], ['T1486', 1, false], ['T1021.001', 50, false], ['T1490', 90, false]]);
    assert.deepEqual([s.targets.met, s.targets.notMet], [2, 3]);
    assert.ok(s.errors.some((e) => e.file === 'targets.txt' && e.line === 7), 'the bad id, with its line');

    // The target score applies to targets without one, as --target-score.
    await setOptions({ targetScore: 60 });
    s = await summary();
    report = cliReport(dir, ['--baseline', 'team_b.json', '--targets', 'targets.txt', '--target-score', '60', 'rules']);
    assert.deepEqual(s.targets, report.targets);
    assert.equal(s.targets.rows.find((r) => r.technique === 'T1059.001').met, false, '50 < 60');

    // A threat-actor layer dropped on the page, used as targets from the popup.
    await drop(page, [{ name: 'actor.json', text: ACTOR, type: 'application/json' }]);
    await page.waitForFunction(() => window.sigmaHeatmap.summary().pendingLayers === 1);
    await frames(3);
    await click(page, 'layer-targets');
    s = await summary();
    assert.equal(s.targetsFile, 'actor.json');
    assert.equal(s.view.main, 'board');
    report = cliReport(dir, ['--baseline', 'team_b.json', '--targets', 'actor.json', '--target-score', '60', 'rules']);
    assert.deepEqual(s.targets, report.targets);
    assert.deepEqual(s.targets.rows.map((r) => r.technique), ['T1059.001', 'T1105', 'T1547.001', 'T1566'], 'scored techniques only');
    await page.screenshot({ path: path.join(require('os').tmpdir(), 'sh-e2e-board-targets.png') });
    assert.deepEqual(session.errors, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a shared link or an imported layer: no rule tiles; the shared side panel is read-only until "Start editing"', async () => {
  const { rules } = workspace();
  const { page } = session;
  await loadRules(rules);
  const original = await summary();
  const labels = (s) => s.board.tiles.map((x) => x.label);
  assert.ok(labels(original).includes('Rules') && labels(original).includes('Fragile coverage'));
  const link = await page.evaluate(() => window.sigmaHeatmap.shareLink());

  const fresh = await lib.openPage(browser, link, VIEWPORT);
  try {
    await fresh.page.click('#doc-editor');  // the link opens as the board document
    await frames(3, fresh.page);
    let s = await summary(fresh.page);
    assert.equal(s.readOnly, true);
    assert.deepEqual(labels(s), labels(original).filter((l) => l !== 'Rules' && l !== 'Fragile coverage'));
    const numbers = (tiles) => tiles.slice(0, 3).map((x) => [x.label, x.value, x.percent]);
    assert.deepEqual(numbers(s.board.tiles), numbers(original.board.tiles), 'the coverage tiles say the same');
    assert.match(s.board.tiles[0].detail, /have a score above 0$/, 'a link has scores, not rules');
    assert.doesNotMatch(s.board.subtitle, /rules/, 'no "0 rules" either');

    // The Layer tab's palette does not change while read-only...
    const colours = async () => JSON.parse(await fresh.page.evaluate(() => window.sigmaHeatmap.layerJson())).gradient.colors;
    const shared = await colours();
    await setOptions({ tab: 'layer' }, fresh.page);
    await frames(3, fresh.page);
    await click(fresh.page, 'palette-colourblind');
    assert.deepEqual(await colours(), shared, 'disabled: the click changes nothing');
    // ... and does once editing started.
    await click(fresh.page, 'start-editing');
    s = await summary(fresh.page);
    assert.equal(s.readOnly, false);
    await click(fresh.page, 'palette-colourblind');
    assert.notDeepEqual(await colours(), shared, 'enabled: the palette changed');
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.context.close();
  }

  // A layer opened as the heat-map: the same.
  const layer = await page.evaluate(() => window.sigmaHeatmap.layerJson());
  const s = await page.evaluate((text) => window.sigmaHeatmap.viewLayer({ name: 'samples.json', text }), layer);
  assert.equal(s.source, 'layer');
  assert.ok(!labels(s).includes('Rules') && !labels(s).includes('Fragile coverage'));
  assert.deepEqual(s.board.tiles.slice(0, 3).map((x) => [x.label, x.value]), original.board.tiles.slice(0, 3).map((x) => [x.label, x.value]));
  await setOptions({ view: 'board' });
  await frames(3);
});

test('the platform filter travels in the share link: the board it opens counts that platform', async () => {
  const { rules } = workspace();
  const { page } = session;
  await loadRules(rules);
  await setOptions({ platform: 'Linux' });
  await frames(3);
  const filtered = await summary();
  const link = await page.evaluate(() => window.sigmaHeatmap.shareLink());
  await setOptions({ platform: '' });
  await frames(3);
  const all = await summary();
  const kpis = (s) => [s.kpis.techniques.total, s.kpis.techniques.covered];
  assert.notDeepEqual(kpis(filtered), kpis(all), 'Linux counts differ from all platforms\' here');

  const fresh = await lib.openPage(browser, link, VIEWPORT);
  try {
    await fresh.page.click('#doc-editor');
    await frames(3, fresh.page);
    const s = await summary(fresh.page);
    assert.equal(s.source, 'share');
    assert.equal(s.shareError, '');
    assert.deepEqual((await fresh.page.evaluate(() => window.sigmaHeatmap.options())).platforms, ['Linux']);
    assert.deepEqual(kpis(s), kpis(filtered), 'the board counts Linux, as the sender\'s did');
    assert.deepEqual(s.board.tiles.slice(0, 3).map((x) => [x.label, x.value]), filtered.board.tiles.slice(0, 3).map((x) => [x.label, x.value]));
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.context.close();
  }
});

test('"PNG" at 2x and 3x (the PNG scale setting) saves what `png --scale N` draws', async (t) => {
  if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
  const { page } = session;
  await page.evaluate(() => window.sigmaHeatmap.clear());
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), lib.samples());
  await setOptions({ name: 'samples', imageDate: DATE, view: 'matrix' });
  const layer = await page.evaluate(() => window.sigmaHeatmap.layerJson());
  const dir = lib.writeTree([{ name: 'samples.json', text: layer }]);
  try {
    const sizes = {};
    for (const scale of [1, 2, 3]) {
      await setOptions({ pngScale: scale });
      assert.equal((await summary()).pngScale, scale);
      await frames(2);
      execFileSync(lib.cli(), ['png', '-q', '--scale', String(scale), '--date', DATE, 'samples.json', '-o', `out${scale}.png`], { cwd: dir });
      const r = await page.evaluate(() => window.sigmaHeatmap.uiRect('png'));
      await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
      await frames(2);
      const [d] = await Promise.all([page.waitForEvent('download'), page.mouse.click(r.x + r.w / 2, r.y + r.h / 2)]);
      const bytes = fs.readFileSync(await d.path());
      assert.equal(d.suggestedFilename(), 'samples.png');
      assert.ok(bytes.equals(fs.readFileSync(path.join(dir, `out${scale}.png`))), `byte-identical PNG at ${scale}x`);
      sizes[scale] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    }
    for (const scale of [2, 3]) {
      assert.ok(Math.abs(sizes[scale][0] - scale * sizes[1][0]) <= scale, `${scale}x as wide`);
      assert.ok(Math.abs(sizes[scale][1] - scale * sizes[1][1]) <= scale, `${scale}x as high`);
    }
    assert.equal(await page.evaluate(() => window.sigmaHeatmap.setOptions({ pngScale: 4 })), 'bad option pngScale');
  } finally {
    await setOptions({ pngScale: 1 });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
