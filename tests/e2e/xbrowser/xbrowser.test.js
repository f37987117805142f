// xbrowser.test.js — runs every scenario in xbrowser/scenarios/*.js in Firefox ESR and WebKitGTK
// (drivers.js), one fresh page per scenario, with the sample rules loaded. Add a scenario by
// adding a file there that exports [{name, touch?, ownView?, size?, browsers?, why?, run(driver, page)}]
// (size: the viewport, {width, height} in CSS px, 1366x768 unless given; browsers: only these
// engines, `why` says why not the others); touch scenarios and those with ownView get
// drivers.openTouch's driver (in WebKitGTK: gtktouch.c's view, with real GDK touch events,
// WebKit's own print operation and any window size). Started by
// run.sh (under xvfb-run, with SH_BASE_URL); SH_XBROWSERS=firefox,webkit picks the engines.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const lib = require('../lib');
const drivers = require('./drivers');

const url = process.env.SH_BASE_URL;
const wanted = (process.env.SH_XBROWSERS || drivers.browsers.join(',')).split(',').filter(Boolean);
const scenarios = fs.readdirSync(path.join(__dirname, 'scenarios')).filter((f) => f.endsWith('.js')).sort()
  .flatMap((f) => require(path.join(__dirname, 'scenarios', f)).map((s) => ({ ...s, file: f })));

// The test API's helpers, through any driver.
function helpers(d) {
  const frames = (n = 2) => d.evaluate((k) => window.sigmaHeatmap.frames(k), n);
  return {
    frames,
    summary: () => d.evaluate(() => window.sigmaHeatmap.summary()),
    options: async (o) => { await d.evaluate((x) => window.sigmaHeatmap.setOptions(x), o); await frames(3); },
    rect: async (name) => {
      await frames(1);
      const r = await d.evaluate((n) => window.sigmaHeatmap.uiRect(n), name);
      if (!r) throw new Error(`${name} is not on screen`);
      return r;
    },
  };
}

for (const browser of wanted) {
  for (const s of scenarios) {
    const ownView = !!(s.touch || s.ownView);
    const why = drivers.skipReason(url, browser, ownView) || (s.browsers && !s.browsers.includes(browser) ? s.why : '');
    test(`${browser}: ${s.name}`, { skip: why || false, timeout: 180000 }, (t) =>
      drivers.run(t, (ownView ? drivers.openTouch : drivers.open)[browser], url, s.size || { width: 1366, height: 768 }, async (d) => {
        await d.evaluate(() => window.sigmaHeatmap.ready);
        await d.evaluate((files) => window.sigmaHeatmap.loadFiles(files).then(() => null), lib.samples());
        const page = helpers(d);
        await page.frames(3);
        if (s.touch) {
          // The driver's touches reach the page as touch input: pointer events of type "touch"
          // (Chromium, Firefox) or TouchEvents only (WebKitGTK, whose first finger also makes mouse
          // events). A driver that turned them into mouse events alone would test nothing.
          // (The page stops TouchEvents in its first listener: gtktouch.c counts them before it.)
          await d.evaluate(() => {
            window.seenTouch = [];
            window.addEventListener('pointerdown', (e) => window.seenTouch.push(`pointer:${e.pointerType}`), true);
          });
          const starts = () => d.evaluate(() => window.__touchStarts || 0);
          const before = await starts();
          await d.tap(2, 2);  // the page's corner: nothing there to press
          await page.frames(2);
          const seen = await d.evaluate(() => window.seenTouch);
          if (await starts() > before) seen.push('touchstart');
          assert.ok(seen.includes('touchstart') || seen.includes('pointer:touch'), `${browser}: the driver's tap reached the page as touch input (${JSON.stringify(seen)})`);
        }
        await s.run(d, page);
      }));
  }
}
