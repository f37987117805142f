// drawing.test.js — issue 13 point 5 / issue 14 point 9: the page draws a frame only when it would
// look different, and then only the rectangle that differs. An idle page sends nothing to WebGL
// (software WebGL spends 100+ ms of CPU on one full frame here) yet keeps showing its last frame;
// real input (wheel, pointer, keys), a resize and a change through the API are drawn at the next
// frame, in part where little changed, and the canvas then shows what a full redraw shows; while
// files load with nobody touching the page the progress is redrawn a few times a second, and input
// during the load still at once.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');
const { ui } = require('./pageui');

let server, browser;
before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// init: a function run in the page before its own scripts (page.addInitScript).
async function open({ width = 1366, height = 768, dpr = 1, init = null } = {}) {
  const s = await lib.openPage(browser, init ? null : server.url, { width, height, dpr });
  if (init) {
    await s.page.addInitScript(init);
    await s.page.goto(server.url);
    await s.page.evaluate(() => window.sigmaHeatmap.ready);
  }
  const stats = () => s.page.evaluate(() => window.sigmaHeatmap.stats());
  const shot = () => s.page.screenshot({ clip: { x: 0, y: 0, width, height } });
  return { ...s, stats, shot, ...ui(s.page) };
}

// Frames built and frames drawn over the next `ms` of a page left alone.
async function idleFor(p, ms) {
  const a = await p.stats();
  await p.page.waitForTimeout(ms);
  const b = await p.stats();
  return { built: b.frames - a.frames, drawn: b.drawn - a.drawn };
}

// Screenshots decoded in the page: how many pixels of `a` differ from `b` (same size), and how many
// colours a sample of every 97th pixel of `a` holds (a blank canvas has one).
async function compare(page, a, b = a) {
  return page.evaluate(async ([x, y]) => {
    const load = async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      [c.width, c.height] = [img.width, img.height];
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, c.width, c.height).data;
    };
    const [p, q] = [await load(x), await load(y)];
    let differing = 0;
    for (let i = 0; i < p.length; i += 4) if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) differing++;
    const colours = new Set();
    for (let i = 0; i < p.length; i += 4 * 97) colours.add((p[i] << 16) | (p[i + 1] << 8) | p[i + 2]);
    return { differing, colours: colours.size };
  }, [a.toString('base64'), b.toString('base64')]);
}
const differingPixels = async (page, a, b) => (await compare(page, a, b)).differing;

// ImGui lays windows and tables out over its first frames: each of the first three drew most of the
// canvas (a full software WebGL frame is 100-170 ms here), so the page builds them without drawing
// and the first frame drawn is the settled one (platform_web.cpp, kSettleFrames). The font atlas is
// baked in full once, at the matrix zoom the first frame's layout fitted (it was baked twice at
// every size: 1366x768 332 -> 197 ms of font work in the first frames, 390x844 at DPR 3 618 -> 450).
test('a page just opened bakes its font atlas once and draws one full frame once its layout has settled, then nothing while left alone', async () => {
  // Every texture the page uploads, as [width, height] (the font atlas is one).
  const recordUploads = () => {
    window.__uploads = [];
    const upload = WebGL2RenderingContext.prototype.texImage2D;
    WebGL2RenderingContext.prototype.texImage2D = function (...args) {
      if (typeof args[3] === 'number') window.__uploads.push([args[3], args[4]]);
      return upload.apply(this, args);
    };
  };
  for (const [width, height, dpr] of [[1366, 768, 1], [1920, 1080, 1], [390, 844, 3]]) {
    const p = await open({ width, height, dpr, init: recordUploads });
    try {
      await p.frames(6);
      await p.page.waitForTimeout(1000);
      const st = await p.stats();
      assert.ok(st.frames >= 6, `${width}x${height}: frames built (${st.frames})`);
      assert.equal(st.drawn, 1, `${width}x${height}: one frame drawn, not one per settling frame (${st.drawn} drawn, ${st.drawnPartly} of them in part, ${st.drawnPixels} px)`);
      assert.equal(st.drawnPartly, 0, `${width}x${height}: drawn in full`);
      assert.equal(st.fontAtlases, 1, `${width}x${height}: the font atlas baked in full once`);
      // Independently of that count: the full atlas (the last texture) went to WebGL once, and the
      // first frame's layout-only atlas before it was smaller (the old page uploaded it three times).
      const uploads = await p.page.evaluate(() => window.__uploads);
      const [w, h] = uploads[uploads.length - 1];
      assert.equal(uploads.filter(([a, b]) => a === w && b === h).length, 1, `${width}x${height}: uploads ${JSON.stringify(uploads)}`);
      assert.ok(uploads.slice(0, -1).every(([a, b]) => a * b < w * h / 2), `${width}x${height}: uploads ${JSON.stringify(uploads)}`);
      const { colours } = await compare(p.page, await p.shot());
      assert.ok(colours > 3, `${width}x${height}: the canvas shows the page (${colours} colours in a sample)`);
      // A zoom step bakes it again (at its new size), once.
      await p.page.evaluate(() => window.sigmaHeatmap.setOptions({ zoom: 1.25 }));
      await p.frames(3);
      assert.equal((await p.stats()).fontAtlases, 2, `${width}x${height}: baked again after a zoom step`);
      assert.deepEqual(p.errors, []);
    } finally {
      await p.context.close();
    }
  }
});

