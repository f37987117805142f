// framegaps.js — how smoothly the page loads a folder picked with #folder-input: every
// requestAnimationFrame between the input's change event and the end of loading is timed in the
// page (nothing polls the page meanwhile, so the measurement adds no work of its own). Used by
// bench.js (the figure) and by load.test.js (a loose bound); driverPickGaps does the same in Firefox
// and WebKitGTK (xbrowser/pickbench.js).
//   const r = await folderPickGaps(page, dir);
//   r = {files, firstFrameMs, firstFrameLoaded, firstFrameTotal, maxGapMs, longGaps ([ms, at] of
//        each gap over 100 ms), frames, totalMs,
//        longestStepMs (the loader's own longest step, when the page reports it),
//        drawn (frames of those the page sent to WebGL; the others looked the same or were progress
//        only, see platform_web.cpp frame()), maxDrawGapMs (longest time between two drawn frames:
//        how often the progress visibly moved)}
// folderDropGaps(page, dir) is the same for the folder dropped on the page (timed from the drop).
// idleGaps(page, ms) times the same page doing nothing: on a machine shared with builds, software
// WebGL alone can stall frames, and a pick's gaps mean something only next to that baseline.
// blankPickGaps(browser, dir, ms) times the same pick on a blank page (a folder input and nothing
// else) for ms after its change event: what the browser's own handling of the picked files costs
// the frames (31,410 files: gaps of about a second here, with no code of ours on the page).
'use strict';

