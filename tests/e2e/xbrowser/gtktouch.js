// gtktouch.js — builds gtktouch.c (a WebKitGTK view fed real GDK touch events) and drives it: the
// WebKitGTK touch driver of drivers.js. One process per page; commands and answers are lines on
// its stdin/stdout (see gtktouch.c).
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const SOURCE = path.join(__dirname, 'gtktouch.c');

// Why gtktouch cannot be built here ("" when it can).
function unavailable() {
  try {
    execFileSync('pkg-config', ['--exists', 'webkit2gtk-4.1', 'gtk+-3.0', 'gtk+-unix-print-3.0'], { stdio: 'ignore' });
  } catch (e) {
    return 'pkg-config finds no webkit2gtk-4.1 / gtk+-3.0 / gtk+-unix-print-3.0 (scripts/setup installs libwebkit2gtk-4.1-dev and libgtk-3-dev)';
  }
  return '';
}

// The program, compiled once per source version into the temporary directory.
let built = null;
function build() {
  if (built) return built;
  const src = fs.readFileSync(SOURCE);
  const tag = require('crypto').createHash('sha256').update(src).digest('hex').slice(0, 12);
  const out = path.join(os.tmpdir(), `sigma-heatmap-gtktouch-${tag}`);
  if (!fs.existsSync(out)) {
    const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'webkit2gtk-4.1', 'gtk+-3.0', 'gtk+-unix-print-3.0'], { encoding: 'utf8' }).trim().split(/\s+/);
    const tmp = `${out}.${process.pid}`;
    execFileSync(process.env.CC || 'cc', ['-O1', '-Wall', '-Wextra', '-o', tmp, SOURCE, ...flags], { stdio: ['ignore', 'inherit', 'inherit'] });
    fs.renameSync(tmp, out);
  }
  built = out;
  return out;
}

// How long the page may take to load, and a command to be answered, before the view is taken
// for stuck: the command fails saying so and the process is killed. Without this a page or a
// WebKit that stopped answering left its promise pending, the test's `finally` never ran, and the
// live process kept the test runner from ending after the test's own timeout.
const LOAD_MS = 60000;
const ANSWER_MS = 60000;

// Starts the page at `url` in a WIDTH x HEIGHT view; resolves once it has loaded.
// `answerMs` / `loadMs` override the limits above (tests of this driver).
async function open(url, { width = 1366, height = 768, answerMs = ANSWER_MS, loadMs = LOAD_MS } = {}) {
  const exe = build();
  const child = spawn(exe, [url, String(width), String(height)], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => {});  // writing to a view that has just died: its exit reports it
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const waiting = new Map();  // id -> {resolve, reject, timer}
  let next = 1, buffer = '', onReady = null, exited = null;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line === 'ready' || line.startsWith('failed ')) { if (onReady) onReady(line); continue; }
      const m = line.match(/^(\S+) (ok|err) (.*)$/);
      const w = m && waiting.get(m[1]);
      if (!w) continue;
      waiting.delete(m[1]);
      clearTimeout(w.timer);
      if (m[2] === 'ok') w.resolve(JSON.parse(m[3])); else w.reject(new Error(`gtktouch: ${m[3]}`));
    }
  });
  child.on('exit', (code, signal) => {
    exited = `gtktouch exited (${code ?? signal})${stderr ? ': ' + stderr.trim() : ''}`;
    if (onReady) onReady(`failed ${exited}`);
    for (const w of waiting.values()) { clearTimeout(w.timer); w.reject(new Error(exited)); }
    waiting.clear();
  });
  const gone = new Promise((r) => child.once('exit', r));
  const kill = async () => {
    if (!exited) child.kill('SIGKILL');
    await gone;
  };
  const loading = setTimeout(() => { if (onReady) onReady(`failed gtktouch: ${url} did not load in ${loadMs / 1000} s`); }, loadMs);
  const ready = await new Promise((resolve) => { onReady = resolve; });
  onReady = null;
  clearTimeout(loading);
  if (ready !== 'ready') { await kill(); throw new Error(ready); }
  const send = (verb, ...args) => new Promise((resolve, reject) => {
    if (exited) { reject(new Error(exited)); return; }
    const id = String(next++);
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error(`gtktouch: no answer to "${verb}" in ${answerMs / 1000} s: the page or WebKit is stuck; the view is killed`));
      kill();
    }, answerMs);
    waiting.set(id, { resolve, reject, timer });
    child.stdin.write(`${verb} ${id} ${args.join(' ')}\n`);
  });
  const f = (v) => (Math.round(v * 100) / 100).toFixed(2);
  return {
    // fn(arg) in the page; a Promise is awaited; the value comes back through JSON.
    evaluate: (fn, arg) => send('eval', Buffer.from(`return await (${fn.toString()})(${JSON.stringify(arg === undefined ? null : arg)});`).toString('base64')),
    // One touch point: kind begin|update|end|cancel, finger 0, 1, ...; view pixels.
    touch: (kind, finger, x, y, emulating) => send('touch', kind, finger, f(x), f(y), ...(emulating === undefined ? [] : [emulating ? 1 : 0])),
    // Prints the page with WebKit's own print operation to a PDF at the absolute path `file`,
    // on A4 ('portrait' or 'landscape'); resolves once the file is written.
    print: (file, orientation = 'portrait') => send('print', Buffer.from(file).toString('base64'), orientation),
    // Asks the view to quit; kills it if it has not in 5 s.
    async close() {
      if (exited) return;
      child.stdin.end('quit\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
    // Ends the view at once (a test that timed out); resolves once the process is gone.
    kill,
    pid: child.pid,
  };
}

module.exports = { open, unavailable, build };
