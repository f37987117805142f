// scenarios/input.js — issue 14's wheel and touch smoke, in every engine: the keyboard scrolls
// the Board; the wheel scrolls the matrix the way it scrolls a page and by the event's amount; a
// finger drag scrolls with the finger; the first tap on a tab selects it; a pinch zooms (the touch ones at
// a desktop's 1366x768 and a phone's 390x844). Each
// scenario gets a driver (../drivers.js) already on the page with the sample rules loaded, and
// `page` helpers (../xbrowser.test.js); touch scenarios get drivers.openTouch's.
'use strict';
const assert = require('node:assert/strict');

// Where the fingers go: in the matrix, right of and below its origin, above its horizontal
// scroll bar and the legend under it, at any window size (a desktop's with a touch screen, a
// phone's).
async function matrixSpot(d, page) {
  const o = await page.rect('matrix-origin');
  const legend = await page.rect('legend-bar');
  const w = await d.evaluate(() => window.innerWidth);
  return { x: o.x + 150, low: legend.y - 60, w, o };
}

// The touch scenarios at one window size.
const touchScenarios = ({ width, height }) => {
  const at = ` (${width}x${height})`;
  return [
    {
      // In WebKitGTK (gtktouch.c's real GDK touches) the page gets TouchEvents and no touch pointer
      // events, the first finger also as mouse events (GTK's pointer emulation), and, for touches
      // WebKit has not yet seen the page cancel, WebKit's own drag-to-wheel and tap-to-click: the
      // page reads the TouchEvents and drops those echoes (web/glue.js, input section). Before
      // that, a drag there was a mouse drag (nothing scrolled) that clicked where the finger lifted.
      name: `a finger drag scrolls the matrix with the finger and is no click; the first tap on a tab selects it, no tooltip left${at}`,
      touch: true,
      size: { width, height },
      async run(d, page) {
        await page.options({ fit: false, zoom: 1 });
        const m = await matrixSpot(d, page);
        await d.touchDrag([m.x, m.low], [m.x, m.low - 200]);
        await page.frames(3);
        const o1 = await page.rect('matrix-origin');
        assert.ok(Math.abs((m.o.y - o1.y) - 200) <= 3, `content followed the finger up 200 px (moved ${m.o.y - o1.y})`);
        const across = Math.min(300, m.w - o1.x - 100);  // a swipe to the left, as long as the window allows
        await d.touchDrag([o1.x + 40 + across, m.low - 100], [o1.x + 40, m.low - 100]);
        await page.frames(3);
        const o2 = await page.rect('matrix-origin');
        assert.ok(Math.abs((o1.x - o2.x) - across) <= 3, `content followed the finger left ${across} px (moved ${o1.x - o2.x})`);
        assert.equal((await page.summary()).view.selected, '', 'a drag is not a click');
        const board = await page.rect('view-board');
        await d.tap(board.x + board.w / 2, board.y + board.h / 2);
        await page.frames(3);
        assert.equal((await page.summary()).view.main, 'board');
        assert.equal(await d.evaluate(() => window.sigmaHeatmap.uiRect('tooltip')), null, 'no tooltip left after the tap');
      },
    },
    {
      name: `pinching out zooms the matrix in, pinching in zooms out${at}`,
      touch: true,
      size: { width, height },
      async run(d, page) {
        await page.options({ fit: false, zoom: 1 });
        const m = await matrixSpot(d, page);
        const centre = [Math.min(m.x + 50, m.w / 2), m.low - 150];
        const half = Math.min(150, centre[0] - 10, m.w - centre[0] - 10);  // both fingers on the screen
        await d.pinch(centre, half * 0.4, half * 0.8);
        await page.frames(3);
        const wider = (await page.summary()).view;
        assert.ok(wider.zoom >= 1.75, `zoomed in (${wider.zoom})`);
        assert.equal(wider.fit, false);
        await d.pinch(centre, half, half / 2);
        await page.frames(3);
        const narrower = (await page.summary()).view;
        assert.ok(narrower.zoom <= wider.zoom / 1.75, `zoomed out again (${wider.zoom} -> ${narrower.zoom})`);
        assert.equal(narrower.selected, '', 'a pinch is not a click');
      },
    },
  ];
};