// In the page: time every frame from the folder input's change event (or a drop: byDrop) until
// loading is done.
function recordPickInPage(byDrop = false) {
  const g = (window.__gaps = { start: 0, times: [], drawnAt: [], drawn0: -1, last: -1, firstLoaded: -1, firstTotal: -1, sawBusy: false, done: false });
  const drawn = () => { const d = window.sigmaHeatmap.stats().drawn; return typeof d === 'number' ? d : -1; };
  const input = document.getElementById('folder-input');
  (byDrop ? window : input).addEventListener(byDrop ? 'drop' : 'change', () => { g.start = performance.now(); }, { capture: true, once: true });
  const busy = () => window.Module._sh_busy() !== 0;
  // Files parsed so far: the loader's own count when this build has it (cheap), else summary().
  // The total is the picked files' count while a big pick is still being listed (stats().listing);
  // while a drop's folders are read (listing -1), the rule files found so far.
  const progress = () => {
    const st = window.sigmaHeatmap.stats();
    if (typeof st.filesDone !== 'number') return [window.sigmaHeatmap.summary().loaded, -1];
    return [st.filesDone, st.filesTotal || (st.listing < 0 ? st.listed : st.listing) || 0];
  };
  const tick = () => {
    if (g.done) return;
    if (g.start) {
      const t = performance.now();
      g.times.push(t);
      // A frame drawn at the previous animation frame is on screen by this one.
      const d = drawn();
      if (g.drawn0 < 0) g.drawn0 = d;
      else if (d !== g.last) g.drawnAt.push(t);
      g.last = d;
      if (g.firstLoaded < 0) [g.firstLoaded, g.firstTotal] = progress();
      if (busy()) g.sawBusy = true;
      else if (g.sawBusy) { g.done = true; return; }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
function pickDoneInPage() { return window.__gaps.done; }
function pickResultInPage() {
  const g = window.__gaps;
  // The longest time from the pick to the first of `times`, or between two of them.
  const longest = (times) => times.reduce((m, t, i) => Math.max(m, t - (i ? times[i - 1] : g.start)), 0);
  return {
    files: window.sigmaHeatmap.summary().loaded,
    firstFrameMs: g.times[0] - g.start,
    firstFrameLoaded: g.firstLoaded,
    firstFrameTotal: g.firstTotal,
    maxGapMs: longest(g.times),
    // Every gap over 100 ms as [ms, ms since the pick it ended at]: where in the load they fall.
    longGaps: g.times.map((t, i) => [t - (i ? g.times[i - 1] : g.start), t - g.start]).filter(([d]) => d > 100),
    frames: g.times.length,
    drawn: g.drawn0 >= 0 ? g.last - g.drawn0 : null,
    maxDrawGapMs: g.drawn0 >= 0 ? longest(g.drawnAt) : null,
    totalMs: g.times[g.times.length - 1] - g.start,
    longestStepMs: window.sigmaHeatmap.loadStats ? window.sigmaHeatmap.loadStats().longestStepMs : null,
  };
}

async function folderPickGaps(page, dir, { timeout = 120000 } = {}) {
  await page.evaluate(recordPickInPage);
  await page.setInputFiles('#folder-input', dir);
  await page.waitForFunction(pickDoneInPage, null, { timeout, polling: 500 });
  return page.evaluate(pickResultInPage);
}

// The same for the folder dropped on the page: a real drop (CDP Input.dispatchDragEvent with the
// folder's path), which Chromium turns into the DataTransfer a desktop drag gives.
async function folderDropGaps(page, dir, { timeout = 120000 } = {}) {
  await page.evaluate(recordPickInPage, true);
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [dir], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: 600, y: 400, data });
  await page.waitForFunction(pickDoneInPage, null, { timeout, polling: 500 });
  return page.evaluate(pickResultInPage);
}

// The same through an xbrowser driver (xbrowser/drivers.js: evaluate, pickFiles): Firefox's and
// WebKit's WebDriver cannot pick a folder, so the folder's files are given to #folder-input one
// by one (the page gets them without their folder paths; reading and loading is the same work).
async function driverPickGaps(d, paths, { timeout = 120000 } = {}) {
  await d.evaluate(recordPickInPage);
  await d.pickFiles('#folder-input', paths);
  const t0 = Date.now();
  while (!(await d.evaluate(pickDoneInPage))) {
    if (Date.now() - t0 > timeout) {
      const state = await d.evaluate(() => ({ changed: window.__gaps.start > 0, frames: window.__gaps.times.length, sawBusy: window.__gaps.sawBusy, loaded: window.sigmaHeatmap.summary().loaded }));
      throw new Error(`the pick of ${paths.length} files did not finish loading in ${timeout} ms (${JSON.stringify(state)})`);
    }
    await new Promise((r) => setTimeout(r, 500));  // polled as waitForFunction does above
  }
  return d.evaluate(pickResultInPage);
}

// The longest time between two of `times` (ms, rising), or from `start` to the first of them.
const longestGap = (times, start = times[0]) => times.reduce((m, t, i) => Math.max(m, t - (i ? times[i - 1] : start)), 0);
// Gaps over 100 ms as [ms, ms from `start` to the frame that ended it].
const longGaps = (times, start) => times.map((t, i) => [t - (i ? times[i - 1] : start), t - start]).filter(([d]) => d > 100);

async function idleGaps(page, ms = 5000) {
  const times = await page.evaluate((ms) => new Promise((resolve) => {
    const times = [];
    const t0 = performance.now();
    const tick = () => {
      times.push(performance.now());
      if (performance.now() - t0 < ms) { requestAnimationFrame(tick); return; }
      resolve(times);
    };
    requestAnimationFrame(tick);
  }), ms);
  return { maxGapMs: longestGap(times), frames: times.length, ms };
}

async function blankPickGaps(browser, dir, ms, { width = 1366, height = 768 } = {}) {
  const forMs = Math.max(1000, ms);
  const context = await browser.newContext({ viewport: { width, height } });
  try {
    const page = await context.newPage();
    page.on('filechooser', () => {});  // as lib.interceptFileChoosers (not required here: the xbrowser drivers load this file without Playwright)
    await page.setContent('<!doctype html><input type="file" id="folder-input" webkitdirectory multiple>');
    await page.evaluate((ms) => {
      const g = (window.__blank = { start: 0, times: [], done: false });
      document.getElementById('folder-input').addEventListener('change', () => { g.start = performance.now(); }, { once: true });
      const tick = () => {
        if (g.start) {
          g.times.push(performance.now());
          if (performance.now() - g.start >= ms) { g.done = true; return; }
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, forMs);
    await page.setInputFiles('#folder-input', dir);
    await page.waitForFunction(() => window.__blank.done, null, { timeout: forMs + 600000, polling: 500 });
    const { start, times } = await page.evaluate(() => window.__blank);
    return { maxGapMs: longestGap(times, start), frames: times.length, longGaps: longGaps(times, start) };
  } finally {
    await context.close();
  }
}

module.exports = { folderPickGaps, folderDropGaps, driverPickGaps, idleGaps, blankPickGaps, recordPickInPage };
