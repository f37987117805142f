// bench.js — the browser section of scripts/bench: in headless Chromium, the time from
// loadFiles() of a rules folder to the summary being ready and to the first frame drawn with it
// (median of RUNS fresh pages, timed once the corpus has been handed to a page that is ready, 3 s
// after it opened, and the moment `ready` resolves), next
// to the native CLI on the same files; the ImGui frame build time with the full matrix expanded
// (measured inside the page); the same folder picked with
// #folder-input (setInputFiles) at 1366x768: the first frame after the pick, the longest gap between
// frames until it is loaded (target < 100 ms) beside the same page's longest gap while idle, and
// the loader's longest step; the single-file page's size. Rule files are parsed by the page's parse workers; the same
// loadFiles() on a page where workers are refused (the main-thread fallback) is timed beside it,
// and the peak wasm heap of the main module and of the workers is printed; then the same folder
// pick in Firefox ESR and WebKitGTK (xbrowser/pickbench.js).
// TIMES=10: the corpus copied 10 times under copy0/ .. copy9/ (in the page for loadFiles, in a
// temporary folder for the CLI and the folder pick; removed afterwards).
// The CLI runs once just before each fresh page (cold and warmed up), so each page time has a CLI
// time taken on the same machine state beside it; the wasm/native ratios are the medians of these
// per-pair ratios (as scripts/bench's `pair` does for the CLI), which a machine whose speed drifts
// during the minutes of the run does not skew. The medians of the two sides are printed as well.
// Usage: node tests/e2e/bench.js RULES_DIR     (RUNS=5 by default; PICK_RUNS=3; DROP_RUNS=1; FALLBACK_RUNS=3;
// WARM_RUNS=3: loadFiles 3 s after the page opened, its parse workers warmed up; AT_READY_RUNS=3:
// loadFiles the moment `ready` resolves, 1x only; TIMES=1)
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');
const { folderPickGaps, folderDropGaps, idleGaps, blankPickGaps } = require('./framegaps');

const RUNS = Number(process.env.RUNS || 5);
const PICK_RUNS = Number(process.env.PICK_RUNS || Math.min(RUNS, 3));
const DROP_RUNS = Number(process.env.DROP_RUNS || Math.min(RUNS, 1));
const FALLBACK_RUNS = Number(process.env.FALLBACK_RUNS || Math.min(RUNS, 3));
const WARM_RUNS = Number(process.env.WARM_RUNS || Math.min(RUNS, 3));
const TIMES = Math.max(1, Number(process.env.TIMES || 1));
const AT_READY_RUNS = Number(process.env.AT_READY_RUNS || Math.min(RUNS, 3));
const MB = (n) => (n / 1048576).toFixed(1) + ' MB';
// Each measurement as it is taken (stderr), for long runs on a busy machine.
const progress = (what, r) => console.error(`bench: ${what}: ${JSON.stringify(r)}`);

