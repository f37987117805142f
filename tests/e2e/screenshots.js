#!/usr/bin/env node
// screenshots.js — the README's screenshots: the page with ../shared/sigma/rules loaded, written
// to docs/ (default palette, colour-blind palette, sub-techniques expanded, mini layout), then the
// Board and Diff views (docs/board.png, docs/diff.png) with history and a previous layer made from
// the same corpus: the rules as they were at earlier dates (their `date:` field), and a previous
// quarter that still had the Linux rules (as if they had since moved to another repository); and
// the share link of that heat-map opened in a fresh page (docs/shared.png).
// Usage: node tests/e2e/screenshots.js   (after scripts/build; serves dist/ itself)
'use strict';
const path = require('path');
const fs = require('fs');
const lib = require('./lib');

const CORPUS = path.join(lib.ROOT, '..', 'shared', 'sigma', 'rules');
const DOCS = path.join(lib.ROOT, 'docs');

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
    ];
    for (const [file, options] of shots) {
      const err = await page.evaluate((o) => window.sigmaHeatmap.setOptions(o), options);
      if (err) throw new Error(err);
      await page.mouse.move(1590, 990);
      await page.evaluate(() => window.sigmaHeatmap.frames(4));
      await page.screenshot({ path: path.join(DOCS, file) });
      console.log(`docs/${file}`);
    }
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
    const current = corpus.filter((f) => !f.name.startsWith('rules/linux/'));
    await layerOf(current, 'coverage_q3_2025');
    await page.evaluate((h) => window.sigmaHeatmap.loadHistoryLayers(h), history);
    await page.evaluate((p) => window.sigmaHeatmap.loadPreviousLayer(p), previous);
    for (const [file, options] of [['board.png', { view: 'board', tab: 'reports', select: '' }],
      ['diff.png', { view: 'diff', tab: 'technique', select: '' }]]) {
      const err = await page.evaluate((o) => window.sigmaHeatmap.setOptions(o), options);
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
  } finally {
    await browser.close();
    await server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
