// scenarios/print.js — the board document printed by the engine itself (Firefox: WebDriver BiDi's
// print, as its print dialog prints): no blank page, the heat-map on a page of its own and then by
// technique on portrait pages whose technique ids are at least 7 pt high (pdftotext's word boxes,
// about 1.2 times the font size), every technique of the parts on them. WebKitWebDriver has no
// Print Page command, so WebKit is left out.
'use strict';
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

module.exports = [
  {
    name: 'the board document printed: no blank page, the heat-map by technique legible on portrait pages',
    browsers: ['firefox'],
    why: 'WebKitWebDriver cannot print (no Print Page command)',
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
          const words = [...execFileSync('pdftotext', ['-bbox', '-f', String(i), '-l', String(i), pdf, '-'], { encoding: 'utf8' })
            .matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(T\d{4})<\/word>/g)];
          for (const w of words) onParts.add(w[3]);
          const smallest = Math.min(...words.map((w) => Number(w[2]) - Number(w[1])));
          assert.ok(smallest >= 7, `page ${i}: technique ids at least 7 pt high (${smallest.toFixed(2)})`);
        }
        assert.ok(heatmap > 0, 'the heat-map has a page');
        assert.ok(parts >= 3, `${parts} pages of the heat-map by technique`);
        assert.deepEqual(partIds.filter((id) => !onParts.has(id)).slice(0, 10), [], 'every technique of the parts is on them');
      } finally {
        fs.rmSync(pdf, { force: true });
      }
    },
  },
];