// TIMES copies of dir under a temporary folder (copyK/<dir's name>/...), or dir itself.
function multiplied(dir) {
  if (TIMES === 1) return { dir, remove: () => {} };
  const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), `sh-bench-x${TIMES}-`));
  for (let k = 0; k < TIMES; k++) fs.cpSync(dir, path.join(tmp, `copy${k}`, path.basename(dir)), { recursive: true });
  return { dir: tmp, remove: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

// loadFiles of the corpus (TIMES copies made in the page) -> times, counters, heaps.
async function timeLoadFiles(page, files) {
  await page.evaluate(({ f, times }) => {
    const all = [];
    for (let k = 0; k < times; k++) for (const x of f) all.push(times === 1 ? x : { name: `copy${k}/${x.name}`, text: x.text });
    window.__corpus = all;
  }, { f: files, times: TIMES });
  return page.evaluate(async () => {
    const api = window.sigmaHeatmap;
    const t0 = performance.now();
    await api.loadFiles(window.__corpus);
    const t1 = performance.now();
    window.__corpus = null;
    await api.frames(1);
    const load = api.loadStats();
    return { summary: t1 - t0, frame: performance.now() - t0, parse: api.stats().loadMs, files: api.summary().loaded,
      fromWorkers: api.stats().filesFromWorkers, workers: load.parseWorkers.workers, mainHeap: load.heapBytes,
      workerHeap: load.parseWorkers.peakHeapBytes };
  });
}
// loadFiles the moment `ready` resolves, as a drop that came while the page started would: the
// corpus is fetched (from this process, page.route) while the page starts up, the page's own init
// script calls loadFiles as `ready` resolves and reports through a binding (no page.evaluate,
// whose first use injects Playwright's own script on the main thread). On a fresh page this time
// includes the first frame (built after ready) and the browser's first optimising compiles.
async function timeAtReady(browser, url, files) {
  const { context, page } = await lib.openPage(browser, null);
  let report;
  const got = new Promise((resolve) => { report = resolve; });
  const body = JSON.stringify(files);
  await page.route('**/sh-bench-corpus.json', (route) => route.fulfill({ contentType: 'application/json', body }));
  await page.exposeFunction('__shBenchReport', (r) => report(r));
  await page.addInitScript(() => {
    const corpus = fetch('sh-bench-corpus.json').then((r) => r.json());
    (async () => {
      while (!window.sigmaHeatmap) await new Promise((r) => setTimeout(r, 5));
      await window.sigmaHeatmap.ready;
      const readyAt = performance.now();
      const files = await corpus;
      const t0 = performance.now();
      await window.sigmaHeatmap.loadFiles(files);
      return { summary: performance.now() - t0, readyAt, corpusLate: t0 - readyAt, files: window.sigmaHeatmap.summary().loaded };
    })().then((r) => window.__shBenchReport(r), (e) => window.__shBenchReport({ error: String(e) }));
  });
  await page.goto(url);
  let timer;
  const r = await Promise.race([got, new Promise((resolve) => {
    timer = setTimeout(() => resolve({ error: 'no result in 120 s' }), 120000);
  })]);
  clearTimeout(timer);
  await context.close();
  if (r.error) throw new Error('bench: loadFiles at ready: ' + r.error);
  return r;
}
async function openWithoutWorkers(browser, url, viewport) {
  const s = await lib.openPage(browser, null, viewport);
  await s.page.addInitScript(() => { window.Worker = function () { throw new Error('workers refused (bench)'); }; });
  await s.page.goto(url);
  await s.page.evaluate(() => window.sigmaHeatmap.ready);
  return s;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

async function main() {
  const oneDir = path.resolve(process.argv[2] || path.join(lib.SHARED, 'sigma', 'rules'));
  if (!fs.existsSync(oneDir)) { console.error(`bench: ${oneDir} is missing`); process.exit(1); }
  const files = lib.readRules(oneDir);
  const copies = multiplied(oneDir);
  const rulesDir = copies.dir;
  // The native CLI on the same files (same work: load, score, layer): one run to warm the file
  // cache, then one just before each fresh page.
  const exe = lib.cli();
  const cliOnce = () => {
    if (!exe) return null;
    const t0 = process.hrtime.bigint();
    execFileSync(exe, ['layer', '-q', rulesDir, '-o', '/dev/null'], { stdio: 'ignore' });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  cliOnce();
  const cliMs = [], coldRatio = [], warmRatio = [], atReadyRatio = [], atReadyMs = [];
  // A page's time beside the CLI run just before it: into `ratios`.
  const paired = (cli, pageMs, ratios) => { if (cli !== null) { cliMs.push(cli); ratios.push(pageMs / cli); } };
  const server = await lib.serve();
  const browser = await lib.launch();
  const summaryMs = [], frameMs = [], parseMs = [], picks = [], drops = [], fallbackMs = [], runs = [], fallbacks = [], warmMs = [];
  let frame = null;
  try {
    for (let i = 0; i < RUNS; i++) {
      const c = cliOnce();
      const { context, page } = await lib.openPage(browser, server.url);
      const r = await timeLoadFiles(page, files);
      summaryMs.push(r.summary); frameMs.push(r.frame); parseMs.push(r.parse); runs.push(r);
      paired(c, r.summary, coldRatio);
      progress('loadFiles with workers', Object.assign({ cli: c }, r));
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
    // As a user who picks a folder a few seconds after opening the page: the parse workers have
    // warmed up (web/parse-worker.js) by then.
    for (let i = 0; i < WARM_RUNS; i++) {
      const c = cliOnce();
      const { context, page } = await lib.openPage(browser, server.url);
      await page.evaluate(() => window.sigmaHeatmap.ready);
      await page.waitForTimeout(3000);
      const r = await timeLoadFiles(page, files);
      warmMs.push(r.summary);
      paired(c, r.summary, warmRatio);
      progress('loadFiles with workers, 3 s after the page opened', Object.assign({ cli: c }, r));
      await context.close();
    }
    for (let i = 0; TIMES === 1 && i < AT_READY_RUNS; i++) {
      const c = cliOnce();
      const r = await timeAtReady(browser, server.url, files);
      atReadyMs.push(r.summary);
      paired(c, r.summary, atReadyRatio);
      progress('loadFiles the moment ready resolved', Object.assign({ cli: c }, r));
    }
    for (let i = 0; i < FALLBACK_RUNS; i++) {
      const { context, page } = await openWithoutWorkers(browser, server.url);
      const r = await timeLoadFiles(page, files);
      fallbackMs.push(r.summary); fallbacks.push(r);
      progress('loadFiles, main-thread fallback', r);
      await context.close();
    }
    for (let i = 0; i < PICK_RUNS; i++) {
      const { context, page } = await lib.openPage(browser, server.url, { width: 1366, height: 768 });
      const idle = await idleGaps(page, 5000);
      const r = await folderPickGaps(page, rulesDir, { timeout: 600000 });
      const load = await page.evaluate(() => window.sigmaHeatmap.loadStats());
      await context.close();
      const blank = await blankPickGaps(browser, rulesDir, r.totalMs);
      picks.push(Object.assign(r, { idleMaxGapMs: idle.maxGapMs, blankMaxGapMs: blank.maxGapMs, blankLongGaps: blank.longGaps, mainHeap: load.heapBytes, workerHeap: load.parseWorkers.peakHeapBytes }));
      progress('folder pick', picks[picks.length - 1]);
    }
    for (let i = 0; i < DROP_RUNS; i++) {
      const { context, page } = await lib.openPage(browser, server.url, { width: 1366, height: 768 });
      const idle = await idleGaps(page, 5000);
      const r = await folderDropGaps(page, rulesDir, { timeout: 600000 });
      await context.close();
      drops.push(Object.assign(r, { idleMaxGapMs: idle.maxGapMs }));
      progress('folder drop', drops[drops.length - 1]);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const single = path.join(lib.DIST, 'sigma-heatmap.html');
  const size = fs.statSync(single).size;

  const f = (x) => x.toFixed(0).padStart(6);
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`== browser (headless Chromium, ${runs[0].files} files, median of ${RUNS} fresh pages; ${require('os').cpus().length} cores, load average ${load})`);
  console.log(`loadFiles -> summary ready      ${f(median(summaryMs))} ms   (${runs[0].workers} parse workers, ${runs[0].fromWorkers} files parsed by them; main-thread decode + parse ${f(median(parseMs))} ms)`);
  if (warmMs.length) {
    console.log(`  3 s after the page opened     ${f(median(warmMs))} ms   (parse workers warmed up, median of ${warmMs.length})`);
  }
  if (atReadyMs.length) {
    console.log(`  the moment ready resolved     ${f(median(atReadyMs))} ms   (corpus fetched while the page started; median of ${atReadyMs.length}; includes the first frame)`);
  }
  if (fallbackMs.length) {
    console.log(`  main-thread fallback          ${f(median(fallbackMs))} ms   (workers refused, median of ${fallbackMs.length}; workers/fallback ${(median(summaryMs) / median(fallbackMs)).toFixed(2)})`);
  }
  console.log(`loadFiles -> first frame drawn  ${f(median(frameMs))} ms`);
  if (cliMs.length) {
    const r2 = (x) => x.toFixed(2);
    console.log(`native CLI, same files          ${f(median(cliMs))} ms   (median of ${cliMs.length}, each run just before a fresh page; ${TIMES}x the files)`);
    console.log(`  wasm/native, after ready      ${r2(median(coldRatio))}   (median of per-pair ratios: ${coldRatio.map(r2).join(', ')}; ` +
      `medians ${r2(median(summaryMs) / median(cliMs))}; target <= 1.5 for 1x)`);
    if (warmRatio.length) {
      console.log(`  wasm/native, 3 s after open   ${r2(median(warmRatio))}   (median of per-pair ratios: ${warmRatio.map(r2).join(', ')}; ` +
        `medians ${r2(median(warmMs) / median(cliMs))})`);
    }
    if (atReadyRatio.length) {
      console.log(`  wasm/native, ready resolved   ${r2(median(atReadyRatio))}   (median of per-pair ratios: ${atReadyRatio.map(r2).join(', ')})`);
    }
    if (fallbackMs.length) console.log(`  fallback/native               ${r2(median(fallbackMs) / median(cliMs))}   (medians)`);
  }
  const peak = (xs, k) => Math.max(...xs.map((x) => x[k] || 0));
  console.log(`peak wasm heap                  main ${MB(peak(runs.concat(picks), 'mainHeap'))}, each worker ${MB(peak(runs.concat(picks), 'workerHeap'))}` +
    (fallbacks.length ? `; fallback main ${MB(peak(fallbacks, 'mainHeap'))}` : ''));
  for (const layout of ['side', 'mini']) {
    const s = frame[layout];
    console.log(`frame build, all expanded, ${layout.padEnd(4)} avg ${s.avgFrameMs.toFixed(2)} ms, max ${s.maxFrameMs.toFixed(2)} ms (target < 8)`);
  }
  if (picks.length) {
    const m = (k) => median(picks.map((p) => p[k]));
    console.log(`== folder pick (#folder-input, ${picks[0].files} files, 1366x768, median of ${picks.length} fresh pages; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
    console.log(`first frame after the pick      ${f(m('firstFrameMs'))} ms   (progress then: ${picks.map((p) => `${p.firstFrameLoaded}/${p.firstFrameTotal}`).join(', ')})`);
    console.log(`longest gap between frames      ${f(m('maxGapMs'))} ms   (target < 100; the same page idle: ${f(m('idleMaxGapMs'))} ms; all: ${picks.map((p) => p.maxGapMs.toFixed(0)).join(', ')})`);
    console.log(`  the same pick, a blank page     ${f(m('blankMaxGapMs'))} ms   (a folder input and nothing else, for as long: the browser's own cost; all: ${picks.map((p) => p.blankMaxGapMs.toFixed(0)).join(', ')})`);
    // Where the gaps over 100 ms fall, page by page: "101@0.2" is a 101 ms gap ending 0.2 s after
    // the pick. Chromium's own handling of a big pick (one message per file, before any script of
    // the page runs) holds frames back to its ~100 ms limit in the first half second, blank page or not.
    const at = (gaps) => (gaps.length ? gaps.map(([d, t]) => `${d.toFixed(0)}@${(t / 1000).toFixed(1)}`).join(' ') : 'none');
    picks.forEach((p, i) => console.log(`  gaps over 100 ms, page ${i + 1}     ours: ${at(p.longGaps)}; blank page: ${at(p.blankLongGaps)}`));
    console.log(`longest loader step             ${f(m('longestStepMs'))} ms   (read hand-over + parse between two frames)`);
    console.log(`pick -> loaded                  ${f(m('totalMs'))} ms   (${f(m('frames'))} frames, ${f(m('drawn'))} of them drawn)`);
    console.log(`longest time between draws      ${f(m('maxDrawGapMs'))} ms   (how often the progress visibly moved; an idle page draws nothing)`);
  }
  if (drops.length) {
    // A dropped folder's files are found folder by folder and opened one request each (glue.js
    // fromDrop), before they are read as a pick's are: its first frames count what was found.
    const m = (k) => median(drops.map((p) => p[k]));
    const at = (gaps) => (gaps.length ? gaps.map(([d, t]) => `${d.toFixed(0)}@${(t / 1000).toFixed(1)}`).join(' ') : 'none');
    console.log(`== folder drop (CDP drag and drop, ${drops[0].files} files, 1366x768, median of ${drops.length} fresh pages)`);
    console.log(`first frame after the drop      ${f(m('firstFrameMs'))} ms   (found or listed then: ${drops.map((p) => `${p.firstFrameLoaded}/${p.firstFrameTotal}`).join(', ')})`);
    console.log(`longest gap between frames      ${f(m('maxGapMs'))} ms   (target < 100; the same page idle: ${f(m('idleMaxGapMs'))} ms; all: ${drops.map((p) => p.maxGapMs.toFixed(0)).join(', ')})`);
    drops.forEach((p, i) => console.log(`  gaps over 100 ms, page ${i + 1}     ${at(p.longGaps)}`));
    console.log(`drop -> loaded                  ${f(m('totalMs'))} ms   (${f(m('frames'))} frames)`);
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
  // Only now: the Firefox / WebKitGTK pick reads the copies too (removed before it, TIMES=10 made
  // that section fail on a missing folder).
  copies.remove();
}

main().catch((e) => { console.error(e); process.exit(1); });
