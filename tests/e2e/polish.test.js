// polish.test.js — issue 14, points 3, 4, 10: messages shown in full (status bar, log, aria-live),
// errors that stand out and stay; the matrix fitted to 1366x768 with a collapsible side panel
// whose width survives resizes, unclipped tab labels, Board tables sized to their content,
// tooltips that do not wrap a letter per line; honest counts, disabled exports with nothing
// loaded, an empty .json that is not called a layer, and one labelled definition of new gaps.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');
const { ui, previousLayer } = require('./pageui');

let server, browser;
before(async () => {
  server = await lib.serve();
  browser = await lib.launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function open({ width = 1366, height = 768, samples = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url);
  await page.evaluate(() => window.sigmaHeatmap.ready);
  const u = ui(page);
  if (samples) {
    await page.evaluate((files) => window.sigmaHeatmap.loadFiles(files), lib.samples());
    await u.frames(3);
  }
  return { context, page, errors, ...u };
}

const inside = (r, w, h) => r.x >= 0 && r.y >= 0 && r.x + r.w <= w + 0.5 && r.y + r.h <= h + 0.5;

// Another producer's hand-made 0..5 layer (`extra`: more top-level keys), opened as a drop would.
async function openRedTeamLayer(p, extra) {
  const layer = JSON.stringify({ name: 'Red team Q3', versions: { attack: '19', layer: '4.5' }, domain: 'enterprise-attack', ...extra,
    techniques: [{ techniqueID: 'T1059.001', tactic: 'execution', score: 4 }], gradient: { colors: ['#ffffff', '#ff6666'], minValue: 0, maxValue: 5 } });
  await p.page.evaluate((text) => window.sigmaHeatmap.viewLayer({ name: 'redteam.json', text }), layer);
}

// ---- 3. messages ----

test('messages: a long confirmation is shown whole at 1366x768, logged and read out', async () => {
  const p = await open();
  try {
    await p.click('share');
    await p.frames(3);
    const s = await p.summary();
    assert.match(s.status, /^Share link copied to the clipboard: .* never sent to a server$/);
    const bar = await p.rect('status');
    const text = await p.rect('status:0');
    assert.ok(inside(bar, 1366, 768), `status bar inside the page: ${JSON.stringify(bar)}`);
    assert.ok(inside(text, 1366, 768) && text.x + text.w <= bar.x + bar.w && text.y + text.h <= bar.y + bar.h,
      `the message's text is inside the bar: ${JSON.stringify(text)} in ${JSON.stringify(bar)}`);
    assert.ok(s.messages.some((m) => m.kind === 'info' && m.text === s.status), 'in the log');
    await p.page.waitForFunction((t) => document.getElementById('sh-live').textContent === t, s.status);
    const live = await p.page.evaluate(() => {
      const el = document.getElementById('sh-live');
      return { role: el.getAttribute('role'), live: el.getAttribute('aria-live') };
    });
    assert.deepEqual(live, { role: 'status', live: 'polite' });
  } finally {
    await p.context.close();
  }
});

test('messages: an error stands out, stays after later messages until dismissed, and is read out at once', async () => {
  const p = await open();
  try {
    await p.page.evaluate(() => window.sigmaHeatmap.loadFiles([{ name: 'broken.json', text: '{"techniques": [' }]));
    await p.frames(3);
    let s = await p.summary();
    assert.equal(s.pendingLayers, 0, 'a broken .json is not offered as a layer');
    assert.match(s.status, /^error: broken\.json/);
    await p.page.waitForFunction(() => /broken\.json/.test(document.getElementById('sh-alert').textContent));
    assert.equal(await p.page.evaluate(() => document.getElementById('sh-alert').getAttribute('aria-live')), 'assertive');
    // The error's colour: a red bar (the status bar is light red, its text dark red).
    const bar = await p.rect('status');
    const png = await p.page.screenshot({ clip: { x: bar.x + 2, y: bar.y + 2, width: 4, height: 4 } });
    const [r, g, b] = await p.page.evaluate(async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      c.getContext('2d').drawImage(img, 0, 0);
      return Array.from(c.getContext('2d').getImageData(1, 1, 1, 1).data);
    }, png.toString('base64'));
    assert.ok(r > g + 15 && r > b + 15, `reddish background (${r},${g},${b})`);
    await p.click('share');  // a later confirmation does not push the error away
    s = await p.summary();
    assert.match(s.status, /broken\.json/);
    assert.match(s.status, /Share link copied/);
    await p.click('status-dismiss');
    s = await p.summary();
    assert.doesNotMatch(s.status, /broken\.json/);
    assert.ok(s.messages.some((m) => m.kind === 'error' && /broken\.json/.test(m.text)), 'still in the log');
  } finally {
    await p.context.close();
  }
});

// ---- 4. fit ----

test('fit: at 1366x768 every tactic header is on screen after load, the side panel starts collapsed', async () => {
  const p = await open();
  try {
    const s = await p.summary();
    assert.equal(s.view.fit, true);
    assert.equal(s.view.sideOpen, false);
    const tactics = await p.page.evaluate(() => window.sigmaHeatmap.summary().view.tactics);
    assert.equal(tactics.length, 15);
    for (const t of tactics) {
      const r = await p.rect('header:' + t);
      assert.ok(r.visible && inside(r, 1366, 768), `${t} header on screen: ${JSON.stringify(r)}`);
    }
    // Zooming turns Fit off; the Fit button brings it back.
    await p.click('zoom-in');
    assert.equal((await p.summary()).view.fit, false);
    assert.equal((await p.rect('header:impact')).visible, false);
    await p.click('fit');
    assert.equal((await p.summary()).view.fit, true);
    assert.equal((await p.rect('header:impact')).visible, true);
  } finally {
    await p.context.close();
  }
});

test('fit: the side panel opens on selection, closes, and keeps its width across a narrow window', async () => {
  const p = await open();
  try {
    await p.click('cell:T1059/execution', 0.3);
    assert.equal((await p.summary()).view.sideOpen, true);
    const before = await p.rect('side-panel');
    await p.page.setViewportSize({ width: 390, height: 844 });
    await p.frames(4);
    // On a phone the open panel takes the whole width (the matrix beside it was a 100 px sliver
    // and the rules a letter per line); the matrix's tabs are not drawn under it.
    const narrow = await p.rect('side-panel');
    assert.ok(narrow.w > 390 * 0.9, `the side panel fills a phone's width: ${narrow.w}`);
    assert.equal(await p.page.evaluate(() => window.sigmaHeatmap.uiRect('view-matrix')), null);
    await p.page.setViewportSize({ width: 1366, height: 768 });
    await p.frames(4);
    assert.equal(Math.round((await p.rect('side-panel')).w), Math.round(before.w), 'its width came back');
    // Every tab label whole, in the main area and the side panel, wide and narrow.
    const whole = async (names, width) => {
      for (const name of names) {
        const r = await p.rect(name);
        assert.ok(r.w + 0.5 >= r.need, `${name} at ${width}px: ${r.w} >= ${r.need}`);
      }
    };
    const sideTabs = ['tab:technique', 'tab:layer', 'tab:reports', 'tab:problems', 'tab:about'];
    const mainTabs = ['view-matrix', 'view-board', 'view-diff', 'view-trends'];
    await whole([...mainTabs, ...sideTabs], 1366);
    await p.page.setViewportSize({ width: 390, height: 844 });
    await p.frames(4);
    await whole(sideTabs, 390);
    // ">" on a phone goes back to the matrix, whose tabs are whole too.
    await p.click('side-toggle');
    assert.equal((await p.summary()).view.sideOpen, false);
    await whole(mainTabs, 390);
    await p.click('cell:T1059/execution', 0.3);
    assert.equal((await p.summary()).view.sideOpen, true, 'a tap on a cell opens its rules again');
    await p.click('show-in-matrix');
    assert.equal((await p.summary()).view.sideOpen, false, '"Show in matrix" on a phone uncovers the matrix');
    assert.equal((await p.rect('cell:T1059/execution')).visible, true);
    await p.click('side-toggle');
    await p.page.setViewportSize({ width: 1366, height: 768 });
    await p.frames(4);
    await p.click('side-toggle');
    assert.equal((await p.summary()).view.sideOpen, false);
    assert.equal(await p.page.evaluate(() => window.sigmaHeatmap.uiRect('side-panel')), null);
  } finally {
    await p.context.close();
  }
});

test('fit: every side tab and every count is on screen and whole at 390, 1366 and 1920 px', async () => {
  // The longest labels: a selected threat ("Threats (1)") and a problem ("Problems (1)", "1 problem").
  const p = await open({ width: 390, height: 844, samples: false });
  try {
    await p.page.evaluate((files) => window.sigmaHeatmap.loadFiles(files),
      [...lib.samples(), { name: 'broken.yml', text: 'title: [unclosed\n' }]);
    const err = await p.options({ threats: ['APT29'], sideOpen: true, tab: 'technique' });
    assert.ok(!err, err);
    const sideTabs = ['tab:technique', 'tab:layer', 'tab:reports', 'tab:threats', 'tab:problems', 'tab:about'];
    const counts = ['counts', 'counts:coverage', 'counts:problems'];
    for (const [w, h] of [[390, 844], [1366, 768], [1920, 1080]]) {
      await p.page.setViewportSize({ width: w, height: h });
      await p.frames(4);
      const panel = await p.rect('side-panel');
      const toggle = await p.rect('side-toggle');
      const seen = [];
      for (const name of sideTabs) {
        const r = await p.rect(name);
        assert.ok(inside(r, w, h), `${name} at ${w}px inside the viewport: ${JSON.stringify(r)}`);
        assert.ok(r.x >= panel.x && r.x + r.w <= panel.x + panel.w + 0.5, `${name} at ${w}px inside the side panel ${JSON.stringify(panel)}: ${JSON.stringify(r)}`);
        assert.ok(r.w + 0.5 >= r.need, `${name} at ${w}px unclipped: ${r.w} >= ${r.need}`);
        for (const o of [...seen, toggle]) {
          const apart = r.x + r.w <= o.x + 0.5 || o.x + o.w <= r.x + 0.5 || r.y + r.h <= o.y + 0.5 || o.y + o.h <= r.y + 0.5;
          assert.ok(apart, `${name} at ${w}px overlaps ${JSON.stringify(o)}`);
        }
        seen.push(r);
      }
      for (const name of counts) {
        const r = await p.rect(name);
        assert.ok(inside(r, w, h), `${name} at ${w}px inside the viewport: ${JSON.stringify(r)}`);
        assert.ok(r.w + 0.5 >= r.need, `${name} at ${w}px drawn on one line, whole: ${r.w} >= ${r.need}`);
      }
      // The last tab answers a click where it is drawn, and the first one brings the rules back.
      await p.click('tab:about');
      assert.equal((await p.summary()).view.tab, 'about', `About reachable at ${w}px`);
      await p.click('tab:technique');
      assert.equal((await p.summary()).view.tab, 'technique');
    }
  } finally {
    await p.context.close();
  }
});

test('fit: a custom palette with many stops wraps inside the side panel at 390 and 1366 px; the last stop opens its picker', async () => {
  const p = await open({ width: 390, height: 844 });
  try {
    const between = ['#112233', '#445566', '#778899', '#aabbcc', '#ddeeff', '#ff0000', '#00ff00'];
    const err = await p.options({ sideOpen: true, tab: 'layer', palette: 'custom', betweenColors: between });
    assert.ok(!err, err);
    for (const [w, h] of [[390, 844], [1366, 768]]) {
      await p.page.setViewportSize({ width: w, height: h });
      await p.frames(4);
      const panel = await p.rect('side-panel');
      const stops = [];
      for (let i = 0; i < between.length + 2; i++) stops.push(await p.rect(`palette-stop:${i}`));
      stops.forEach((r, i) => {
        assert.ok(r.x >= panel.x - 0.5 && r.x + r.w <= panel.x + panel.w + 0.5,
          `stop ${i} at ${w}px inside the side panel ${JSON.stringify(panel)}: ${JSON.stringify(r)}`);
        if (i > 0) {
          const q = stops[i - 1];
          assert.ok(r.y > q.y + 0.5 || (Math.abs(r.y - q.y) < 0.5 && r.x >= q.x + q.w), `stop ${i} at ${w}px after stop ${i - 1}: ${JSON.stringify([q, r])}`);
        }
      });
      // The "high" stop answers a real click where it is drawn: its colour picker opens.
      const last = stops[stops.length - 1];
      await p.page.mouse.click(last.x + last.h / 2, last.y + last.h / 2);
      await p.frames(3);
      assert.equal((await p.summary()).view.popupOpen, true, `the high stop's picker opened at ${w}px`);
      await p.page.keyboard.press('Escape');
      await p.frames(3);
      assert.equal((await p.summary()).view.popupOpen, false);
    }
  } finally {
    await p.context.close();
  }
});

test('fit: an opened layer\'s legend items are drawn under the gradient, inside the window, at 390, 1366 and 1920 px', async () => {
  const p = await open({ width: 1366, height: 768, samples: false });
  try {
    const items = [{ label: 'found by the red team', color: '#ff0000' }, { label: 'blocked by EDR', color: '#66b1ff' },
      { label: 'logged only, no alert: the SOC would have to search for it by hand to find it at all', color: '#ffd700' }];
    await openRedTeamLayer(p, { legendItems: items });
    for (const [w, h] of [[390, 844], [1366, 768], [1920, 1080]]) {
      await p.page.setViewportSize({ width: w, height: h });
      await p.frames(4);
      const bar = await p.rect('legend-bar');
      for (let i = 0; i < items.length; i++) {
        const r = await p.rect(`legend-item:${i}`);
        assert.ok(inside(r, w, h), `legend item ${i} at ${w}px inside the viewport: ${JSON.stringify(r)}`);
        assert.ok(r.y >= bar.y + bar.h - 0.5, `legend item ${i} at ${w}px under the gradient ${JSON.stringify(bar)}: ${JSON.stringify(r)}`);
      }
      await p.page.screenshot({ path: `/tmp/sh-e2e-layer-legend-${w}.png` });
    }
    // Rules loaded next have no such legend.
    await p.page.evaluate((files) => window.sigmaHeatmap.loadFiles(files), lib.samples());
    await p.frames(3);
    assert.equal(await p.page.evaluate(() => window.sigmaHeatmap.uiRect('legend-item:0')), null);
  } finally {
    await p.context.close();
  }
});

test('fit: a description wider than its box is shown whole, wrapped, under it; typed text reaches the layer', async () => {
  const p = await open({ width: 390, height: 844, samples: false });
  try {
    const description = 'Findings of the Q3 purple-team exercise: every technique the red team used, scored 0 to 5 by how well the SOC saw it.';
    await openRedTeamLayer(p, { description });
    await p.options({ sideOpen: true, tab: 'layer' });
    for (const [w, h] of [[390, 844], [1366, 768]]) {
      await p.page.setViewportSize({ width: w, height: h });
      await p.frames(4);
      const box = await p.rect('description');
      const whole = await p.rect('description-whole');
      assert.ok(whole.y >= box.y + box.h - 0.5, `under the box at ${w}px: ${JSON.stringify([box, whole])}`);
      assert.ok(whole.x + whole.w <= box.x + box.w + 0.5, `no wider than the box at ${w}px`);
      assert.ok(whole.h >= 2 * 14, `wrapped onto lines of its own at ${w}px: ${whole.h} px high`);
      await p.page.screenshot({ path: `/tmp/sh-e2e-description-${w}.png` });
    }
    // A real click at the end of the box's text and real keys: the layer gets them, the whole text follows.
    const box = await p.rect('description');
    await p.page.mouse.click(box.x + box.w - 6, box.y + 8);
    await p.frames(2);
    await p.page.keyboard.press('End');
    await p.page.keyboard.type(' Seen live.', { delay: 15 });
    await p.frames(3);
    const j = JSON.parse(await p.page.evaluate(() => window.sigmaHeatmap.layerJson()));
    assert.equal(j.description, description + ' Seen live.');
    // A short one fits its box: nothing is shown twice.
    await p.page.keyboard.press('Control+A');
    await p.page.keyboard.type('Q3', { delay: 15 });
    await p.frames(3);
    assert.equal(JSON.parse(await p.page.evaluate(() => window.sigmaHeatmap.layerJson())).description, 'Q3');
    assert.equal(await p.page.evaluate(() => window.sigmaHeatmap.uiRect('description-whole')), null);
  } finally {
    await p.context.close();
  }
});

test('fit: on a phone (390x844) the Board, Diff and Trends wrap to the window: no control over the title, nothing past the edge', async () => {
  const p = await open({ width: 390, height: 844 });
  try {
    const apart = (a, b) => a.x + a.w <= b.x + 0.5 || b.x + b.w <= a.x + 0.5 || a.y + a.h <= b.y + 0.5 || b.y + b.h <= a.y + 0.5;
    // The main window ends where the folded side panel's button begins.
    const right = (await p.rect('side-toggle')).x;
    const within = (r, name) => assert.ok(r.x + r.w <= right + 0.5, `${name} ends at ${r.x + r.w}, past the window's edge at ${right}`);
    await p.options({ view: 'board', platform: 'Windows' });
    await p.frames(4);
    // The subtitle wraps: "... · threshold 80 · on Windows" ran past the edge, cut mid-number.
    within(await p.rect('board-subtitle'), 'the board subtitle');
    // Every tactic's name whole: "Resource Development", "Defense Impairment" and "Command and
    // Control" were cut to "Resource Develo..." beside their bars; they now sit above them.
    assert.equal((await p.summary()).view.ellipsized, 0, 'no text on the Board cut short');
    const title = await p.rect('board-title');
    const doc = await p.rect('board-document');
    assert.ok(apart(title, doc), `the title ${JSON.stringify(title)} and Document ${JSON.stringify(doc)} do not overlap (they did)`);
    within(title, 'the board title');
    within(await p.rect('print'), 'Print...');
    within(await p.rect('board-png'), 'Save as PNG');
    const tiles = [];
    for (let i = 0; ; i++) {
      const r = await p.rect(`board-tile:${i}`, { optional: true });
      if (!r) break;
      within(r, `KPI tile ${i}`);
      // Each tile's detail whole inside it: the Fragile tile's five wrapped lines ran past a
      // fixed height, "(none stable)" cut off.
      const detail = await p.rect(`board-tile-detail:${i}`);
      assert.ok(detail.h > 0 && detail.y + detail.h <= r.y + r.h + 0.5,
        `KPI tile ${i}'s detail ends at ${detail.y + detail.h}, the tile at ${r.y + r.h}`);
      tiles.push(r);
    }
    assert.ok(tiles.length >= 4, `${tiles.length} KPI tiles`);
    const labels = (await p.summary()).board.tiles.map((t) => t.label);
    assert.ok(labels.includes('Fragile coverage'), `the sample rules make a Fragile coverage tile: ${labels}`);
    assert.ok(tiles[0].w >= 120, `tiles at least 120 px wide: ${tiles[0].w}`);
    // The threats and the weakest-against ranking, one under the other (the ranking ran past the edge).
    await p.options({ threats: ['APT29'] });
    await p.frames(4);
    const threats = await p.rect('threats-box');
    const weakest = await p.rect('weakest-box');
    within(threats, 'the threats box');
    within(weakest, 'the weakest-against ranking');
    assert.ok(weakest.y >= threats.y + threats.h - 0.5, `the ranking under the threats: ${JSON.stringify([threats, weakest])}`);
    // ... each as long as its rows, so the board scrolls as one (inner boxes caught the finger).
    const ranked = (await p.summary()).board.threats.weakest.rows.length;
    assert.ok(ranked >= 5 && weakest.h >= (ranked + 1) * 17, `all ${ranked} ranked threats without a scroll box: ${weakest.h} px`);
    within(await p.rect('trend-hint'), 'the Trend\'s hint');
    await p.options({ threats: [] });
    await p.options({ view: 'diff' });
    await p.frames(4);
    within(await p.rect('diff-intro'), 'the Diff\'s introduction (it was cut mid-word)');
    // With a previous layer: the controls wrap, the alert wraps, the lists go under the matrix
    // (they were drawn past the window's edge, out of sight).
    await p.page.evaluate((f) => window.sigmaHeatmap.loadPreviousLayer(f), await previousLayer(p.page));
    await p.frames(4);
    within(await p.rect('diff-layer'), 'Download diff layer');
    within(await p.rect('diff-alert'), 'the alert');
    const lists = await p.rect('diff-lists');
    within(lists, 'the new and closed gaps');
    assert.ok(lists.w >= 300, `the lists take the window's width: ${lists.w}`);
    // The colour key with its last tick ("70") and "no change" on the line (they ran past the edge).
    within(await p.rect('legend-bar'), 'the Diff\'s colour key');
    within(await p.rect('legend-note'), '"no change"');
    // At Fit the Diff's cells are narrow: the ID keeps its line and the change goes under it
    // (every technique cell showed "..." beside "+50").
    const sum = await p.summary();
    const view = sum.view;
    assert.ok(view.fit, 'the matrix is at Fit');
    assert.ok(sum.diff, 'a diff is shown');
    assert.equal(view.elidedIds.diff, 0, `Diff cells whose ID is cut: ${view.elidedIds.diff}`);
    await p.options({ view: 'matrix' });
    await p.frames(4);
    // ... with the caption saying what the score means (above the bar here) and the range note
    // (it was past the edge, out of sight).
    within(await p.rect('legend-bar'), 'the matrix\'s colour key');
    within(await p.rect('legend-note'), '"no rules"');
    const range = await p.rect('legend-range');
    within(range, '"range 0 .. highest score"');
    const bottom = p.page.viewportSize().height;
    assert.ok(range.y + range.h <= bottom + 0.5, `the legend's last line ends at ${range.y + range.h}, below the window's ${bottom}`);
    await p.options({ view: 'trends' });
    await p.frames(4);
    within(await p.rect('open-history-folder'), 'Open layers folder...');
    // Earlier layers named by their date (as `history --layers` writes them): each row's name ends
    // before the numbers, and the date is not said twice (it was, cut off over the next column).
    const dated = JSON.parse((await previousLayer(p.page)).text);
    dated.name = 'coverage_2026-01-31';
    dated.metadata = [{ name: 'date', value: '2026-01-31' }];
    const undated = Object.assign({}, dated, { name: 'a long layer name from another team, with no date in it', metadata: [] });
    await p.page.evaluate((f) => window.sigmaHeatmap.loadHistoryLayers(f),
      [{ name: 'coverage_2026-01-31.json', text: JSON.stringify(dated) }, { name: 'other.json', text: JSON.stringify(undated) }]);
    await p.frames(4);
    const rows = (await p.summary()).trend.points;
    const row = rows.findIndex((q) => q.name === 'coverage_2026-01-31');
    assert.ok(row >= 0, JSON.stringify(rows.map((q) => q.name)));
    for (let i = 0; i < rows.length; i++) {
      const name = await p.rect(`trend-name:${i}`);
      const covered = await p.rect(`trend-covered:${i}`);
      assert.ok(name.x + name.w <= covered.x + 0.5, `row ${i}'s name ends before its numbers: ${JSON.stringify([name, covered])}`);
      const date = await p.rect(`trend-date:${i}`, { optional: true });
      if (date) assert.ok(date.x + date.w <= covered.x + 0.5, `row ${i}'s date ends before its numbers`);
      if (i === row) assert.equal(date, null, 'a date already in the name is not repeated');
    }
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});

// A layer dropped (or picked) on a phone asks what it is. Its six buttons were on one line, 570 px
// wide: "Targets", "View as heat-map" and "Cancel" were off the screen, and a phone has no Escape.
test('fit: on a phone the dropped layer\'s question fits the screen; a tap on "View as heat-map" opens it', async () => {
  const p = await open({ width: 390, height: 844 });
  try {
    const prev = await previousLayer(p.page);
    await p.page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'a layer from the red team with a long name, q3 2026.json', { type: 'application/json' }));
      const canvas = document.getElementById('canvas');
      canvas.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, prev.text);
    await p.page.waitForFunction(() => window.sigmaHeatmap.summary().pendingLayers === 1);
    await p.frames(4);
    for (const name of ['layer-file:0', 'layer-previous', 'layer-history', 'layer-baseline', 'layer-targets', 'layer-view', 'layer-cancel']) {
      const r = await p.rect(name);
      assert.ok(inside(r, 390, 844), `${name} is on the screen: ${JSON.stringify(r)}`);
    }
    await p.page.screenshot({ path: '/tmp/sh-e2e-layer-popup-390.png' });
    await p.click('layer-view');
    await p.frames(3);
    const sum = await p.summary();
    assert.equal(sum.pendingLayers, 0);
    assert.equal(sum.view.main, 'matrix');
    assert.ok(sum.entries > 0, 'the layer is the heat-map');
  } finally {
    await p.context.close();
  }
});

