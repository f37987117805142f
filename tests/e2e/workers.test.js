// workers.test.js — rule files parsed by the page's parse workers (web/glue.js "parse workers",
// web/parse-worker.js, src/platform/worker): the SigmaHQ corpus gives the same summary and the same
// layer bytes with workers as with the main-thread fallback (a page where `new Worker` throws) and
// as the CLI; the workers are really used (and not at all in the fallback); files that are not
// plain ASCII (accents, CJK, emoji, a lone surrogate, CRLF, a BOM) give the same rules and leave the
// page the same text bytes (what a session saves) through the workers as here; a worker that fails
// mid-load hands its files back to the main thread (none lost, same result); a picked folder
// (bytes that are not UTF-8, an empty file, one over the limit) gives the same texts, rules and
// problems through the workers as parsed here, and a worker failing mid-pick loses none; Cancel mid-load stops
// at once and late worker results add nothing; the workers warm up once started and keep nothing of
// it; the single file at file:// parses through workers started from a blob URL.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');

const CORPUS = path.join(lib.SHARED, 'sigma', 'rules');
const have = fs.existsSync(CORPUS);
let server, browser, files;

before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
  if (have) files = lib.readRules(CORPUS);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// A page whose Worker constructor throws, as where workers are refused.
async function openWithoutWorkers(url) {
  const s = await lib.openPage(browser, null);
  await s.page.addInitScript(() => { window.Worker = function () { throw new Error('workers refused (test)'); }; });
  await s.page.goto(url);
  await s.page.evaluate(() => window.sigmaHeatmap.ready);
  return s;
}

// loadFiles of the corpus, named 'sigmahq' as the CLI's layer below -> summary, layer, counters.
async function loadCorpus(page, before = () => {}) {
  await page.evaluate((f) => { window.__corpus = f; }, files);
  await page.evaluate(before);
  return page.evaluate(async () => {
    const api = window.sigmaHeatmap;
    await api.setOptions({ name: 'sigmahq' });
    const t0 = performance.now();
    const summary = await api.loadFiles(window.__corpus);
    const ms = performance.now() - t0;
    window.__corpus = null;
    return { summary, ms, layer: api.layerJson(), stats: api.stats(), load: api.loadStats() };
  });
}

