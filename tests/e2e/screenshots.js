#!/usr/bin/env node
// screenshots.js — the README's screenshots: the page with ../shared/sigma/rules loaded, written
// to docs/ (default palette, colour-blind palette, sub-techniques expanded, mini layout, two threats
// selected: docs/threats.png), then the
// Board and Diff views (docs/board.png, docs/diff.png) with history and a previous layer made from
// the same corpus: the rules as they were at earlier dates (their `date:` field), and a previous
// quarter that still had the Linux rules (as if they had since moved to another repository); the
// Board also shows the detection latency of made-up SIEM alerts for some of the rules, targets
// (an intrusion set's techniques) and the whole corpus as the baseline; and the share link of
// that heat-map opened in a fresh page, where it is the board document (docs/shared.png), on a
// phone (docs/board-phone.png, 390x844 at DPR 3) and printed (A4 landscape PDF through page.pdf,
// its first page, the heat-map's page and the first page of the heat-map by technique rendered by
// pdftoppm: docs/board-print*.png).
// Usage: node tests/e2e/screenshots.js   (after scripts/build; serves dist/ itself)
'use strict';
const path = require('path');
const fs = require('fs');
const lib = require('./lib');

// ../shared beside the checkout, or SH_SHARED (a worktree elsewhere): lib.SHARED.
const CORPUS = path.join(lib.SHARED, 'sigma', 'rules');
const DOCS = path.join(lib.ROOT, 'docs');

// An intrusion set's techniques as targets (id[,min score]).
const TARGETS = ['technique,min_score', 'T1566.001,80', 'T1059.001,100', 'T1204.002', 'T1547.001,80', 'T1053.005',
  'T1003.001,100', 'T1021.001,80', 'T1021.002,100', 'T1071.001,80', 'T1105', 'T1486,100', 'T1490,100', 'T1567.002,80',
  'T1078,80', 'T1133,80', 'T1190', 'T1219,80', 'T1552.001,100', 'T1558.003,100', 'T1070.001,100', 'T1657', 'T1534'].join('\n') + '\n';

