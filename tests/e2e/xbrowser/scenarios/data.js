// scenarios/data.js — issue 14's zip drops and sessions, in every engine: a .zip dropped on the
// page (a DataTransfer carrying a File, the drop event the browser fires) loads its entries through
// the engine's own DecompressionStream('deflate-raw'), and a damaged entry is one problem naming
// the archive and the entry; a session saved to this engine's IndexedDB and restored gives the same
// summary and layer bytes. The page already holds the sample rules (../xbrowser.test.js).
'use strict';
const assert = require('node:assert/strict');
const { makeZip } = require('../../ziptools');

const rule = (title, tag, level) =>
  `title: ${title}\nstatus: test\nlevel: ${level}\nlogsource:\n  product: windows\ndetection:\n  sel:\n    Image|endswith: x.exe\n` +
  `  condition: sel\ntags:\n  - attack.execution\n  - attack.${tag}\n`;

async function until(d, fn, what, ms = 60000) {
  const t0 = Date.now();
  for (;;) {
    if (await d.evaluate(fn)) return;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

module.exports = [
  {
    name: 'a dropped .zip loads its entries; a damaged one is one problem naming archive and entry',
    async run(d, page) {
      const before = (await page.summary()).loaded;
      const zip = makeZip([
        { name: 'pack/deflated.yml', data: rule('Deflated', 't1547.001', 'critical'), method: 8 },
        { name: 'pack/stored.yml', data: rule('Stored', 't1021.002', 'low'), method: 0 },
        { name: 'pack/bad.yml', data: rule('Bad', 't1105', 'high'), crc: 1 },
      ]).toString('base64');
      await d.evaluate((b64) => {
        const raw = atob(b64);
        const bytes = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'pack.zip', { type: 'application/zip' }));
        document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, zip);
      await until(d, () => !window.Module._sh_busy() && window.sigmaHeatmap.stats().filesTotal === 2 && window.sigmaHeatmap.stats().filesDone === 2, 'the archive to load');
      const s = await page.summary();
      assert.equal(s.loaded, before + 2);
      assert.equal(s.techniques['T1547.001'], 100);
      assert.equal(s.techniques['T1021.002'], 30);
      const problems = s.errors.filter((e) => e.file === 'pack.zip');
      assert.equal(problems.length, 1, JSON.stringify(s.errors));
      assert.match(problems[0].message, /^entry pack\/bad\.yml: damaged entry: CRC-32 mismatch/);
    },
  },
  {
    name: 'a session saved to IndexedDB and restored after a reload gives the same summary and layer',
    async run(d) {
      await d.evaluate(() => window.sigmaHeatmap.session.started.then(() => null));
      const status = await d.evaluate(() => window.sigmaHeatmap.session.status());
      assert.equal(status.available, true, `sessions are off: ${status.problem}`);
      assert.equal(await d.evaluate(() => window.sigmaHeatmap.setOptions({ palette: 'colourblind', name: 'xbrowser', kpiThreshold: 60 })), '');
      await d.evaluate(() => window.sigmaHeatmap.session.save());
      const saved = await d.evaluate(() => ({ summary: window.sigmaHeatmap.summary(), layer: window.sigmaHeatmap.layerJson() }));
      // A reload, as a user comes back (clearing the page instead would race the once-a-second save,
      // which rightly stores the emptied page as the session).
      await d.reload();
      await d.evaluate(() => window.sigmaHeatmap.ready.then(() => null));
      await d.evaluate(() => window.sigmaHeatmap.session.started.then(() => null));
      assert.equal(await d.evaluate(() => window.sigmaHeatmap.summary().loaded), 0);
      const restored = await d.evaluate(() => window.sigmaHeatmap.session.restore());
      // The visit's notices (messages, status line, drawn texts) are not part of a session.
      const content = ({ messages, status, texts, ...rest }) => rest;
      assert.deepEqual(content(restored), content(saved.summary));
      assert.equal(await d.evaluate(() => window.sigmaHeatmap.layerJson()), saved.layer);
    },
  },
];
