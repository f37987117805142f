#!/usr/bin/env node
// screenshots.js — the README's screenshots: the page with ../shared/sigma/rules loaded, written
// to docs/ (default palette, colour-blind palette, sub-techniques expanded, mini layout).
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
  } finally {
    await browser.close();
    await server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
