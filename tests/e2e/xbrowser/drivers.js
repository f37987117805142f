// drivers.js — one small driver interface over the two other engines the page is tested in, so a
// scenario (scenarios/*.js) is written once and runs in both:
//   firefox: Debian's firefox-esr through puppeteer-core over WebDriver BiDi;
//   webkit:  WebKitGTK's MiniBrowser (--automation) through WebKitWebDriver and selenium-webdriver.
// Both need a display for WebGL: xbrowser/run.sh starts them under xvfb-run. No browser is ever
// downloaded; a missing browser makes its scenarios skip with the reason.
// Interface (coordinates in CSS pixels of the viewport):
//   open(url, {width, height}) -> driver with
//     evaluate(fn, arg)            run fn(arg) in the page (may return a Promise), resolve its value
//     wheel(x, y, dx, dy)          a real wheel event at (x, y)
//     click(x, y)                  a real mouse click at (x, y)
//     press(key)                   a real key press and release: 'PageDown', 'PageUp', 'Home', 'End',
//                                  'ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Space'
//     touchDrag([x0, y0], [x1, y1], steps)   one finger, real touch input, still before it lifts
//     tap(x, y)                    one finger down and up
//     pickFiles(selector, paths)   give the file input those files (a change event follows)
//     pinch([x, y], from, to, steps)  two fingers on a horizontal line through (x, y), from `from` to
//                                  `to` CSS pixels either side of it, then both lift
//     pdf()                        the page printed by the engine to a PDF on A4, as a Buffer:
//                                  landscape unless the page's CSS says otherwise, except in WebKit,
//                                  which ignores that (only openTouch.webkit prints there: WebKitWebDriver
//                                  has no Print Page command)
//     close()
//     kill()                       end the browser at once (a test that timed out)
//     pid                          the browser's process id where the driver knows it, else 0/undefined
// run(t, opener, url, size, body) opens a driver for test context t, runs body(driver) and closes
// it, killing it if t times out or is cancelled (t.signal aborts): a driver left open when a
// scenario hung kept node's test runner alive long after the test had failed.
// Touch scenarios in WebKitGTK use openTouch.webkit instead: WebKitWebDriver sends W3C touch
// actions as mouse events there, so gtktouch.c (a WebKitGTK view of our own) sends the real GDK
// touch events a touchscreen gives GTK, and answers evaluate() (wheel is not offered). It also
// prints: WebKitWebDriver has no Print Page command, so scenarios that print use it too.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const FIREFOX = process.env.SH_FIREFOX || '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.SH_WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.SH_MINIBROWSER || ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser'].find((p) => fs.existsSync(p)) || '';

// Why a browser cannot run here ("" when it can).
function unavailable(name) {
  if (!process.env.DISPLAY) return 'no X display (run under xvfb-run: tests/e2e/xbrowser/run.sh)';
  if (name === 'firefox') return fs.existsSync(FIREFOX) ? '' : `${FIREFOX} not installed (scripts/setup installs firefox-esr)`;
  if (name === 'webkit') {
    if (!fs.existsSync(WEBKIT_DRIVER)) return `${WEBKIT_DRIVER} not installed (scripts/setup installs webkit2gtk-driver)`;
    if (!MINIBROWSER) return 'MiniBrowser not found (scripts/setup installs libwebkit2gtk-4.1-0)';
    return '';
  }
  return `unknown browser ${name}`;
}

async function openFirefox(url, { width = 1366, height = 768 } = {}) {
  const puppeteer = require('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, protocol: 'webDriverBiDi', headless: false,
    args: [`--width=${width}`, `--height=${height + 120}`],
    extraPrefsFirefox: { 'webgl.force-enabled': true, 'dom.w3c_touch_events.enabled': 1, 'browser.shell.checkDefaultBrowser': false },
  });
  const page = (await browser.pages())[0] || await browser.newPage();
  await page.setViewport({ width, height, hasTouch: true });
  page.on('dialog', (dialog) => dialog.accept().catch(() => {}));  // a "leave this page?" prompt must not block a reload
  await page.goto(url);
  return {
    name: 'firefox',
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    async wheel(x, y, dx, dy) {
      await page.mouse.move(x, y);
      await page.mouse.wheel({ deltaX: dx, deltaY: dy });
    },
    async click(x, y) { await page.mouse.click(x, y); },
    async press(key) { await page.keyboard.press(key); },
    async touchDrag(from, to, steps = 8) {
      // Sent together, so that slow round trips do not look like a finger held still (a long press).
      const t = await page.touchscreen.touchStart(from[0], from[1]);
      const sent = [];
      for (let i = 1; i <= steps; i++) sent.push(t.move(from[0] + (to[0] - from[0]) * i / steps, from[1] + (to[1] - from[1]) * i / steps));
      await Promise.all(sent);
      await new Promise((r) => setTimeout(r, 250));  // the finger stops before it lifts: no fling
      await t.end();
    },
    async tap(x, y) { await page.touchscreen.tap(x, y); },
    async pinch([x, y], from, to, steps = 8) {
      const a = await page.touchscreen.touchStart(x - from, y);
      const b = await page.touchscreen.touchStart(x + from, y);
      const sent = [];
      for (let i = 1; i <= steps; i++) {
        const d = from + (to - from) * i / steps;
        sent.push(a.move(x - d, y), b.move(x + d, y));
      }
      await Promise.all(sent);
      await a.end();
      await b.end();
    },
    async reload() { await page.reload(); },
    async pickFiles(selector, paths) { await (await page.$(selector)).uploadFile(...paths); },
    // The page printed as the print dialog would (A4, landscape unless its CSS names page sizes).
    pdf: () => page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true }),
    close: () => browser.close(),
    async kill() { const p = browser.process(); if (p && p.exitCode === null) { p.kill('SIGKILL'); } },
    pid: browser.process() ? browser.process().pid : 0,
  };
}