// Made-up SIEM alerts: every 9th rule with an id fired a few times in Q3 2025; detection takes
// minutes to hours (seeded, so the screenshot does not change from run to run).
function alertsFor(files) {
  let seed = 20250701;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const lines = ['rule,event_time,detection_time'];
  const start = Date.UTC(2025, 6, 1);
  files.forEach((f, i) => {
    const id = (f.text.match(/^id:\s*['"]?([0-9a-f-]{36})/m) || [])[1];
    if (!id || i % 9) return;
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
      const event = start + Math.floor(rnd() * 90 * 86400e3);
      const latency = Math.floor(30e3 + Math.pow(rnd(), 3) * 12 * 3600e3);
      lines.push(`${id},${new Date(event).toISOString()},${new Date(event + latency).toISOString()}`);
    }
  });
  return lines.join('\n') + '\n';
}

(async () => {
  if (!fs.existsSync(CORPUS)) throw new Error(`${CORPUS} is missing`);
  const server = await lib.serve();
  const browser = await lib.launch();
  try {
    const { page } = await lib.openPage(browser, server.url, { width: 1600, height: 1000, dpr: 1 });
    const s = await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), lib.readRules(CORPUS));
    console.log(`loaded ${s.rules} rules from ${s.loaded} files`);
    const shots = [
      ['heatmap.png', { name: 'sigmahq', select: 'T1059.001/execution', tab: 'technique' }],
      ['heatmap-colourblind.png', { palette: 'colourblind', showScores: true, select: '', tab: 'layer' }],
      ['heatmap-subtechniques.png', { palette: 'ryg', showScores: false, expandAll: true, select: 'T1059.001/execution', tab: 'technique' }],
      ['heatmap-mini.png', { layout: 'mini', expandAll: true, select: '', tab: 'problems' }],
      // Threat-informed coverage: two groups selected, their techniques marked, the Threats tab open.
      ['threats.png', { layout: 'side', expandAll: false, threats: ['APT29', 'FIN7'], tab: 'threats', sideOpen: true }],
    ];
    for (const [file, options] of shots) {
      const err = await page.evaluate((o) => window.sigmaHeatmap.setOptions({ ...o, dismissMessages: true }), options);
      if (err) throw new Error(err);
      await page.mouse.move(1590, 990);
      await page.evaluate(() => window.sigmaHeatmap.frames(4));
      await page.screenshot({ path: path.join(DOCS, file) });
      console.log(`docs/${file}`);
    }
    await page.evaluate(() => window.sigmaHeatmap.setOptions({ threats: [] }));
    // Reports: layers of the corpus as it was at earlier dates.
    const corpus = lib.readRules(CORPUS);
    const dated = (d) => corpus.filter((f) => {
      const m = f.text.match(/^date:\s*['"]?(\d{4})[-/](\d{2})[-/](\d{2})/m);
      return m && `${m[1]}-${m[2]}-${m[3]}` <= d;
    });
    const layerOf = async (files, name) => {
      await page.evaluate(() => window.sigmaHeatmap.clear());
      await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), files);
      await page.evaluate((n) => window.sigmaHeatmap.setOptions({ name: n }), name);
      return { name: `${name}.json`, text: await page.evaluate(() => window.sigmaHeatmap.layerJson()) };
    };
    await page.evaluate(() => window.sigmaHeatmap.setOptions({ palette: 'ryg', layout: 'side', expandAll: false, showScores: false }));
    const history = [];
    for (const [date, name] of [['2021-12-31', 'coverage_q4_2021'], ['2022-12-31', 'coverage_q4_2022'],
      ['2023-12-31', 'coverage_q4_2023'], ['2024-12-31', 'coverage_q4_2024']]) history.push(await layerOf(dated(date), name));
    const previous = await layerOf(dated('2025-06-30'), 'coverage_q2_2025');
    history.push(previous);
    const baseline = await layerOf(corpus, 'sigmahq_rules');
    const current = corpus.filter((f) => !f.name.startsWith('rules/linux/'));
    await layerOf(current, 'coverage_q3_2025');
    await page.evaluate((h) => window.sigmaHeatmap.loadHistoryLayers(h), history);
    await page.evaluate((p) => window.sigmaHeatmap.loadPreviousLayer(p), previous);
    await page.evaluate((b) => window.sigmaHeatmap.loadBaselineLayer(b), baseline);
    await page.evaluate((t) => window.sigmaHeatmap.loadTargets(t), { name: 'intrusion_set.txt', text: TARGETS });
    await page.evaluate((a) => window.sigmaHeatmap.loadAlertsCsv(a), { name: 'siem_alerts.csv', text: alertsFor(current) });
    for (const [file, options] of [['board.png', { view: 'board', tab: 'reports', select: '' }],
      ['diff.png', { view: 'diff', tab: 'technique', select: '' }]]) {
      const err = await page.evaluate((o) => window.sigmaHeatmap.setOptions({ ...o, dismissMessages: true }), options);
      if (err) throw new Error(err);
      await page.mouse.move(1590, 990);
      await page.evaluate(() => window.sigmaHeatmap.frames(4));
      await page.screenshot({ path: path.join(DOCS, file) });
      console.log(`docs/${file}`);
    }
    // The share link of the current heat-map, opened in a fresh page: read-only Board.
    const link = await page.evaluate(() => window.sigmaHeatmap.shareLink());
    console.log(`share link: ${link.length - link.indexOf('#')} characters after the address`);
    const shared = await lib.openPage(browser, link, { width: 1600, height: 1000, dpr: 1 });
    await shared.page.mouse.move(1590, 990);
    await shared.page.evaluate(() => window.sigmaHeatmap.frames(4));
    await shared.page.screenshot({ path: path.join(DOCS, 'shared.png') });
    console.log('docs/shared.png');

    // The same link on a phone, and printed.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
    const p = await phone.newPage();
    await p.goto(link);
    await p.waitForSelector('#board-doc article.shb h1');
    await p.screenshot({ path: path.join(DOCS, 'board-phone.png') });
    console.log('docs/board-phone.png');
    await phone.close();
    const pdf = path.join(require('os').tmpdir(), 'sigma-heatmap-board.pdf');
    await shared.page.emulateMedia({ media: 'print' });
    await shared.page.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
    const { execFileSync } = require('child_process');
    const pages = Number(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);
    execFileSync('pdftoppm', ['-png', '-r', '72', '-singlefile', '-f', '1', '-l', '1', pdf, path.join(DOCS, 'board-print')]);
    let mapPage = pages, partPage = 0;
    for (let i = 1; i <= pages; i++) {
      const text = execFileSync('pdftotext', ['-f', String(i), '-l', String(i), pdf, '-'], { encoding: 'utf8' });
      if (/^\s*Heat-map\s*$/m.test(text)) mapPage = i;
      if (/^\s*Heat-map by technique\s*$/m.test(text)) partPage = i;
    }
    execFileSync('pdftoppm', ['-png', '-r', '72', '-singlefile', '-f', String(mapPage), '-l', String(mapPage), pdf,
      path.join(DOCS, 'board-print-heatmap')]);
    if (partPage) {
      execFileSync('pdftoppm', ['-png', '-r', '72', '-singlefile', '-f', String(partPage), '-l', String(partPage), pdf,
        path.join(DOCS, 'board-print-parts')]);
    }
    console.log(`docs/board-print.png, docs/board-print-heatmap.png, docs/board-print-parts.png (pages 1, ${mapPage} and ${partPage} of ${pages})`);
  } finally {
    await browser.close();
    await server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