test('fit: Board tables show gap and tactic names whole at 1920x1080', async () => {
  const p = await open({ width: 1920, height: 1080 });
  try {
    await p.options({ view: 'board', kpiThreshold: 100 });
    await p.frames(4);
    const s = await p.summary();
    assert.ok(s.board.topGaps.length > 0, 'gaps listed');
    assert.equal(s.view.ellipsized, 0, 'no name shortened with "..."');
  } finally {
    await p.context.close();
  }
});

test('tooltips: a long rule title does not squeeze its level and status to a letter per line', async () => {
  const p = await open({ samples: false });
  try {
    const rule = (i) => ({
      name: `long${i}.yml`,
      text: `title: A very long rule title that keeps going well past the width of a tooltip on any screen ${i}\n` +
        `status: test\nlevel: high\ntags:\n  - attack.execution\n  - attack.t1059.001\n` +
        `logsource:\n  product: windows\ndetection:\n  sel:\n    a: b\n  condition: sel\n`,
    });
    await p.page.evaluate((files) => window.sigmaHeatmap.loadFiles(files), [rule(1), rule(2), rule(3)]);
    await p.options({ fit: false, zoom: 1 });
    const cell = await p.rect('cell:T1059/execution');
    await p.page.mouse.move(cell.x + 10, cell.y + cell.h / 2);
    await p.frames(3);
    const tip = await p.rect('tooltip');
    // Title, tactic, score, sub-techniques, three rules of two lines each, the hint: < 16 lines.
    assert.ok(tip.h < 16 * 20, `tooltip ${Math.round(tip.w)}x${Math.round(tip.h)} px`);
    assert.ok(tip.w < 1366 * 0.6, 'and not wider than its wrap width');
  } finally {
    await p.context.close();
  }
});

