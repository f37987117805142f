// history.test.js — issue 12 in the page: the Trends tab opens a `sigma-heatmap history --trend`
// JSON (its points join the chart in date order, its drops are listed with their commits, as the
// CLI's --diffs prints them) and a folder of `history --layers` layers through "Open layers
// folder..." (a real click and the browser's folder picker), giving the trend `layer --report
// --history` computes for the same layers. The repository is made with the git command from the
// sample rules; the CLI writes the files the page opens.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');

let server, browser, session, work;
const NAME = 'coverage_q4_2026';

function git(dir, args, date) {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Ann', GIT_AUTHOR_EMAIL: 'ann@example.org', GIT_COMMITTER_NAME: 'Ann',
    GIT_COMMITTER_EMAIL: 'ann@example.org' };
  if (date) env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = `${date}T12:00:00Z`;
  return execFileSync('git', ['-C', dir, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Three weeks of a rules repository: most samples, then all, then one removed.
function makeRepository() {
  const rules = lib.samples().map((f) => ({ name: 'rules/' + path.basename(f.name), text: f.text }));
  const dir = lib.writeTree(rules.slice(0, rules.length - 2));
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'first rules'], '2024-01-02');
  for (const f of rules.slice(rules.length - 2)) fs.writeFileSync(path.join(dir, ...f.name.split('/')), f.text);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'two more'], '2024-01-09');
  git(dir, ['rm', '-q', rules[0].name]);
  git(dir, ['commit', '-q', '-m', 'drop one'], '2024-01-16');
  return { dir, rules };
}

before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
  session = await lib.openPage(browser, server.url, { width: 1366, height: 768 });
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (work) fs.rmSync(work.dir, { recursive: true, force: true });
});

const summary = () => session.page.evaluate(() => window.sigmaHeatmap.summary());

async function loadRules(rules) {
  const { page } = session;
  await page.evaluate(() => { window.sigmaHeatmap.clearHistory(); return window.sigmaHeatmap.clear(); });
  await page.evaluate(() => window.sigmaHeatmap.frames(1));
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), rules);
  await page.evaluate((n) => window.sigmaHeatmap.setOptions({ name: n, kpiThreshold: 80, alertThreshold: 50 }), NAME);
}