test('an idle page draws nothing and keeps showing its last frame; wheel, pointer, keys and API changes are drawn at once', async () => {
  const p = await open();
  try {
    await p.page.evaluate((files) => window.sigmaHeatmap.loadFiles(files), lib.samples());
    await p.options({ fit: false, zoom: 1 });
    await p.frames(5);
    await p.page.waitForTimeout(300);  // let anything still settling (scrolling, layout) finish
    const idle = await idleFor(p, 1500);
    assert.ok(idle.built >= 5, `frames are still built while idle (${idle.built} in 1.5 s)`);
    assert.equal(idle.drawn, 0, `nothing is drawn while nothing changes (${idle.drawn} of ${idle.built} frames drawn)`);
    const before = await p.shot();
    await p.page.waitForTimeout(500);
    assert.equal(await differingPixels(p.page, before, await p.shot()), 0, 'the canvas still shows the last drawn frame');

    // The real wheel over the matrix: the next frames draw the scrolled matrix.
    const cell = await p.rect('cell:T1059/execution');
    const top = await p.rect('matrix-origin');
    let s0 = await p.stats();
    await p.page.mouse.move(cell.x + 5, cell.y + 5);
    await p.page.mouse.wheel(0, 200);
    await p.frames(2);
    assert.ok((await p.stats()).drawn > s0.drawn, 'a wheel event is drawn');
    assert.ok((await p.rect('matrix-origin')).y < top.y, 'and the matrix did scroll');
    const scrolled = await p.shot();
    assert.ok(await differingPixels(p.page, before, scrolled) > 1000, 'the screen shows the scrolled matrix');

    // Hover only (no click): the pointer moving onto a cell is drawn too (its tooltip).
    await p.page.mouse.move(5, (await p.page.viewportSize()).height - 5);
    await p.frames(3);
    s0 = await p.stats();
    const other = await p.rect('cell:T1059/execution');
    await p.page.mouse.move(other.x + 6, other.y + other.h / 2);
    await p.frames(3);
    assert.ok((await p.stats()).drawn > s0.drawn, 'hovering a cell is drawn');

    // Keys: Ctrl+F and typing into the search box show the text typed.
    const beforeKeys = await p.shot();
    s0 = await p.stats();
    await p.page.keyboard.press('Control+f');
    await p.page.keyboard.type('T1021');
    await p.frames(3);
    assert.ok((await p.stats()).drawn > s0.drawn, 'typing is drawn');
    assert.ok(await differingPixels(p.page, beforeKeys, await p.shot()) > 0, 'the typed text is on screen');
    await p.page.keyboard.press('Escape');

    // A change through the API (no input event): drawn at the next frames.
    const beforeApi = await p.shot();
    s0 = await p.stats();
    await p.options({ zoom: 0.6 });
    await p.frames(3);
    assert.ok((await p.stats()).drawn > s0.drawn, 'setOptions is drawn');
    assert.ok(await differingPixels(p.page, beforeApi, await p.shot()) > 1000, 'the zoomed-out matrix is on screen');

    // A resize clears the canvas: the next frame draws it again at the new size.
    await p.page.setViewportSize({ width: 1000, height: 700 });
    await p.frames(3);
    const blank = (await compare(p.page, await p.page.screenshot())).colours;
    assert.ok(blank > 8, `after a resize the page shows the app again (${blank} colours sampled)`);
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});

// The canvas keeps its last frame (preserveDrawingBuffer) and a frame redraws only the rectangle
// where it differs (src/app/redraw.hpp). Wrong rectangles leave stale pixels behind (a tooltip
// that stays, half a hover highlight), so after real input the canvas must show exactly what a full
// redraw of the same frame shows.
test('a frame is drawn only where it changed, and the canvas then shows what a full redraw shows', async () => {
  const p = await open();
  try {
    await p.page.evaluate((files) => window.sigmaHeatmap.loadFiles(files), lib.samples());
    await p.options({ fit: true });
    await p.frames(5);
    const s0 = await p.stats();
    assert.equal(s0.keepsFrame, true, 'the canvas keeps its frame (preserveDrawingBuffer)');
    // Hover cells (their tooltips come and go), a toolbar button, wheel the matrix, type a search.
    const cell = await p.rect('cell:T1059/execution');
    await p.page.mouse.move(cell.x + 6, cell.y + cell.h / 2);
    await p.frames(3);
    const other = await p.rect('cell:T1053/execution');
    await p.page.mouse.move(other.x + 6, other.y + other.h / 2, { steps: 4 });
    await p.frames(3);
    const open_ = await p.rect('open');
    await p.page.mouse.move(open_.x + 4, open_.y + 4, { steps: 3 });
    await p.frames(3);
    await p.page.mouse.move(cell.x + 6, cell.y + cell.h / 2);
    await p.page.mouse.wheel(0, 120);
    await p.frames(3);
    await p.page.keyboard.press('Control+f');
    await p.page.keyboard.type('T10');
    await p.frames(3);
    await p.page.mouse.move(5, (await p.page.viewportSize()).height - 5);
    await p.frames(3);
    const s1 = await p.stats();
    const drawn = s1.drawn - s0.drawn, partly = s1.drawnPartly - s0.drawnPartly;
    const full = 1366 * 768 * (await p.page.evaluate(() => window.devicePixelRatio || 1)) ** 2;
    assert.ok(partly >= 5, `frames drawn in part (${partly} of ${drawn})`);
    assert.ok(s1.drawnPixels - s0.drawnPixels < 0.6 * drawn * full,
      `the frames drew ${((s1.drawnPixels - s0.drawnPixels) / (drawn * full) * 100).toFixed(0)} % of their pixels`);
    const shown = await p.shot();
    await p.page.evaluate(() => window.sigmaHeatmap.redrawAll());
    await p.frames(2);
    assert.equal((await p.stats()).drawn, s1.drawn + 1, 'redrawAll drew one whole frame');
    assert.equal(await differingPixels(p.page, shown, await p.shot()), 0, 'the canvas showed what a full redraw shows');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});

test('while files load and nobody touches the page the progress is redrawn a few times a second; input is drawn at once', async (t) => {
  const rules = lib.readRules(lib.SHARED + '/sigma/rules');
  if (rules.length === 0) { t.skip('../shared/sigma/rules is missing'); return; }
  // Three copies under different folders: a load that lasts several seconds here.
  const files = [];
  for (const copy of ['a', 'b', 'c']) for (const f of rules) files.push({ name: copy + '/' + f.name, text: f.text });
  const p = await open();
  try {
    await p.frames(3);
    const s0 = await p.stats();
    const t0 = Date.now();
    const loading = p.page.evaluate((f) => window.sigmaHeatmap.loadFiles(f).then(() => true), files);
    await p.page.waitForFunction(() => window.Module._sh_busy() !== 0, null, { polling: 50 });
    const l0 = await p.stats();  // loading from here (handing the texts to the page took a while)
    const tl0 = Date.now();
    await p.page.waitForTimeout(800);
    const mid = await p.stats();
    const busy = await p.page.evaluate(() => window.Module._sh_busy() !== 0);
    assert.ok(busy, 'still loading 0.8 s in (the frames until then were all loading frames)');
    // Nor built: while loading, an animation frame that would not be drawn is skipped
    // (platform_web.cpp frame()). Counted from l0 to mid: loading all along, with no input. (Over
    // the whole load the half second after the input below, ~30 frames at 60 Hz, is built and
    // answered: when the load ended soon after it, built and skipped frames came out even.)
    const builtQuiet = mid.frames - l0.frames;
    const skippedQuiet = mid.skipped - l0.skipped;
    assert.ok(skippedQuiet > 2 * builtQuiet, `most frames not built while loading (${builtQuiet} built, ${skippedQuiet} skipped in ${mid.frames - l0.frames + skippedQuiet} animation frames)`);
    // Input while loading: a pointer move onto the canvas is drawn within a couple of frames.
    await p.page.mouse.move(300, 300);
    await p.page.mouse.move(320, 310);
    await p.frames(2);
    assert.ok((await p.stats()).drawn > mid.drawn, 'input during the load is drawn at once');
    assert.ok(await loading);
    const ms = Date.now() - t0;
    const s1 = await p.stats();
    const built = s1.frames - s0.frames;
    const drawn = s1.drawn - s0.drawn;
    assert.ok(drawn >= 2, `the progress was drawn (${drawn} frames drawn in ${ms} ms)`);
    // At most one redraw per 200 ms without input, plus the few the input above and the end cost.
    assert.ok(drawn <= ms / 200 + 12, `${drawn} frames drawn of ${built} built in ${ms} ms: not redrawn every frame`);
    // Over the whole load: the quiet frames skipped, the half second after the input built.
    const loadMs = Date.now() - tl0;
    const builtLoading = s1.frames - l0.frames;
    const skipped = s1.skipped - l0.skipped;
    t.diagnostic(`loading ${loadMs} ms: ${builtLoading} frames built, ${skipped} skipped; ${drawn} drawn`);
    assert.ok(builtLoading <= loadMs / 200 + 45, `${builtLoading} frames built in ${loadMs} ms of loading: not every animation frame`);
    // The progress bar alone changing: those frames redraw its rectangle, not the whole canvas.
    assert.ok(s1.drawnPartly - s0.drawnPartly >= 2, `progress drawn in part (${s1.drawnPartly - s0.drawnPartly} of ${drawn} frames)`);
    assert.equal((await p.summary()).loaded, files.length);
    await p.frames(2);
    const shown = await p.shot();
    await p.page.evaluate(() => window.sigmaHeatmap.redrawAll());
    await p.frames(2);
    assert.equal(await differingPixels(p.page, shown, await p.shot()), 0, 'after the load the canvas shows what a full redraw shows');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});