// ---- 10. honest counts and empty states ----

test('counts: the toolbar counts techniques and sub-techniques as the Board does', async () => {
  const p = await open();
  try {
    const s = await p.summary();
    const m = s.texts.counts.match(/^(\d+) techniques?, (\d+) sub-techniques? covered$/);
    assert.ok(m, s.texts.counts);
    assert.equal(Number(m[1]), s.kpis.techniques.covered, 'techniques as the Board counts them');
    const subs = Object.entries(s.techniques).filter(([id, score]) => id.includes('.') && score > 0).length;
    assert.equal(Number(m[2]), subs);
    // With a platform chosen the matrix, the Board and the downloaded layer are that platform's: so
    // is the count (it stayed the all-platform one), as the Board's KPIs count it.
    await p.options({ platform: 'Linux' });
    await p.frames(2);
    const l = await p.summary();
    const lm = l.texts.counts.match(/^(\d+) techniques?, (\d+) sub-techniques? covered on Linux$/);
    assert.ok(lm, l.texts.counts);
    assert.equal(Number(lm[1]), l.kpis.techniques.covered, 'techniques as the Board counts them on Linux');
    assert.ok(Number(lm[1]) < Number(m[1]), `fewer on Linux (${lm[1]}) than on all platforms (${m[1]})`);
    assert.ok(Number(lm[2]) <= Number(m[2]));
    assert.ok(l.kpis.techniques.total < s.kpis.techniques.total, 'the KPIs follow the platform');
    // The downloaded layer is filtered to Linux and says the same counts (page.test.js: as the CLI's --platform).
    const layer = JSON.parse(await p.page.evaluate(() => window.sigmaHeatmap.layerJson()));
    assert.deepEqual(layer.filters.platforms, ['Linux']);
    const words = (n, one) => `${n} ${one}${n === '1' ? '' : 's'}`;
    assert.ok(layer.description.endsWith(`, on Linux: ${words(lm[1], 'technique')} and ${words(lm[2], 'sub-technique')}.`), layer.description);
  } finally {
    await p.context.close();
  }
});