test('the corpus parsed by workers equals the main-thread fallback and the CLI, byte for byte', { skip: !have && '../shared/sigma/rules missing' }, async (t) => {
  const withWorkers = await lib.openPage(browser, server.url);
  const a = await loadCorpus(withWorkers.page);
  const fallback = await openWithoutWorkers(server.url);
  const b = await loadCorpus(fallback.page);
  t.diagnostic(`workers: ${a.load.parseWorkers.workers} (${a.ms.toFixed(0)} ms, ${a.stats.filesFromWorkers} files from workers); ` +
    `fallback ${b.ms.toFixed(0)} ms (${b.load.parseWorkers.error})`);
  assert.ok(a.load.parseWorkers.workers >= 1 && a.load.parseWorkers.workers <= 4, 'one to four workers');
  assert.equal(a.stats.filesFromWorkers, files.length, 'every file parsed by a worker');
  assert.equal(a.load.workerFiles, files.length);
  // Files go in batches (at most 16), not one message each: most batches are full.
  const { batches, filesParsed } = a.load.parseWorkers;
  assert.ok(batches * 16 >= filesParsed && batches <= filesParsed / 8, `${filesParsed} files in ${batches} batches`);
  assert.equal(b.load.parseWorkers.workers, 0);
  assert.match(b.load.parseWorkers.error, /refused/);
  assert.equal(b.stats.filesFromWorkers, 0, 'the fallback parses on the main thread');
  assert.equal(a.summary.loaded, files.length);
  assert.ok(a.summary.rules >= 3000);
  assert.deepEqual(a.summary, b.summary);
  assert.equal(a.layer, b.layer);
  const exe = lib.cli();
  if (exe) {
    const fromCli = execFileSync(exe, ['layer', '-q', '--name', 'sigmahq', 'rules', '-o', '-'],
      { cwd: path.dirname(CORPUS), maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
    assert.equal(a.layer, fromCli);
  } else {
    t.diagnostic('build/native/sigma-heatmap not built (SH_CLI unset): CLI comparison skipped');
  }
  assert.deepEqual(withWorkers.errors, []);
  assert.deepEqual(fallback.errors, []);
  assert.deepEqual(lib.foreignRequests(withWorkers.requests, server.url), []);
  await withWorkers.context.close();
  await fallback.context.close();
});

// Files whose texts are not plain ASCII: accents, CJK, an emoji (a surrogate pair), a lone
// surrogate (UTF-8 has none: U+FFFD), CRLF line ends, a BOM.
function unusualFiles() {
  const rule = (title, extra = '') => `title: ${title}\nid: 0e0e0e0e-0000-4000-8000-00000000000${title.length % 10}\nstatus: test\n` +
    `level: high\ntags:\n  - attack.t1059.001\nlogsource:\n  product: windows\ndetection:\n  sel:\n    a: b${extra}\n  condition: sel\n`;
  return [
    { name: 'u/accents.yml', text: rule('Détection de l\u2019exécution – Straße') },
    { name: 'u/cjk.yml', text: rule('検知ルール 规则', '\n# コメント') },
    { name: 'u/emoji.yml', text: rule('Rocket \u{1F680} launch') },
    { name: 'u/lone.yml', text: rule('Lone \uD800 surrogate') },
    { name: 'u/crlf.yml', text: rule('Windows line ends').replace(/\n/g, '\r\n') },
    { name: 'u/bom.yml', text: '\uFEFF' + rule('Byte order mark') },
  ];
}
// The texts the page keeps of its files (what a saved session stores), as UTF-8 bytes in hex.
function keptTexts(page) {
  return page.evaluate(() => {
    const M = window.Module;
    const manifest = JSON.parse(M.UTF8ToString(M._sh_session_manifest()));
    const out = {};
    manifest.inputs.forEach((input, i) => {
      if (input.kind !== 'rules') return;
      const ptr = M._sh_session_text(i);
      const bytes = M.HEAPU8.subarray(ptr, ptr + M._sh_session_text_length(i));
      out[input.name] = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    });
    return out;
  });
}

test('files that are not plain ASCII: through the workers the page keeps the same text bytes and rules as parsing here', async () => {
  const unusual = unusualFiles();
  const withWorkers = await lib.openPage(browser, server.url);
  const fallback = await openWithoutWorkers(server.url);
  const load = (page) => page.evaluate(async (f) => {
    const summary = await window.sigmaHeatmap.loadFiles(f);
    return { summary, stats: window.sigmaHeatmap.stats(), layer: window.sigmaHeatmap.layerJson() };
  }, unusual);
  const a = await load(withWorkers.page);
  const b = await load(fallback.page);
  assert.equal(a.stats.filesFromWorkers, unusual.length, 'parsed by the workers');
  assert.equal(b.stats.filesFromWorkers, 0);
  assert.deepEqual(a.summary, b.summary);
  assert.equal(a.layer, b.layer);
  assert.equal(a.summary.rules, unusual.length);
  const ka = await keptTexts(withWorkers.page);
  const kb = await keptTexts(fallback.page);
  assert.equal(Object.keys(ka).length, unusual.length, JSON.stringify(Object.keys(ka)));
  assert.deepEqual(ka, kb);
  // And they are the files' UTF-8 (Node's encoder, which also writes U+FFFD for a lone surrogate).
  for (const f of unusual) assert.equal(ka[f.name], Buffer.from(f.text, 'utf8').toString('hex'), f.name);
  assert.deepEqual(withWorkers.errors, []);
  await withWorkers.context.close();
  await fallback.context.close();
});

// A folder on disk for a pick: the unusual texts above as UTF-8, a file with bytes that are not
// UTF-8, an empty file, one over the 8 MB limit, and plain rules enough for several batches.
function unusualFolder() {
  const files = unusualFiles().map((f) => ({ name: 'rules/' + f.name, text: Buffer.from(f.text, 'utf8') }));
  files.push({ name: 'rules/u/bad-bytes.yml', text: Buffer.concat([Buffer.from('title: Bad '), Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]),
    Buffer.from('\nstatus: test\nlevel: low\ntags:\n  - attack.t1003.001\nlogsource:\n  product: windows\ndetection:\n  s:\n    a: b\n  condition: s\n')]) });
  files.push({ name: 'rules/u/empty.yml', text: Buffer.alloc(0) });
  files.push({ name: 'rules/u/huge.yml', text: Buffer.alloc(9 * 1024 * 1024, 0x23) });
  for (let i = 0; i < 40; i++) {
    files.push({ name: `rules/plain/p${String(i).padStart(2, '0')}.yml`, text: Buffer.from(`title: Plain ${i}\nstatus: test\nlevel: medium\n` +
      `tags:\n  - attack.t1105\nlogsource:\n  product: linux\ndetection:\n  s:\n    a: '${i}'\n  condition: s\n`) });
  }
  return files;
}
// The folder picked with #folder-input -> summary, layer, kept texts, counters once loaded.
async function picked(page, dir, count) {
  await page.setInputFiles('#folder-input', path.join(dir, 'rules'));
  await page.waitForFunction((n) => { const s = window.sigmaHeatmap.summary(); return !s.loading && s.pending === 0 && s.loaded + s.errors.length >= n; },
    count, { timeout: 60000, polling: 50 });
  return page.evaluate(() => ({ summary: window.sigmaHeatmap.summary(), layer: window.sigmaHeatmap.layerJson(), load: window.sigmaHeatmap.loadStats() }))
    .then(async (r) => Object.assign(r, { texts: await keptTexts(page) }));
}