function freePort() {
  const net = require('net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

async function openWebKit(url, { width = 1366, height = 768 } = {}) {
  const { Builder } = require('selenium-webdriver');
  const remote = require('selenium-webdriver/remote');
  const input = require('selenium-webdriver/lib/input');
  // Loopback only: the driver listens on 127.0.0.1 and selenium connects there.
  const port = await freePort();
  const service = new remote.DriverService(WEBKIT_DRIVER, {
    port, hostname: '127.0.0.1', loopback: true, args: [`--port=${port}`, '--host=127.0.0.1'],
  });
  const caps = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
  };
  const server = await service.start();
  const driver = await new Builder().withCapabilities(caps).usingServer(server).build();
  await driver.manage().window().setRect({ width, height: height + 80, x: 0, y: 0 });
  await driver.get(url);
  const evaluate = (fn, arg) => driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     Promise.resolve((${fn.toString()})(arguments[0])).then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String(e) + (e && e.stack ? ' | ' + e.stack : '') }));`,
    arg === undefined ? null : arg).then((r) => { if (r && r.error) throw new Error(r.error); return r ? r.ok : null; });
  const finger = () => new input.Pointer('finger', input.Pointer.Type.TOUCH);
  const at = (x, y, duration = 0) => ({ x: Math.round(x), y: Math.round(y), origin: input.Origin.VIEWPORT, duration });
  return {
    name: 'webkit',
    evaluate,
    async wheel(x, y, dx, dy) {
      await driver.actions().move(at(x, y)).perform();
      await driver.actions().scroll(Math.round(x), Math.round(y), dx, dy).perform();
    },
    async click(x, y) { await driver.actions().move(at(x, y)).click().perform(); },
    async press(key) {
      const { Key } = require('selenium-webdriver');
      const code = { PageDown: Key.PAGE_DOWN, PageUp: Key.PAGE_UP, Home: Key.HOME, End: Key.END, ArrowDown: Key.ARROW_DOWN,
        ArrowUp: Key.ARROW_UP, ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT, Space: Key.SPACE }[key];
      if (!code) throw new Error(`press: no WebDriver key for ${key}`);
      await driver.actions().keyDown(code).keyUp(code).perform();
    },
    async touchDrag(from, to, steps = 8) {
      const f = finger();
      const moves = [];
      for (let i = 1; i <= steps; i++) moves.push(f.move(at(from[0] + (to[0] - from[0]) * i / steps, from[1] + (to[1] - from[1]) * i / steps, 16)));
      // The finger stops before it lifts: no fling.
      await driver.actions().insert(f, f.move(at(from[0], from[1])), f.press(), ...moves, f.pause(250), f.release()).perform();
    },
    async tap(x, y) {
      const f = finger();
      await driver.actions().insert(f, f.move(at(x, y)), f.press(), f.release()).perform();
    },
    // WebKitWebDriver can answer the refresh before the new document runs: a script sent then ran
    // in the old one as it went ("Could not parse script result", a flaky CI run). Wait for the
    // new page's API; scripts sent before it is there are retried.
    async reload() {
      await driver.navigate().refresh();
      const t0 = Date.now();
      for (;;) {
        try {
          if (await driver.executeScript('return document.readyState === "complete" && !!(window.sigmaHeatmap && window.sigmaHeatmap.ready);')) return;
        } catch (e) {
          if (Date.now() - t0 > 30000) throw e;
        }
        if (Date.now() - t0 > 30000) throw new Error('WebKit: the page did not come back after a reload');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async pickFiles(selector, paths) {
      // Element Send Keys with the paths one a line, sent as is: selenium's sendKeys splits its text
      // into an array of characters, which overflows the stack for thousands of paths.
      const { By } = require('selenium-webdriver');
      const element = await driver.findElement(By.css(selector));
      const session = (await driver.getSession()).getId();
      const r = await fetch(`${server.replace(/\/$/, '')}/session/${session}/element/${await element.getId()}/value`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: paths.join('\n') }),
      });
      if (!r.ok) throw new Error(`WebKitWebDriver: picking ${paths.length} files: ${r.status} ${await r.text()}`);
    },
    close: async () => { try { await driver.quit(); } finally { await service.kill(); } },
    kill: () => service.kill(),
  };
}

// WebKitGTK with real touch input (gtktouch.c through gtktouch.js). Fingers move as a touchscreen
// reports them, every TOUCH_MS, whatever the page is doing: the first finger down emulates the
// pointer (GDK sets that flag on X11 and Wayland alike, and GTK then makes mouse events of it).
const TOUCH_MS = 8;
async function openWebKitTouch(url, size) {
  const view = await require('./gtktouch').open(url, size);
  const later = () => new Promise((r) => setTimeout(r, TOUCH_MS));
  // Each step: [kind, finger, x, y] events at the same instant, then the next report.
  const play = async (steps) => {
    for (const events of steps) {
      await Promise.all(events.map(([kind, finger, x, y]) => view.touch(kind, finger, x, y, finger === 0)));
      await later();
    }
  };
  const along = (from, to, i, n) => [from[0] + (to[0] - from[0]) * i / n, from[1] + (to[1] - from[1]) * i / n];
  return {
    name: 'webkit',
    evaluate: view.evaluate,
    async wheel() { throw new Error('the WebKitGTK touch driver has no wheel: use open.webkit'); },
    async click() { throw new Error('the WebKitGTK touch driver has no mouse: use open.webkit'); },
    async press() { throw new Error('the WebKitGTK touch driver has no keyboard: use open.webkit'); },
    async touchDrag(from, to, steps = 8) {
      const moves = [];
      for (let i = 1; i <= steps; i++) moves.push([['update', 0, ...along(from, to, i, steps)]]);
      await play([[['begin', 0, ...from]], ...moves]);
      await new Promise((r) => setTimeout(r, 250));  // the finger stops before it lifts: no fling
      await play([[['end', 0, ...to]]]);
    },
    async tap(x, y) { await play([[['begin', 0, x, y]], [['end', 0, x, y]]]); },
    async pinch([x, y], from, to, steps = 8) {
      const fingers = (d) => [[0, x - d, y], [1, x + d, y]];
      const reports = [fingers(from).map((f) => ['begin', ...f])];
      for (let i = 1; i <= steps; i++) reports.push(fingers(from + (to - from) * i / steps).map((f) => ['update', ...f]));
      reports.push(fingers(to).map((f) => ['end', ...f]));
      await play(reports);
    },
    // WebKit's own print operation (what its print dialog runs), through GTK's Print to File, on
    // A4 portrait: WebKit ignores @page size and named pages, so the page is the print dialog's,
    // and a new dialog starts at portrait (as Safari's does).
    async pdf() {
      const file = path.join(os.tmpdir(), `sh-webkit-print-${process.pid}-${Date.now()}.pdf`);
      try {
        await view.print(file);
        return fs.readFileSync(file);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
    close: () => view.close(),
    kill: view.kill,
    pid: view.pid,
  };
}

// Opens opener(url, size) for the test context t, runs body(driver), then closes the driver. If t
// times out or is cancelled meanwhile, the driver is killed at once: body's pending promise then
// fails and the test ends instead of waiting on a browser that no longer answers.
async function run(t, opener, url, size, body) {
  const d = await opener(url, size);
  const stop = () => { Promise.resolve(d.kill()).catch(() => {}); };
  if (t.signal.aborted) stop(); else t.signal.addEventListener('abort', stop, { once: true });
  try {
    return await body(d);
  } finally {
    t.signal.removeEventListener('abort', stop);
    if (!t.signal.aborted) await d.close();
  }
}

// Why a test of `name` (through openTouch when touch) cannot run against `url` ("" when it can).
function skipReason(url, name, touch = false) {
  if (!url) return 'SH_BASE_URL not set (run tests/e2e/xbrowser/run.sh)';
  return touch ? touchUnavailable(name) : unavailable(name);
}

// Why openTouch[name] cannot run here ("" when it can).
function touchUnavailable(name) {
  if (name !== 'webkit') return unavailable(name);
  if (!process.env.DISPLAY) return 'no X display (run under xvfb-run: tests/e2e/xbrowser/run.sh)';
  return require('./gtktouch').unavailable();
}

const open = { firefox: openFirefox, webkit: openWebKit };
const openTouch = { firefox: openFirefox, webkit: openWebKitTouch };
module.exports = { open, openTouch, run, skipReason, unavailable, touchUnavailable, browsers: ['firefox', 'webkit'] };