test('empty states: exports are disabled with nothing loaded; an empty .json is not a layer', async () => {
  const p = await open({ samples: false });
  try {
    let downloaded = false;
    p.page.on('download', () => { downloaded = true; });
    for (const name of ['download', 'svg', 'png', 'share']) await p.click(name);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(downloaded, false, 'nothing downloaded');
    assert.equal(await p.page.evaluate(() => window.sigmaHeatmap.lastCopiedShareLink()), '', 'no share link copied');
    const r = await p.rect('download');
    await p.page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
    await p.frames(3);
    await p.page.evaluate((files) => window.sigmaHeatmap.loadFiles(files), [{ name: 'empty.json', text: '' }]);
    await p.frames(3);
    const s = await p.summary();
    assert.equal(s.pendingLayers, 0, 'no "1 ATT&CK Navigator layer dropped"');
    assert.ok(s.messages.some((m) => m.kind === 'error' && /^empty\.json/.test(m.text)), JSON.stringify(s.messages));
  } finally {
    await p.context.close();
  }
});

test('diff: new gaps are labelled with one definition that adds up', async () => {
  const p = await open();
  try {
    await p.page.evaluate((f) => window.sigmaHeatmap.loadPreviousLayer(f), await previousLayer(p.page));
    await p.options({ view: 'diff' });
    await p.frames(3);
    const s = await p.summary();
    const m = s.texts['new-gaps'].match(/^New gaps: (\d+) = (\d+) dropped below (\d+) \+ (\d+) already below it that lost all coverage$/);
    assert.ok(m, s.texts['new-gaps']);
    assert.equal(Number(m[1]), Number(m[2]) + Number(m[4]));
    assert.equal(Number(m[3]), 50);
    assert.equal(Number(m[2]), s.diff.droppedBelow.length);
    assert.equal(Number(m[4]), s.diff.lost.length);
    // The alert's box is as tall as its lines: a one-line alert showed a scrollbar (the text's final
    // newline took a line, and the box's padding was 2 px short), at a desktop's width and a phone's.
    assert.equal(s.texts['diff-alert-scrolls'], 'no', `the alert box scrolls: ${JSON.stringify(s.diff.alert)}`);
    await p.page.setViewportSize({ width: 390, height: 844 });
    await p.frames(4);
    assert.equal((await p.summary()).texts['diff-alert-scrolls'], 'no', 'the alert box scrolls on a phone');
  } finally {
    await p.context.close();
  }
});

