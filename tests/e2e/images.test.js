// images.test.js — issue 5 in the page: "SVG" / "PNG" downloads equal `sigma-heatmap svg|png` on
// the downloaded layer with the same view options; "Copy share link" copies shareLink(), and the
// link opened in a fresh page shows the same scores read-only until "Start editing"; malformed,
// truncated and hostile fragments give a message and never break the page; any Navigator layer
// opens as the heat-map; a seed CSV (title,attack_id,level,status) loads as rules.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');

let server, browser, session;
const DATE = '2026-02-03';

before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
  session = await lib.openPage(browser, server.url, { width: 1600, height: 1000 });
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const summary = (page = session.page) => page.evaluate(() => window.sigmaHeatmap.summary());
const setOptions = async (o) => assert.equal(await session.page.evaluate((x) => window.sigmaHeatmap.setOptions(x), o), '');

async function loadSamples() {
  const { page } = session;
  await page.evaluate(() => window.sigmaHeatmap.clear());
  await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), lib.samples());
  await setOptions({ name: 'samples', imageDate: DATE });
}

async function download(request) {
  const { page } = session;
  const [d] = await Promise.all([page.waitForEvent('download'), page.evaluate(request)]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

const views = [
  { what: 'default view', options: {}, args: [] },
  { what: 'sub-techniques, scores, colour-blind, avg', options: { expandAll: true, showScores: true, palette: 'colourblind', aggregate: 'avg' },
    args: ['--expand', 'all', '--scores', '--aggregate', 'avg'] },
  { what: 'mini layout, uncovered hidden, no names', options: { layout: 'mini', hideUncovered: true, showNames: false },
    args: ['--layout', 'mini', '--hide-uncovered', '--no-names'] },
];
for (const v of views) {
  test(`"SVG" and "PNG" save what the CLI draws from the same layer (${v.what})`, async (t) => {
    if (!lib.cli()) return t.skip('build/native/sigma-heatmap not built');
    await loadSamples();
    await setOptions({ expandAll: false, showScores: false, palette: 'ryg', aggregate: 'max', layout: 'side', hideUncovered: false, showNames: true, ...v.options });
    const layer = await session.page.evaluate(() => window.sigmaHeatmap.layerJson());
    const dir = lib.writeTree([{ name: 'samples.json', text: layer }]);
    try {
      const cliArgs = ['-q', ...v.args, '--date', DATE, 'samples.json'];
      execFileSync(lib.cli(), ['svg', ...cliArgs, '-o', 'out.svg'], { cwd: dir });
      execFileSync(lib.cli(), ['png', ...cliArgs, '-o', 'out.png'], { cwd: dir });
      const svg = await download(() => window.sigmaHeatmap.downloadSvg());
      assert.equal(svg.name, 'samples.svg');
      assert.equal(svg.bytes.toString('utf8'), fs.readFileSync(path.join(dir, 'out.svg'), 'utf8'), 'byte-identical SVG');
      assert.equal(svg.bytes.toString('utf8'), await session.page.evaluate(() => window.sigmaHeatmap.svgText()));
      const png = await download(() => window.sigmaHeatmap.downloadPng());
      const expected = fs.readFileSync(path.join(dir, 'out.png'));
      assert.equal(png.name, 'samples.png');
      assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [expected.readUInt32BE(16), expected.readUInt32BE(20)], 'same size');
      assert.ok(png.bytes.equals(expected), 'byte-identical PNG');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await setOptions({ expandAll: false, showScores: false, palette: 'ryg', aggregate: 'max', layout: 'side', hideUncovered: false, showNames: true });
    }
  });
}

test('"Copy share link" copies shareLink(); a fresh page opened with it shows the same scores, read-only', async () => {
  await loadSamples();
  await setOptions({ palette: 'colourblind' });
  const { page } = session;
  const original = await summary();
  const link = await page.evaluate(() => window.sigmaHeatmap.shareLink());
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);
  assert.ok(link.startsWith(server.url), 'this page\'s address');
  const r = await page.evaluate(() => window.sigmaHeatmap.uiRect('share'));
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  await page.waitForFunction(() => window.sigmaHeatmap.lastCopiedShareLink() !== '');
  assert.equal(await page.evaluate(() => window.sigmaHeatmap.lastCopiedShareLink()), link);

  const fresh = await lib.openPage(browser, link, { width: 1400, height: 900 });
  try {
    await fresh.page.evaluate(() => window.sigmaHeatmap.frames(3));
    const s = await summary(fresh.page);
    assert.deepEqual(s.techniques, original.techniques);
    assert.equal(s.layerName, 'samples');
    assert.equal(s.source, 'share');
    assert.equal(s.readOnly, true);
    assert.equal(s.view.main, 'board');
    assert.equal(s.shareError, '');
    assert.deepEqual(s.kpis.techniques, original.kpis.techniques);
    // The link of the shared page is the same link.
    assert.equal(await fresh.page.evaluate(() => window.sigmaHeatmap.shareLink()), link);
    // The link opens as the board document; "Open in the editor" shows the (read-only) editor.
    assert.ok(await fresh.page.isVisible('#board-doc article.shb'));
    await fresh.page.click('#doc-editor');
    await fresh.page.evaluate(() => window.sigmaHeatmap.frames(3));
    const e = await fresh.page.evaluate(() => window.sigmaHeatmap.uiRect('start-editing'));
    assert.ok(e, 'a button to start editing');
    await fresh.page.mouse.move(e.x + e.w / 2, e.y + e.h / 2);
    await fresh.page.evaluate(() => window.sigmaHeatmap.frames(2));
    await fresh.page.mouse.click(e.x + e.w / 2, e.y + e.h / 2);
    await fresh.page.evaluate(() => window.sigmaHeatmap.frames(2));
    assert.equal((await summary(fresh.page)).readOnly, false);
    await fresh.page.screenshot({ path: path.join(require('os').tmpdir(), 'sh-e2e-shared.png') });
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.context.close();
  }
});

