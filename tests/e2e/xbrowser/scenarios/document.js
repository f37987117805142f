// scenarios/document.js — issue 9's board document in every engine: the document view (the
// editor's "Document", then a share link of the same heat-map) shows the core's document in the
// page, styled by board.css, with every tactic and top gap, nothing past the window's right edge,
// the wheel scrolls it as a page, and "Open in the editor" returns to the drawing canvas.
'use strict';
const assert = require('node:assert/strict');

// What the reader sees of the document, measured in the page.
function look() {
  const doc = document.getElementById('board-doc');
  const width = document.documentElement.clientWidth;
  const past = [];
  for (const el of doc.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    if (el.parentElement && el.parentElement.closest('.shb-scroll, .shb-matrix, .shb-chart')) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 0.5) past.push(el.tagName + ' ' + Math.round(r.right));
  }
  return {
    doc: document.documentElement.classList.contains('doc'),
    canvas: getComputedStyle(document.getElementById('canvas')).display,
    grid: doc.querySelector('.shb-tiles') ? getComputedStyle(doc.querySelector('.shb-tiles')).display : '',
    text: document.body.innerText,
    past: past.slice(0, 5),
    scrollWidth: document.documentElement.scrollWidth,
    width,
  };
}

module.exports = [
  {
    // The smallest phones: a share link opened there. WebKit's fonts made coverage by tactic 312 px
    // wide in the 296 px between the document's margins, so the whole page moved sideways under a
    // finger; its own scroll boxes (the gaps, the heat-map) may be wider, the page may not. (In
    // WebKit in gtktouch.c's view, sized as asked. Neither driver's touches pan a page natively,
    // not even a plain long one, so the scrolling itself is left to the wheel scenario below and
    // to Chromium's CDP touch in document.test.js.)
    name: 'the board document on a 320 px phone: nothing past the right edge',
    ownView: true,
    size: { width: 320, height: 640 },
    async run(d) {
      const link = await d.evaluate(() => window.sigmaHeatmap.shareLink());
      await d.evaluate((hash) => window.sigmaHeatmap.openShareLink(hash), link.slice(link.indexOf('#')));
      const m = await d.evaluate(look);
      assert.ok(m.doc, 'the document view');
      assert.equal(m.width, 320, 'a 320 px viewport');
      assert.deepEqual(m.past, [], 'nothing past the right edge');
      assert.ok(m.scrollWidth <= m.width, `${m.scrollWidth} px wide in ${m.width}`);
    },
  },
  {
    name: 'the board document: Document from the editor, a share link, back to the editor',
    async run(d, page) {
      const s = await page.summary();
      const check = async (label) => {
        const m = await d.evaluate(look);
        assert.ok(m.doc, `${label}: the document view`);
        assert.equal(m.canvas, 'none', `${label}: the canvas is hidden`);
        assert.equal(m.grid, 'grid', `${label}: board.css styles the document`);
        assert.deepEqual(m.past, [], `${label}: nothing past the right edge`);
        assert.ok(m.scrollWidth <= m.width, `${label}: ${m.scrollWidth} px wide in ${m.width}`);
        for (const b of s.board.tacticBars) assert.ok(m.text.includes(b.name), `${label}: ${b.name}`);
        for (const g of s.board.topGaps) assert.ok(m.text.includes(g.name), `${label}: gap ${g.name}`);
      };
      await d.evaluate(() => window.sigmaHeatmap.showDocument());
      await check('Document');
      const link = await d.evaluate(() => window.sigmaHeatmap.shareLink());
      await d.evaluate((hash) => window.sigmaHeatmap.openShareLink(hash), link.slice(link.indexOf('#')));
      await check('share link');
      assert.match(await d.evaluate(() => document.querySelector('#board-doc .shb-meta').textContent), /scores from a shared link/);
      // The browser scrolls the document itself: a real wheel event moves the page.
      await d.evaluate(() => window.scrollTo(0, 0));
      await d.wheel(600, 400, 0, 360);
      let y = 0;
      for (let i = 0; i < 40 && y < 100; i++) {
        await new Promise((r) => setTimeout(r, 50));
        y = await d.evaluate(() => window.scrollY);
      }
      assert.ok(y >= 100, `a wheel event scrolled the document (scrollY ${y})`);
      const { webgl } = await d.evaluate(() => window.sigmaHeatmap.ready);
      if (!webgl) return;  // no editor to go back to: the document is all this engine shows
      await d.evaluate(() => window.sigmaHeatmap.openEditor());
      const before = (await d.evaluate(() => window.sigmaHeatmap.stats())).frames;
      await page.frames(3);
      assert.ok((await d.evaluate(() => window.sigmaHeatmap.stats())).frames >= before + 3, 'the editor draws again');
      assert.equal(await d.evaluate(() => getComputedStyle(document.getElementById('canvas')).display), 'block');
    },
  },
];
