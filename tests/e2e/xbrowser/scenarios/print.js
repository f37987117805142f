// scenarios/print.js — the board document printed by the engine itself (Firefox: WebDriver BiDi's
// print, as its print dialog prints): no blank page, the heat-map on a page of its own and then by
// technique on portrait pages whose technique ids are at least 7 pt high (pdftotext's word boxes,
// about 1.2 times the font size), every technique of the parts on them. WebKitWebDriver has no
// Print Page command: in WebKit the page is printed by WebKit's own print operation in
// gtktouch.c's view (ownView), through GTK's Print to File printer.
'use strict';
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

// Each word's box on page i of pdf: [{yMin, yMax, text}].
function words(pdf, i) {
  return [...execFileSync('pdftotext', ['-bbox', '-f', String(i), '-l', String(i), pdf, '-'], { encoding: 'utf8' })
    .matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ yMin: Number(m[1]), yMax: Number(m[2]), text: m[3] }));
}

// A line cut in two across a page break prints the rest of its glyphs at the top of the next page,
// above where a page's text starts: every engine's margins are 6.35 mm (18 pt, GTK's default, which
// WebKit prints with) or more (10 mm, @page's, in Firefox and Chromium). WebKit cut the lines of
// a grid item (the bars and gaps) so: the next page began at 10 to 17 pt.
function assertNoCutLine(pdf, pages, where) {
  for (let i = 2; i <= pages; i++) {
    const top = Math.min(...words(pdf, i).map((w) => w.yMin));
    assert.ok(top >= 17.5, `${where}: page ${i} has text at ${top.toFixed(1)} pt from its top, above its margin: a line cut at the break before it`);
  }
}

const pageCount = (pdf) => Number(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);

module.exports = [
  {
    name: 'the board document printed: no blank page, no line cut at a break, the heat-map by technique legible on portrait pages',
    ownView: true,
    async run(d) {
      await d.evaluate(() => window.sigmaHeatmap.showDocument());
      const partIds = await d.evaluate(() => [...new Set([...document.querySelectorAll('#board-doc .shb-print-parts svg text')]
        .map((t) => (t.textContent.match(/^T\d{4}\b/) || [''])[0]).filter(Boolean))]);
      assert.ok(partIds.length > 150, `${partIds.length} techniques in the heat-map by technique`);
      const pdf = path.join(os.tmpdir(), `sh-xbrowser-print-${process.pid}.pdf`);
      fs.writeFileSync(pdf, await d.pdf());
      try {
        const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', pdf], { encoding: 'utf8' });
        const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
        const onParts = new Set();
        let parts = 0, heatmap = 0;
        for (let i = 1; i <= pages; i++) {
          const text = execFileSync('pdftotext', ['-f', String(i), '-l', String(i), pdf, '-'], { encoding: 'utf8' });
          const lines = text.split('\n').filter((l) => l.trim()).length;
          assert.ok(lines >= 3, `page ${i} of ${pages} holds ${lines} lines`);
          if (/^\s*Heat-map\s*$/m.test(text)) heatmap = i;
          if (!/\(\d+ of \d+\)/.test(text)) continue;
          parts++;
          const [, w, h] = info.match(new RegExp(`Page\\s+${i} size:\\s+([\\d.]+) x ([\\d.]+)`));
          assert.ok(Number(w) < Number(h), `page ${i} (a part) is portrait (${w} x ${h} pt)`);
          const ids = words(pdf, i).filter((x) => /^T\d{4}$/.test(x.text));
          for (const x of ids) onParts.add(x.text);
          const smallest = Math.min(...ids.map((x) => x.yMax - x.yMin));
          assert.ok(smallest >= 7, `page ${i}: technique ids at least 7 pt high (${smallest.toFixed(2)})`);
        }
        assert.ok(heatmap > 0, 'the heat-map has a page');
        assert.ok(parts >= 3, `${parts} pages of the heat-map by technique`);
        assert.deepEqual(partIds.filter((id) => !onParts.has(id)).slice(0, 10), [], 'every technique of the parts is on them');
        // Wherever the first break falls in the bars and gaps, no line is cut by it: the same
        // document printed with them moved down by a third and two thirds of a table row.
        assertNoCutLine(pdf, pages, 'as it is');
        for (const px of [12, 24]) {
          await d.evaluate((x) => { document.querySelector('#board-doc .shb-columns').style.marginTop = `${x}px`; }, px);
          fs.writeFileSync(pdf, await d.pdf());
          assertNoCutLine(pdf, pageCount(pdf), `moved down ${px} px`);
        }
      } finally {
        fs.rmSync(pdf, { force: true });
      }
    },
  },
];
