// harness.test.js — tests of the cross-browser harness itself (drivers.js, gtktouch.js), run by
// run.sh beside xbrowser.test.js: a browser that stops answering must fail the test that waits on
// it, clearly and in bounded time, and leave no process behind that keeps the runner alive.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('child_process');
const path = require('path');
const drivers = require('./drivers');
const gtktouch = require('./gtktouch');

const url = process.env.SH_BASE_URL;
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code !== 'ESRCH'; } };
const settle = async (pid) => { for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100)); };

test('webkit: a gtktouch command the page never answers fails naming it, and the view is killed', {
  skip: drivers.skipReason(url, 'webkit', true) || false,
  timeout: 60000,
}, async () => {
  const view = await gtktouch.open(url, { width: 400, height: 300, answerMs: 1500 });
  try {
    assert.equal(await view.evaluate(() => 6 * 7), 42);
    const started = Date.now();
    // A page stuck in a busy loop for 5 s (then free again, so its web process can end). Not a
    // promise that never settles: WebKit may collect that one and answer "Unsupported result type".
    await assert.rejects(view.evaluate(() => { const end = Date.now() + 5000; while (Date.now() < end); return 1; }), /no answer to "eval" in 1\.5 s/);
    assert.ok(Date.now() - started < 10000, 'failed within its limit');
    await settle(view.pid);
    assert.equal(alive(view.pid), false, `gtktouch ${view.pid} is gone`);
    await assert.rejects(view.evaluate(() => 1), /gtktouch exited/);
  } finally {
    await view.kill();
  }
});

// Each engine's driver, through drivers.run, in a runner of its own (hang.js): the runner must
// report the timeout and end, and the browser process it printed must be gone.
for (const engine of ['firefox', 'webkit', 'webkit-touch']) {
  const why = drivers.skipReason(url, engine.replace('-touch', ''), engine.endsWith('-touch'));
  test(`${engine}: a scenario that hangs past its timeout ends its runner and leaves no browser`, { skip: why || false, timeout: 120000 }, async () => {
    const env = { ...process.env, SH_HANG_ENGINE: engine };
    delete env.NODE_TEST_CONTEXT;  // set by the runner around us: node would take the child for a subtest and skip it
    const child = spawn(process.execPath, ['--test', '--test-reporter=tap', path.join(__dirname, 'hang.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const limit = 60000;
    const code = await new Promise((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve('still running'); }, limit);
      child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
    });
    assert.notEqual(code, 'still running', `the runner ended within ${limit / 1000} s:\n${out}`);
    assert.match(out, /test timed out after 3000ms/, out);
    assert.match(out, /# (fail|cancelled) 1\b/, out);
    const pid = Number((out.match(/pid (\d+)/) || [])[1]);
    if (engine !== 'webkit') {
      assert.ok(pid > 0, `the driver gave the browser's pid:\n${out}`);
      await settle(pid);
      assert.equal(alive(pid), false, `browser process ${pid} is gone`);
    }
  });
}