test('a picked folder (bytes that are not UTF-8, an empty file, one over the limit): through the workers the same texts, rules and problems as parsed here', async () => {
  const files = unusualFolder();
  const dir = lib.writeTree(files);
  const withWorkers = await lib.openPage(browser, server.url);
  const fallback = await openWithoutWorkers(server.url);
  const a = await picked(withWorkers.page, dir, files.length);
  const b = await picked(fallback.page, dir, files.length);
  const readable = files.length - 1;  // all but huge.yml
  // The file that is not UTF-8 goes to the core as its bytes, on the main thread.
  assert.equal(a.load.workerFiles, readable - 1, 'parsed by the workers');
  assert.equal(b.load.workerFiles, 0);
  assert.deepEqual(a.summary, b.summary);
  assert.equal(a.layer, b.layer);
  assert.deepEqual(a.texts, b.texts);
  // Independently: the kept text is the file's bytes decoded as UTF-8 (Node's decoder, the BOM
  // dropped) and encoded again; the file that is not UTF-8 keeps its bytes as they are.
  assert.equal(Object.keys(a.texts).length, readable);
  for (const f of files) {
    if (f.name.endsWith('huge.yml')) continue;
    const expected = f.name.endsWith('bad-bytes.yml') ? f.text : Buffer.from(new TextDecoder().decode(f.text), 'utf8');
    assert.equal(a.texts[f.name], expected.toString('hex'), f.name);
  }
  const huge = a.summary.errors.filter((e) => e.file === 'rules/u/huge.yml');
  assert.equal(huge.length, 1);
  assert.match(huge[0].message, /larger than 8 MB \(9437184 bytes\)/);
  // Nothing in it is UTF-8: read as Windows-1252 and said where its first such byte is, as the CLI
  // reads it (it loaded with U+FFFD once, and was refused after).
  const bad = a.summary.errors.filter((e) => e.file === 'rules/u/bad-bytes.yml');
  assert.equal(bad.length, 1);
  assert.deepEqual([bad[0].line, bad[0].column, bad[0].severity], [1, 12, 'warning']);
  assert.match(bad[0].message, /not valid UTF-8 text \(byte 0xFF here\); read as Windows-1252/);
  assert.equal(a.summary.rules, readable - 1, 'every rule but the empty file');
  assert.deepEqual(withWorkers.errors, []);
  await withWorkers.context.close();
  await fallback.context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a worker failing mid-pick hands its files back: none lost, the same result', async (t) => {
  const files = unusualFolder();
  const dir = lib.writeTree(files);
  const clean = await lib.openPage(browser, server.url);
  const a = await picked(clean.page, dir, files.length);
  const broken = await lib.openPage(browser, server.url);
  await broken.page.evaluate(() => window.sigmaHeatmap.failParseWorkersAfter(10));
  const b = await picked(broken.page, dir, files.length);
  t.diagnostic(`${b.load.parseWorkers.failures} worker(s) failed; ${b.load.workerFiles} files parsed by workers, the rest here`);
  assert.equal(b.load.parseWorkers.failures, a.load.parseWorkers.workers, 'every worker failed');
  assert.ok(b.load.workerFiles < a.load.workerFiles, 'some files were parsed here');
  assert.deepEqual(b.summary, a.summary);
  assert.equal(b.layer, a.layer);
  assert.deepEqual(b.texts, a.texts);
  assert.deepEqual(broken.errors, []);
  await clean.context.close();
  await broken.context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a worker failing mid-load hands its files back: none lost, the same result', { skip: !have && 'no corpus' }, async (t) => {
  const clean = await lib.openPage(browser, server.url);
  const a = await loadCorpus(clean.page);
  const broken = await lib.openPage(browser, server.url);
  const b = await loadCorpus(broken.page, () => window.sigmaHeatmap.failParseWorkersAfter(40));
  t.diagnostic(`${b.load.parseWorkers.failures} worker(s) failed; ${b.stats.filesFromWorkers} files from workers, ` +
    `${files.length - b.stats.filesFromWorkers} parsed on the main thread`);
  assert.equal(b.load.parseWorkers.failures, a.load.parseWorkers.workers, 'every worker failed');
  assert.equal(b.load.parseWorkers.workers, 0);
  assert.ok(b.stats.filesFromWorkers > 0 && b.stats.filesFromWorkers < files.length, 'some from workers, the rest here');
  assert.equal(b.summary.loaded, files.length);
  assert.deepEqual(b.summary, a.summary);
  assert.equal(b.layer, a.layer);
  // The next load parses on the main thread.
  const again = await broken.page.evaluate(async (f) => {
    await window.sigmaHeatmap.loadFiles(f);
    return window.sigmaHeatmap.stats().filesFromWorkers;
  }, files.slice(0, 5));
  assert.equal(again, 0);
  await clean.context.close();
  await broken.context.close();
});

