// xbrowser.test.js — runs every scenario in xbrowser/scenarios/*.js in Firefox ESR and WebKitGTK
// (drivers.js), one fresh page per scenario, with the sample rules loaded. Add a scenario by
// adding a file there that exports [{name, touch?, run(driver, page)}]. Started by run.sh (under
// xvfb-run, with SH_BASE_URL); SH_XBROWSERS=firefox,webkit picks the engines.
'use strict';
const { test } = require('node:test');
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
  const why = url ? drivers.unavailable(browser) : 'SH_BASE_URL not set (run tests/e2e/xbrowser/run.sh)';
  for (const s of scenarios) {
    test(`${browser}: ${s.name}`, { skip: why || false, timeout: 180000 }, async (t) => {
      const d = await drivers.open[browser](url, { width: 1366, height: 768 });
      try {
        await d.evaluate(() => window.sigmaHeatmap.ready);
        await d.evaluate((files) => window.sigmaHeatmap.loadFiles(files).then(() => null), lib.samples());
        const page = helpers(d);
        await page.frames(3);
        if (s.touch) {
          // Some drivers turn touch actions into mouse events (WebKitWebDriver on GTK does): then
          // there is no touch input to test in that engine, and the scenario says so.
          await d.evaluate(() => { window.seenPointer = ''; window.addEventListener('pointerdown', (e) => { window.seenPointer = e.pointerType; }, true); });
          await d.tap(2, 2);  // the page's corner: nothing there to press
          await page.frames(2);
          const kind = await d.evaluate(() => window.seenPointer);
          if (kind !== 'touch') {
            t.skip(`${browser}'s WebDriver sends touch actions as "${kind || 'nothing'}" pointer events, not touch`);
            return;
          }
        }
        await s.run(d, page);
      } finally {
        await d.close();
      }
    });
  }
}
