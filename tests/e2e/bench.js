// bench.js — the browser section of scripts/bench: in headless Chromium, the time from
// loadFiles() of a rules folder to the summary being ready and to the first frame drawn with it
// (median of RUNS fresh pages), next to the native CLI on the same files; the ImGui frame build
// time with the full matrix expanded (measured inside the page); the same folder picked with
// #folder-input (setInputFiles) at 1366x768: the first frame after the pick, the longest gap between
// frames until it is loaded (target < 250 ms) beside the same page's longest gap while idle, and
// the loader's longest step; the single-file page's size; then the same folder pick in Firefox ESR
// and WebKitGTK (xbrowser/pickbench.js).
// Usage: node tests/e2e/bench.js RULES_DIR     (RUNS=5 by default; PICK_RUNS=3)
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');
const { folderPickGaps, idleGaps } = require('./framegaps');

const RUNS = Number(process.env.RUNS || 5);
const PICK_RUNS = Number(process.env.PICK_RUNS || Math.min(RUNS, 3));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

async function main() {
  const rulesDir = path.resolve(process.argv[2] || path.join(lib.SHARED, 'sigma', 'rules'));
  if (!fs.existsSync(rulesDir)) { console.error(`bench: ${rulesDir} is missing`); process.exit(1); }
  const files = lib.readRules(rulesDir);
  const server = await lib.serve();
  const browser = await lib.launch();
  const summaryMs = [], frameMs = [], parseMs = [], picks = [];
  let frame = null;
  try {
    for (let i = 0; i < RUNS; i++) {
      const { context, page } = await lib.openPage(browser, server.url);
      await page.evaluate((f) => { window.__corpus = f; }, files);
      const r = await page.evaluate(async () => {
        const api = window.sigmaHeatmap;
        const t0 = performance.now();
        await api.loadFiles(window.__corpus);
        const t1 = performance.now();
        await api.frames(1);
        return { summary: t1 - t0, frame: performance.now() - t0, parse: api.stats().loadMs };
      });
      summaryMs.push(r.summary); frameMs.push(r.frame); parseMs.push(r.parse);
      if (i === RUNS - 1) {
        // Frame build with the whole matrix expanded, side and mini layouts, hovering a cell.
        frame = {};
        for (const layout of ['side', 'mini']) {
          await page.evaluate((l) => window.sigmaHeatmap.setOptions({ expandAll: true, showScores: true, layout: l }), layout);
          await page.evaluate(() => window.sigmaHeatmap.frames(3));
          await page.mouse.move(300, 300);
          await page.evaluate(() => window.sigmaHeatmap.resetFrameStats());
          await page.evaluate(() => window.sigmaHeatmap.frames(60));
          frame[layout] = await page.evaluate(() => window.sigmaHeatmap.stats());
        }
      }
      await context.close();
    }
    for (let i = 0; i < PICK_RUNS; i++) {
      const { context, page } = await lib.openPage(browser, server.url, { width: 1366, height: 768 });
      const idle = await idleGaps(page, 5000);
      const r = await folderPickGaps(page, rulesDir);
      picks.push(Object.assign(r, { idleMaxGapMs: idle.maxGapMs }));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }

  // The native CLI on the same files (same work: load, score, layer), median wall time.
  const exe = lib.cli();
  const cliMs = [];
  if (exe) {
    for (let i = 0; i < RUNS + 1; i++) {
      const t0 = process.hrtime.bigint();
      execFileSync(exe, ['layer', '-q', rulesDir, '-o', '/dev/null'], { stdio: 'ignore' });
      if (i > 0) cliMs.push(Number(process.hrtime.bigint() - t0) / 1e6);  // first run warms the cache
    }
  }
  const single = path.join(lib.DIST, 'sigma-heatmap.html');
  const size = fs.statSync(single).size;

  const f = (x) => x.toFixed(0).padStart(6);
  console.log(`== browser (headless Chromium, ${files.length} files, median of ${RUNS} fresh pages)`);
  console.log(`loadFiles -> summary ready      ${f(median(summaryMs))} ms   (parsing in wasm ${f(median(parseMs))} ms)`);
  console.log(`loadFiles -> first frame drawn  ${f(median(frameMs))} ms`);
  if (cliMs.length) {
    const ratio = median(summaryMs) / median(cliMs);
    console.log(`native CLI, same files          ${f(median(cliMs))} ms   wasm/native ${ratio.toFixed(2)} (target <= 3)`);
  }
  for (const layout of ['side', 'mini']) {
    const s = frame[layout];
    console.log(`frame build, all expanded, ${layout.padEnd(4)} avg ${s.avgFrameMs.toFixed(2)} ms, max ${s.maxFrameMs.toFixed(2)} ms (target < 8)`);
  }
  if (picks.length) {
    const m = (k) => median(picks.map((p) => p[k]));
    console.log(`== folder pick (#folder-input, ${picks[0].files} files, 1366x768, median of ${picks.length} fresh pages; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
    console.log(`first frame after the pick      ${f(m('firstFrameMs'))} ms   (progress then: ${picks.map((p) => `${p.firstFrameLoaded}/${p.firstFrameTotal}`).join(', ')})`);
    console.log(`longest gap between frames      ${f(m('maxGapMs'))} ms   (target < 250; the same page idle: ${f(m('idleMaxGapMs'))} ms)`);
    console.log(`longest loader step             ${f(m('longestStepMs'))} ms   (read hand-over + parse between two frames)`);
    console.log(`pick -> loaded                  ${f(m('totalMs'))} ms   (${f(m('frames'))} frames)`);
  }
  console.log(`dist/sigma-heatmap.html         ${(size / 1048576).toFixed(2)} MB (target < 4)`);

  // The same folder pick in Firefox ESR and WebKitGTK (xbrowser/pickbench.js, under xvfb-run).
  // SH_BENCH_XBROWSERS=0 leaves them out; SH_XBROWSERS picks one engine.
  if (process.env.SH_BENCH_XBROWSERS !== '0' && PICK_RUNS > 0) {
    try {
      execFileSync('bash', [path.join(__dirname, 'xbrowser', 'run.sh'), 'pickbench.js', rulesDir],
        { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, SH_DIST: lib.DIST, PICK_RUNS: String(PICK_RUNS) } });
    } catch (e) {
      console.log(`== folder pick in Firefox / WebKitGTK: failed (${e.message.split('\n')[0]})`);
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