test('a history --trend JSON opens in Trends: its points by date, its drops with their commits', async (t) => {
  if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
  work = makeRepository();
  const out = path.join(work.dir, 'out');
  fs.mkdirSync(out);
  execFileSync(lib.cli(), ['history', '-q', work.dir, '--path', 'rules', '--trend', path.join(out, 'trend.json'),
    '--diffs', path.join(out, 'diffs.txt'), '--layers', path.join(out, 'layers')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const trendText = fs.readFileSync(path.join(out, 'trend.json'), 'utf8');
  const cliTrend = JSON.parse(trendText);
  assert.equal(cliTrend.points.length, 3);

  await loadRules(work.rules);
  await session.page.evaluate((text) => window.sigmaHeatmap.loadHistoryLayers([{ name: 'trend.json', text }]), trendText);
  const s = await summary();
  assert.deepEqual(s.historyTrend && [s.historyTrend.file, s.historyTrend.points, s.historyTrend.diffs], ['trend.json', 3, 2]);
  assert.equal(s.historyTrend.alerts, fs.readFileSync(path.join(out, 'diffs.txt'), 'utf8'), 'the alerts as --diffs writes them');
  assert.match(s.historyTrend.alerts, /by Ann on 2024-01-16 removed the last rule for T\d+/);
  // The repository's three weeks, then the current rules (named for Q4 2026), by date; the
  // history's numbers are the CLI's.
  assert.deepEqual(s.trend.points.map((p) => p.name), ['coverage_2024-01-07', 'coverage_2024-01-14', 'coverage_2024-01-16', NAME]);
  assert.ok(s.trend.byDate);
  for (let i = 0; i < 3; ++i) {
    const got = s.trend.points[i], want = cliTrend.trend.points[i];
    assert.equal(got.coveredPct, want.coveredPct);
    assert.equal(got.thresholdPct, want.thresholdPct);
    assert.equal(got.allCoveredPct, want.allCoveredPct);
    assert.deepEqual(got.tacticPct, want.tacticPct);
  }
  // The page's "covered well" threshold is the file's: no warning; the chart is on screen.
  await session.page.evaluate(() => window.sigmaHeatmap.setOptions({ view: 'trends' }));
  await session.page.evaluate(() => window.sigmaHeatmap.frames(3));
  const shot = path.join(lib.ROOT, 'build', 'e2e-history-trends.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await session.page.screenshot({ path: shot });
  assert.deepEqual(session.errors, []);
  // The chart puts each point where its day falls, as the CLI's chart does (it spaced them evenly:
  // three January weeks of 2024 took three quarters of the axis, and today the last quarter).
  const xs = [];
  for (let i = 0; i < 4; ++i) {
    const r = await session.page.evaluate((k) => window.sigmaHeatmap.uiRect(k), `trend-point:${i}`);
    assert.ok(r, `point ${i} is drawn`);
    xs.push(r.x + r.w / 2);
  }
  const day = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86400000;
  const days = s.trend.points.map((p) => day(p.date));
  for (let i = 1; i < 3; ++i) {
    const want = (days[i] - days[0]) / (days[3] - days[0]), got = (xs[i] - xs[0]) / (xs[3] - xs[0]);
    assert.ok(Math.abs(got - want) < 0.01, `point ${i} at ${got.toFixed(3)} of the axis, its day at ${want.toFixed(3)}`);
  }

  // Not a trend and not a layer: refused with a message, the trend stays.
  await session.page.evaluate(() => window.sigmaHeatmap.loadHistoryLayers([{ name: 'bad.json', text: '{"format": "sigma-heatmap-history", "points": ' }]));
  const after = await summary();
  assert.equal(after.historyTrend.file, 'trend.json');
  assert.ok(after.errors.some((e) => e.file === 'bad.json'));
});

test('a trend replayed on a platform: the page says so, its alerts are the CLI\'s on that platform, a note while the page counts others', async (t) => {
  if (!lib.cli() || !work) return t.skip('needs the CLI and the first test\'s repository');
  const out = path.join(work.dir, 'out-linux');
  fs.mkdirSync(out, { recursive: true });
  execFileSync(lib.cli(), ['history', '-q', work.dir, '--path', 'rules', '--platform', 'linux', '--trend', path.join(out, 'trend.json'),
    '--diffs', path.join(out, 'diffs.txt')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const diffs = fs.readFileSync(path.join(out, 'diffs.txt'), 'utf8');
  assert.match(diffs, / without a technique dropping below 50 on Linux\n$/);
  const { page } = session;
  await loadRules(work.rules);
  await page.evaluate((text) => window.sigmaHeatmap.loadHistoryLayers([{ name: 'linux.json', text }]),
    fs.readFileSync(path.join(out, 'trend.json'), 'utf8'));
  await page.evaluate(() => window.sigmaHeatmap.setOptions({ view: 'trends', platforms: [] }));
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  let s = await summary();
  assert.equal(s.historyTrend.alerts, diffs, 'the alerts as --diffs writes them on Linux');
  assert.match(s.texts['trend-source'], /^linux\.json: 3 points \(rules at HEAD, every week, on Linux\) \+ /);
  assert.equal(s.texts['trend-notes'], 'The trend file\'s points count techniques on Linux; the page counts them on every platform.\n');
  await page.screenshot({ path: path.join(lib.ROOT, 'build', 'e2e-history-linux.png') });
  // The page on Linux too: nothing to say.
  await page.evaluate(() => window.sigmaHeatmap.setOptions({ platforms: ['Linux'] }));
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  s = await summary();
  assert.equal(s.texts['trend-notes'], '');
  await page.evaluate(() => { window.sigmaHeatmap.setOptions({ platforms: [] }); window.sigmaHeatmap.clearHistory(); });
  assert.deepEqual(session.errors, []);
});

test('"Open layers folder..." takes every layer history --layers wrote; the trend equals layer --report --history', async (t) => {
  if (!lib.cli() || !work) return t.skip('needs the CLI and the first test\'s repository');
  const { page } = session;
  await loadRules(work.rules);
  await page.evaluate(() => window.sigmaHeatmap.setOptions({ view: 'trends' }));
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  const r = await page.evaluate(() => window.sigmaHeatmap.uiRect('open-history-folder'));
  assert.ok(r, 'the button is on screen');
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
  const layers = path.join(work.dir, 'out', 'layers');
  const before = (await summary()).messages.length;
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.mouse.click(r.x + r.w / 2, r.y + r.h / 2)]);
  await chooser.setFiles(layers);
  await page.waitForFunction(() => window.sigmaHeatmap.summary().history.length === 3);
  const s = await summary();
  assert.deepEqual(s.history.map((f) => path.basename(f)).sort(),
    ['coverage_2024-01-07.json', 'coverage_2024-01-14.json', 'coverage_2024-01-16.json']);
  // Picked together, added together: one status for the three (it was "1 history layer added" three times).
  const added = s.messages.slice(before).filter((m) => /history layers? added/.test(m.text)).map((m) => m.text);
  assert.deepEqual(added, ['3 history layers added']);

  const rulesDir = work.dir;
  const files = fs.readdirSync(layers).sort();
  const args = ['layer', '-q', '--name', NAME, '--report', path.join(work.dir, 'out', 'report.json'), 'rules', '-o',
    path.join(work.dir, 'out', 'now.json')];
  for (const f of files) args.push('--history', path.join(layers, f));
  // The CLI reads the rules as the page named them (rules/<file>), from the current checkout.
  execFileSync(lib.cli(), args, { cwd: rulesDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const report = JSON.parse(fs.readFileSync(path.join(work.dir, 'out', 'report.json'), 'utf8'));
  // The current rules are the samples minus the dropped one in the checkout, all of them in the
  // page: compare the three layers' points, which both read from the same files.
  assert.deepEqual(s.trend.points.slice(0, 3).map(({ source, ...p }) => p), report.trend.points.slice(0, 3).map(({ source, ...p }) => p));
  // The current rules are the last point in both, dated today (not 2026-10-01, as their Q4 name says).
  assert.equal(s.trend.points.length, 4);
  assert.equal(s.trend.points[3].name, NAME);
  assert.equal(s.trend.points[3].date, report.trend.points[3].date);
  assert.match(s.trend.points[3].date, /^\d{4}-\d{2}-\d{2}$/);
  const now = new Date(), two = (n) => String(n).padStart(2, '0');
  assert.equal(s.trend.points[3].date, `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`);
  assert.deepEqual(session.errors, []);
});

test('a trend file is part of the saved session: Restore brings the same trend and drops back', async (t) => {
  if (!lib.cli() || !work) return t.skip('needs the CLI and the first test\'s repository');
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(server.url);
  const ready = async () => {
    await page.evaluate(() => window.sigmaHeatmap.ready);
    await page.evaluate(() => window.sigmaHeatmap.session.started);
  };
  await ready();
  const trendText = fs.readFileSync(path.join(work.dir, 'out', 'trend.json'), 'utf8');
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), work.rules);
  await page.evaluate((text) => window.sigmaHeatmap.loadHistoryLayers([{ name: 'trend.json', text }]), trendText);
  const saved = await page.evaluate(() => window.sigmaHeatmap.summary());
  await page.evaluate(() => window.sigmaHeatmap.session.save());
  await page.reload();
  await ready();
  await page.locator('#session-bar').waitFor({ state: 'visible' });
  await page.click('#session-restore');
  await page.waitForFunction(() => { const s = window.sigmaHeatmap.summary(); return s.historyTrend && !s.loading && s.loaded > 0; },
    null, { timeout: 60000 });
  const restored = await page.evaluate(() => window.sigmaHeatmap.summary());
  assert.deepEqual(restored.historyTrend, saved.historyTrend);
  assert.deepEqual(restored.trend, saved.trend);
  await page.evaluate(() => window.sigmaHeatmap.session.forget && window.sigmaHeatmap.session.forget());
  await context.close();
});
