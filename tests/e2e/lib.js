// lib.js — shared by the browser tests and scripts: start dist/'s static server on a free port,
// launch headless Debian Chromium through playwright-core, record every request a page makes.
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = process.env.SH_DIST || path.join(ROOT, 'dist');
// ../shared beside the checkout (ATT&CK data, the SigmaHQ corpus); SH_SHARED points elsewhere.
const SHARED = process.env.SH_SHARED || process.env.SH_SHARED_DIR || path.join(ROOT, '..', 'shared');
const CHROMIUM = process.env.SH_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

// The server run.sh started (SH_BASE_URL), or one of our own for this process.
async function serve() {
  if (process.env.SH_BASE_URL) return { url: process.env.SH_BASE_URL, stop: async () => {} };
  const child = spawn(process.execPath, [path.join(__dirname, 'serve.js'), DIST, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/(http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve.js exited with ${code}`)));
  });
  return { url, stop: async () => { child.kill('SIGTERM'); } };
}

// extraArgs: more Chromium switches (e.g. --disable-webgl --disable-webgl2 for the no-WebGL page).
async function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

// Playwright turns Chromium's file-chooser interception on when a page gets its first
// 'filechooser' listener, without waiting for Chromium to confirm it (puppeteer#6040): a chooser
// that opens first is cancelled unseen and waitForEvent('filechooser') times out (CI, and 1 run in
// 5 of history.test.js here, where the confirmation came 100 ms after the click). A listener
// added as the page opens keeps interception on from long before any click.
function interceptFileChoosers(page) {
  page.on('filechooser', () => {});
}

// A page with a request log: every URL it asked for, in order.
async function openPage(browser, url, { dpr = 1, width = 1600, height = 1000, acceptDownloads = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr, acceptDownloads });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  interceptFileChoosers(page);
  if (url) {
    await page.goto(url);
    await page.evaluate(() => window.sigmaHeatmap.ready);
  }
  return { context, page, requests, errors };
}

// Every *.yml/*.yaml under dir as [{name, text}], names relative to base (default: dir's parent).
function readRules(dir, base = path.dirname(dir)) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(e.name)) out.push({ name: path.relative(base, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

module.exports = { ROOT, DIST, SHARED, serve, launch, openPage, interceptFileChoosers, readRules };

// Wait until the page has no files queued and has loaded at least `loaded` files.
async function waitLoaded(page, loaded, timeout = 60000) {
  await page.waitForFunction((n) => {
    const s = window.sigmaHeatmap.summary();
    return !s.loading && s.pending === 0 && s.loaded >= n;
  }, loaded, { timeout, polling: 50 });
  return page.evaluate(() => window.sigmaHeatmap.summary());
}

function samples() {
  return readRules(path.join(ROOT, 'assets', 'samples'), path.join(ROOT, 'assets'));
}

// build/native/sigma-heatmap, when it has been built (scripts/build); else null.
function cli() {
  const exe = process.env.SH_CLI || path.join(ROOT, 'build', 'native', 'sigma-heatmap');
  return fs.existsSync(exe) ? exe : null;
}

// Write [{name, text}] under a fresh temporary folder, keeping the relative names.
function writeTree(files) {
  const os = require('os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-e2e-'));
  for (const f of files) {
    const p = path.join(dir, ...f.name.split('/'));
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.text);
  }
  return dir;
}

// Only the page's own files: same origin and one of the dist files, or file:, data:, blob:.
function foreignRequests(requests, baseUrl) {
  const own = new Set(['/', '/index.html', '/style.css', '/glue.js', '/zip.js', '/session.js', '/board.js', '/board.css',
    '/sigma-heatmap.js', '/sigma-heatmap.wasm', '/parse-worker.js', '/sh-parse.wasm']);
  return requests.filter((u) => {
    if (/^(data|blob|file):/.test(u)) return false;
    if (!baseUrl) return true;
    const url = new URL(u);
    return url.origin !== new URL(baseUrl).origin || !own.has(url.pathname);
  });
}

// Until fn (run in the page, awaited) returns something truthy; that value. Playwright's
// waitForFunction takes the Promise an async check returns as a truthy answer and does not wait
// for it, so an async condition is polled from here.
async function pollUntil(page, fn, arg, { timeout = 10000, interval = 100 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await page.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() > end) throw new Error(`not true within ${timeout} ms: ${String(fn).slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

Object.assign(module.exports, { SHARED, waitLoaded, pollUntil, samples, cli, writeTree, foreignRequests });
