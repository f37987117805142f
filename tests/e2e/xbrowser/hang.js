// hang.js — a scenario that never ends, for harness.test.js: run as `node --test hang.js` with
// SH_HANG_ENGINE=firefox|webkit|webkit-touch and SH_BASE_URL, it opens that driver through
// drivers.run and waits on a page promise that never settles, under a 3 s test timeout. It prints
// "pid N" for the browser process when the driver knows it. Not a test of the page: a test of
// the harness, which must then kill the browser and let the runner end.
'use strict';
const { test } = require('node:test');
const drivers = require('./drivers');

const engine = process.env.SH_HANG_ENGINE;
const opener = engine === 'webkit-touch' ? drivers.openTouch.webkit : drivers.open[engine];
test(`${engine}: a page promise that never settles`, { timeout: 3000 }, (t) =>
  drivers.run(t, opener, process.env.SH_BASE_URL, { width: 400, height: 300 }, async (d) => {
    if (d.pid) console.log(`pid ${d.pid}`);
    // Kept reachable: WebKit fails a call whose promise was collected.
    await d.evaluate(() => new Promise((r) => { window.neverCalled = r; }));
  }));
