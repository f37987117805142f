// pickbench.js — the folder-pick part of tests/e2e/bench.js in Firefox ESR and WebKitGTK: the same
// page at 1366x768 given a rules folder's files through #folder-input, every frame timed in the
// page from the change event until loading is done (../framegaps.js), beside the same page's
// longest gap while idle; median of PICK_RUNS fresh pages per engine. Neither WebDriver can pick a
// folder, so the folder's *.yml/*.yaml files are given one by one (names without folder paths).
// Usage: bash tests/e2e/xbrowser/run.sh pickbench.js RULES_DIR   (serves dist/, under xvfb-run;
// SH_XBROWSERS=firefox or =webkit for one engine). Called by bench.js.
'use strict';
const fs = require('fs');
const path = require('path');
const lib = require('../lib');
const drivers = require('./drivers');
const { driverPickGaps, idleGaps } = require('../framegaps');

const PICK_RUNS = Number(process.env.PICK_RUNS || 3);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

async function main() {
  const url = process.env.SH_BASE_URL;
  const rulesDir = path.resolve(process.env.SH_CALLER_PWD || '.', process.argv[2] || path.join(lib.SHARED, 'sigma', 'rules'));
  if (!url) throw new Error('SH_BASE_URL not set (run: bash tests/e2e/xbrowser/run.sh pickbench.js RULES_DIR)');
  const paths = lib.readRules(rulesDir).map((r) => path.join(path.dirname(rulesDir), r.name));
  const wanted = (process.env.SH_XBROWSERS || drivers.browsers.join(',')).split(',').filter(Boolean);
  const f = (x) => x.toFixed(0).padStart(6);
  for (const browser of wanted) {
    const why = drivers.unavailable(browser);
    if (why) { console.log(`== folder pick in ${browser}: skipped (${why})`); continue; }
    const picks = [];
    for (let i = 0; i < PICK_RUNS; i++) {
      const d = await drivers.open[browser](url, { width: 1366, height: 768 });
      try {
        await d.evaluate(() => window.sigmaHeatmap.ready);
        const idle = await idleGaps(d, 5000);
        // WebKitGTK on a busy machine takes minutes for the SigmaHQ folder.
        picks.push(Object.assign(await driverPickGaps(d, paths, { timeout: 900000 }), { idleMaxGapMs: idle.maxGapMs }));
      } finally {
        await d.close();
      }
    }
    const m = (k) => median(picks.map((p) => p[k]));
    const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(`== folder pick in ${browser} (${paths.length} files given one by one, ${picks[0].files} loaded, 1366x768, median of ${picks.length} fresh pages; load average ${load})`);
    console.log(`first frame after the pick      ${f(m('firstFrameMs'))} ms   (progress then: ${picks.map((p) => `${p.firstFrameLoaded}/${p.firstFrameTotal}`).join(', ')})`);
    console.log(`longest gap between frames      ${f(m('maxGapMs'))} ms   (target < 250; the same page idle: ${f(m('idleMaxGapMs'))} ms; each run: ${picks.map((p) => p.maxGapMs.toFixed(0)).join(', ')})`);
    console.log(`longest loader step             ${f(m('longestStepMs'))} ms`);
    console.log(`pick -> loaded                  ${f(m('totalMs'))} ms   (${f(m('frames'))} frames)`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
