// page.test.js — the hosted page (dist/index.html over HTTP): the test API, loading by drop
// (files and a nested folder), by #file-input and #folder-input, Problems for a broken file, the
// Download layer file equal to layerJson() and to the CLI's output, bad input, and no request
// beyond the page's own files during the whole session.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');

let server, browser, session;
const BROKEN = { name: 'broken/bad-indent.yml', text: 'title: Broken rule\nstatus: test\ntags:\n  - attack.t1059\n   - attack.execution\nlevel: high\n' };

before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
  session = await lib.openPage(browser, server.url);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function fresh() {
  await session.page.evaluate(() => window.sigmaHeatmap.clear());
  await session.page.evaluate(() => window.sigmaHeatmap.frames(1));
  const s = await session.page.evaluate(() => window.sigmaHeatmap.summary());
  assert.equal(s.loaded, 0);
}

test('the page starts: test API present, CSP forbids connections, catalogue embedded', async () => {
  const { page } = session;
  const api = await page.evaluate(() => Object.keys(window.sigmaHeatmap).sort());
  for (const k of ['ready', 'loadFiles', 'summary', 'layerJson']) assert.ok(api.includes(k), `sigmaHeatmap.${k}`);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  const s = await page.evaluate(() => window.sigmaHeatmap.summary());
  assert.deepEqual([s.rules, s.loaded, s.errors.length], [0, 0, 0]);
  assert.equal(s.attack, '19');
  assert.equal(await page.locator('#file-input').getAttribute('multiple'), '');
});

test('loadFiles: the sample rules score as the seed profile says', async () => {
  await fresh();
  const files = lib.samples();
  assert.ok(files.length >= 6 && files.length <= 10, 'six to ten sample rules');
  const s = await session.page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), files);
  assert.equal(s.loaded, files.length);
  assert.equal(s.rules, files.length);
  assert.deepEqual(s.errors, []);
  assert.equal(s.techniques['T1003.001'], 100);  // critical
  assert.equal(s.techniques['T1105'], 80);       // high
  assert.equal(s.techniques['T1059.001'], 50);   // medium
  assert.equal(s.techniques['T1053.005'], 50);
  assert.equal(s.techniques['T1053.003'], 30);   // low
});

test('a drop of several files (DataTransfer event) goes through the same loader', async () => {
  await fresh();
  const { page } = session;
  const files = lib.samples().slice(0, 4).map((f) => ({ name: path.basename(f.name), text: f.text }));
  const overlay = await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'application/x-yaml' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    const shown = document.body.classList.contains('dragging');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    return { shown, after: document.body.classList.contains('dragging') };
  }, files);
  assert.deepEqual(overlay, { shown: true, after: false }, 'the drop overlay shows while dragging');
  const s = await lib.waitLoaded(page, 4);
  assert.equal(s.loaded, 4);
  assert.equal(s.rules, 4);
});

test('a drop of a nested folder loads every .yml/.yaml in it, with relative names', async () => {
  await fresh();
  const { page } = session;
  const rules = lib.samples();
  const tree = {
    'rules/windows/a.yml': rules[0].text,
    'rules/windows/deeper/b.yaml': rules[1].text,
    'rules/linux/c.yml': rules[2].text,
    'rules/README.md': '# not a rule',
    'rules/linux/notes.txt': 'not a rule either',
  };
  await page.evaluate((files) => {
    // A directory tree as webkitGetAsEntry() gives it (readEntries in batches, then []).
    const fileEntry = (fullPath, text) => ({
      isFile: true, isDirectory: false, fullPath,
      file: (ok) => ok(new File([text], fullPath.split('/').pop())),
    });
    const dirEntry = (fullPath) => ({ isFile: false, isDirectory: true, fullPath, children: [],
      createReader() {
        const batches = [this.children.slice(0, 1), this.children.slice(1)];
        return { readEntries: (ok) => setTimeout(() => ok(batches.shift() || []), 0) };
      } });
    const root = dirEntry('/rules');
    const dirs = { '/rules': root };
    for (const [name, text] of Object.entries(files)) {
      const parts = name.split('/');
      let parent = root;
      for (let i = 1; i < parts.length - 1; i++) {
        const p = '/' + parts.slice(0, i + 1).join('/');
        if (!dirs[p]) { dirs[p] = dirEntry(p); parent.children.push(dirs[p]); }
        parent = dirs[p];
      }
      parent.children.push(fileEntry('/' + name, text));
    }
    const dataTransfer = { types: ['Files'], files: [], items: [{ kind: 'file', webkitGetAsEntry: () => root, getAsFile: () => null }] };
    const ev = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(ev, 'dataTransfer', { value: dataTransfer });
    document.getElementById('canvas').dispatchEvent(ev);
  }, tree);
  const s = await lib.waitLoaded(page, 3);
  assert.equal(s.loaded, 3, 'only the three rule files');
  assert.equal(s.rules, 3);
  const layer = JSON.parse(await page.evaluate(() => window.sigmaHeatmap.layerJson()));
  const text = JSON.stringify(layer);
  for (const n of ['rules/windows/a.yml', 'rules/windows/deeper/b.yaml', 'rules/linux/c.yml'])
    assert.ok(text.includes(n), `${n} named by its path in the folder`);
});