test('malformed, truncated and hostile share fragments show a message and never break the page', async () => {
  const { page } = session;
  const good = (await page.evaluate(() => window.sigmaHeatmap.shareLink())).split('#')[1];
  const fragments = [
    's=', 's=AAAA', 's=!!!!', `${good.slice(0, good.length - 7)}`, `${good.slice(0, 12)}`, `${good}x`,
    `s=${'A'.repeat(100000)}`, `s=${'_-'.repeat(3000)}`, 's=%00%ff%fe', `s=${Buffer.from(new Uint8Array(64).fill(0xff)).toString('base64url')}`,
  ];
  for (const f of fragments) {
    const fresh = await lib.openPage(browser, `${server.url}#${f}`, { width: 1200, height: 800 });
    try {
      await fresh.page.evaluate(() => window.sigmaHeatmap.frames(3));
      const s = await summary(fresh.page);
      assert.ok(s.shareError.length > 0, `a message for #${f.slice(0, 40)}`);
      assert.equal(s.readOnly, false);
      assert.equal(s.source, 'rules');
      const ok = await fresh.page.evaluate(() => window.sigmaHeatmap.uiRect('share-error-ok'));
      assert.ok(ok, 'the message is on screen');
      // The page still works.
      const after = await fresh.page.evaluate((files) => window.sigmaHeatmap.loadFiles(files), lib.samples().slice(0, 2));
      assert.equal(after.rules, 2);
      assert.deepEqual(fresh.errors, []);
    } finally {
      await fresh.context.close();
    }
  }
  // Fuzz through the API on one page: random bytes and mutations of a good link.
  const results = await page.evaluate(async (goodLink) => {
    let seed = 12345;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const data = goodLink.slice(2);
    let errors = 0;
    for (let i = 0; i < 300; i++) {
      let s;
      if (i % 2) {
        s = Array.from({ length: Math.floor(rnd() * 200) }, () => alphabet[Math.floor(rnd() * 64)]).join('');
      } else {
        const a = data.split('');
        for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) a[Math.floor(rnd() * a.length)] = alphabet[Math.floor(rnd() * 64)];
        s = a.join('');
      }
      if (await window.sigmaHeatmap.openShareLink('#s=' + s)) errors++;
    }
    return { errors, alive: typeof window.sigmaHeatmap.summary().rules === 'number' };
  }, good);
  assert.ok(results.alive);
  assert.ok(results.errors > 250, 'nearly every random or mutated link is refused');
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
});