// The Diff matrix with "Only changes" shows the tactics where something changed: on a phone the
// only change, under Credential Access, was past six empty columns and out of sight.
test('diff: only the tactics with a change are columns, so a phone shows the change without scrolling', async () => {
  const p = await open({ width: 390, height: 844 });
  try {
    // The samples' own layer, with one score lowered: T1003.001 under Credential Access.
    const layer = JSON.parse(await p.page.evaluate(() => window.sigmaHeatmap.layerJson()));
    const entry = layer.techniques.find((t) => t.techniqueID === 'T1003.001');
    assert.ok(entry && entry.tactic === 'credential-access' && entry.score > 10, JSON.stringify(entry));
    entry.score -= 10;
    await p.page.evaluate((f) => window.sigmaHeatmap.loadPreviousLayer(f), { name: 'previous.json', text: JSON.stringify(layer) });
    await p.options({ view: 'diff', sideOpen: false });
    await p.frames(4);
    const s = await p.summary();
    assert.deepEqual(s.view.diffTactics, ['credential-access']);
    const cell = await p.rect('diff-cell:T1003/credential-access');  // its parent's cell, closed
    assert.ok(cell.visible, `the changed cell is in view: ${JSON.stringify(cell)}`);
    assert.ok(inside(cell, 390, 844), JSON.stringify(cell));
    // With every cell shown, every tactic is a column again.
    await p.options({ diffOnlyChanges: false });
    await p.frames(3);
    assert.equal((await p.summary()).view.diffTactics.length, s.view.tactics.length);
  } finally {
    await p.context.close();
  }
});

