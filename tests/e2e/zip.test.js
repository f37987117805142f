// zip.test.js — .zip archives dropped on the page (a real DataTransfer carrying a File, the drop
// event the browser fires) or picked with #file-input: entries load under their path inside the
// archive, so a zip of the SigmaHQ folder gives the folder's techniques and layer bytes; damaged,
// encrypted and oversized entries and broken archives each give one problem naming the archive
// and the entry, and everything else still loads; the single-file page reads zips too.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const lib = require('./lib');
const { makeZip, zipFolderWithPython } = require('./ziptools');

const CORPUS = path.join(lib.SHARED, 'sigma', 'rules');
const haveCorpus = fs.existsSync(CORPUS);
let server, browser;

before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// Drops files ({name, bytes}) on the page the way a browser does, and waits for the load to end.
async function drop(page, files) {
  const before = await page.evaluate(() => window.sigmaHeatmap.stats().frames);
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const raw = atob(f.b64);
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: /\.zip$/.test(f.name) ? 'application/zip' : 'text/yaml' }));
    }
    // Seen busy at some frame: a small drop can load between two of the polls below (20 ms apart),
    // never within one frame (the loader waits for a frame between its steps).
    window.__dropSeen = false;
    const watch = () => {
      if (window.Module._sh_busy()) window.__dropSeen = true;
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') })));
  // Busy from the moment the archive is listed until its last entry is parsed.
  await page.waitForFunction((f0) => {
    const st = window.sigmaHeatmap.stats();
    if (window.Module._sh_busy()) window.__dropSeen = true;
    return window.__dropSeen && !window.Module._sh_busy() && st.frames > f0;
  }, before, { timeout: 120000, polling: 20 });
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
  return page.evaluate(() => window.sigmaHeatmap.summary());
}

const rule = (title, tag, level = 'high') =>
  `title: ${title}\nstatus: test\nlevel: ${level}\nlogsource:\n  product: windows\ndetection:\n  sel:\n    Image|endswith: x.exe\n` +
  `  condition: sel\ntags:\n  - attack.execution\n  - attack.${tag}\n`;

test('a zip of the SigmaHQ folder dropped gives the folder\'s techniques and layer', { skip: !haveCorpus && `${CORPUS} missing (set SH_SHARED)` }, async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-zip-'));
  const zipPath = zipFolderWithPython(CORPUS, path.join(tmp, 'sigma_all_rules.zip'));
  if (!zipPath) return t.skip('python3 is missing (it writes the test archive)');
  const folder = lib.readRules(CORPUS);  // names "rules/...", as a folder pick or drop gives them
  const fromFolder = await (async () => {
    const { context, page } = await lib.openPage(browser, server.url);
    const s = await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), folder);
    const layer = await page.evaluate(() => window.sigmaHeatmap.layerJson());
    await context.close();
    return { s, layer };
  })();
  const { context, page, errors } = await lib.openPage(browser, server.url);
  const t0 = Date.now();
  const s = await drop(page, [{ name: 'sigma_all_rules.zip', bytes: fs.readFileSync(zipPath) }]);
  t.diagnostic(`${(fs.statSync(zipPath).size / 1048576).toFixed(1)} MB zip, ${s.loaded} files in ${Date.now() - t0} ms`);
  assert.equal(s.loaded, folder.length);
  assert.deepEqual(s.techniques, fromFolder.s.techniques);
  assert.equal(await page.evaluate(() => window.sigmaHeatmap.layerJson()), fromFolder.layer, 'the same layer bytes');
  assert.deepEqual(errors, []);
  await context.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('damaged, encrypted and oversized entries: one problem each, naming archive and entry; the rest loads', async () => {
  const { context, page } = await lib.openPage(browser, server.url);
  const archive = makeZip([
    { name: 'pack/a.yml', data: rule('A', 't1059.001'), method: 8 },
    { name: 'pack/b.yaml', data: rule('B', 't1003.001'), method: 0 },
    { name: 'pack/secret.yml', data: rule('S', 't1105'), flags: 0x1 },
    { name: 'pack/crc.yml', data: rule('C', 't1105'), crc: 7 },
    { name: 'pack/huge.yml', data: Buffer.alloc(9 * 1024 * 1024, 0x23) },  // deflates to ~9 KB
    { name: 'pack/README.md', data: '# not a rule' },
    { name: '__MACOSX/pack/._a.yml', data: 'resource fork' },
  ]);
  const truncated = makeZip([{ name: 'x.yml', data: rule('X', 't1105') }]).subarray(0, 40);
  const s = await drop(page, [
    { name: 'pack.zip', bytes: archive },
    { name: 'broken.zip', bytes: truncated },
    { name: 'loose.yml', bytes: Buffer.from(rule('L', 't1547.001')) },
  ]);
  const names = await page.evaluate(() => window.sigmaHeatmap.layerJson());
  assert.equal(s.rules, 3, 'A, B and the loose file');
  assert.equal(s.loaded, 3);
  for (const n of ['pack/a.yml', 'pack/b.yaml', 'loose.yml']) assert.ok(names.includes(n), n);
  const byFile = (f) => s.errors.filter((e) => e.file === f).map((e) => e.message);
  const pack = byFile('pack.zip');
  assert.equal(pack.length, 3, pack.join('\n'));
  assert.ok(pack.some((m) => /^entry pack\/secret\.yml: encrypted/.test(m)), pack.join('\n'));
  assert.ok(pack.some((m) => /^entry pack\/crc\.yml: damaged entry: CRC-32 mismatch/.test(m)), pack.join('\n'));
  assert.ok(pack.some((m) => /^entry pack\/huge\.yml: larger than 8 MB/.test(m)), pack.join('\n'));
  const broken = byFile('broken.zip');
  assert.equal(broken.length, 1);
  assert.match(broken[0], /not a zip archive, or truncated|beyond the end/);
  assert.equal(s.errors.length, 4, JSON.stringify(s.errors));
  await context.close();
});

test('a zip picked with #file-input loads like a dropped one', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-zip-'));
  const file = path.join(tmp, 'picked.zip');
  fs.writeFileSync(file, makeZip([{ name: 'r/one.yml', data: rule('One', 't1059.003') }, { name: 'r/two.yml', data: rule('Two', 't1105', 'low') }]));
  const { context, page } = await lib.openPage(browser, server.url);
  await page.setInputFiles('#file-input', file);
  await page.waitForFunction(() => window.sigmaHeatmap.summary().loaded === 2 && !window.Module._sh_busy(), null, { timeout: 60000, polling: 50 });
  const s = await page.evaluate(() => window.sigmaHeatmap.summary());
  assert.equal(s.techniques['T1059.003'], 80);
  assert.equal(s.techniques.T1105, 30);
  assert.deepEqual(s.errors, []);
  await context.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the single-file page (file://) reads a dropped zip too', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + path.join(lib.DIST, 'sigma-heatmap.html'));
  await page.evaluate(() => window.sigmaHeatmap.ready);
  const s = await drop(page, [{ name: 'pack.zip', bytes: makeZip([{ name: 'z/a.yml', data: rule('A', 't1059.001') }]) }]);
  assert.equal(s.loaded, 1);
  assert.equal(s.techniques['T1059.001'], 80);
  assert.deepEqual(errors, []);
  await context.close();
});