module.exports = [
  {
    // Dear ImGui 1.86 scrolls by the keyboard only windows with no controls: PageDown, End and the
    // arrows did nothing in the page's views.
    name: 'after a click, PageDown, End, Home and ArrowDown scroll the Board as a web page',
    async run(d, page) {
      await page.options({ view: 'board', sideOpen: false });
      const top = await page.rect('print');
      await d.click(60, top.y + 260);  // the "Coverage by tactic" bars: not a control
      await page.frames(3);
      assert.equal((await page.rect('print')).y, top.y, 'the click scrolled nothing');
      const moved = async () => Math.round(top.y - (await page.rect('print')).y);
      const key = async (k) => { await d.press(k); await page.frames(3); };
      await key('PageDown');
      const pageDown = await moved();
      assert.ok(pageDown > 200, `PageDown scrolled the Board (${pageDown} px)`);
      await key('End');
      assert.ok((await moved()) >= pageDown, 'End went to the bottom');
      await key('Home');
      assert.equal(await moved(), 0, 'Home went back to the top');
      await key('ArrowDown');
      const line = await moved();
      assert.ok(line >= 20 && line <= 80, `ArrowDown scrolled a few lines (${line} px)`);
    },
  },
  {
    name: 'the wheel scrolls the matrix like a page, by the event\'s amount',
    async run(d, page) {
      await page.options({ fit: false, zoom: 1 });
      const cell = await page.rect('cell:T1059/execution');
      await d.evaluate(() => { window.seenWheel = []; window.addEventListener('wheel', (e) => window.seenWheel.push([e.deltaX, e.deltaY, e.deltaMode]), true); });
      const y0 = (await page.rect('matrix-origin')).y;
      await d.wheel(cell.x + 10, cell.y + 10, 0, 120);
      await page.frames(3);
      const seen = await d.evaluate(() => window.seenWheel);
      assert.ok(seen.length > 0, 'a wheel event reached the page');
      const lineOrPx = (m) => (m === 1 ? 20 : 1);  // glue.js: 20 px a line
      const expected = seen.reduce((a, [, dy, m]) => a + dy * lineOrPx(m), 0);
      const moved = y0 - (await page.rect('matrix-origin')).y;
      assert.ok(expected > 0, `wheel down reported as down (${JSON.stringify(seen)})`);
      assert.ok(Math.abs(moved - expected) <= 1, `content moved up by ${moved}, the events said ${expected}`);
      await d.evaluate(() => { window.seenWheel = []; });
      const x0 = (await page.rect('matrix-origin')).x;
      await d.wheel(cell.x + 10, cell.y + 10, 100, 0);
      await page.frames(3);
      const seenX = await d.evaluate(() => window.seenWheel);
      const expectedX = seenX.reduce((a, [dx, , m]) => a + dx * lineOrPx(m), 0);
      const movedX = x0 - (await page.rect('matrix-origin')).x;
      assert.ok(expectedX > 0 && Math.abs(movedX - expectedX) <= 1, `sideways: moved ${movedX}, events ${JSON.stringify(seenX)}`);
    },
  },
  {
    // A phone raises its keyboard for a focused text element only: a tap on the search box
    // focuses the page's text proxy (web/glue.js), whose input events type into the box.
    name: 'a tap on the search box focuses the text proxy (the on-screen keyboard), its input types there, a tap elsewhere lets go',
    touch: true,
    async run(d, page) {
      const proxyFocused = () => d.evaluate(() => document.activeElement !== null && document.activeElement.id === 'sh-text-proxy');
      const box = await page.rect('search');
      await d.tap(box.x + 20, box.y + box.h / 2);
      await page.frames(3);
      assert.equal(await proxyFocused(), true, 'the tap focused the text proxy');
      // What a virtual keyboard sends: text and a deletion, without key events.
      await d.evaluate(() => {
        const el = document.getElementById('sh-text-proxy');
        for (const [inputType, data] of [['insertText', 'T10210'], ['deleteContentBackward', null]]) {
          el.dispatchEvent(new InputEvent('beforeinput', { inputType, data, bubbles: true, cancelable: true }));
        }
      });
      await page.frames(8);
      assert.equal((await page.summary()).view.search, 'T1021');
      const tab = await page.rect('view-matrix');
      await d.tap(tab.x + tab.w / 2, tab.y + tab.h / 2);
      await page.frames(4);
      assert.equal(await proxyFocused(), false, 'a tap elsewhere blurred it');
      assert.equal((await page.summary()).view.search, 'T1021');
    },
  },
  {
    // The canvas keeps its frame (preserveDrawingBuffer) and frames that change little redraw only
    // their rectangle (src/app/redraw.hpp): in this engine too the canvas must then hold exactly
    // what a full redraw draws. Its pixels are compared in the page (WebGL canvas -> 2D canvas).
    name: 'frames drawn in part leave the canvas as a full redraw leaves it',
    async run(d, page) {
      await page.options({ fit: false, zoom: 1 });
      const s0 = await d.evaluate(() => window.sigmaHeatmap.stats());
      assert.equal(s0.keepsFrame, true, 'the WebGL canvas keeps its frame');
      const cell = await page.rect('cell:T1059/execution');
      await d.wheel(cell.x + 10, cell.y + 10, 0, 120);
      await page.frames(3);
      await page.options({ search: 'T10' });
      await page.options({ search: 'T105' });
      await d.wheel(cell.x + 10, cell.y + 10, 0, -60);
      await page.frames(3);
      const s1 = await d.evaluate(() => window.sigmaHeatmap.stats());
      assert.ok(s1.drawnPartly > s0.drawnPartly, `frames drawn in part (${s1.drawnPartly - s0.drawnPartly} of ${s1.drawn - s0.drawn})`);
      await d.evaluate(() => {
        window.canvasPixels = () => {
          const c = document.getElementById('canvas');
          const o = document.createElement('canvas');
          [o.width, o.height] = [c.width, c.height];
          const g = o.getContext('2d');
          g.drawImage(c, 0, 0);
          return g.getImageData(0, 0, o.width, o.height).data;
        };
        window.shownPixels = window.canvasPixels();
      });
      await d.evaluate(() => window.sigmaHeatmap.redrawAll());
      await page.frames(2);
      const differing = await d.evaluate(() => {
        const a = window.shownPixels, b = window.canvasPixels();
        let n = 0;
        for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
        return a.length === b.length ? n : -1;
      });
      assert.equal(differing, 0, 'pixels that differ from a full redraw');
    },
  },
  ...touchScenarios({ width: 1366, height: 768 }),
  ...touchScenarios({ width: 390, height: 844 }),
];