// The page's SVG of a layer it opened equals the CLI's `svg` of the same file (when the CLI is built).
function sameAsCliSvg(svg, name, text) {
  if (!lib.cli()) return;
  const dir = lib.writeTree([{ name, text }]);
  try {
    execFileSync(lib.cli(), ['svg', '-q', '--date', DATE, name, '-o', 'out.svg'], { cwd: dir });
    assert.equal(svg, fs.readFileSync(path.join(dir, 'out.svg'), 'utf8'), `the CLI draws ${name} the same`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('any Navigator layer opens as the heat-map; a seed CSV loads as rules', async () => {
  const { page } = session;
  await page.evaluate(() => window.sigmaHeatmap.clear());
  const other = JSON.stringify({
    name: 'threat actor', versions: { attack: '19', layer: '4.5' }, domain: 'enterprise-attack',
    techniques: [{ techniqueID: 'T1059.001', score: 3 }, { techniqueID: 'T1059.001', score: 5 },
      { techniqueID: 'T1003', tactic: 'credential-access', score: 2 }, { techniqueID: 'T1105', color: '#ff0000' },
      { techniqueID: 'T9999', score: 9 }],
    gradient: { colors: ['#ffffff', '#ff0000'], minValue: 0, maxValue: 5 },
  });
  const s = await page.evaluate((text) => window.sigmaHeatmap.viewLayer({ name: 'actor.json', text }), other);
  assert.equal(s.source, 'layer');
  assert.equal(s.layerName, 'threat actor');
  assert.deepEqual(s.techniques, { T1003: 2, 'T1059.001': 5 });
  assert.ok(s.errors.some((e) => e.file === 'actor.json' && /T9999/.test(e.message)), 'unknown ids reported');
  assert.equal((await page.evaluate(() => window.sigmaHeatmap.options())).maxColor, '#ff0000');
  // T1105's own colour (a colour-only entry) is drawn, as `svg` draws the file and the Navigator shows it.
  const svg = await page.evaluate(() => window.sigmaHeatmap.svgText());
  assert.match(svg, /<rect id="cell-command-and-control-T1105" class="cell" [^>]*fill="#ff0000"/);

  // As the ATT&CK Navigator saves a layer: its gradient colours carry alpha ("#ff6666ff"). Its
  // red-yellow-green preset is the page's default palette; before, the page took the colours for
  // unreadable and kept its previous custom ends.
  const navigator = JSON.stringify({
    name: 'from the Navigator', versions: { attack: '19', navigator: '5.1.0', layer: '4.5' }, domain: 'enterprise-attack',
    techniques: [{ techniqueID: 'T1059', tactic: 'execution', score: 100 }],
    gradient: { colors: ['#ff6666ff', '#ffe766ff', '#8ec843ff'], minValue: 0, maxValue: 100 },
  });
  const n = await page.evaluate((text) => window.sigmaHeatmap.viewLayer({ name: 'navigator.json', text }), navigator);
  assert.equal(n.layerName, 'from the Navigator');
  assert.equal((await page.evaluate(() => window.sigmaHeatmap.options())).palette, 'ryg');
  const reversed = navigator.replace('"#ff6666ff","#ffe766ff","#8ec843ff"', '"#8ec843ff","#ffe766ff","#ff6666ff"');
  assert.notEqual(reversed, navigator);
  await page.evaluate((text) => window.sigmaHeatmap.viewLayer({ name: 'navigator.json', text }), reversed);
  const o = await page.evaluate(() => window.sigmaHeatmap.options());
  assert.deepEqual([o.palette, o.minColor, o.maxColor], ['custom', '#8ec843', '#ff6666']);

  // A layer saved for ATT&CK 18 (the Navigator writes "18") shows against 18.1, where Defense
  // Evasion is a tactic, and the page's SVG is the CLI's `svg` of the same file; rules loaded next
  // are scored against the page's own ATT&CK again.
  const v18 = JSON.stringify({
    name: 'v18', versions: { attack: '18', navigator: '5.1.0', layer: '4.5' }, domain: 'enterprise-attack',
    techniques: [{ techniqueID: 'T1562.001', tactic: 'defense-evasion', score: 60 }, { techniqueID: 'T1059.001', tactic: 'execution', score: 30 }],
    gradient: { colors: ['#ff6666ff', '#ffe766ff', '#8ec843ff'], minValue: 0, maxValue: 100 },
  });
  const old = await page.evaluate((text) => window.sigmaHeatmap.viewLayer({ name: 'v18.json', text }), v18);
  assert.equal(old.attack, '18.1');
  assert.deepEqual(old.errors, []);
  await setOptions({ imageDate: DATE });
  const oldSvg = await page.evaluate(() => window.sigmaHeatmap.svgText());
  assert.match(oldSvg, /<rect id="cell-defense-evasion-T1562" /);
  sameAsCliSvg(oldSvg, 'v18.json', v18);

  // A layer saved for ATT&CK 17 shows against the page's 19, where Defense Evasion is split: its
  // entry is drawn under its technique's own tactic (it was skipped, its cell blank), said, and the
  // CLI's `svg` of the file is the same picture.
  const v17 = JSON.stringify({
    name: 'v17', versions: { attack: '17', navigator: '5.1.0', layer: '4.5' }, domain: 'enterprise-attack',
    techniques: [{ techniqueID: 'T1027', tactic: 'defense-evasion', score: 60 }, { techniqueID: 'T1059.001', tactic: 'execution', score: 30 }],
    gradient: { colors: ['#ff6666ff', '#ffe766ff', '#8ec843ff'], minValue: 0, maxValue: 100 },
  });
  const older = await page.evaluate((text) => window.sigmaHeatmap.viewLayer({ name: 'v17.json', text }), v17);
  assert.equal(older.attack, '19');
  await setOptions({ imageDate: DATE });
  const olderSvg = await page.evaluate(() => window.sigmaHeatmap.svgText());
  assert.match(olderSvg, /<rect id="cell-stealth-T1027" class="cell scored" /, 'the Defense Evasion entry under Stealth');
  assert.ok((await page.evaluate(() => window.sigmaHeatmap.summary())).errors.some((e) => e.file === 'v17.json' &&
    /T1027: tactic 'defense-evasion' is not a tactic of T1027 in ATT&CK 19 enterprise-attack; shown under T1027's own tactics/.test(e.message)), 'said');
  sameAsCliSvg(olderSvg, 'v17.json', v17);

  // A layer's platform filter is shown as the Navigator shows it (older names mapped: "windows",
  // "mac"), here as in the CLI's `svg` of the file; the page drew every platform's techniques.
  const filtered = JSON.stringify({
    name: 'two platforms', versions: { attack: '19', layer: '4.5' }, domain: 'enterprise-attack',
    filters: { platforms: ['windows', 'mac'] },
    techniques: [{ techniqueID: 'T1059.001', tactic: 'execution', score: 50 }, { techniqueID: 'T1190', tactic: 'initial-access', score: 10 }],
  });
  await page.evaluate((text) => window.sigmaHeatmap.viewLayer({ name: 'filtered.json', text }), filtered);
  await page.evaluate(() => window.sigmaHeatmap.frames(2));
  const f = await page.evaluate(() => window.sigmaHeatmap.summary());
  assert.deepEqual((await page.evaluate(() => window.sigmaHeatmap.options())).platforms, ['Windows', 'macOS']);
  assert.match(f.texts.counts, / covered on Windows or macOS$/);
  await setOptions({ imageDate: DATE });
  const filteredSvg = await page.evaluate(() => window.sigmaHeatmap.svgText());
  // Containers-only techniques (Container Administration Command, Deploy Container) are not drawn.
  assert.doesNotMatch(filteredSvg, /id="cell-execution-T1609"/);
  assert.doesNotMatch(filteredSvg, /id="cell-execution-T1610"/);
  assert.match(filteredSvg, /id="cell-execution-T1059"/);
  sameAsCliSvg(filteredSvg, 'filtered.json', filtered);
  await page.evaluate((text) => window.sigmaHeatmap.viewLayer({ name: 'v18.json', text }), v18);
  assert.deepEqual((await page.evaluate(() => window.sigmaHeatmap.options())).platforms, [], 'an unfiltered layer shows every platform');

  // "Download layer" saves the file itself (it saved a layer written as ours, "0 rules, score =
  // best rule level", for ATT&CK 18.1), and after a rename the file with its new name.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => window.sigmaHeatmap.download())]);
  assert.equal(fs.readFileSync(await saved.path(), 'utf8'), v18, 'the opened file, byte for byte');
  await setOptions({ name: 'v18 renamed' });
  const renamed = JSON.parse(await page.evaluate(() => window.sigmaHeatmap.layerJson()));
  assert.deepEqual(renamed, { ...JSON.parse(v18), name: 'v18 renamed' });
  assert.doesNotMatch(await page.evaluate(() => window.sigmaHeatmap.boardHtml()), /best rule level/);

  const csv = 'title,attack_id,level,status\nEncoded PowerShell,T1059.001,high,stable\n"Dump, LSASS",attack.t1003.001; T1003,critical,test\nBad row,TXXXX,low,stable\n';
  const r = await page.evaluate((text) => window.sigmaHeatmap.loadFiles([{ name: 'coverage.csv', text }]), csv);
  assert.equal(r.source, 'rules', 'rules replace the layer');
  assert.equal(r.attack, '19', 'rules are scored against the page\'s ATT&CK');
  assert.equal(r.techniques['T1059.001'], 80);
  assert.equal(r.techniques['T1003.001'], 100);
  assert.ok(r.rules >= 2);
  assert.deepEqual(session.errors, []);
  assert.deepEqual(lib.foreignRequests(session.requests, server.url), []);
});
