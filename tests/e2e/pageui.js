// pageui.js — small helpers the page-input tests share (Chromium via playwright-core): named
// rectangles from the test API, frames, the summary, a layer made from the sample rules.
'use strict';
const assert = require('node:assert/strict');

function ui(page) {
  const frames = (n = 2) => page.evaluate((k) => window.sigmaHeatmap.frames(k), n);
  const summary = () => page.evaluate(() => window.sigmaHeatmap.summary());
  const rect = async (name, { optional = false } = {}) => {
    await frames(1);
    const r = await page.evaluate((n) => window.sigmaHeatmap.uiRect(n), name);
    if (!optional) assert.ok(r, `${name} is on screen`);
    return r;
  };
  const click = async (name, dx = 0.5) => {
    const r = await rect(name);
    await page.mouse.click(r.x + r.w * dx, r.y + r.h / 2);
    await frames(2);
  };
  const options = (o) => page.evaluate((x) => window.sigmaHeatmap.setOptions(x), o);
  return { frames, summary, rect, click, options };
}

// The sample rules' layer with every score lowered to 10: a "previous" layer for the Diff view
// with changes in many columns.
async function previousLayer(page) {
  const text = await page.evaluate(() => window.sigmaHeatmap.layerJson());
  const layer = JSON.parse(text);
  for (const t of layer.techniques) if (typeof t.score === 'number') t.score = Math.max(0, t.score - 70);
  layer.name = 'last quarter';
  return { name: 'previous.json', text: JSON.stringify(layer) };
}

// How many pixels of a screenshot of `clip` pass test(r, g, b): the PNG is decoded by the page's
// own image decoder, its pixels counted here.
async function countPixels(page, clip, test) {
  const png = await page.screenshot({ clip });
  const data = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    return Array.from(g.getImageData(0, 0, c.width, c.height).data);
  }, png.toString('base64'));
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (test(data[i], data[i + 1], data[i + 2])) n++;
  return n;
}

module.exports = { ui, previousLayer, countPixels };
