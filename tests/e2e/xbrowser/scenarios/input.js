// scenarios/input.js — issue 14's wheel and touch smoke, in every engine: the wheel scrolls the
// matrix the way it scrolls a page and by the event's amount; a finger drag scrolls with the
// finger; the first tap on a tab selects it. Each scenario gets a driver (../drivers.js) already
// on the page with the sample rules loaded, and `page` helpers (../xbrowser.test.js).
'use strict';
const assert = require('node:assert/strict');

module.exports = [
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
    name: 'a finger drag scrolls the matrix with the finger; the first tap on a tab selects it',
    touch: true,
    async run(d, page) {
      await page.options({ fit: false, zoom: 1 });
      const cell = await page.rect('cell:T1059/execution');
      const y0 = (await page.rect('matrix-origin')).y;
      await d.touchDrag([cell.x + 20, cell.y + 260], [cell.x + 20, cell.y + 60]);
      await page.frames(3);
      const moved = y0 - (await page.rect('matrix-origin')).y;
      assert.ok(Math.abs(moved - 200) <= 3, `content followed the finger up 200 px (moved ${moved})`);
      const board = await page.rect('view-board');
      await d.tap(board.x + board.w / 2, board.y + board.h / 2);
      await page.frames(3);
      assert.equal((await page.summary()).view.main, 'board');
      assert.equal(await d.evaluate(() => window.sigmaHeatmap.uiRect('tooltip')), null, 'no tooltip left after the tap');
    },
  },
];