// Reports tab: the gaps CSV's file name sits beside "Download gaps CSV" where it fits, else under
// it, wrapped; a long report name ran past the side panel's edge ("coverage_q4_2026-gaps.c").
test('fit: the gaps CSV\'s file name stays within the side panel (1366x768 and 390x844)', async () => {
  for (const [width, height] of [[1366, 768], [390, 844]]) {
    const p = await open({ width, height });
    try {
      for (const name of ['q4', 'detection_coverage_emea_q4_2026_weekly']) {
        assert.equal(await p.options({ name, tab: 'reports', sideOpen: true }), '');
        await p.frames(4);
        const panel = await p.rect('side-panel');
        const button = await p.rect('gaps-csv');
        const file = await p.rect('gaps-csv-name');
        assert.ok(file.x + file.w <= panel.x + panel.w + 0.5,
          `${width}px, "${name}": the file name ends at ${file.x + file.w}, the panel at ${panel.x + panel.w}`);
        if (name === 'q4') assert.ok(file.y < button.y + button.h && file.x > button.x + button.w, 'a short name beside the button');
        else assert.ok(file.y >= button.y + button.h - 0.5 || file.x + file.w <= panel.x + panel.w, 'a long one under it');
      }
      await p.page.screenshot({ path: `/tmp/sh-e2e-gaps-name-${width}.png` });
      assert.deepEqual(p.errors, []);
    } finally {
      await p.context.close();
    }
  }
});

