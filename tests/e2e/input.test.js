// input.test.js — issue 14, points 1, 2, 5, 6: the page handled with the real wheel, touch and
// keyboard (playwright's mouse.wheel and keyboard, CDP Input.dispatchTouchEvent in a touch
// context): wheel direction and amount in every view, deltaMode lines/pages, horizontal and
// Shift+wheel; touch pan, pinch, tap; search navigation and its shortcuts; Tab, Escape, Enter and
// the focus ring; copying rule titles and paths; the prompt before leaving loaded rules; a flick's
// momentum (keeps moving, slows down, stops under a finger; a slow drag does not fling).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');
const { ui, previousLayer, countPixels } = require('./pageui');

let server, browser;
before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function open({ width = 1366, height = 768, dpr = 1, touch = false, samples = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr, hasTouch: touch });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url);
  await page.evaluate(() => window.sigmaHeatmap.ready);
  const u = ui(page);
  if (samples) {
    await page.evaluate((files) => window.sigmaHeatmap.loadFiles(files), lib.samples());
    await u.frames(3);
  }
  return { context, page, errors, ...u };
}

// ---- 1. wheel ----

test('wheel: lines and pages (deltaMode 1, 2) scroll by that many pixels, down moves the content up', async () => {
  const p = await open();
  try {
    await p.options({ fit: false, zoom: 1 });
    const top = await p.rect('matrix-origin');
    const cell = await p.rect('cell:T1059/execution');
    await p.page.mouse.move(cell.x + 5, cell.y + 5);
    await p.frames(2);
    // What Firefox sends for one notch of a mouse wheel: three lines.
    await p.page.evaluate(({ x, y }) => document.getElementById('canvas').dispatchEvent(
      new WheelEvent('wheel', { deltaY: 3, deltaMode: 1, clientX: x, clientY: y, bubbles: true, cancelable: true })), { x: cell.x + 5, y: cell.y + 5 });
    await p.frames(2);
    const lines = await p.rect('matrix-origin');
    assert.equal(Math.round(top.y - lines.y), 60, 'three lines of 20 px');
    await p.page.evaluate(({ x, y }) => document.getElementById('canvas').dispatchEvent(
      new WheelEvent('wheel', { deltaY: -1, deltaMode: 2, clientX: x, clientY: y, bubbles: true, cancelable: true })), { x: cell.x + 5, y: cell.y + 5 });
    await p.frames(2);
    const page = await p.rect('matrix-origin');
    assert.equal(page.y, top.y, 'a page up from 60 px down is back at the top, not past it');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});

test('wheel: horizontal deltas and Shift+wheel scroll sideways, by the amount', async () => {
  const p = await open();
  try {
    await p.options({ fit: false, zoom: 1 });
    const cell = await p.rect('cell:T1059/execution');
    await p.page.mouse.move(cell.x + 5, cell.y + 5);
    await p.frames(2);
    const x0 = (await p.rect('matrix-origin')).x;
    await p.page.mouse.wheel(150, 0);  // a trackpad swipe: shows what is to the right
    await p.frames(2);
    const x1 = (await p.rect('matrix-origin')).x;
    assert.equal(Math.round(x0 - x1), 150);
    await p.page.keyboard.down('Shift');
    await p.page.mouse.wheel(0, 100);  // Shift + wheel down: sideways, to the right
    await p.page.keyboard.up('Shift');
    await p.frames(2);
    const after = await p.rect('matrix-origin');
    assert.equal(Math.round(x1 - after.x), 100);
    assert.equal(after.y, (await p.rect('matrix-origin')).y);
  } finally {
    await p.context.close();
  }
});

test('wheel: the Board and the Diff scroll the way a page does, by the amount', async () => {
  const p = await open();
  try {
    await p.page.evaluate((f) => window.sigmaHeatmap.loadPreviousLayer(f), await previousLayer(p.page));
    await p.options({ view: 'board' });
    await p.frames(3);
    const print = await p.rect('print');
    // Over the "Coverage by tactic" bars, not over a table (tables scroll on their own).
    await p.page.mouse.move(print.x - 400 > 40 ? 60 : 40, print.y + 260);
    await p.frames(2);
    await p.page.mouse.wheel(0, 90);
    await p.frames(2);
    assert.equal(Math.round(print.y - (await p.rect('print')).y), 90, 'board content moved up by 90');
    await p.page.mouse.wheel(0, -300);
    await p.frames(2);
    assert.equal((await p.rect('print')).y, print.y, 'and back to the top, no further');

    await p.options({ view: 'diff', fit: false, zoom: 1, diffOnlyChanges: false });
    await p.frames(3);
    const origin = await p.rect('diff-origin');
    await p.page.mouse.move(origin.x + 60, origin.y + 150);
    await p.frames(2);
    await p.page.mouse.wheel(70, 40);  // diagonal: both axes at once
    await p.frames(2);
    const moved = await p.rect('diff-origin');
    assert.equal(Math.round(origin.y - moved.y), 40);
    assert.equal(Math.round(origin.x - moved.x), 70);
  } finally {
    await p.context.close();
  }
});

test('wheel: on a high-DPI screen the content moves by the wheel event\'s CSS pixels', async () => {
  const p = await open({ dpr: 2 });
  try {
    await p.options({ fit: false, zoom: 1 });
    await p.page.evaluate(() => window.addEventListener('wheel', (e) => { window.seenDeltaY = e.deltaY; }, true));
    const cell = await p.rect('cell:T1059/execution');
    await p.page.mouse.move(cell.x + 5, cell.y + 5);
    await p.frames(2);
    const y0 = (await p.rect('matrix-origin')).y;
    await p.page.mouse.wheel(0, 120);
    await p.frames(2);
    const delta = await p.page.evaluate(() => window.seenDeltaY);
    assert.ok(delta > 0, `a wheel event reached the page (deltaY ${delta})`);
    assert.equal(Math.round(y0 - (await p.rect('matrix-origin')).y), Math.round(delta));
  } finally {
    await p.context.close();
  }
});

// ---- 2. touch ----

async function touch(p) {
  const cdp = await p.context.newCDPSession(p.page);
  const send = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  // A gesture's events are sent together (not one round trip each): on a loaded machine the round
  // trips alone can outlast the page's long-press delay, which would turn a drag into a press.
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const along = (from, to, i, steps) => [from[0] + (to[0] - from[0]) * i / steps, from[1] + (to[1] - from[1]) * i / steps];
  return {
    // A drag that stops before the finger lifts (so it does not fling).
    async drag(from, to, steps = 8) {
      const sent = [send('touchStart', [from])];
      for (let i = 1; i <= steps; i++) sent.push(send('touchMove', [along(from, to, i, steps)]));
      await Promise.all(sent);
      await sleep(250);
      await send('touchEnd', []);
      await p.frames(3);
    },
    // The finger moves every `everyMs` and lifts while still moving. The events carry the times
    // a touchscreen would give them (sent at once, back-dated), so the page sees the finger's real
    // speed however late a busy machine delivers them.
    async flick(from, to, steps, everyMs) {
      const t0 = Date.now() / 1000 - (steps * everyMs + 5) / 1000;
      const at = (ms) => t0 + ms / 1000;
      const stamped = (type, points, ms) => cdp.send('Input.dispatchTouchEvent',
        { type, timestamp: at(ms), touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
      const sent = [stamped('touchStart', [from], 0)];
      for (let i = 1; i <= steps; i++) sent.push(stamped('touchMove', [along(from, to, i, steps)], i * everyMs));
      sent.push(stamped('touchEnd', [], steps * everyMs + 5));
      await Promise.all(sent);
    },
    async down(x, y) { await send('touchStart', [[x, y]]); },
    async up() { await send('touchEnd', []); },
    async pinch(centre, from, to, steps = 8) {
      const pts = (d) => [[centre[0] - d, centre[1]], [centre[0] + d, centre[1]]];
      const sent = [send('touchStart', pts(from))];
      for (let i = 1; i <= steps; i++) sent.push(send('touchMove', pts(from + (to - from) * i / steps)));
      sent.push(send('touchEnd', []));
      await Promise.all(sent);
      await p.frames(3);
    },
    async tap(x, y) {
      await send('touchStart', [[x, y]]);
      await send('touchEnd', []);
      await p.frames(3);
    },
  };
}

test('touch: a drag scrolls the matrix with the finger, both ways; the page does not navigate', async () => {
  const p = await open({ touch: true });
  try {
    await p.options({ fit: false, zoom: 1 });
    const t = await touch(p);
    const cell = await p.rect('cell:T1059/execution');
    const o0 = await p.rect('matrix-origin');
    await t.drag([cell.x + 20, cell.y + 250], [cell.x + 20, cell.y + 50]);  // finger up 200 px
    const o1 = await p.rect('matrix-origin');
    assert.ok(Math.abs((o0.y - o1.y) - 200) <= 2, `content followed the finger up by 200 (moved ${o0.y - o1.y})`);
    const url = p.page.url();
    await t.drag([cell.x + 400, cell.y + 100], [cell.x + 100, cell.y + 100]);  // a swipe to the left
    const o2 = await p.rect('matrix-origin');
    assert.ok(Math.abs((o1.x - o2.x) - 300) <= 2, `content followed the finger left by 300 (moved ${o1.x - o2.x})`);
    assert.equal(p.page.url(), url);
    const css = await p.page.evaluate(() => ({
      canvas: getComputedStyle(document.getElementById('canvas')).touchAction,
      html: getComputedStyle(document.documentElement).overscrollBehaviorX,
      body: getComputedStyle(document.body).overscrollBehaviorX,
    }));
    assert.deepEqual(css, { canvas: 'none', html: 'none', body: 'none' });
    assert.equal((await p.summary()).view.selected, '', 'a drag is not a click');
  } finally {
    await p.context.close();
  }
});

// On a phone the Board's top gaps squeezed ten columns into the window: the technique column was
// one letter wide ("T"), the numbers one digit. The technique now keeps a readable width and the
// table scrolls sideways under the finger, "#" and the technique staying in place. The score and
// the priority follow the technique there, so each gap's priority is in view at 390 px without a
// swipe (the tactic before them pushed the priority past the edge); the tactic and the formula's
// terms are a swipe away.
test('touch: on a phone the Board\'s gaps show the technique readable and its priority, and a sideways drag brings the tactic into view', async () => {
  const p = await open({ width: 390, height: 844, touch: true });
  try {
    await p.options({ view: 'board', sideOpen: false });
    await p.frames(4);
    const t = await touch(p);
    // Up to the gaps (under the tactic bars on a phone), with the finger.
    const shown = async () => { const r = await p.rect('gaps-table', { optional: true }); return r && r.y <= 500; };
    for (let i = 0; i < 8 && !(await shown()); i++) await t.drag([100, 700], [100, 500]);
    const table = await p.rect('gaps-table');
    assert.ok(table.y >= 0 && table.y <= 500, `the gaps table was scrolled into view: ${JSON.stringify(table)}`);
    const tech = await p.rect('gap-technique:0');
    assert.ok(tech.w >= 100, `the technique column is readable: ${tech.w} px wide`);
    const right = table.x + table.w;
    const priority = await p.rect('gap-priority:0');
    assert.ok(priority.x >= tech.x + tech.w - 0.5 && priority.x + priority.w <= right + 0.5,
      `the first gap's priority is in view beside the technique: ${JSON.stringify(priority)} (table ${JSON.stringify(table)})`);
    const before = await p.rect('gap-tactic:0');
    assert.ok(before.x + before.w > right, `the tactic ends out of view, right of ${right}: ${JSON.stringify(before)}`);
    const y = tech.y + tech.h / 2;
    // A swipe to the left over the numbers, as far as the tactic is past the edge: the content
    // follows the finger, and the tactic comes into view.
    const d = Math.ceil(before.x + before.w - right) + 12;
    await t.drag([right - 10, y], [right - 10 - d, y]);
    const after = await p.rect('gap-tactic:0');
    assert.ok(Math.abs((before.x - after.x) - d) <= 2, `the numbers followed the finger by ${d} px: ${before.x} -> ${after.x}`);
    assert.ok(after.x + after.w <= right + 0.5 && after.x >= tech.x + tech.w - 0.5,
      `the tactic came into view beside the technique: ${JSON.stringify(after)} (table ${JSON.stringify(table)})`);
    // ... and on to the end of the formula's terms.
    for (let i = 0; i < 3; i++) await t.drag([right - 10, y], [right - 10 - 250, y]);
    const techAfter = await p.rect('gap-technique:0');
    assert.equal(techAfter.x, tech.x, 'the technique stayed in place');
    await p.page.screenshot({ path: '/tmp/sh-e2e-board-gaps-390.png' });
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});

test('touch: a flick keeps the content moving and slowing down after the finger lifts, until a finger stops it', async () => {
  // A phone: where flicks happen (and a smaller canvas draws faster on a busy machine).
  const p = await open({ width: 390, height: 844, touch: true });
  try {
    await p.options({ fit: false, zoom: 2 });  // room to scroll: a fling must not reach the end
    const t = await touch(p);
    const X = 150, LOW = 650;                  // over the matrix on a phone
    // In the page: the matrix's position at every frame and when the fingers went down and up (the
    // browser's event time and when the page handled it), so a busy machine's late frames do not
    // hide what moved when.
    const record = () => p.page.evaluate(() => {
      const r = { samples: [], ups: [], downs: [] };
      window.__motion = r;
      const t0 = performance.now();
      addEventListener('pointerup', (e) => r.ups.push({ at: e.timeStamp - t0, handled: performance.now() - t0 }), true);
      addEventListener('pointerdown', (e) => r.downs.push({ at: e.timeStamp - t0, handled: performance.now() - t0 }), true);
      const loop = () => {
        if (window.__motion !== r) return;
        r.samples.push([performance.now() - t0, window.sigmaHeatmap.uiRect('matrix-origin').y]);
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    const recorded = () => p.page.evaluate(() => window.__motion);
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const toTop = async () => {
      await p.page.mouse.move(X, LOW);
      await p.page.mouse.wheel(0, -20000);
      await p.frames(3);
    };

    // A flick up: 25 px every 20 ms (1.25 px/ms), lifted while moving.
    await record();
    await t.flick([X, LOW], [X, LOW - 150], 6, 20);
    await sleep(2500);
    let r = await recorded();
    const y0 = r.samples[0][1];
    const lift = r.ups[r.ups.length - 1];
    // Momentum: how far the content went beyond the finger's 150 px.
    const momentum = r.samples.map(([at, y]) => [at, y0 - y - 150]);
    const final = momentum[momentum.length - 1][1];
    assert.ok(final > 100, `the content kept moving after the lift: ${final} px beyond the finger (${JSON.stringify(r)})`);
    const stop = momentum.findIndex(([, m]) => m === final);
    const [stopAt] = momentum[stop], [lastMovingAt] = momentum[stop - 1];
    // The last frame that had not reached the end came less than 2 s after the lift.
    assert.ok(lastMovingAt - lift.at < 2000, `it stopped within 2 s of the lift (${JSON.stringify(momentum)}, lift ${JSON.stringify(lift)})`);
    assert.ok(r.samples[r.samples.length - 1][0] - stopAt >= 400, 'and stayed stopped');
    // Slowing down: at the finger's speed it would have gone much further by the last frame that
    // still showed it short of where it stopped.
    assert.ok(final < 0.8 * 1.25 * (lastMovingAt - lift.at), `it slowed down: ${final} px in ${Math.round(lastMovingAt - lift.at)}+ ms`);
    assert.equal((await p.summary()).view.selected, '', 'a flick is not a click');

    // A slow drag lifted while moving (15 px every 100 ms) moves the content with the finger only.
    await toTop();
    await record();
    await t.flick([X, LOW], [X, LOW - 120], 8, 100);
    await sleep(1000);
    r = await recorded();
    const moved = r.samples[0][1] - r.samples[r.samples.length - 1][1];
    assert.ok(Math.abs(moved - 120) <= 2, `no fling after a slow drag: moved ${moved} px for the finger's 120`);

    // A finger put down on the moving content stops it there, and that touch is no tap. A fast
    // flick (240 px in 60 ms): the finger lands as soon as the page shows it moving on its own.
    await toTop();
    await record();
    await t.flick([X, LOW], [X, LOW - 240], 6, 10);
    const start = (await recorded()).samples[0][1];
    for (let i = 0; i < 100; i++) {
      const m = await recorded();
      if (start - m.samples[m.samples.length - 1][1] > 250) break;
      await sleep(10);
    }
    await t.down(X, LOW);
    await sleep(300);  // shorter than a long press
    await t.up();
    await sleep(1500);
    r = await recorded();
    const down = r.downs[r.downs.length - 1];
    const before = r.samples.filter(([at]) => at < down.handled);
    const after = r.samples.filter(([at]) => at > down.handled);
    const y = (list, i) => list[(i + list.length) % list.length][1];
    // Moving when the finger landed, fast enough to have gone on for a while (the fling stops below
    // 0.05 px/ms): then not a pixel more.
    const speed = (y(before, -2) - y(before, -1)) / (before[before.length - 1][0] - before[before.length - 2][0]);
    assert.ok(speed > 0.1, `still moving when the finger landed: ${speed.toFixed(3)} px/ms (${JSON.stringify(r)})`);
    const held = y(after, 1);  // the frame being drawn when the finger landed may still take a step
    assert.ok(after.slice(1).every(([, v]) => v === held), `stopped under the finger (${JSON.stringify(after)})`);
    assert.equal((await p.summary()).view.selected, '', 'the touch that stopped it selected nothing');
  } finally {
    await p.context.close();
  }
});

test('touch: pinching out zooms the matrix in, pinching in zooms out', async () => {
  const p = await open({ touch: true });
  try {
    await p.options({ fit: false, zoom: 1 });
    const t = await touch(p);
    const cell = await p.rect('cell:T1059/execution');
    await t.pinch([cell.x + 100, cell.y + 200], 60, 120);
    const wider = (await p.summary()).view;
    assert.ok(wider.zoom >= 1.75, `zoomed in (${wider.zoom})`);
    assert.equal(wider.fit, false);
    await t.pinch([cell.x + 100, cell.y + 200], 150, 75);
    assert.ok((await p.summary()).view.zoom <= wider.zoom / 1.75, 'zoomed out again');
  } finally {
    await p.context.close();
  }
});

test('mouse: a click on a cell opens the side panel, which moves the cells; no tooltip pops up until the pointer moves', async () => {
  const p = await open();
  try {
    assert.equal((await p.summary()).view.sideOpen, false);
    const cell = await p.rect('cell:T1059/execution');
    const x = cell.x + cell.w * 0.6, y = cell.y + cell.h / 2;  // right of its middle (its right end is the sub-technique strip)
    await p.page.mouse.move(x, y);
    await p.frames(2);
    assert.ok(await p.rect('tooltip'), 'hovering shows the tooltip');
    await p.page.mouse.down();
    await p.page.mouse.up();
    await p.frames(3);
    const v = (await p.summary()).view;
    assert.equal(v.selected, 'T1059/execution');
    assert.equal(v.sideOpen, true);
    const moved = await p.rect('cell:T1059/execution');
    assert.ok(moved.x + moved.w < x, `the side panel narrowed the columns: the cell ends at ${moved.x + moved.w} now, left of the pointer at ${x}`);
    assert.equal(await p.page.evaluate(() => window.sigmaHeatmap.uiRect('tooltip')), null, 'no tooltip for what slid under the still pointer');
    await p.page.mouse.move(moved.x + moved.w / 2, moved.y + moved.h / 2, { steps: 3 });
    await p.frames(2);
    assert.ok(await p.rect('tooltip'), 'the pointer moved: tooltips again');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});

test('touch: the first tap on a tab selects it, a tap on a cell selects it and leaves no tooltip', async () => {
  const p = await open({ touch: true });
  try {
    const t = await touch(p);
    const board = await p.rect('view-board');
    await t.tap(board.x + board.w / 2, board.y + board.h / 2);
    assert.equal((await p.summary()).view.main, 'board');
    const matrix = await p.rect('view-matrix');
    await t.tap(matrix.x + matrix.w / 2, matrix.y + matrix.h / 2);
    assert.equal((await p.summary()).view.main, 'matrix');
    const cell = await p.rect('cell:T1053/execution');
    await t.tap(cell.x + cell.w * 0.3, cell.y + cell.h / 2);
    const s = await p.summary();
    assert.equal(s.view.selected, 'T1053/execution');
    assert.equal(await p.page.evaluate(() => window.sigmaHeatmap.uiRect('tooltip')), null, 'no tooltip left');
  } finally {
    await p.context.close();
  }
});

test('touch: a tap on the search box raises the on-screen keyboard; its text, compositions and deletions reach the box, keys are typed once; a tap elsewhere lowers it', async () => {
  const p = await open({ width: 390, height: 844, dpr: 3, touch: true });
  try {
    const t = await touch(p);
    const cdp = await p.context.newCDPSession(p.page);
    // A phone shows its keyboard for a focused text element only: the page's text proxy.
    const keyboardUp = () => p.page.evaluate(() => document.activeElement !== null && document.activeElement.id === 'sh-text-proxy');
    const search = async (frames = 6) => { await p.frames(frames); return (await p.summary()).view.search; };
    assert.equal(await keyboardUp(), false);
    const box = await p.rect('search');
    await t.tap(box.x + 20, box.y + box.h / 2);
    assert.equal(await keyboardUp(), true, 'a tap on the box focuses the text proxy');
    // A phone keyboard types without key events (CDP insertText: the text an IME commits).
    await cdp.send('Input.insertText', { text: 'T10' });
    assert.equal(await search(), 'T10');
    // A composition (Android composes each word) shows as it changes, and is typed once when committed.
    await cdp.send('Input.imeSetComposition', { text: '2', selectionStart: 1, selectionEnd: 1 });
    assert.equal(await search(), 'T102');
    await cdp.send('Input.imeSetComposition', { text: '21x', selectionStart: 3, selectionEnd: 3 });
    assert.equal(await search(), 'T1021x');
    await cdp.send('Input.imeSetComposition', { text: '21', selectionStart: 2, selectionEnd: 2 });
    assert.equal(await search(10), 'T1021', 'what the composition took back is deleted');
    await cdp.send('Input.insertText', { text: '21' });
    assert.equal(await search(), 'T1021', 'the commit does not type it again');
    // On a phone the match count stays on screen: the box gives up width (it was cut at "9 matc").
    const count = await p.rect('search-count'), side = await p.rect('side-toggle');
    assert.ok(count.x + count.w <= side.x, `the match count (${count.x}+${count.w}) ends left of the folded side panel's button (${side.x})`);
    // A hardware keyboard (a tablet's) sends key events: typed once, Backspace deletes one.
    await p.page.keyboard.type('.9');
    assert.equal(await search(), 'T1021.9');
    await p.page.keyboard.press('Backspace');
    assert.equal(await search(), 'T1021.');
    // A keyboard's delete with no key event of its own (what Android's keyboard sends for a word).
    await p.page.evaluate(() => document.getElementById('sh-text-proxy').dispatchEvent(
      new InputEvent('beforeinput', { inputType: 'deleteContentBackward', bubbles: true, cancelable: true })));
    assert.equal(await search(), 'T1021');
    assert.equal(await p.page.evaluate(() => document.getElementById('sh-text-proxy').value), '', 'the proxy keeps no text');
    // A tap outside the box ends the editing and lowers the keyboard; the text stays.
    const tab = await p.rect('view-matrix');
    await t.tap(tab.x + tab.w / 2, tab.y + tab.h / 2);
    await p.frames(3);
    assert.equal(await keyboardUp(), false, 'the proxy let go');
    assert.equal(await search(), 'T1021');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});

test('a mouse click in the search box leaves the keyboard with the canvas (no text proxy on a desktop)', async () => {
  const p = await open();
  try {
    const box = await p.rect('search');
    await p.page.mouse.click(box.x + 20, box.y + box.h / 2);
    await p.frames(3);
    await p.page.keyboard.type('T1021');
    await p.frames(3);
    assert.equal((await p.summary()).view.search, 'T1021');
    assert.equal(await p.page.evaluate(() => document.activeElement && document.activeElement.id), 'canvas');
  } finally {
    await p.context.close();
  }
});

test('leaving the page with rules loaded asks first; an empty page does not', async () => {
  const empty = await open({ samples: false });
  let asked = false;
  empty.page.on('dialog', (d) => { asked = true; d.dismiss(); });
  await empty.page.mouse.click(300, 300);  // a user gesture: browsers only ask after one
  await empty.page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(asked, false);
  await empty.context.close();

  const p = await open({ samples: false });
  try {
    await p.click('samples');
    await lib.waitLoaded(p.page, 1);
    const dialog = new Promise((resolve) => {
      p.page.once('dialog', (d) => { resolve(d.type()); d.accept(); });
      setTimeout(() => resolve('no dialog within 10 s'), 10000);
    });
    await p.page.close({ runBeforeUnload: true });
    assert.equal(await dialog, 'beforeunload');
  } finally {
    await p.context.close();
  }
});

// ---- 5. search ----

test('search: Enter, F3, Shift+F3 and the arrows go to the next/previous match and scroll it into view', async () => {
  const p = await open();
  try {
    await p.options({ fit: false, zoom: 1.5 });
    await p.click('search');
    await p.page.keyboard.type('Exfiltration Over');
    await p.frames(2);
    let s = await p.summary();
    assert.equal(s.view.search, 'Exfiltration Over');
    assert.equal(s.view.searchCurrent, '');
    await p.page.keyboard.press('Enter');
    await p.frames(3);
    s = await p.summary();
    const first = s.view.searchCurrent;
    assert.match(first, /^T1\d{3}(\.\d{3})?\/exfiltration$/);
    assert.ok((await p.rect('cell:' + first)).visible, `${first} scrolled into view`);
    // Enter again after Enter: the box kept the keyboard.
    await p.page.keyboard.press('Enter');
    await p.frames(3);
    const second = (await p.summary()).view.searchCurrent;
    assert.notEqual(second, first);
    assert.ok((await p.rect('cell:' + second)).visible);
    await p.page.keyboard.press('Shift+F3');
    await p.frames(3);
    assert.equal((await p.summary()).view.searchCurrent, first);
    await p.page.keyboard.press('F3');
    await p.frames(3);
    assert.equal((await p.summary()).view.searchCurrent, second);
    await p.click('search-prev');
    assert.equal((await p.summary()).view.searchCurrent, first);
    await p.click('search-next');
    assert.equal((await p.summary()).view.searchCurrent, second);
  } finally {
    await p.context.close();
  }
});

test('search: Ctrl+F and / put the keyboard in the search box', async () => {
  const p = await open();
  try {
    const cell = await p.rect('cell:T1059/execution');
    await p.page.mouse.click(cell.x + 5, cell.y + 5);  // the keyboard is elsewhere
    await p.frames(2);
    await p.page.keyboard.press('Control+f');
    await p.frames(3);
    await p.page.keyboard.type('T1021');
    await p.frames(2);
    assert.equal((await p.summary()).view.search, 'T1021');
    await p.page.keyboard.press('Escape');
    await p.page.mouse.click(cell.x + 5, cell.y + 5);
    await p.frames(2);
    await p.page.keyboard.press('/');
    await p.frames(3);
    await p.page.keyboard.press('Control+a');
    await p.page.keyboard.type('T1053/');  // a '/' typed in the box is a character
    await p.frames(3);
    assert.equal((await p.summary()).view.search, 'T1053/');
  } finally {
    await p.context.close();
  }
});

// ---- 6. keyboard ----

test('keyboard: Tab reaches the toolbar with a visible focus ring, Enter activates, Escape closes a combo, the arrows pick a platform', async () => {
  const p = await open({ samples: false });
  try {
    let focused = '';
    for (let i = 0; i < 25 && focused !== 'samples'; i++) {
      await p.page.keyboard.press('Tab');
      await p.frames(2);
      focused = (await p.summary()).view.focused;
    }
    assert.equal(focused, 'samples', 'Tab reached "Load sample rules"');
    // The ring: the focus colour (ImGuiCol_NavHighlight, #005ed9) drawn around the button.
    const r = await p.rect('samples');
    const ring = await countPixels(p.page, { x: r.x - 5, y: r.y - 5, width: r.w + 10, height: r.h + 10 },
      (red, green, blue) => red < 40 && Math.abs(green - 94) < 30 && blue > 190);
    assert.ok(ring > 2 * (r.w + r.h), `a focus ring around the button (${ring} ring pixels)`);
    await p.page.keyboard.press('Enter');
    const s = await lib.waitLoaded(p.page, lib.samples().length);
    assert.equal(s.loaded, lib.samples().length, 'Enter pressed the focused button');

    await p.click('platform');
    assert.equal((await p.summary()).view.popupOpen, true, 'the platform combo opened');
    await p.page.keyboard.press('Escape');
    await p.frames(3);
    assert.equal((await p.summary()).view.popupOpen, false, 'Escape closed it');

    // The platform filter by keyboard alone: Tab to the combo, Enter opens it, the arrows move down
    // its list in the order shown, Enter picks.
    await p.options({ view: 'matrix' });
    focused = '';
    for (let i = 0; i < 30 && focused !== 'platform'; i++) {
      await p.page.keyboard.press('Tab');
      await p.frames(2);
      focused = (await p.summary()).view.focused;
    }
    assert.equal(focused, 'platform', 'Tab reached the platform combo');
    await p.page.keyboard.press('Enter');
    await p.frames(3);
    assert.equal((await p.summary()).view.popupOpen, true, 'Enter opened it');
    for (let i = 0; i < 2; i++) {
      await p.page.keyboard.press('ArrowDown');
      await p.frames(2);
    }
    await p.page.keyboard.press('Enter');
    await p.frames(3);
    const platforms = await p.page.evaluate(() => window.sigmaHeatmap.options().platforms);
    // "All platforms", then the catalogue's platforms sorted: two down from the top is the second.
    assert.deepEqual(platforms, ['ESXi'], 'two down from "All platforms" is the second platform');
    assert.equal((await p.summary()).view.popupOpen, false, 'Enter closed it');
  } finally {
    await p.context.close();
  }
});

test('keyboard: after a click, PageDown, End, Home, Space and the arrows scroll the Board and the matrix as a web page', async () => {
  // Dear ImGui 1.86 scrolls by the keyboard only windows with no controls: in the page's views
  // PageDown, End and the arrows did nothing.
  const p = await open({ height: 600 });
  try {
    const key = async (k) => {
      await p.page.keyboard.press(k);
      await p.frames(3);
    };
    await p.click('view-board');
    const top = await p.rect('print');
    // A click on the "Coverage by tactic" bars (not a control) gives the Board the keyboard.
    await p.page.mouse.click(60, top.y + 260);
    await p.frames(2);
    assert.equal((await p.rect('print')).y, top.y, 'the click scrolled nothing');
    const moved = async () => Math.round(top.y - (await p.rect('print')).y);
    await key('PageDown');
    const page = await moved();
    assert.ok(page > 300 && page < 600, `PageDown scrolled the Board by a page less a little (${page} px in a 600 px window)`);
    await key('PageDown');
    assert.ok((await moved()) > page, 'a second PageDown went further');
    await key('End');
    const end = await moved();
    assert.ok(end >= page, `End went to the bottom (${end} px)`);
    await key('PageDown');
    assert.equal(await moved(), end, 'PageDown at the bottom stays there');
    await key('Home');
    assert.equal(await moved(), 0, 'Home went back to the top');
    await key('ArrowDown');
    const line = await moved();
    assert.ok(line >= 20 && line <= 80, `ArrowDown scrolled a few lines (${line} px)`);
    await key('ArrowUp');
    assert.equal(await moved(), 0, 'ArrowUp scrolled back');
    await key('Space');
    assert.equal(await moved(), page, 'Space pages down as PageDown');
    await key('Shift+Space');
    assert.equal(await moved(), 0, 'Shift+Space pages up');

    // The matrix, zoomed so that it scrolls both ways: a click on its tab, then the keys.
    await p.options({ fit: false, zoom: 1.5 });
    await p.click('view-matrix');
    const cell = await p.rect('cell:T1059/execution');
    await key('PageDown');
    const down = cell.y - (await p.rect('cell:T1059/execution')).y;
    assert.ok(down > 200, `PageDown scrolled the matrix (${down} px)`);
    await key('Home');
    await key('ArrowRight');
    const right = cell.x - (await p.rect('cell:T1059/execution')).x;
    assert.ok(right >= 20 && right <= 80, `ArrowRight scrolled the matrix sideways (${right} px)`);
    assert.equal((await p.rect('cell:T1059/execution')).y, cell.y, 'Home went back to the top');
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});

test('keyboard: in the search box Home and End move the cursor; with a focus ring the arrows move the focus, not the view', async () => {
  const p = await open({ height: 600 });
  try {
    await p.options({ fit: false, zoom: 1.5 });
    const cell = await p.rect('cell:T1059/execution');
    await p.click('search');
    await p.page.keyboard.type('T105');
    await p.page.keyboard.press('Home');
    await p.page.keyboard.type('x');
    await p.page.keyboard.press('End');
    await p.page.keyboard.type('9');
    await p.frames(3);
    assert.equal((await p.summary()).view.search, 'xT1059', 'Home and End moved the text cursor');
    assert.equal((await p.rect('cell:T1059/execution', { optional: true })).y, cell.y, 'and scrolled nothing');
    await p.page.keyboard.press('Control+a');
    await p.page.keyboard.press('Backspace');
    await p.page.keyboard.press('Escape');
    await p.frames(2);

    // Tab shows the keyboard focus: ArrowDown then moves it and leaves the matrix where it is.
    let focused = '';
    for (let i = 0; i < 30 && focused !== 'platform'; i++) {
      await p.page.keyboard.press('Tab');
      await p.frames(2);
      focused = (await p.summary()).view.focused;
    }
    assert.equal(focused, 'platform', 'Tab reached the platform combo');
    const before = await p.rect('cell:T1059/execution');
    await p.page.keyboard.press('ArrowRight');
    await p.frames(3);
    assert.notEqual((await p.summary()).view.focused, 'platform', 'ArrowRight moved the focus');
    assert.equal((await p.rect('cell:T1059/execution')).x, before.x, 'and did not scroll the matrix');
  } finally {
    await p.context.close();
  }
});

test('rules of a technique: "Copy" copies one title and path, "Copy list" all of them', async () => {
  const p = await open();
  try {
    await p.options({ select: 'T1059.001' });
    await p.frames(3);
    assert.equal((await p.summary()).view.sideOpen, true, 'selecting opened the side panel');
    await p.click('copy-rule:0');
    const one = await p.page.evaluate(() => window.sigmaHeatmap.lastCopiedText());
    assert.match(one, /^.+\tsamples\/.+\.yml:\d+$/);
    await p.click('copy-rules');
    const all = await p.page.evaluate(() => window.sigmaHeatmap.lastCopiedText());
    const lines = all.trim().split('\n');
    assert.ok(lines.length >= 1 && lines.every((l) => /\tsamples\/.+\.yml:\d+$/.test(l)), all);
    assert.ok(lines.includes(one), 'the one row is in the list');
    assert.match((await p.summary()).status, /Copied \d+ rules? \(title and file\) for T1059\.001/);
  } finally {
    await p.context.close();
  }
});
