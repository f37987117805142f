// reports.test.js — issue 4 in the page: rules loaded, then a previous layer (another producer's,
// with duplicates, entries without tactic, colour-only and unknown entries); summary() exposes
// `kpis`, `gaps` (top N with every term) and `diff` (new/closed gaps) equal to what the CLI writes
// for the same inputs (`layer --report`, `gaps --json`/`--csv`, the alert on stdout); weights,
// thresholds and history layers as the CLI's --weights/--top/--threshold/--history; the Board,
// Diff and Trends tabs; a dropped layer asks what it is; gaps CSV and board PNG downloads.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');

let server, browser, session;
const NAME = 'coverage_q4_2026';

// A layer as another tool writes it: one entry per technique without tactic, duplicates,
// colour-only annotations, an id the catalogue does not know.
const PREV = {
  name: 'coverage_q3_2026',
  versions: { attack: '19', navigator: '4.9.1', layer: '4.5' },
  domain: 'enterprise-attack',
  techniques: [
    { techniqueID: 'T1003.001', tactic: 'credential-access', score: 100 },
    { techniqueID: 'T1490', score: 100 },
    { techniqueID: 'T1021.001', tactic: 'lateral-movement', score: 50 },
    { techniqueID: 'T1021.001', tactic: 'lateral-movement', score: 80 },
    { techniqueID: 'T1486', score: 30 },
    { techniqueID: 'T1059.001', tactic: 'execution', score: 30 },
    { techniqueID: 'T1105', color: '#ff0000' },
    { techniqueID: 'T9999', score: 80 },
  ],
  gradient: { colors: ['#ff6666', '#66ff66'], minValue: 0, maxValue: 100 },
};
const PREV_TEXT = JSON.stringify(PREV, null, 2);

// Two earlier quarters for the trend.
const HISTORY = [
  { name: 'coverage_q1_2026.json', text: JSON.stringify({ ...PREV, name: 'coverage_q1_2026', techniques: PREV.techniques.slice(0, 2) }) },
  { name: 'coverage_q2_2026.json', text: JSON.stringify({ ...PREV, name: 'coverage_q2_2026', techniques: PREV.techniques.slice(0, 4) }) },
];

before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
  session = await lib.openPage(browser, server.url, { width: 1600, height: 1000 });
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const summary = () => session.page.evaluate(() => window.sigmaHeatmap.summary());
const setOptions = async (o) => assert.equal(await session.page.evaluate((x) => window.sigmaHeatmap.setOptions(x), o), '');

// The samples under rules/ in a temporary folder with the previous and history layers next to it;
// the CLI runs there with relative paths, as the page names the files.
function workspace() {
  const files = lib.samples().map((f) => ({ name: 'rules/' + path.basename(f.name), text: f.text }));
  files.push({ name: 'prev.json', text: PREV_TEXT });
  for (const h of HISTORY) files.push(h);
  return { dir: lib.writeTree(files), rules: files.filter((f) => f.name.startsWith('rules/')) };
}

async function loadRules(rules) {
  const { page } = session;
  await page.evaluate(() => { window.sigmaHeatmap.clearPreviousLayer(); window.sigmaHeatmap.clearHistory(); return window.sigmaHeatmap.clear(); });
  await page.evaluate(() => window.sigmaHeatmap.frames(1));
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), rules);
  await setOptions({ name: NAME, resetWeights: true, top: 10, kpiThreshold: 80, alertThreshold: 50, gapLevel: 'techniques' });
}