// The Board's top gaps at a laptop's width with the side panel open: the table scrolls sideways,
// and the priority (the ranking's number) was the column past the edge, behind a scroll bar at the
// foot of a box as high as the tactic bars. The priority now follows the score, the formula's terms
// after it, and the table is as high as its rows, its scroll bar under the last one.
test('fit: the Board\'s gaps show each priority at 1366x768 with the side panel open, the scroll bar under the rows', async () => {
  const p = await open({ width: 1366, height: 768 });
  try {
    assert.equal(await p.options({ view: 'board', sideOpen: true, tab: 'layer', top: 10 }), '');
    await p.frames(4);
    const table = await p.rect('gaps-table');
    const tech = await p.rect('gap-technique:0');
    const priority = await p.rect('gap-priority:0');
    assert.ok(priority.x >= tech.x + tech.w - 0.5 && priority.x + priority.w <= table.x + table.w + 0.5,
      `the first gap's priority is in view: ${JSON.stringify(priority)} (table ${JSON.stringify(table)})`);
    const rows = 10;  // --top 10: the sample rules leave far more gaps than that
    const row = tech.h + 8;  // a text line and the cell padding, with room to spare
    assert.ok(table.h <= (rows + 1) * row + 20, `the table is as high as its ${rows} rows: ${table.h} px`);
    await p.page.screenshot({ path: '/tmp/sh-e2e-board-gaps-1366.png' });
    assert.deepEqual(p.errors, []);
  } finally {
    await p.context.close();
  }
});