test('Cancel mid-load stops within a frame; late worker results add nothing', { skip: !have && 'no corpus' }, async (t) => {
  const { context, page, errors } = await lib.openPage(browser, server.url);
  const big = [];
  for (let k = 0; k < 5; k++) for (const f of files) big.push({ name: `copy${k}/${f.name}`, text: f.text });
  await page.evaluate((r) => { window.__pending = window.sigmaHeatmap.loadFiles(r); }, big);
  await page.waitForFunction(() => window.sigmaHeatmap.summary().loaded > 500, null, { polling: 10, timeout: 60000 });
  const cancel = await page.evaluate(() => window.sigmaHeatmap.uiRect('cancel'));
  if (!cancel) return t.skip('the load finished before the progress bar could be seen');
  await page.mouse.click(cancel.x + cancel.w / 2, cancel.y + cancel.h / 2);
  const s = await page.evaluate(() => window.__pending);
  if (s.loaded === big.length) return t.skip('the load finished before the click');
  t.diagnostic(`cancelled after ${s.loaded} of ${big.length} files`);
  assert.equal(s.loading, false);
  assert.equal(s.pending, 0);
  assert.ok(s.loaded > 500 && s.loaded < big.length);
  // Workers still busy with files sent before the click: their answers are dropped.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 1500)));
  await page.evaluate(() => window.sigmaHeatmap.frames(3));
  const later = await page.evaluate(() => window.sigmaHeatmap.summary());
  assert.equal(later.loaded, s.loaded);
  assert.equal(later.loading, false);
  const again = await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f), files.slice(0, 10));
  assert.ok(again.loaded >= s.loaded, 'loading more afterwards still works');
  assert.deepEqual(errors, []);
  await context.close();
});