function cli(dir, args) {
  return execFileSync(lib.cli(), args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('summary() has kpis and gaps as soon as rules load, and no diff', async () => {
  const { rules } = workspace();
  await loadRules(rules);
  const s = await summary();
  assert.equal(s.kpis.threshold, 80);
  assert.equal(s.kpis.rules.total, rules.length);
  assert.ok(s.kpis.techniques.total > 150, 'the catalogue\'s techniques');
  assert.equal(s.kpis.tactics.length, 15);
  assert.equal(s.gaps.rows.length, 10);
  const g = s.gaps.rows[0];
  for (const k of ['rank', 'technique', 'name', 'tactic', 'score', 'criticality', 'frequency', 'frequencySource', 'impactTerm', 'threatTerm', 'coverageTerm', 'priority'])
    assert.ok(k in g, `gap row has ${k}`);
  assert.equal(g.rank, 1);
  assert.ok(Math.abs(g.impactTerm + g.threatTerm - g.coverageTerm - g.priority) < 0.02, 'priority = sum of its terms');
  assert.equal(s.diff, null);
  assert.equal(s.trend.points.length, 1);
});

test('a previous layer from another tool: summary() kpis, gaps, diff and the alert equal the CLI\'s', async (t) => {
  if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
  const { dir, rules } = workspace();
  try {
    await loadRules(rules);
    const s = await session.page.evaluate((text) => window.sigmaHeatmap.loadPreviousLayer({ name: 'prev.json', text }), PREV_TEXT);
    assert.equal(s.previous, 'prev.json');

    const alert = cli(dir, ['layer', '-q', '--name', NAME, '--prev', 'prev.json', '--report', 'report.json', 'rules', '-o', 'out.json']);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    assert.deepEqual(s.kpis, report.kpis);
    assert.deepEqual(s.gaps, report.gaps);
    assert.deepEqual(s.diff, report.diff);
    assert.equal(await session.page.evaluate(() => window.sigmaHeatmap.alertText()), alert);

    // What the diff says about this layer, by hand.
    const ids = (list) => list.map((c) => c.technique);
    assert.ok(ids(s.diff.droppedBelow).includes('T1021.001'), 'T1021.001 fell from 80 (duplicates: the highest) to 0');
    assert.ok(ids(s.diff.lost).includes('T1486'), 'T1486 was 30 and lost all coverage');
    assert.ok(ids(s.diff.newGaps).includes('T1021.001') && ids(s.diff.newGaps).includes('T1486'));
    assert.ok(ids(s.diff.closedGaps).includes('T1059.001'), 'T1059.001 rose from 30 to 50');
    const t1105 = s.diff.closedGaps.find((c) => c.technique === 'T1105');
    assert.ok(t1105 && t1105.before === 0 && t1105.after === 80, 'a colour without a score is no score: 0 -> 80');
    assert.ok(!ids(s.diff.techniques).includes('T1003.001'), 'unchanged');
    assert.match(s.diff.alert, /^\d+ techniques? dropped below 50 since coverage_q3_2026$/);

    // `gaps --json` and `gaps --csv` say the same as summary().gaps and the gaps CSV.
    cli(dir, ['gaps', '-q', '--json', 'gaps.json', '--csv', 'gaps.csv', 'rules']);
    assert.deepEqual(s.gaps, JSON.parse(fs.readFileSync(path.join(dir, 'gaps.json'), 'utf8')));
    assert.equal(await session.page.evaluate(() => window.sigmaHeatmap.gapsCsv()), fs.readFileSync(path.join(dir, 'gaps.csv'), 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// A layer saved by Windows PowerShell (`ConvertTo-Json > prev.json` writes UTF-16LE with a BOM),
// opened as a user does: "Open previous layer..." on the Diff tab and the browser's file chooser.
test('a previous layer saved as UTF-16 opens through the file chooser with the CLI\'s diff, as its UTF-8 text does', async (t) => {
  if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
  const { dir, rules } = workspace();
  const { page } = session;
  try {
    fs.writeFileSync(path.join(dir, 'prev16.json'), Buffer.from('\ufeff' + PREV_TEXT, 'utf16le'));
    await loadRules(rules);
    await setOptions({ view: 'diff' });
    await page.evaluate(() => window.sigmaHeatmap.frames(3));
    const r = await page.evaluate(() => window.sigmaHeatmap.uiRect('open-previous'));
    assert.ok(r, 'the button is on screen');
    await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
    await page.evaluate(() => window.sigmaHeatmap.frames(2));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.mouse.click(r.x + r.w / 2, r.y + r.h / 2)]);
    await chooser.setFiles(path.join(dir, 'prev16.json'));
    await lib.pollUntil(page, () => window.sigmaHeatmap.summary().previous === 'prev16.json');
    const s = await summary();
    assert.equal(s.previous, 'prev16.json', JSON.stringify(s.errors));
    const alert = cli(dir, ['layer', '-q', '--name', NAME, '--prev', 'prev16.json', '--report', 'report.json', 'rules', '-o', 'out.json']);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    assert.deepEqual(s.diff, report.diff);
    assert.equal(await page.evaluate(() => window.sigmaHeatmap.alertText()), alert);
    // The same diff as the layer's UTF-8 text gives (the previous test's by hand: T1021.001 fell).
    cli(dir, ['layer', '-q', '--name', NAME, '--prev', 'prev.json', '--report', 'report8.json', 'rules', '-o', 'out8.json']);
    assert.deepEqual(report.diff, JSON.parse(fs.readFileSync(path.join(dir, 'report8.json'), 'utf8')).diff);
    assert.ok(s.diff.droppedBelow.some((c) => c.technique === 'T1021.001'));
    assert.deepEqual(s.errors.filter((e) => e.severity === 'error'), []);
    await setOptions({ view: 'matrix' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('on a platform the page\'s diff and alert are that platform\'s, as `layer --platform --prev` says them', async (t) => {
  if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
  const { dir, rules } = workspace();
  try {
    await loadRules(rules);
    await session.page.evaluate((text) => window.sigmaHeatmap.loadPreviousLayer({ name: 'prev.json', text }), PREV_TEXT);
    const all = await summary();
    await setOptions({ platform: 'Linux' });
    const s = await summary();
    const alert = cli(dir, ['layer', '-q', '--name', NAME, '--platform', 'linux', '--prev', 'prev.json', '--report', 'report.json', 'rules', '-o', 'out.json']);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    assert.deepEqual(s.diff, report.diff);
    assert.equal(await session.page.evaluate(() => window.sigmaHeatmap.alertText()), alert);
    assert.match(s.diff.alert, / dropped below 50 on Linux since coverage_q3_2026$/);
    assert.deepEqual(s.diff.platforms, ['Linux']);
    // By hand: T1021.001 (Remote Desktop Protocol) is Windows-only; it fell on all platforms, not on Linux.
    const ids = (list) => list.map((c) => c.technique);
    assert.ok(ids(all.diff.droppedBelow).includes('T1021.001'));
    assert.ok(!ids(s.diff.techniques).includes('T1021.001'), 'a Windows-only technique is not in the Linux diff');
    assert.ok(s.diff.techniques.length < all.diff.techniques.length);
    // The Diff tab's count of new gaps says the platform, as the alert above it does.
    await setOptions({ view: 'diff' });
    await session.page.evaluate(() => window.sigmaHeatmap.frames(3));
    const gaps = s.diff.droppedBelow.length + s.diff.lost.length;
    assert.equal((await summary()).texts['new-gaps'].split(' = ')[0], `New gaps on Linux: ${gaps}`);
    await setOptions({ platform: '', view: 'matrix' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('edited weights, top N, thresholds and history layers match --weights, --top, --threshold, --history', async (t) => {
  if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
  const { dir, rules } = workspace();
  try {
    await loadRules(rules);
    await session.page.evaluate((text) => window.sigmaHeatmap.loadPreviousLayer({ name: 'prev.json', text }), PREV_TEXT);
    await session.page.evaluate((h) => window.sigmaHeatmap.loadHistoryLayers(h), HISTORY);
    await setOptions({ impactWeight: 5, threatWeight: 2, coverageDivisor: 20, criticality: { collection: 3, 'privilege-escalation': 1 },
      top: 5, kpiThreshold: 50, alertThreshold: 80, gapLevel: 'all' });
    const s = await summary();
    fs.writeFileSync(path.join(dir, 'weights.yml'),
      'impact_weight: 5\nthreat_weight: 2\ncoverage_divisor: 20\ntactic_criticality: {collection: 3, privilege-escalation: 1}\n');
    cli(dir, ['layer', '-q', '--name', NAME, '--prev', 'prev.json', '--threshold', '80', '--kpi-threshold', '50', '--top', '5',
      '--gap-level', 'all', '--weights', 'weights.yml', '--history', HISTORY[0].name, '--history', HISTORY[1].name,
      '--report', 'report.json', 'rules', '-o', 'out.json']);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    assert.equal(s.gaps.rows.length, 5);
    assert.equal(s.gaps.impactWeight, 5);
    assert.deepEqual(s.kpis, report.kpis);
    assert.deepEqual(s.gaps, report.gaps);
    assert.deepEqual(s.diff, report.diff);
    assert.deepEqual(s.trend, report.trend);
    assert.deepEqual(s.board, report.board);
    assert.deepEqual(s.trend.points.map((p) => p.name), ['coverage_q1_2026', 'coverage_q2_2026', NAME]);
    assert.equal(s.diff.threshold, 80);
  } finally {
    await setOptions({ resetWeights: true, top: 10, kpiThreshold: 80, alertThreshold: 50, gapLevel: 'techniques' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is not a layer is refused with a message; the page keeps going', async () => {
  const err = await session.page.evaluate(() =>
    window.sigmaHeatmap.loadPreviousLayer({ name: 'nonsense.json', text: '{"not": "a layer"' }).then(() => '', (e) => String(e.message)));
  assert.match(err, /nonsense\.json/);
  const s = await summary();
  assert.ok(s.errors.some((e) => e.file === 'nonsense.json'), 'listed under Problems');
});

test('a dropped layer asks what it is; "Previous layer (Diff)" opens the Diff view', async () => {
  const { rules } = workspace();
  await loadRules(rules);
  const { page } = session;
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'coverage_q3_2026.json', { type: 'application/json' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, PREV_TEXT);
  await page.waitForFunction(() => window.sigmaHeatmap.summary().pendingLayers === 1);
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  const r = await page.evaluate(() => window.sigmaHeatmap.uiRect('layer-previous'));
  assert.ok(r, 'the popup\'s button is on screen');
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  const s = await summary();
  assert.equal(s.pendingLayers, 0);
  assert.equal(s.previous, 'coverage_q3_2026.json');
  assert.equal(s.view.main, 'diff');
  assert.ok(s.diff.newGaps.length > 0);
});

test('Board: "Gaps CSV" saves the gaps CSV, "Save as PNG" the board; Diff and Trends tabs by click', async () => {
  const { page } = session;
  await setOptions({ view: 'board' });
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  let s = await summary();
  assert.equal(s.view.main, 'board');
  assert.ok(s.board.tiles.length >= 5);
  assert.equal(s.board.tacticBars.length, 15);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => window.sigmaHeatmap.downloadGapsCsv())]);
  assert.equal(fs.readFileSync(await csv.path(), 'utf8'), await page.evaluate(() => window.sigmaHeatmap.gapsCsv()));
  assert.equal(csv.suggestedFilename(), `${NAME}-gaps.csv`);

  const r = await page.evaluate(() => window.sigmaHeatmap.uiRect('board-png'));
  assert.ok(r);
  const [png] = await Promise.all([page.waitForEvent('download'), page.mouse.click(r.x + r.w / 2, r.y + r.h / 2)]);
  const bytes = fs.readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.ok(bytes.readUInt32BE(16) >= 1280 && bytes.readUInt32BE(20) > 1000, 'the whole board picture, not a sliver');
  assert.equal(png.suggestedFilename(), `${NAME}-board.png`);

  // Print: the board document (the core's HTML) is in the page for the print stylesheet (window.print stubbed).
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await page.evaluate(() => window.sigmaHeatmap.printBoard());
  await page.waitForFunction(() => window.__printed === 1);
  assert.equal(await page.evaluate(() => document.querySelector('#board-doc article.shb h1').textContent), s.board.title);

  for (const [rect, view] of [['view-diff', 'diff'], ['view-trends', 'trends'], ['view-matrix', 'matrix']]) {
    const t = await page.evaluate((n) => window.sigmaHeatmap.uiRect(n), rect);
    // Tabs take a click only when they were hovered the frame before (ImGui's AllowItemOverlap).
    await page.mouse.move(t.x + t.w / 2, t.y + t.h / 2);
    await page.evaluate(() => window.sigmaHeatmap.frames(2));
    await page.mouse.click(t.x + t.w / 2, t.y + t.h / 2);
    await page.evaluate(() => window.sigmaHeatmap.frames(2));
    s = await summary();
    assert.equal(s.view.main, view);
  }
  assert.deepEqual(lib.foreignRequests(session.requests, server.url), []);
  assert.deepEqual(session.errors, []);
});