test('#file-input with several files and #folder-input with a nested folder', async () => {
  await fresh();
  const { page } = session;
  const rules = lib.samples();
  const dir = lib.writeTree([
    { name: 'picked/one.yml', text: rules[3].text },
    { name: 'picked/two.yml', text: rules[4].text },
    { name: 'picked/three.yaml', text: rules[5].text },
    { name: 'tree/windows/four.yml', text: rules[6].text },
    { name: 'tree/windows/sub/five.yml', text: rules[7].text },
    { name: 'tree/skip.txt', text: 'not a rule' },
  ]);
  try {
    await page.setInputFiles('#file-input', ['one.yml', 'two.yml', 'three.yaml'].map((f) => path.join(dir, 'picked', f)));
    let s = await lib.waitLoaded(page, 3);
    assert.equal(s.rules, 3);
    await page.setInputFiles('#folder-input', path.join(dir, 'tree'));
    s = await lib.waitLoaded(page, 5);
    assert.equal(s.loaded, 5, 'two rule files from the folder (the .txt is skipped)');
    const text = await page.evaluate(() => window.sigmaHeatmap.layerJson());
    assert.ok(text.includes('tree/windows/sub/five.yml'), 'folder files keep their relative path');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Clicks a named ImGui button (hovered for a frame first, as ImGui wants).
async function clickUi(page, name) {
  const r = await page.evaluate((n) => window.sigmaHeatmap.uiRect(n), name);
  assert.ok(r && r.visible !== false, `${name} is on screen`);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
}

// One rule for folders in the CLI and the page (*.yml / *.yaml in any case), and both name a folder's
// files inside the folder: the same folder gives the same layer bytes (the CLI once skipped
// UPPER.YML and wrote each file's absolute path). The page's side as a user does it: "Open folder..."
// opens the real file chooser (the webkitdirectory input), the folder is chosen there, and the file
// "Download layer" saves is compared byte for byte with the CLI's output.
test('a folder with UPPER.YML and a sub-folder: the folder chooser + Download and the CLI give byte-identical layers', async (t) => {
  const exe = lib.cli();
  if (!exe) return t.skip('build/native/sigma-heatmap not built');
  await fresh();
  const { page } = session;
  const rules = lib.samples();
  const dir = lib.writeTree([
    { name: 'tree/UPPER.YML', text: rules[0].text },
    { name: 'tree/windows/lower.yaml', text: rules[1].text },
    { name: 'tree/windows/Mixed.Yml', text: rules[2].text },
    { name: 'tree/windows/deeper/more.yml', text: rules[3].text },
    { name: 'tree/notes.txt', text: 'not a rule' },
  ]);
  try {
    // An absolute path on purpose: only the folder's own name may reach the layer. The layer holds no
    // date of its own; its name (by default from the current quarter) is fixed on both sides.
    execFileSync(exe, ['layer', '-q', '--name', 'folder-parity', path.join(dir, 'tree'), '-o', path.join(dir, 'cli.json')],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickUi(page, 'open-folder')]);
    assert.ok(await chooser.element().evaluate((e) => e.id === 'folder-input' && e.webkitdirectory), 'the folder input opened');
    await chooser.setFiles(path.join(dir, 'tree'));
    const s = await lib.waitLoaded(page, 4);
    assert.equal(s.loaded, 4, 'the four rule files, whatever the case of their extension (the .txt skipped)');
    assert.equal(await page.evaluate((o) => window.sigmaHeatmap.setOptions(o), { name: 'folder-parity' }), '');
    const [download] = await Promise.all([page.waitForEvent('download'), clickUi(page, 'download')]);
    const saved = path.join(dir, 'page.json');
    await download.saveAs(saved);
    execFileSync('cmp', [path.join(dir, 'cli.json'), saved]);  // throws when they differ
    const fromPage = fs.readFileSync(saved, 'utf8');
    for (const n of ['tree/UPPER.YML', 'tree/windows/Mixed.Yml', 'tree/windows/lower.yaml', 'tree/windows/deeper/more.yml'])
      assert.ok(fromPage.includes(n), `${n} named inside the folder`);
    assert.ok(!fromPage.includes(dir), 'no absolute path in the layer');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Problems: a broken file is listed with file, line and message; good rules still load', async () => {
  await fresh();
  const files = [BROKEN, ...lib.samples().slice(0, 2)];
  const s = await session.page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), files);
  assert.equal(s.loaded, 3);
  assert.equal(s.rules, 2);
  const problems = s.errors.filter((e) => e.file === BROKEN.name);
  assert.ok(problems.length >= 1, 'the broken file has a problem');
  assert.ok(problems[0].line >= 1, 'with a line number');
  assert.ok(problems[0].message.length > 5, 'and a message');
  await session.page.evaluate(() => window.sigmaHeatmap.setOptions({ tab: 'problems' }));
  await session.page.evaluate(() => window.sigmaHeatmap.frames(2));
});

test('bad input never crashes the page', async () => {
  await fresh();
  const { page } = session;
  const nasty = [
    { name: 'binary.yml', text: Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('') },
    { name: 'deep.yml', text: '['.repeat(200000) },
    { name: 'deep-map.yml', text: Array.from({ length: 5000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') },
    { name: 'empty.yml', text: '' },
    { name: 'alias-loop.yml', text: 'a: &a [*a, *a]\nb: *a\n' },
    { name: 'laughs.yml', text: 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' +
      Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(',')}]`).join('\n') },
    { name: 'tags-wrong.yml', text: 'title: x\nlogsource: {product: windows}\ndetection: {sel: {a: 1}, condition: sel}\ntags: [attack.t99999, attack.nonsense, 42, {a: b}]\nlevel: catastrophic\n' },
    { name: 'not-text.yml' },
    { name: 'utf16.yml', text: '\ufeff\u0000t\u0000i\u0000t\u0000l\u0000e' },
  ];
  const s = await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), nasty);
  assert.equal(s.loaded, nasty.length - 1, 'every text was attempted');
  assert.ok(s.errors.length >= 4, 'problems reported');
  assert.ok(s.errors.some((e) => e.file === 'not-text.yml'), 'an unreadable file is a problem too');
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  const after = await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), lib.samples());
  assert.ok(after.rules >= lib.samples().length, 'the page still works afterwards');
  assert.deepEqual(session.errors.filter((e) => !/favicon/.test(e)), [], 'no page errors');
});

test('Download layer saves exactly layerJson() as <name>.json', async () => {
  await fresh();
  const { page } = session;
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), lib.samples());
  assert.equal(await page.evaluate(() => window.sigmaHeatmap.setOptions({ name: 'e2e-layer' })), '');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(() => window.sigmaHeatmap.download()),
  ]);
  assert.equal(download.suggestedFilename(), 'e2e-layer.json');
  const saved = fs.readFileSync(await download.path(), 'utf8');
  const api = await page.evaluate(() => window.sigmaHeatmap.layerJson());
  assert.equal(saved, api);
  const layer = JSON.parse(saved);
  assert.equal(layer.name, 'e2e-layer');
  assert.equal(layer.versions.layer, '4.5');
  assert.equal(layer.versions.attack, '19');
  assert.ok(layer.techniques.length >= 9);
});

// The same files and options through the page and through the CLI give the same bytes.
const parityCases = [
  { what: 'defaults', options: { name: 'parity' }, args: ['--name', 'parity'] },
  {
    what: 'count profile, filters, roll-up, custom colours and range',
    options: { name: 'parity2', profile: 'count', minLevel: 'medium', minStatus: 'test', subtechniques: false,
      palette: 'custom', minColor: '#ffffff', maxColor: '#1565c0', minScore: 0, maxScore: 5 },
    args: ['--name', 'parity2', '--score', 'count', '--min-level', 'medium', '--min-status', 'test',
      '--no-subtechniques', '--min-color', '#ffffff', '--max-color', '#1565c0', '--min-score', '0', '--max-score', '5'],
  },
  // The page's platform filter is the layer's, as --platform writes it (in the catalogue's spelling).
  { what: 'a platform', options: { name: 'parity3', platform: 'Windows' }, args: ['--name', 'parity3', '--platform', 'windows'] },
];
for (const c of parityCases) {
  test(`layerJson() is byte-identical to the CLI's layer (${c.what})`, async (t) => {
    const exe = lib.cli();
    if (!exe) return t.skip('build/native/sigma-heatmap not built');
    await fresh();
    const { page } = session;
    const files = [...lib.samples().map((f) => ({ name: 'rules/' + f.name, text: f.text })), { name: 'rules/' + BROKEN.name, text: BROKEN.text }];
    const dir = lib.writeTree(files);
    try {
      execFileSync(exe, ['layer', '-q', ...c.args, 'rules', '-o', 'out.json'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      const fromCli = fs.readFileSync(path.join(dir, 'out.json'), 'utf8');
      await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), files);
      assert.equal(await page.evaluate((o) => window.sigmaHeatmap.setOptions(o), c.options), '');
      const fromPage = await page.evaluate(() => window.sigmaHeatmap.layerJson());
      assert.equal(fromPage, fromCli);
      const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => window.sigmaHeatmap.download())]);
      assert.equal(fs.readFileSync(await download.path(), 'utf8'), fromCli);
    } finally {
      await page.evaluate(() => window.sigmaHeatmap.setOptions({ profile: 'seed', minLevel: '', minStatus: '', subtechniques: true, palette: 'ryg', customRange: false, platform: '' }));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the whole session asked for nothing but the page\'s own files', async () => {
  // Exercise the remaining UI paths (layouts, palettes, search, selection) before checking.
  const { page } = session;
  for (const o of [{ layout: 'mini' }, { palette: 'colourblind', expandAll: true }, { search: 'powershell' },
    { select: 'T1059.001' }, { tab: 'about' }, { layout: 'side', zoom: 1.5 }]) {
    assert.equal(await page.evaluate((x) => window.sigmaHeatmap.setOptions(x), o), '');
    await page.evaluate(() => window.sigmaHeatmap.frames(2));
  }
  assert.ok(session.requests.length >= 4);
  assert.deepEqual(lib.foreignRequests(session.requests, server.url), []);
});

// Issue 8.1: a rule file holding one ',' made yaml-cpp return empty documents forever and froze the tab.
test('a rule file holding one "," returns at once with one diagnostic, and the page still answers', async () => {
  await fresh();
  const { page } = session;
  // Timed inside the page (a loaded test machine delays the round trips, not the loader); the race
  // only keeps a hang from stalling the suite.
  const { s, ms } = await Promise.race([
    page.evaluate(async () => {
      const t0 = performance.now();
      const s = await window.sigmaHeatmap.loadFiles([{ name: 'a.yml', text: ',' }]);
      return { s, ms: performance.now() - t0 };
    }),
    new Promise((_, reject) => setTimeout(() => reject(new Error('loadFiles did not return within 10 s')), 10000)),
  ]);
  assert.ok(ms < 1000, `loadFiles took ${ms} ms`);
  assert.equal(s.loaded, 1);
  assert.equal(s.errors.length, 1);
  assert.equal(s.errors[0].file, 'a.yml');
  assert.equal(s.errors[0].line, 1);
  assert.match(s.errors[0].message, /cannot go on at ','/);
  // Still answering: the next load works and frames keep coming.
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
  const again = await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), lib.samples().slice(0, 1));
  assert.equal(again.loaded, 2);
});