// parse-worker.js warms up: each worker parses the page's sample rules a number of times once the
// page is up (so the first real folder runs optimised code) and keeps nothing of it.
test('the parse workers warm up once started, and the warm-up adds nothing to the page', async () => {
  const { page, context, errors } = await lib.openPage(browser, server.url, { width: 1200, height: 800 });
  await page.evaluate(() => window.sigmaHeatmap.ready);
  const warmed = await page.evaluate(async () => {
    const workers = () => window.sigmaHeatmap.loadStats().parseWorkers;
    for (let last = -1, t0 = performance.now(); performance.now() - t0 < 20000;) {
      await new Promise((r) => setTimeout(r, 250));
      const w = workers();
      if (w.workers > 0 && w.warmParses > 0 && w.warmParses === last) return w;  // every worker reported, then nothing more
      last = w.warmParses;
    }
    return workers();
  });
  assert.ok(warmed.workers >= 1, `workers run (${warmed.error})`);
  assert.ok(warmed.warmParses >= 100 * warmed.workers, `each worker warmed up (${warmed.warmParses} parses, ${warmed.workers} workers)`);
  assert.equal(warmed.filesParsed, 0, 'warm-up parses are not files');
  assert.ok(warmed.warmPostedAfterDrawn >= 1, `the warm-up starts once the first frame is drawn (${warmed.warmPostedAfterDrawn} drawn then)`);
  // The main thread warms up its share of a load too (app::WarmUp), a step per task, and ends.
  const mainSteps = await page.evaluate(async () => {
    for (let last = -1, t0 = performance.now(); performance.now() - t0 < 20000;) {
      await new Promise((r) => setTimeout(r, 250));
      const n = window.sigmaHeatmap.loadStats().mainWarmSteps;
      if (n > 0 && n === last) return n;
      last = n;
    }
    return -1;
  });
  assert.ok(mainSteps >= 300, `the main thread warmed up (${mainSteps} steps)`);
  const empty = await page.evaluate(() => window.sigmaHeatmap.summary());
  assert.equal(empty.rules, 0);
  assert.deepEqual(empty.errors, []);
  const samples = lib.samples();
  const r = await page.evaluate((f) => window.sigmaHeatmap.loadFiles(f).then((s) => ({ s, stats: window.sigmaHeatmap.stats() })), samples);
  assert.equal(r.s.rules, samples.length);
  assert.equal(r.stats.filesFromWorkers, samples.length);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a load that starts ends the warm-ups (main thread and workers), and they leave nothing in the page', async () => {
  const { page, context, errors } = await lib.openPage(browser, server.url, { width: 1200, height: 800 });
  const samples = lib.samples();
  const r = await page.evaluate(async (f) => {
    const api = window.sigmaHeatmap;
    await api.ready;
    const summary = await api.loadFiles(f);
    const at = api.loadStats().mainWarmSteps;
    await new Promise((res) => setTimeout(res, 500));
    return { summary, at, later: api.loadStats().mainWarmSteps };
  }, samples);
  assert.ok(r.at < 300, `the warm-up had not finished (${r.at} steps)`);
  assert.equal(r.later, r.at, 'no warm-up step after the load started');
  // A parse worker (started here by hand: the page's are warm before its API is ready) stops
  // warming up (480 parses) when files come, parses them, and says how far it got.
  const worker = await page.evaluate(async (f) => {
    const module = await WebAssembly.compile(await (await fetch('sh-parse.wasm')).arrayBuffer());
    const w = new Worker('parse-worker.js');
    const got = [];
    await new Promise((res) => { w.onmessage = (e) => { got.push(e.data); if (e.data.type === 'ready') res(); }; w.postMessage({ type: 'init', module }); });
    const done = new Promise((res, rej) => {
      w.onmessage = (e) => { got.push(e.data); if (got.some((m) => m.type === 'warmed') && got.some((m) => m.type === 'parsed')) res(); };
      w.onerror = (e) => rej(new Error('the worker failed: ' + e.message));
    });
    w.postMessage({ type: 'warm-up', files: f });
    w.postMessage({ type: 'parse', id: 1, files: f.slice(0, 3) });
    await done;
    w.terminate();
    const parsed = got.find((m) => m.type === 'parsed');
    return { warmParses: got.find((m) => m.type === 'warmed').parses, sizes: Array.from(new Uint32Array(parsed.sizes)),
      records: Array.from(new Uint8Array(parsed.records)) };
  }, samples);
  assert.ok(worker.warmParses < 480, `the warm-up was cut short (${worker.warmParses} parses)`);
  // Per file its wire record, then its text in UTF-8 (which the page hands to its module as it is).
  assert.equal(worker.sizes.length, 6, 'a record and a text for each file of the batch');
  assert.equal(worker.records.length, worker.sizes.reduce((a, b) => a + b, 0));
  const bytes = Buffer.from(worker.records);
  for (let i = 0, at = 0; i < 3; i++) {
    assert.ok(worker.sizes[2 * i] > 0, 'a record');
    at += worker.sizes[2 * i];
    const text = bytes.subarray(at, at + worker.sizes[2 * i + 1]);
    at += worker.sizes[2 * i + 1];
    assert.ok(text.equals(Buffer.from(samples[i].text, 'utf8')), `${samples[i].name}: the text's UTF-8 bytes`);
  }
  assert.equal(r.summary.rules, samples.length);
  assert.equal(r.summary.loaded, samples.length);
  assert.deepEqual(r.summary.errors, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the single file at file:// parses through workers started from a blob URL', async () => {
  const FILE = path.join(lib.DIST, 'sigma-heatmap.html');
  const html = fs.readFileSync(FILE, 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  assert.match(csp, /worker-src blob:/);
  const { context, page, requests, errors } = await lib.openPage(browser, null, { width: 1200, height: 800 });
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await context.setOffline(true);
  await page.goto('file://' + FILE);
  await page.evaluate(() => window.sigmaHeatmap.ready);
  const samples = lib.samples();
  const r = await page.evaluate(async (f) => {
    const s = await window.sigmaHeatmap.loadFiles(f);
    return { s, stats: window.sigmaHeatmap.stats(), load: window.sigmaHeatmap.loadStats() };
  }, samples);
  assert.ok(r.load.parseWorkers.workers >= 1, `workers run (${r.load.parseWorkers.error})`);
  assert.equal(r.stats.filesFromWorkers, samples.length);
  assert.equal(r.s.rules, samples.length);
  assert.deepEqual(lib.foreignRequests(requests, null), [], 'only file:, data: and blob: URLs');
  assert.ok(!requests.some((u) => u.endsWith('.wasm') || u.endsWith('parse-worker.js')), 'the worker and its module are inlined');
  assert.deepEqual(errors, []);
  await context.close();
});
