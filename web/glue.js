// glue.js — the small JS side of the page, loaded before the WebAssembly module:
//  * window.sigmaHeatmap, the test API (ready, loadFiles, summary, layerJson, ...), present from
//    page load; calls made before the module runs wait for it;
//  * drag-and-drop of files and folders anywhere on the page (webkitGetAsEntry recursion) and the
//    #file-input / #folder-input pickers, all feeding the same loader as loadFiles: read
//    progressively (a window of streamed reads, handed over between frames in name order), a .zip
//    opened into its entries by web/zip.js (window.shZip);
//  * downloads, the clipboard and file pickers requested by the C++ side (src/platform);
//  * layers (.json) dropped or picked go to the app, which asks whether they are the previous layer
//    (Diff), history (Trends), a baseline or targets; the "Open previous layer / history /
//    frequency CSV / baseline layer / targets / alerts CSV" pickers (a dropped .csv goes to the
//    loader, and the app reads it as alerts or as rules by its header);
//  * the board document (web/board.js shows it beside the canvas): the hooks it listens to here
//    (Module.shBoardReady, shShared, shChanged) and the test API's boardHtml();
//  * share links: "Copy share link" copies this page's address + "#s=..." (the whole heat-map,
//    never sent to a server); a page opened with "#s=..." shows it read-only;
//  * without WebGL 2 the module still runs (no frames): `ready` resolves with {webgl: false}, the
//    reason goes to console.error, and board.js shows the document for whatever was loaded.
//  * input (its own section): mouse, touch and pen through pointer events, the wheel in pixels,
//    flick momentum, pinch zoom, the search shortcuts the browser would take, the prompt before
//    leaving loaded work;
//  * messages: every status message also goes to aria-live regions for assistive technology.
// Sessions (settings and the loaded inputs kept for the next visit) are web/session.js's.
// Nothing here talks to the network.
(function () {
  'use strict';
  // Size limits per input kind, the core's (src/core/limits.hpp; tests/unit/test_limits.cpp checks
  // that these numbers agree): a larger file is not even read. A .json is a layer or a history trend
  // (known once read), so it may be as large as either.
  const MAX_BYTES = { rules: 8 * 1024 * 1024, csv: 8 * 1024 * 1024, layer: 32 * 1024 * 1024, trend: 32 * 1024 * 1024 };
  const maxBytes = (name) => (/\.json$/i.test(name) ? Math.max(MAX_BYTES.layer, MAX_BYTES.trend) : /\.csv$/i.test(name) ? MAX_BYTES.csv : MAX_BYTES.rules);
  const megabytes = (n) => (n / (1024 * 1024)).toFixed(1) + ' MB';
  const isRuleFile = (name) => /\.ya?ml$/i.test(name);
  // A part of the path starting with '.' (".github/workflows/ci.yml"): folders and archives skip
  // hidden files and folders, as the CLI does (sh::is_hidden_path).
  const isHiddenPath = (path) => path.split('/').some((p) => p.length > 1 && p[0] === '.' && p !== '..');
  // The same for a picked folder's file below the folder itself ("rules/.drafts/a.yml"), cheap
  // enough for the listing of tens of thousands of picked files: a hidden part follows a "/.".
  const isHiddenBelowTop = (path) => {
    const at = path.indexOf('/.');
    return at >= 0 && isHiddenPath(path.slice(path.indexOf('/') + 1));
  };
  const isLayerFile = (name) => /\.json$/i.test(name);

  const Module = (window.Module = window.Module || {});
  Module.canvas = document.getElementById('canvas');
  // The canvas keeps its last frame (WebGL's preserveDrawingBuffer), so a frame that changes a
  // few pixels draws only those (src/app/redraw.hpp): the module asks for its context through here.
  {
    const getContext = Module.canvas.getContext.bind(Module.canvas);
    Module.canvas.getContext = (type, attributes) => getContext(type, Object.assign({}, attributes, { preserveDrawingBuffer: true }));
  }
  Module.print = (text) => console.log(text);
  Module.printErr = (text) => console.warn(text);

  let resolveReady, rejectReady;
  let running = false;
  let webgl = false;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {});  // a page that never asks is not an unhandled rejection
  let idleWaiters = [];

  function fail(message) {
    document.body.classList.add('failed');
    document.getElementById('status').textContent = message;
  }

  // The module is running: with WebGL 2 (the editor draws frames) or without (no frames; the page
  // shows the board document). Either way the loader, the reports and the test API work.
  Module.shReady = (gl, reason) => {
    running = true;
    webgl = !!gl;
    if (!webgl) {
      document.documentElement.classList.add('no-webgl');
      console.error('sigma-heatmap: WebGL 2 is not available (' + (webglProblem || reason) +
        '); the interactive editor cannot start, the board is shown as a document instead');
    }
    let shared = null;
    if (/^#s=/.test(location.hash)) shared = openShare(location.hash);
    document.body.classList.add('ready');
    parseWorkers.start();
    warmUp();
    if (Module.shBoardReady) Module.shBoardReady({ webgl, reason: webglProblem || reason, shared });
    resolveReady({ webgl });
  };
  // The main thread's share of a load, run on the sample rules while the page waits for a drop
  // (app::WarmUp): a step per task, so input waits a millisecond or so at most; a load that starts
  // ends it (the load warms up what it runs).
  let mainWarmSteps = 0;
  function warmUp() {
    if (pumping || jobs.length > 0 || !Module._sh_warm_up()) return;
    mainWarmSteps++;
    setTimeout(warmUp, 0);
  }
  // Why WebGL could not start, in the browser's words when it gives them.
  let webglProblem = '';
  Module.canvas.addEventListener('webglcontextcreationerror', (e) => { webglProblem = e.statusMessage || webglProblem; });
  Module.shFatal = (message) => { fail(message); rejectReady(new Error(message)); };
  Module.onAbort = (what) => {
    fail('sigma-heatmap stopped: ' + what + '. Reload the page to start again.');
    rejectReady(new Error('sigma-heatmap stopped: ' + what));
  };
  // Called by the main loop once the queued files are all loaded (or the load was cancelled).
  // The summary (costly for a big rule set) is made only when a waiter wants it (loadFiles).
  Module.shIdle = () => {
    const waiters = idleWaiters;
    idleWaiters = [];
    changed();
    if (waiters.length === 0) return;
    const s = waiters.some((w) => w.wantsSummary) ? summary() : undefined;
    waiters.forEach((w) => w.resolve(s));
  };
  // What the page shows changed (files loaded, a layer or link opened, options set): board.js
  // brings its document up to date.
  const changed = () => { if (Module.shChanged) Module.shChanged(); };
  Module.shDownloadBytes = (name, bytes, mime) => downloadBlob(name, new Blob([bytes], { type: mime }));
  // The address a share link opens: this page, whatever its URL, with the heat-map after '#'.
  const shareUrl = (fragment) => location.href.split('#')[0] + fragment;
  let lastShareLink = '';
  let lastCopied = '';
  Module.shShare = (fragment) => {
    lastShareLink = shareUrl(fragment);
    Module.shCopyText(lastShareLink);
  };
  function openShare(hash) {
    const error = withCString(hash, (p) => Module.UTF8ToString(Module._sh_open_share(p)));
    if (error) console.warn('sigma-heatmap: share link: ' + error);
    if (Module.shShared) Module.shShared(error);
    return error;
  }
  window.addEventListener('hashchange', () => { if (running && /^#s=/.test(location.hash)) openShare(location.hash); });
  Module.shDownload = (name, text, mime) => downloadBlob(name, new Blob([text], { type: mime || 'application/json' }));
  function downloadBlob(name, blob) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }
  // Pickers for the Reports inputs; what was picked goes where the purpose says.
  let auxPurpose = '';
  Module.shOpenAuxPicker = (purpose) => {
    const input = document.getElementById('aux-input');
    auxPurpose = purpose;
    input.multiple = purpose === 'history' || purpose === 'history-folder';
    // A folder of layers, e.g. what `sigma-heatmap history --layers DIR` wrote.
    input.webkitdirectory = purpose === 'history-folder';
    input.accept = purpose === 'frequency' || purpose === 'alerts' ? '.csv,text/csv'
      : purpose === 'targets' ? '.txt,.csv,.json,text/plain,text/csv,application/json' : '.json,application/json';
    input.click();
  };
  Module.shOpenPicker = (folder) => document.getElementById(folder ? 'folder-input' : 'file-input').click();
  Module.shCopyText = (text) => {
    lastCopied = text;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).catch(() => copyFallback(text));
    } else {
      copyFallback(text);
    }
  };
  function copyFallback(text) {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing else to try */ }
    ta.remove();
    Module.canvas.focus();
  }

  // A JS string as a NUL-terminated UTF-8 copy in the wasm heap for the duration of fn(ptr, bytes).
  // TextEncoder.encodeInto writes straight into the heap (Emscripten 3.1.6's stringToUTF8 is a
  // per-character JS loop: noticeable for a folder of thousands of rules).
  const utf8 = new TextEncoder();
  function withCString(text, fn) {
    const max = text.length * 3 + 1;  // UTF-16 code unit -> at most 3 UTF-8 bytes
    const ptr = Module._malloc(max);
    const { written } = utf8.encodeInto(text, Module.HEAPU8.subarray(ptr, ptr + max - 1));
    Module.HEAPU8[ptr + written] = 0;
    try { return fn(ptr, written); } finally { Module._free(ptr); }
  }
  // Bytes (a Uint8Array) copied into the wasm heap, NUL after them, for the duration of fn(ptr, length).
  function withBytes(bytes, fn) {
    const ptr = Module._malloc(bytes.length + 1);
    Module.HEAPU8.set(bytes, ptr);
    Module.HEAPU8[ptr + bytes.length] = 0;
    try { return fn(ptr, bytes.length); } finally { Module._free(ptr); }
  }
  // A file's content, a string or (not UTF-8 text: see readCapped) its bytes, for fn(ptr, length).
  const withText = (t, fn) => (typeof t === 'string' ? withCString(t, fn) : withBytes(t, fn));

  function summary() {
    if (!running) return { rules: 0, loaded: 0, pending: 0, loading: false, errors: [], techniques: {} };
    return JSON.parse(Module.UTF8ToString(Module._sh_summary()));
  }

  // [{name, text}] (or {name, error}) -> Promise of the summary once all of them are loaded.
  // Layers (*.json) among them wait for the user to say what they are (previous layer or history).
  // options.keepOrder: load them in the order given (a restored session), not sorted by name.
  // The texts go through the same job as a pick (handed over between frames, in name order or the
  // order given; a rule file once a parse worker has parsed it, or parsed here where there are no
  // workers); problems go with them, in the same order.
  async function loadFiles(files, options) {
    await ready;
    if (!Array.isArray(files)) throw new TypeError('loadFiles expects an array of {name, text} or {name, bytes}');
    const keepOrder = !!(options && options.keepOrder);
    await parseWorkers.start();  // started with the page: normally settled long before
    const items = [];
    for (const f of files) {
      const name = String((f && f.name) || '(unnamed)');
      if (f && typeof f.text === 'string') items.push({ name, text: f.text });
      else if (f && f.bytes instanceof Uint8Array) items.push({ name, bytes: f.bytes });  // given to the core as they are
      else handOverProblem(name, (f && f.error) || 'could not be read as text');
    }
    if (!keepOrder) sortByName(items);
    const done = new Promise((resolve) => idleWaiters.push({ resolve, wantsSummary: true }));
    resetLoadStats();
    if (items.length === 0) {
      Module._sh_commit_files(0, 0);
      problemsHanded = 0;
    }
    else jobs.push(newJob(items, keepOrder));
    pumpLoading();
    return done;
  }
  // record, utf8Text: the file's rules as parsed by a parse worker (a wire record) and its text in
  // UTF-8, or nothing.
  function handOverText(name, text, record, utf8Text) {
    if (isLayerFile(name) && !webgl) {
      // No editor to ask what the layer is for: it becomes the heat-map the document shows.
      const error = withCString(name, (n) => withText(text, (t, len) => Module.UTF8ToString(Module._sh_view_layer(n, t, len))));
      if (error) handOverProblem(name, error);
    } else if (isLayerFile(name)) {
      withCString(name, (n) => withText(text, (t, len) => Module._sh_add_dropped_layer(n, t, len)));
    } else if (record) {
      // The worker's UTF-8 of the text (the same bytes encodeInto gives here) copied as it is:
      // encoding 3,141 SigmaHQ files again on the main thread took 64-98 ms of a 370-580 ms load.
      withCString(name, (n) => withBytes(utf8Text, (t, tlen) => withBytes(record, (r, rlen) => Module._sh_add_parsed_file(n, t, tlen, r, rlen))));
    } else {
      withCString(name, (n) => withText(text, (t, len) => Module._sh_add_file(n, t, len)));
    }
  }
  // A file of a load that could not be read: its error goes with the files handed over (the next
  // _sh_commit_files), to take its place among their diagnostics in name order.
  let problemsHanded = 0;
  function handOverProblem(name, message) {
    withCString(name, (n) => withCString(String(message), (m) => Module._sh_add_file_problem(n, m)));
    problemsHanded++;
  }

  // ---- parse workers: rule files parsed off the main thread ----
  // One Web Worker per hardware thread (1 to 4), each running the parse module (src/platform/worker,
  // web/parse-worker.js) instantiated from one WebAssembly.Module that the page compiles once and
  // posts to each: no SharedArrayBuffer, so no COOP/COEP headers. A worker turns a file's text into
  // a wire record of its rules and diagnostics (core/rules_wire.hpp); the main thread only decodes
  // them, in name order (the loader's queue), so the rules, diagnostics and scores are the same as
  // when the main thread parses. Where workers cannot start (refused, no blob URLs, the module will
  // not compile) or one fails mid-run, the main thread parses those files as before: nothing lost.
  // Hosted: dist/parse-worker.js and dist/sh-parse.wasm; the single file (file://): both inlined
  // (#sh-parse-js, #sh-parse-wasm) and the worker started from a blob URL.
  const parseWorkers = (() => {
    const MAX_WORKERS = 4;
    const START_TIMEOUT_MS = 15000;
    const pool = { workers: [], started: null, error: '', files: 0, batches: 0, failures: 0, peakHeap: 0, warmParses: 0, warmPostedAfterDrawn: -1 };
    // Files go to the workers in batches: one message per file cost as much as the parse itself
    // (3,141 files, 2 workers, nothing else running: 390-490 ms one by one, 230-260 ms in batches
    // of 16). A batch goes when it is full, when a worker has nothing to do, or at the loader's
    // next step (flush), so that no file waits for files that will not come.
    const BATCH_FILES = 16;
    const BATCH_BYTES = 256 * 1024;
    const pending = new Map();  // batch id -> {worker, dones}
    let batch = { files: [], dones: [], bytes: 0 };  // not sent yet
    let nextId = 1;

    async function compileModule() {
      const inlined = document.getElementById('sh-parse-wasm');
      if (inlined) {  // gzip + base64, as the main module in the single file
        const raw = atob(inlined.textContent.replace(/\s+/g, ''));
        const bytes = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        return WebAssembly.compile(await new Response(inflated).arrayBuffer());
      }
      const response = await fetch('sh-parse.wasm');
      if (!response.ok) throw new Error('sh-parse.wasm: HTTP ' + response.status);
      return WebAssembly.compile(await response.arrayBuffer());
    }
    function scriptUrl() {
      const inlined = document.getElementById('sh-parse-js');
      if (!inlined) return 'parse-worker.js';
      return URL.createObjectURL(new Blob([inlined.textContent], { type: 'text/javascript' }));
    }
    // One worker, up and running (its module instantiated), or null.
    function startOne(url, module) {
      return new Promise((resolve) => {
        let worker;
        try { worker = new Worker(url); } catch (e) { pool.error = String(e); resolve(null); return; }
        const w = { worker, alive: true, inFlight: 0 };
        const timer = setTimeout(() => { pool.error = 'a parse worker did not start in time'; worker.terminate(); resolve(null); }, START_TIMEOUT_MS);
        worker.onmessage = (e) => {
          const m = e.data || {};
          if (m.type === 'ready') {
            clearTimeout(timer);
            pool.peakHeap = Math.max(pool.peakHeap, m.heap || 0);
            worker.onmessage = (ev) => answered(w, ev.data || {});
            worker.onerror = (ev) => { ev.preventDefault(); lose(w, ev.message || 'error'); };
            worker.onmessageerror = () => lose(w, 'a message could not be read');
            resolve(w);
          } else if (m.type === 'failed') {
            clearTimeout(timer);
            pool.error = m.error;
            worker.terminate();
            resolve(null);
          }
        };
        worker.onerror = (e) => {
          e.preventDefault();
          clearTimeout(timer);
          pool.error = e.message || 'the parse worker could not start';
          worker.terminate();
          resolve(null);
        };
        worker.postMessage({ type: 'init', module });
      });
    }
    function answered(w, m) {
      if (m.type === 'warmed') pool.warmParses += m.parses || 0;  // see parse-worker.js, warming up
      if (m.type !== 'parsed') return;
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      w.inFlight--;
      pool.files += p.dones.length;
      pool.peakHeap = Math.max(pool.peakHeap, m.heap || 0);
      const sizes = new Uint32Array(m.sizes);
      for (let i = 0, at = 0; i < p.dones.length; i++) {
        const record = new Uint8Array(m.records, at, sizes[2 * i]);
        at += sizes[2 * i];
        const text = new Uint8Array(m.records, at, sizes[2 * i + 1]);
        at += sizes[2 * i + 1];
        p.dones[i](record, text);
      }
      if (w.inFlight === 0) flush();  // it would sit idle
    }
    // Sends the waiting batch to the least busy worker; where none can take it, each of its files
    // is handed back (done(null): parse it here) once the current task is done.
    function flush() {
      if (batch.files.length === 0) return;
      const { files, dones } = batch;
      batch = { files: [], dones: [], bytes: 0 };
      let best = null;
      for (const w of pool.workers) if (w.alive && (!best || w.inFlight < best.inFlight)) best = w;
      if (best) {
        const id = nextId++;
        pending.set(id, { worker: best, dones });
        best.inFlight++;
        pool.batches++;
        try {
          best.worker.postMessage({ type: 'parse', id, files });
        } catch (e) {
          lose(best, String(e));  // hands this batch back with the worker's others
        }
        return;
      }
      queueMicrotask(() => { for (const done of dones) done(null); });
    }
    // A worker that failed: its files go back to the main thread (done(null)), the others go on.
    function lose(w, why) {
      if (!w.alive) return;
      w.alive = false;
      pool.failures++;
      console.warn('sigma-heatmap: a parse worker failed (' + why + '); its files are parsed on the main thread');
      try { w.worker.terminate(); } catch (e) { /* gone already */ }
      for (const [id, p] of pending) {
        if (p.worker !== w) continue;
        pending.delete(id);
        queueMicrotask(() => { for (const done of p.dones) done(null); });  // never within parse()
      }
    }
    const alive = () => pool.workers.filter((w) => w.alive);
    return {
      // Promise of true once at least one worker runs, false where none can (never rejects).
      start() {
        if (pool.started) return pool.started;
        pool.started = (async () => {
          try {
            if (typeof Worker !== 'function' || typeof WebAssembly !== 'object') throw new Error('no Web Workers here');
            const count = Math.max(1, Math.min(MAX_WORKERS, Math.floor(navigator.hardwareConcurrency || 1)));
            const module = await compileModule();
            const url = scriptUrl();
            const started = await Promise.all(Array.from({ length: count }, () => startOne(url, module)));
            pool.workers = started.filter(Boolean);
            // The page's sample rules, for each worker to warm up on (parse-worker.js), once the
            // page's first frame is on screen (at once without WebGL: no frames): on 2 cores their
            // parsing slowed that frame (software WebGL, the engine's first compiles); navigation
            // to first frame drawn 2,305 -> 2,168 ms at 1366x768 and 2,827 -> 2,741 ms at 390x844,
            // DPR 3 (medians of 6, interleaved), and loads given after it no slower.
            ready.then(({ webgl: gl }) => gl && new Promise((resolve) => {
              const drawn = () => (Module._sh_frames_drawn() > 0 ? resolve() : requestAnimationFrame(drawn));
              drawn();
            })).then(() => {
              pool.warmPostedAfterDrawn = Module._sh_frames_drawn();
              const files = [];
              for (let i = 0; i < Module._sh_sample_count(); i++) {
                files.push({ name: Module.UTF8ToString(Module._sh_sample(i, 0)), text: Module.UTF8ToString(Module._sh_sample(i, 1)) });
              }
              for (const w of pool.workers) if (w.alive) w.worker.postMessage({ type: 'warm-up', files });
            }, () => {});
          } catch (e) {
            pool.error = String(e && e.message ? e.message : e);
          }
          if (pool.workers.length === 0) {
            console.warn('sigma-heatmap: no parse workers (' + (pool.error || 'unknown') + '); rules are parsed on the main thread');
          }
          return pool.workers.length > 0;
        })();
        return pool.started;
      },
      // Queues a file for a worker; done(record, utf8) (its wire record and its text in UTF-8) or
      // done(null) (parse it here) later, never before this returns. False when no worker can take it.
      parse(name, text, done) {
        const idle = alive();
        if (idle.length === 0) return false;
        batch.files.push({ name, text });
        batch.dones.push(done);
        batch.bytes += text.length;
        if (batch.files.length >= BATCH_FILES || batch.bytes >= BATCH_BYTES || idle.some((w) => w.inFlight === 0)) {
          flush();
        }
        return true;
      },
      flush,
      failAfter(n) { for (const w of alive()) w.worker.postMessage({ type: 'fail-after', n }); },
      stats: () => ({ workers: alive().length, started: pool.workers.length, filesParsed: pool.files, batches: pool.batches, failures: pool.failures,
        peakHeapBytes: pool.peakHeap, warmParses: pool.warmParses, warmPostedAfterDrawn: pool.warmPostedAfterDrawn, error: pool.error }),
    };
  })();

  // ---- loading between frames; files picked or dropped read progressively ----
  // After each frame (requestAnimationFrame, then a task once the frame is painted) one pump step
  // hands the files read so far to the module, in name order, and parses, for four times what the
  // frames cost (the dearest of the last few) but never so long that frame + step pass
  // TARGET_GAP_MS, and never shorter than the frame or FLOOR_STEP_MS, whichever is less: up to 80%
  // of the time goes to loading, and the progress bar and Cancel keep moving at least ten times a
  // second wherever a frame costs under 75 ms (with parse workers a step mostly decodes what they
  // parsed). Picked and dropped files are read a window at a time
  // (streamed file reads, zip entries) while earlier ones parse, so the first frame after a pick already
  // shows the progress bar, and memory holds a window of texts, not the whole folder twice.
  // Starting reads costs the main thread a little too: they start from the pump step, within
  // START_READS_MS. Finishing them costs it more, and not within any step: each read's chunks, its
  // end and its decoding are main-thread tasks (about 0.3 ms a file here, most of it in the browser's
  // own code), run between frames as the reads complete. So a step starts at most
  // READ_STARTS_PER_STEP reads: with up to 256 started at once, their completions alone kept frames
  // 80-90 ms apart, and picking the SigmaHQ folder had 152-185 ms gaps; at 64 a step, 80-99 ms, for
  // a pick up to 10-20 % longer (the bench's folder pick; 32 a step: 72 ms, 2.5 s).
  const TARGET_GAP_MS = 100;      // frame + pump step; the page must not stall for more than 100 ms
  const FLOOR_STEP_MS = 25;       // however slow frames are, a step gets min(frame, this)
  const FIRST_STEP_MS = 20;       // a load's first step (see the pump)
  // A read of a picked file waits ~0.1-0.4 s for the browser process here, whatever its size:
  // throughput comes from many reads in flight (600 SigmaHQ files with File.text(): 16 in flight
  // 12.8 s, 64 3.8 s, 256 1.3 s, on this loaded 2-core machine); the read-ahead window bounds memory.
  const READS_IN_FLIGHT = 256;
  const READ_AHEAD_FILES = 1024;  // read but not yet handed over (or being read), per job
  const READ_AHEAD_BYTES = 32 * 1024 * 1024;
  const START_READS_MS = 15;
  const READ_STARTS_PER_STEP = 64;
  let pumping = false;
  let yieldedAt = 0;
  // What frames cost, by kind, over the last few of each (the time from the end of a step to
  // the start of the next: the frame, and whatever else ran between, such as reads finishing):
  // frames the page did not draw (FRAME_WINDOW), frames it drew cheaply (a progress bar: it
  // redraws only the rectangle that changed) and dear frames (it rescored, or drew much of the
  // canvas: the matrix changing colour costs software WebGL 50-115 ms). The module says when a
  // frame will next draw or rescore and whether that one is dear (_sh_ms_until_draw,
  // _sh_draw_dear), so a step ends before such a frame, or is short enough for it; sized by the
  // dearest recent frame alone, steps ran 25 ms before dear frames (gaps of 102-109 ms loading
  // 31,410 files), or long before an unforeseen one.
  const FRAME_WINDOW = 12;
  const DRAWN_WINDOW = 6;
  const MIN_STEP_MS = 5;     // before a frame that alone takes most of TARGET_GAP_MS
  const DEAR_GUESS_MS = 80;  // a dear frame's cost until one is measured (a full SwiftShader frame)
  const costs = { plain: [], drawn: [], dear: [] };
  let frameCost = 50;        // the dearest recent plain frame; a guess until one is measured
  let drawnCount = 0, dearCount = 0;
  const keepLast = (list, value, n) => { list.push(value); if (list.length > n) list.shift(); };
  const dearest = (list, guess) => (list.length ? Math.max(...list) : guess);
  const jobs = [];     // reading jobs, handed over first to last (a drop, then the next drop)
  // The pump's own cost since the last load started (window.sigmaHeatmap.loadStats(), the bench):
  // its longest step is what loading adds to a frame gap.
  // workerFiles: files of the last load whose parse came from a parse worker; mostReadsStarted:
  // the most file reads one step started (at most READ_STARTS_PER_STEP).
  const freshLoadStats = () => ({ steps: 0, longestStepMs: 0, totalStepMs: 0, workerFiles: 0, mostReadsStarted: 0 });
  let loadStats = freshLoadStats();
  const resetLoadStats = () => { if (!pumping) loadStats = freshLoadStats(); };
  const pump = new MessageChannel();
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const afterNextFrame = () => nextFrame().then(() => pump.port2.postMessage(0));
  pump.port1.onmessage = () => {
    const t0 = performance.now();
    if (running) {
      const drawn = Module._sh_frames_drawn(), dear = Module._sh_frames_dear();
      if (yieldedAt) {
        const kind = dear !== dearCount ? 'dear' : drawn !== drawnCount ? 'drawn' : 'plain';
        keepLast(costs[kind], t0 - yieldedAt, kind === 'plain' ? FRAME_WINDOW : DRAWN_WINDOW);
      }
      [drawnCount, dearCount] = [drawn, dear];
    }
    frameCost = dearest(costs.plain, frameCost);
    // Where frames alone take most of TARGET_GAP_MS (software WebGL on a busy machine) loading
    // still gets min(frame, FLOOR_STEP_MS) rather than starving.
    let step = Math.max(Math.min(frameCost, FLOOR_STEP_MS), Math.min(4 * frameCost, TARGET_GAP_MS - frameCost));
    const untilDraw = running ? Module._sh_ms_until_draw() : 0;
    if (untilDraw <= step + frameCost) {  // the next frame could draw or rescore
      // Stop in time for it not to, if that leaves a step worth taking; else make room for it.
      if (untilDraw - frameCost >= FLOOR_STEP_MS) step = untilDraw - frameCost;
      else {
        const drawnCost = dearest(costs.drawn, frameCost);
        const cost = running && Module._sh_draw_dear(step + frameCost) ? dearest(costs.dear, Math.max(drawnCost, DEAR_GUESS_MS)) : drawnCost;
        step = Math.max(MIN_STEP_MS, Math.min(step, TARGET_GAP_MS - cost));
      }
    }
    // A load's first step follows whatever ran since the last frame (the pick's listing and final
    // sort, the browser's own handling of the picked files) and knows no frame cost of its own yet.
    // Since a pick shows its listing (frames drawn just before, so _sh_ms_until_draw no longer
    // shortened it), that step ran 47-71 ms and the 10x pick's first gaps grew from 104-108 to
    // 115-138 ms.
    if (!yieldedAt) step = Math.min(step, FIRST_STEP_MS);
    const deadline = t0 + step;
    if (running) {
      handOver(deadline);
      startReads(Math.min(deadline, performance.now() + START_READS_MS));
    }
    const parsing = running && Module._sh_load_step(Math.max(1, deadline - performance.now())) > 0;
    const cost = performance.now() - t0;
    loadStats.steps++;
    loadStats.totalStepMs += cost;
    loadStats.longestStepMs = Math.max(loadStats.longestStepMs, cost);
    if (parsing || jobs.length > 0) {
      yieldedAt = performance.now();
      afterNextFrame();
    } else {
      pumping = false;
      yieldedAt = 0;
      for (const list of Object.values(costs)) list.length = 0;
    }
  };
  function pumpLoading() {
    if (!pumping) { pumping = true; pump.port2.postMessage(0); }
  }

  // Items in std::string's order of their names (UTF-8 bytes, i.e. code points): the order the
  // module loads a batch in. JS's own < compares UTF-16 units, which differs only where a name has
  // a character above U+FFFF (a surrogate pair); without one, the native comparison is the same
  // order and much faster (31,410 paths: 55 ms of the first frame after a pick went to byCodePoint).
  function sortByName(items) {
    if (items.some((it) => /[\uD800-\uDFFF]/.test(it.name))) items.sort((a, b) => byCodePoint(a.name, b.name));
    else items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  function byCodePoint(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      let x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x === y) continue;
      if (x >= 0xd800 && x <= 0xdfff) x += 0x2000; else if (x >= 0xe000) x -= 0x800;
      if (y >= 0xd800 && y <= 0xdfff) y += 0x2000; else if (y >= 0xe000) y -= 0x800;
      return x - y;
    }
    return a.length - b.length;
  }

  // One item -> {name, text} | {name, error} | {name, zipProblem} (an archive's entry).
  async function readItem(item) {
    const { name } = item;
    if (item.error) return { name, error: item.error };
    if (item.archive) {
      const r = await item.archive.text(item.entry);
      if (r.error) return { name, zipProblem: { archive: item.archiveName, entry: item.entry.name, message: r.error } };
      return r.bytes ? { name, bytes: r.bytes } : { name, text: r.text };
    }
    try {
      const max = maxBytes(name);
      const text = await readCapped(item.file, max);
      if (text instanceof Uint8Array) return { name, bytes: text };
      if (text === null) return { name, error: 'file is larger than ' + +(max / 1048576).toFixed(1) + ' MB (' + item.file.size + ' bytes): not read' };
      return { name, text };
    } catch (e) {
      return { name, error: 'could not be read: ' + e };
    }
  }
  // A file's text, or null past `max` bytes (read no further). Streamed: a picked file's size
  // is a synchronous call to the browser process (0.5-4 ms here; 3,141 of them froze the page),
  // its stream is not. Decoded as UTF-8 (a BOM dropped); bytes that are not UTF-8 (UTF-16 or UTF-32
  // text, Latin-1, a binary file) come back as they are, for the core to decode or refuse with the
  // CLI's words and position: File.text() would replace them with U+FFFD, and a file the CLI
  // refuses would load here.
  const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
  const decodeOrBytes = (bytes) => {
    try { return utf8Decoder.decode(bytes); } catch (e) { return bytes; }
  };
  async function readCapped(file, max) {
    if (typeof file.stream !== 'function') return file.size > max ? null : decodeOrBytes(new Uint8Array(await file.arrayBuffer()));
    const reader = file.stream().getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
    if (chunks.length === 1) return decodeOrBytes(chunks[0]);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
    return decodeOrBytes(bytes);
  }

  // Items ({name, file} | {name, error} | {name, archive, entry, archiveName}) -> Promise of the
  // summary once all are loaded, or the load was cancelled.
  async function readAndLoad(items) {
    await ready;
    await parseWorkers.start();  // started with the page: normally settled long before a pick
    if (items.length === 0) {
      Module._sh_listing(0, 0, 0);  // a listed pick or drop with nothing to load (fromInput, fromDrop)
      return summary();
    }
    sortByName(items);
    const done = new Promise((resolve) => idleWaiters.push({ resolve, wantsSummary: false }));
    resetLoadStats();
    jobs.push(newJob(items, false));
    pumpLoading();
    return done;
  }
  function newJob(items, keepOrder) {
    return { items, keepOrder, started: 0, handed: 0, inFlight: 0, bytesAhead: 0, results: new Array(items.length), zipProblems: [], gen: Module._sh_expect_files(items.length) };
  }
  // Starts reads of the jobs' next files, in order, until the deadline, a window is full or
  // READ_STARTS_PER_STEP reads are started (texts given to loadFiles are not reads); a rule
  // file read goes on to a parse worker, and is handed over once parsed (or refused: then here).
  function startReads(deadline) {
    let starts = 0;
    let inFlight = 0;
    for (const job of jobs) inFlight += job.inFlight;
    for (const job of jobs) {
      while (!job.stopped && job.started < job.items.length && inFlight < READS_IN_FLIGHT &&
             job.started - job.handed < READ_AHEAD_FILES && job.bytesAhead < READ_AHEAD_BYTES &&
             performance.now() < deadline && starts < READ_STARTS_PER_STEP) {
        const i = job.started++;
        const item = job.items[i];
        if (typeof item.text === 'string' || item.bytes) {  // loadFiles: nothing to read; sent on within this step's time
          arrived(job, i, item.bytes ? { name: item.name, bytes: item.bytes } : { name: item.name, text: item.text });
          continue;
        }
        job.inFlight++;
        inFlight++;
        starts++;
        readItem(item).then((r) => {
          job.inFlight--;
          if (!job.stopped) arrived(job, i, r);
        });
      }
    }
    loadStats.mostReadsStarted = Math.max(loadStats.mostReadsStarted, starts);
    parseWorkers.flush();  // a part batch waits no longer than this step
  }
  // A file read: a rule file goes on to a parse worker (r.parsing until it answers).
  function arrived(job, i, r) {
    if (typeof r.text === 'string' && isRuleFile(r.name)) {
      r.parsing = parseWorkers.parse(r.name, r.text, (record, utf8) => {
        r.parsing = false;
        r.record = record;
        r.utf8 = utf8;
        // Its UTF-8 is what goes over: the string need not be held beside it until then.
        if (record) { r.text = ''; loadStats.workerFiles++; }
      });
    }
    job.results[i] = r;
    r.ahead = r.text ? r.text.length : r.bytes ? r.bytes.length : 0;
    job.bytesAhead += r.ahead;
  }
  function handOver(deadline) {
    while (jobs.length > 0) {
      const job = jobs[0];
      if (job.gen !== Module._sh_load_generation()) {  // cancelled or cleared: drop what is left
        job.stopped = true;
        jobs.shift();
        continue;
      }
      let settled = 0;
      while (job.handed < job.items.length && job.results[job.handed] && !job.results[job.handed].parsing &&
             performance.now() < deadline) {
        const r = job.results[job.handed];
        job.results[job.handed++] = undefined;
        settled++;
        if (typeof r.text === 'string' || r.bytes) {
          job.bytesAhead -= r.ahead;
          handOverText(r.name, r.bytes || r.text, r.record, r.utf8);
        } else if (r.zipProblem) {
          job.zipProblems.push(r.zipProblem);
        } else {
          handOverProblem(r.name, r.error);
        }
      }
      const finished = job.handed === job.items.length;
      if (finished) {  // an archive's problems, one diagnostic per kind (window.shZip.summarise)
        const byArchive = new Map();
        for (const p of job.zipProblems) {
          if (!byArchive.has(p.archive)) byArchive.set(p.archive, []);
          byArchive.get(p.archive).push({ entry: p.entry, message: p.message });
        }
        for (const [archive, problems] of byArchive) {
          for (const d of window.shZip.summarise(archive, problems)) handOverProblem(d.file, d.message);
        }
      }
      if (settled > 0 || problemsHanded > 0) Module._sh_commit_files(job.keepOrder ? 1 : 0, settled);
      problemsHanded = 0;
      if (!finished) return;  // waiting for reads, or out of time
      jobs.shift();
    }
  }

  // Files picked or dropped ({name, file}) -> items; a .zip becomes its rule, CSV and layer
  // entries, named by their path inside the archive (as the CLI names them); an archive that
  // cannot be listed is one problem.
  const isZipFile = (name) => /\.zip$/i.test(name);
  const isArchiveEntryLoaded = (name) => /\.(ya?ml|csv|json)$/i.test(name) && !/^__MACOSX\//.test(name) && !isHiddenPath(name);
  async function expandArchives(list) {
    const items = [];
    for (const item of list) {
      if (!item.file || !isZipFile(item.name)) { items.push(item); continue; }
      if (!window.shZip) { items.push({ name: item.name, error: 'zip archives cannot be read in this page' }); continue; }
      // Per entry the rule file's limit, as the CLI's archive reader (cli::ArchiveLimits).
      const archive = await window.shZip.open(item.file, { maxEntryBytes: MAX_BYTES.rules });
      if (archive.error) items.push({ name: item.name, error: archive.error });
      for (const entry of archive.entries) {
        if (isArchiveEntryLoaded(entry.name)) items.push({ name: entry.name, archive, entry, archiveName: item.name });
      }
    }
    return items;
  }

  // Files (from a picker) -> [{name, text}|{name, error}], read in parallel (the Reports pickers:
  // one or a few small files).
  function readAll(list) {
    return Promise.all(list.map(({ file, name }) => {
      const max = maxBytes(name);
      if (file.size > max) {
        return { name, error: 'file is too large: ' + megabytes(file.size) + ' (' + file.size + ' bytes; the limit is ' + megabytes(max) + '); not read' };
      }
      // Not UTF-8: its bytes, for the core to read or refuse as the CLI does (File.text() replaced them).
      return file.arrayBuffer().then((b) => {
        const t = decodeOrBytes(new Uint8Array(b));
        return t instanceof Uint8Array ? { name, bytes: t } : { name, text: t };
      }, (e) => ({ name, error: 'could not be read: ' + e }));
    }));
  }

  // A file input's files -> [{file, name}] (from a folder, only those `keep` wants), listed
  // LIST_CHUNK files at a time with a frame between chunks and, for a rule pick, each chunk sorted
  // by name as it is listed: in one task, listing 31,410 picked files took ~46 ms and sorting them
  // ~35 ms, so the frame after the pick came ~90 ms late. Sorted chunks are runs that the final
  // sort (sortByName, V8's TimSort) merges instead of sorting again. The chunk is a count, not a
  // time budget: 4,096 files list and sort in 8-15 ms here, and a pick of up to that many (the
  // SigmaHQ corpus is 3,141) is always counted by the first frame after it. A 12 ms budget did
  // that only on a quiet machine: listing 3,141 files took 5-10 ms here, and more on a busy CI
  // runner, where the first frame then showed no count. The input is cleared only at the end:
  // clearing it empties its FileList in place (Chromium); a new pick meanwhile gives the input a
  // new FileList and leaves this one as it was.
  // A rule pick of more than one chunk is announced (Module._sh_listing): from the first frame the
  // progress bar says "Listing 4,096 / 31,410 picked files" and has Cancel, which ends the listing at
  // the next chunk (the loader's generation changes; null comes back, and nothing is loaded). The
  // listing lasts until the load's reading job announces its files (readAndLoad), so that no frame
  // in between shows the page idle.
  const LIST_CHUNK = 4096;
  let listChunk = LIST_CHUNK;  // the test API's setListChunk makes it small (and a drop's batches no bigger), to act while listing
  async function fromInput(input, keep = isRuleFile, sorted = true, announce = false) {
    const files = input.files;
    const count = files ? files.length : 0;
    const runs = [];
    let cancelled = false;
    const listing = announce && running && count > listChunk;
    const gen = listing ? Module._sh_listing(0, count, 0) : 0;
    for (let i = 0; i < count;) {
      const run = [];
      for (const stop = Math.min(count, i + listChunk); i < stop; i++) {
        const file = files[i];
        const name = file.webkitRelativePath || file.name;
        // Folders: only the files wanted, and none under a hidden folder below the one picked.
        if (file.webkitRelativePath && (!keep(name) || isHiddenBelowTop(name))) continue;
        run.push({ file, name });
      }
      if (sorted) sortByName(run);
      runs.push(run);
      if (listing) Module._sh_listing(i, count, 0);
      if (i < count) {
        await nextFrame();
        if (listing && Module._sh_load_generation() !== gen) {  // Cancel (or Clear) while listing
          cancelled = true;
          break;
        }
      }
    }
    if (input.files === files) input.value = '';
    return cancelled ? null : [].concat(...runs);
  }

  // A drop -> [{name, file} | {name, error}] (null once cancelled): files taken whatever their
  // name, folders walked for their *.yml/*.yaml files (hidden ones below the dropped folder
  // skipped, isHiddenPath). A dropped folder is not a FileList: its files are found folder by
  // folder (readEntries) and each must be opened (FileEntry.file()), one request to the browser a
  // file. Asked all at once, as before, the SigmaHQ folder's 3,141 files froze the page for 0.4-0.6 s
  // at a time, 2 s in all before its first count, and the 10x folder's 31,410 for 6-8 s at a time:
  // while file() requests are pending Chromium draws no frame. So the folders are read
  // DROP_FOLDERS_AT_ONCE at a time and the files opened in batches with a frame after each, sized
  // to take about DROP_BATCH_MS by the time a file took so far (~0.6 ms here). From the first frame the
  // progress bar says "Reading folders: N rule files found", then "Listing i / n
  // dropped files", with Cancel (the loader's generation changes; nothing is loaded). A folder or
  // file that cannot be read is a problem with its path (the CLI: "could not read the whole folder").
  const DROP_FOLDERS_AT_ONCE = 4;
  const DROP_BATCH_MS = 30;
  const DROP_BATCH_FIRST = 32;
  async function fromDrop(dataTransfer) {
    // Entries must be taken synchronously, while the event's DataTransfer is still readable.
    const items = Array.from(dataTransfer.items || []).filter((i) => i.kind === 'file');
    const taken = items.map((i) => ({ entry: i.webkitGetAsEntry ? i.webkitGetAsEntry() : null, file: i.getAsFile() }));
    if (taken.length === 0) {
      for (const file of Array.from(dataTransfer.files || [])) taken.push({ entry: null, file });
    }
    const out = [];
    const folders = [];
    for (const { entry, file } of taken) {
      if (entry && entry.isDirectory) folders.push(entry);
      else if (file) out.push({ file, name: file.name });  // a dropped file is loaded whatever its name
    }
    if (folders.length === 0) return out;
    // Announced only once the module runs (a drop before that is loaded once it is ready), and
    // never after Cancel: a count arriving after it would bring the bar back.
    const gen = running ? Module._sh_listing(0, -1, 1) : 0;
    const cancelled = () => running && Module._sh_load_generation() !== gen;
    const announce = (listed, total) => { if (running && !cancelled()) Module._sh_listing(listed, total, 1); };
    const found = await findRuleFiles(folders, (n) => announce(n, -1), cancelled);
    if (found === null) return null;
    // In name order now, in a frame of its own (31,410 names: 35-55 ms): the load's own sort then
    // finds them sorted, and the frame that starts the load is not late by it.
    sortByName(found);
    const opened = await openEntries(found, (n) => announce(n, found.length), cancelled);
    return opened === null ? null : out.concat(opened);
  }
  const entryPath = (entry) => String(entry.fullPath || entry.name || '').replace(/^\/+/, '');
  // A folder's entries, batch by batch as readEntries gives them (100 at a time in Chromium: a
  // folder of 31,410 files is counted as it is read, not once it is read whole); resolves with the
  // error that stopped it, if one did (the batches before it are kept). onBatch returns false to stop.
  function readFolder(folder, onBatch) {
    return new Promise((resolve) => {
      const reader = folder.createReader();
      const next = () => reader.readEntries((batch) => {
        if (batch.length === 0 || onBatch(batch) === false) return resolve(null);
        next();
      }, (e) => resolve(e && (e.message || e.name) || String(e)));
      next();
    });
  }
  // Folders -> [{name, entry} | {name, error}] of the rule files under them (null once cancelled),
  // DROP_FOLDERS_AT_ONCE folders read at a time; onFound(count) after each batch of entries.
  function findRuleFiles(folders, onFound, cancelled) {
    const found = [];
    const waiting = folders.slice().reverse();  // depth first, in the order dropped
    let reading = 0;
    let stopped = false;
    return new Promise((resolve) => {
      const more = () => {
        if (!stopped && cancelled()) stopped = true;
        while (!stopped && waiting.length > 0 && reading < DROP_FOLDERS_AT_ONCE) {
          const folder = waiting.pop();
          const below = [];
          reading++;
          readFolder(folder, (batch) => {
            if (cancelled()) return false;
            for (const child of batch) {
              const path = entryPath(child);
              const base = child.name || path.split('/').pop();  // an entry without a name: its path's last part
              if (isHiddenPath(base)) continue;  // .git, .github, .draft.yml
              if (child.isDirectory) below.push(child);
              else if (child.isFile && isRuleFile(base)) found.push({ name: path, entry: child });
            }
            onFound(found.length);
          }).then((error) => {
            reading--;
            if (error) found.push({ name: entryPath(folder) + '/', error: 'could not read the whole folder: ' + error });
            for (let i = below.length - 1; i >= 0; i--) waiting.push(below[i]);
            more();
          });
        }
        if (reading === 0 && (stopped || waiting.length === 0)) resolve(stopped ? null : found);
      };
      more();
    });
  }
  // [{name, entry}] -> [{name, file} | {name, error}] (null once cancelled): a batch of file()
  // requests, then a frame, the batch sized to take about DROP_BATCH_MS; onListed(count) after each.
  async function openEntries(list, onListed, cancelled) {
    const opened = new Array(list.length);
    let batch = DROP_BATCH_FIRST;
    let perFile = 0;  // ms, a moving average
    for (let i = 0; i < list.length;) {
      const t0 = performance.now();
      const stop = Math.min(list.length, i + Math.min(batch, listChunk));
      const pending = [];
      for (; i < stop; i++) {
        const item = list[i];
        if (!item.entry) { opened[i] = item; continue; }
        const at = i;
        pending.push(new Promise((resolve) => item.entry.file(
          (file) => { opened[at] = { name: item.name, file }; resolve(); },
          (e) => { opened[at] = { name: item.name, error: 'could not be read: ' + (e && (e.message || e.name) || e) }; resolve(); })));
      }
      await Promise.all(pending);
      if (pending.length > 0) {
        const took = (performance.now() - t0) / pending.length;
        perFile = perFile ? 0.7 * perFile + 0.3 * took : took;
        batch = Math.max(8, Math.min(1024, Math.floor(DROP_BATCH_MS / Math.max(perFile, 0.01))));
      }
      onListed(i);
      await nextFrame();
      if (cancelled()) return null;
    }
    return opened;
  }

  const loadPicked = async (list) => readAndLoad(await expandArchives(list));

  // {name, text} or {name, bytes} (a file that is not UTF-8: the core reads its bytes as the CLI does).
  const one = (f) => {
    if (!f || typeof f.name !== 'string' || (typeof f.text !== 'string' && !(f.bytes instanceof Uint8Array))) {
      throw new TypeError('expected {name, text} or {name, bytes}');
    }
    return { name: f.name, text: f.bytes instanceof Uint8Array ? f.bytes : f.text };
  };
  // {name, text} of a Navigator layer -> Promise of the summary with `diff`; rejects when it is not a layer.
  async function loadPreviousLayer(file) {
    await ready;
    const f = one(file);
    const error = withCString(f.name, (n) => withText(f.text, (t, len) =>
      Module.UTF8ToString(Module._sh_set_previous_layer(n, t, len))));
    if (error) throw new Error(error);
    changed();
    return summary();
  }
  // [{name, text}] of earlier layers -> Promise of the summary with `trend`.
  async function loadHistoryLayers(files) {
    await ready;
    if (!Array.isArray(files)) throw new TypeError('loadHistoryLayers expects an array of {name, text}');
    for (const f of files.map(one)) {
      withCString(f.name, (n) => withText(f.text, (t, len) => Module._sh_add_history_layer(n, t, len)));
    }
    Module._sh_add_history_layers_done();  // added together: one status for them all
    changed();
    return summary();
  }
  // {name, text} of a `technique,frequency` CSV -> Promise of the summary; rejects on errors.
  async function loadFrequencyCsv(file) {
    await ready;
    const f = one(file);
    const error = withCString(f.name, (n) => withText(f.text, (t, len) =>
      Module.UTF8ToString(Module._sh_set_frequency_csv(n, t, len))));
    if (error) throw new Error(error);
    changed();
    return summary();
  }
  // {name, text} for the latency ('alerts'), the baseline layer or the targets -> Promise of the
  // summary (with `latency`, `baseline` or `targets`); rejects with the reason it cannot be used.
  async function setReportInput(kind, file) {
    await ready;
    const f = one(file);
    const error = withCString(kind, (k) => withCString(f.name, (n) => withText(f.text, (t, len) =>
      Module.UTF8ToString(Module._sh_set_report_input(k, n, t, len)))));
    if (error) throw new Error(error);
    changed();
    return summary();
  }
  const clearReportInput = (kind) => ready.then(() => { withCString(kind, (k) => Module._sh_clear_report_input(k)); changed(); });
  const reportText = (which) => (running ? withCString(which, (p) => Module.UTF8ToString(Module._sh_report_text(p))) : '');
  const request = (what) => ready.then(() => withCString(what, (p) => Module._sh_request(p)));

  // ---- page wiring ----
  document.getElementById('aux-input').addEventListener('change', async (e) => {
    const purpose = auxPurpose;
    const files = await readAll(await fromInput(e.target, purpose === 'history-folder' ? (n) => /\.json$/i.test(n) : isRuleFile, false));
    const texts = files.filter((f) => typeof f.text === 'string' || f.bytes);
    try {
      if (purpose === 'previous' && texts.length) await loadPreviousLayer(texts[0]);
      else if (purpose === 'history' || purpose === 'history-folder') {
        if (!texts.length) throw new Error('no .json layers in that folder');
        await loadHistoryLayers(texts);
      }
      else if (purpose === 'frequency' && texts.length) await loadFrequencyCsv(texts[0]);
      else if (['alerts', 'baseline', 'targets'].includes(purpose) && texts.length) await setReportInput(purpose, texts[0]);
    } catch (err) {
      const message = String(err && err.message || err);
      console.warn(message);
      if (!texts.length) withCString(message, (m) => Module._sh_post_message(1, m));
      for (const f of texts.slice(0, 1)) {
        withCString(f.name, (n) => withCString(message, (m) => Module._sh_add_problem(n, m)));
        const said = message.startsWith(f.name) ? message : f.name + ': ' + message;
        withCString(said, (m) => Module._sh_post_message(1, m));
      }
    }
  });
  for (const id of ['file-input', 'folder-input']) {
    document.getElementById(id).addEventListener('change', (e) => {
      fromInput(e.target, isRuleFile, true, true).then((list) => list && loadPicked(list)).catch((err) => {
        if (running) Module._sh_listing(0, 0, 0);  // a listing never left showing
        console.error('sigma-heatmap: the picked files could not be loaded: ' + (err && err.message || err));
      });
    });
  }
  // ==== input: pointer (mouse, touch, pen), wheel, pinch, keys the browser would take ====
  // Everything here feeds the C++ input queue (src/app/input_queue.hpp) through small exported
  // functions, in device pixels relative to the canvas; GLFW's Emscripten port only delivers the
  // keyboard. Why: its wheel drops deltaMode and flips one axis, it maps touches to a mouse that
  // presses on touchstart (no tap, no pan, no pinch, hover left behind), and it never says when
  // the pointer leaves. Kept in this one section so other changes to this file merge around it.
  (function input() {
    const canvas = Module.canvas;

    // -- the on-screen keyboard. A phone shows its keyboard only for a focused text element, and
    // its keyboard (or an input method anywhere) types through `beforeinput` and composition
    // events rather than key presses. So a tap that edits a text field focuses this hidden
    // textarea (in the tap's own handler: iOS raises the keyboard only then; a tap read a frame
    // later focuses it when the C++ side says a field is edited, Module.shTextInput), and what
    // it receives goes to ImGui: text as characters (a composition as it changes, Backspaces for
    // what it takes back), deletions and line breaks as those keys. A key the keyboard sends as a
    // real key event (a hardware keyboard, Backspace in an empty field) is GLFW's already: its
    // text is not typed twice. When no field is edited any more, the textarea lets go (the
    // keyboard goes down). The mouse and a desktop keyboard never focus it.
    const textProxy = (() => {
      const el = document.createElement('textarea');
      el.id = 'sh-text-proxy';
      el.setAttribute('aria-label', 'Text entry');  // focused on a phone: a screen reader names it
      el.tabIndex = -1;
      for (const [k, v] of [['autocomplete', 'off'], ['autocorrect', 'off'], ['autocapitalize', 'off'], ['spellcheck', 'false']]) el.setAttribute(k, v);
      // 16px: iOS zooms the page into a focused field with smaller text.
      el.style.cssText = 'position:fixed;left:0;top:0;width:4em;height:1.5em;font-size:16px;padding:0;border:0;margin:0;' +
        'opacity:0;pointer-events:none;resize:none;overflow:hidden;z-index:-1;color:transparent;background:transparent;caret-color:transparent';
      document.body.appendChild(el);
      const TAP_FOCUS_MS = 1500;  // a field edited this long after a tap was opened by it
      let tapAt = -Infinity;
      let editing = false;        // the C++ side: a text field is being edited (text has somewhere to go)
      let keyDown = null;         // {key, mod}: the key event (GLFW's) the next input comes from, if any
      let typedByKey = false;     // a keypress (GLFW typed its character) since that key went down
      let shown = '';             // the composition as ImGui has it so far
      const focused = () => document.activeElement === el;
      const codepoints = (text) => Array.from(text || '');
      const type = (text) => {
        if (!editing) return;  // e.g. a composition committed as the field closed: not a shortcut key
        for (const ch of codepoints(text)) {
          const cp = ch.codePointAt(0);
          if (cp === 10 || cp === 13) Module._sh_edit_key(2);
          else if (cp >= 32) Module._sh_char(cp);
        }
      };
      // The composition's text changed from `shown` to `now`: take back what differs, type the rest.
      function compose(now) {
        const a = codepoints(shown), b = codepoints(now);
        let same = 0;
        while (same < a.length && same < b.length && a[same] === b[same]) same++;
        if (editing) for (let i = same; i < a.length; i++) Module._sh_edit_key(1);
        type(b.slice(same).join(''));
        shown = now;
      }
      function focus() {
        if (!focused()) { el.value = ''; shown = ''; el.focus({ preventScroll: true }); }
      }
      function release() {
        if (!focused()) return;
        el.blur();
        canvas.focus({ preventScroll: true });
      }
      el.addEventListener('keydown', (e) => {
        const ime = e.isComposing || e.keyCode === 229 || e.key === 'Process' || e.key === 'Unidentified';
        keyDown = ime ? null : { key: e.key, mod: e.ctrlKey || e.metaKey || e.altKey };
        typedByKey = false;
      });
      el.addEventListener('keypress', () => { typedByKey = true; });
      el.addEventListener('keyup', () => { keyDown = null; typedByKey = false; });
      el.addEventListener('beforeinput', (e) => {
        const t = e.inputType;
        // A composition: its events below. Safari's commit after compositionend repeats it.
        if (!running || e.isComposing || t === 'insertCompositionText' || t === 'deleteCompositionText' || t === 'insertFromComposition') return;
        if (e.cancelable) e.preventDefault();  // the textarea stays empty: ImGui's field is the text
        if (!editing) { typedByKey = false; return; }
        const key = keyDown && keyDown.key, fromKey = keyDown !== null;
        if (t === 'insertText' || t === 'insertReplacementText') {
          if (!typedByKey) type(e.data != null ? e.data : (e.dataTransfer && e.dataTransfer.getData('text/plain')));
        } else if (t === 'insertFromPaste' || t === 'insertFromDrop' || t === 'insertFromYank') {
          if (!(fromKey && keyDown.mod)) type(e.data != null ? e.data : (e.dataTransfer && e.dataTransfer.getData('text/plain')));
        } else if (t === 'insertLineBreak' || t === 'insertParagraph') {
          if (key !== 'Enter') Module._sh_edit_key(2);
        } else if (t.startsWith('deleteContentBackward') || t.startsWith('deleteWordBackward') || t === 'deleteSoftLineBackward' || t === 'deleteHardLineBackward') {
          if (key !== 'Backspace') Module._sh_edit_key(1);
        } else if (t.startsWith('delete')) {
          if (key !== 'Delete') Module._sh_edit_key(3);
        }
        typedByKey = false;
      });
      // A composition (an input method; Android's keyboard composes each word) is typed as it
      // changes; what the textarea keeps of it afterwards (Safari inserts it again) is dropped.
      el.addEventListener('compositionstart', () => { shown = ''; });
      el.addEventListener('compositionupdate', (e) => { if (running) compose(e.data || ''); });
      el.addEventListener('compositionend', (e) => {
        if (running) compose(e.data || '');
        shown = '';
        el.value = '';
      });
      el.addEventListener('input', (e) => { if (!e.isComposing) el.value = ''; });
      Module.shTextInput = (active, x, y, h) => {
        editing = active;
        if (active) {
          // Over the caret (device pixels -> CSS): the browser keeps it in view above the keyboard.
          const r = canvas.getBoundingClientRect();
          const k = r.width ? r.width / canvas.width : 1;
          el.style.left = `${Math.max(0, r.left + x * k)}px`;
          el.style.top = `${Math.max(0, r.top + y * k)}px`;
          el.style.height = `${Math.max(16, h * k)}px`;
          if (performance.now() - tapAt < TAP_FOCUS_MS) focus();
        } else {
          tapAt = -Infinity;
          release();
        }
      };
      return {
        element: el,
        focused,
        // A finger tapped (press and release queued): it opens the keyboard when it lands on a text
        // field (the last frame saw one under the finger), or the field it edits says so later.
        tapped() {
          tapAt = performance.now();
          if (Module._sh_text_field_hovered()) focus();
        },
      };
    })();
    const LINE_PX = 20;        // CSS pixels per "line" (deltaMode 1: Firefox's mouse wheel)
    const TAP_SLOP = 10;       // CSS pixels a finger may wander and still tap
    const HOLD_MS = 650;       // a finger held still this long presses (drags a slider, the splitter)
    // Momentum after a flick, as phones scroll: the content keeps the finger's speed and slows down
    // exponentially (time constant FLING_TAU_MS; ~1 s to stop from a quick flick).
    const FLING_TAU_MS = 325;
    const FLING_MIN_SPEED = 0.25;  // CSS px/ms at lift-off: slower is a drag, it stops with the finger
    const FLING_STOP_SPEED = 0.05; // CSS px/ms: slow enough to stop
    const FLING_MAX_SPEED = 6;     // CSS px/ms: a burst of events microseconds apart is not faster
    const VELOCITY_WINDOW_MS = 100; // the finger's speed is measured over its last moves
    // CSS pixels of an event -> the canvas's device pixels (ImGui's coordinates).
    const at = (e) => {
      const r = canvas.getBoundingClientRect();
      const kx = r.width ? canvas.width / r.width : 1, ky = r.height ? canvas.height / r.height : 1;
      return { x: (e.clientX - r.left) * kx, y: (e.clientY - r.top) * ky };
    };
    const deviceScale = () => { const r = canvas.getBoundingClientRect(); return r.width ? canvas.width / r.width : (window.devicePixelRatio || 1); };
    const move = (p) => Module._sh_pointer_move(p.x, p.y);
    const button = (b, down) => Module._sh_pointer_button(b, down ? 1 : 0);
    const gone = () => Module._sh_pointer_gone();
    let zoomRest = 1;          // the part of a pinch / Ctrl+wheel zoom not applied yet (zoom moves in steps)
    const zoom = (factor, p) => {
      zoomRest *= factor;
      const applied = Module._sh_zoom(zoomRest, p.x, p.y);
      if (applied !== 1) zoomRest = 1;
    };

    // -- mouse and pen: positions and the buttons held (DOM bits 1 left, 2 right, 4 middle -> ImGui 0, 1, 2)
    let held = 0;
    function mouse(e) {
      move(at(e));
      const buttons = e.buttons & 7;
      for (const [bit, index] of [[1, 0], [2, 1], [4, 2]]) {
        if ((buttons & bit) !== (held & bit)) button(index, (buttons & bit) !== 0);
      }
      held = buttons;
    }

    // -- touch: tap = click, drag = scroll (the content follows the finger), a flick keeps it moving
    // and slowing down until a finger stops it, hold = press and drag, two fingers = pinch zoom (and
    // pan). Nothing stays hovered once the fingers lift.
    const fingers = new Map();  // pointerId -> {x, y} (device pixels)
    let gesture = null;         // {kind: 'pending'|'pan'|'hold'|'pinch'|'done', ...}
    // -- momentum: a pan's recent positions (device pixels, ms) and the fling running after it
    let track = [];
    let fling = null;           // {vx, vy (device px/ms), last (ms), raf}
    // When the input happened, on performance.now()'s clock (an engine whose time stamps are on
    // another clock gets the time the handler ran).
    const eventTime = (e) => {
      const now = performance.now();
      return e.timeStamp > 0 && e.timeStamp <= now + 1 && now - e.timeStamp < 10000 ? e.timeStamp : now;
    };
    function stopFling() {
      if (fling) cancelAnimationFrame(fling.raf);
      fling = null;
    }
    function startFling(liftedAt) {
      const now = liftedAt;
      // The finger's speed at lift-off: its travel from where it was VELOCITY_WINDOW_MS ago (or
      // where it went down) to the lift, over that time. A finger that rested before lifting has
      // not travelled; events bunched by a busy machine do not look faster than they were.
      let a = track[0];
      for (const sample of track) if (now - sample.t >= VELOCITY_WINDOW_MS) a = sample;
      const b = track[track.length - 1];
      track = [];
      if (!a || a === b) return;
      const dt = Math.max(now - a.t, 16);  // events delivered together still took a frame to make
      const k = deviceScale();
      let vx = (a.x - b.x) / dt, vy = (a.y - b.y) / dt;  // content moves with the finger: scroll the other way
      const speed = Math.hypot(vx, vy) / k;
      if (speed < FLING_MIN_SPEED) return;
      if (speed > FLING_MAX_SPEED) { vx *= FLING_MAX_SPEED / speed; vy *= FLING_MAX_SPEED / speed; }
      fling = { vx, vy, last: now, raf: 0 };  // from the lift: the first step makes up for a late handler
      const step = (t) => {
        if (!fling) return;
        const ms = Math.max(t - fling.last, 0);  // real time: a slow frame jumps, it does not slow the fling
        fling.last = t;
        // The distance the decaying speed covers in `ms`: v * tau * (1 - e^(-ms/tau)).
        const decay = Math.exp(-ms / FLING_TAU_MS);
        const travel = FLING_TAU_MS * (1 - decay);
        Module._sh_wheel(fling.vx * travel, fling.vy * travel);
        fling.vx *= decay;
        fling.vy *= decay;
        if (Math.hypot(fling.vx, fling.vy) / deviceScale() < FLING_STOP_SPEED) { fling = null; return; }
        fling.raf = requestAnimationFrame(step);
      };
      fling.raf = requestAnimationFrame(step);
    }
    const distance = () => { const [a, b] = [...fingers.values()]; return Math.hypot(a.x - b.x, a.y - b.y); };
    const middle = () => { const [a, b] = [...fingers.values()]; return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }; };
    function touchDown(e) {
      // A finger on moving content stops it, as on a phone; that touch is not also a tap.
      const stopped = fling !== null;
      stopFling();
      const p = at(e);
      fingers.set(e.pointerId, p);
      if (fingers.size === 1) {
        track = [{ x: p.x, y: p.y, t: eventTime(e) }];
        gesture = { kind: 'pending', start: p, last: p, timer: 0, stopped };
        move(p);
        gesture.timer = setTimeout(() => {
          if (gesture && gesture.kind === 'pending') { gesture.kind = 'hold'; button(0, true); }
        }, HOLD_MS);
      } else if (fingers.size === 2 && gesture && (gesture.kind === 'pending' || gesture.kind === 'pan')) {
        clearTimeout(gesture.timer);
        gesture = { kind: 'pinch', dist: distance(), mid: middle() };
        zoomRest = 1;
      }
    }
    function touchMove(e) {
      if (!fingers.has(e.pointerId) || !gesture) return;
      const p = at(e);
      fingers.set(e.pointerId, p);
      if (gesture.kind === 'pending' && Math.hypot(p.x - gesture.start.x, p.y - gesture.start.y) > TAP_SLOP * deviceScale()) {
        clearTimeout(gesture.timer);
        gesture.kind = 'pan';
      }
      if (gesture.kind === 'pan') {
        Module._sh_wheel(gesture.last.x - p.x, gesture.last.y - p.y);
        gesture.last = p;
        // Timed when the finger was there, not when this busy page got to it: the browser's time
        // stamps, and the moves it coalesced into this event, each with its own.
        const moves = (e.getCoalescedEvents && e.getCoalescedEvents()) || [];
        for (const m of moves.length ? moves : [e]) {
          const q = at(m);
          track.push({ x: q.x, y: q.y, t: eventTime(m) });
        }
        while (track.length > 2 && eventTime(e) - track[1].t >= VELOCITY_WINDOW_MS) track.shift();  // one older sample is enough
      } else if (gesture.kind === 'hold') {
        move(p);
      } else if (gesture.kind === 'pinch' && fingers.size === 2) {
        const d = distance(), m = middle();
        if (gesture.dist > 0 && d > 0) zoom(d / gesture.dist, m);
        Module._sh_wheel(gesture.mid.x - m.x, gesture.mid.y - m.y);
        gesture.dist = d;
        gesture.mid = m;
      }
    }
    function touchUp(e, cancelled) {
      if (!fingers.has(e.pointerId)) return;
      fingers.delete(e.pointerId);
      if (!gesture) return;
      clearTimeout(gesture.timer);
      if (gesture.kind === 'pending' && !cancelled && !gesture.stopped) {
        // A tap: a press and a release where the finger went down (the queue gives each its frame,
        // after one frame of hover, so the first tap on a tab selects it).
        button(0, true);
        button(0, false);
        textProxy.tapped();
      } else if (gesture.kind === 'hold') {
        button(0, false);
      } else if (gesture.kind === 'pan' && !cancelled && fingers.size === 0) {
        startFling(eventTime(e));
      }
      if (gesture.kind === 'pinch' && fingers.size > 0) { gesture = { kind: 'done' }; return; }
      if (fingers.size === 0) { gesture = null; gone(); }
    }

    // -- engines that give touches only as TouchEvents. WebKitGTK dispatches no pointer events of
    // type "touch"; instead GTK turns the first finger into mouse events (pointerType "mouse": a
    // press where it went down, moves, a release and a click where it lifted) whatever the page
    // does, and WebKit's own gestures turn touches it has not yet seen the page take (a busy page
    // answers late) into wheel scrolling and clicks. There the same gestures are read from the
    // TouchEvents, and the mouse and wheel events the engine makes of the fingers are dropped.
    let touchEvents = false;    // the current gesture's fingers come as TouchEvents
    let touchEchoUntil = 0;     // performance.now() until which mouse/wheel events may still be echoes of it
    const TOUCH_ECHO_MS = 1000;
    const echo = () => touchEvents || performance.now() < touchEchoUntil;
    function onTouch(e) {
      // Chromium and Firefox send a pointerdown of type "touch" before each touchstart: the pointer
      // handlers above have the finger already, and the TouchEvents are only their echo.
      if (e.type === 'touchstart' && !touchEvents && fingers.size === 0) touchEvents = true;
      if (!touchEvents) return;
      if (e.type === 'touchstart' && !textProxy.focused()) canvas.focus({ preventScroll: true });
      for (const t of e.changedTouches) {
        const p = { pointerId: `touch:${t.identifier}`, clientX: t.clientX, clientY: t.clientY, timeStamp: e.timeStamp };
        if (e.type === 'touchstart') touchDown(p);
        else if (e.type === 'touchmove') touchMove(p);
        else touchUp(p, e.type === 'touchcancel');
      }
      if ((e.type === 'touchend' || e.type === 'touchcancel') && e.touches.length === 0) {
        touchEvents = false;
        touchEchoUntil = performance.now() + TOUCH_ECHO_MS;
      }
    }

    function onPointer(e) {
      if (!running || echo()) return;
      const touch = e.pointerType === 'touch';
      if (e.type === 'pointerdown') {
        if (e.target !== canvas) return;
        // A finger keeps the on-screen keyboard up (the text proxy's focus) until the tap is read.
        if (!(touch && textProxy.focused())) canvas.focus({ preventScroll: true });
        try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* already released */ }
        if (touch) touchDown(e); else { stopFling(); mouse(e); }
      } else if (e.type === 'pointermove') {
        if (touch) { touchMove(e); return; }
        if (e.target !== canvas && !canvas.hasPointerCapture(e.pointerId)) return;
        mouse(e);
      } else if (e.type === 'pointerup' || e.type === 'pointercancel') {
        if (touch) { touchUp(e, e.type === 'pointercancel'); return; }
        if (e.target !== canvas && !canvas.hasPointerCapture(e.pointerId) && held === 0) return;
        mouse(e);
      } else if (e.type === 'pointerleave' || e.type === 'pointerout') {
        if (!touch && e.target === canvas && !canvas.hasPointerCapture(e.pointerId) && held === 0) gone();
      }
    }
    for (const type of ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'pointerleave']) {
      canvas.addEventListener(type, onPointer, { passive: true });
    }
    // Touch events reach GLFW's own handlers (mouse presses on touchstart) and make the browser's
    // compatibility mouse events and gestures: neither happens on the canvas (the pointer events
    // above do the work, or onTouch where there are none; CSS touch-action: none keeps the browser
    // from scrolling or zooming where it reads CSS, the cancelled touches where it does not).
    for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel']) {
      window.addEventListener(type, (e) => {
        if (e.target !== canvas) return;
        if (e.cancelable) e.preventDefault();
        e.stopImmediatePropagation();
        if (running) onTouch(e);
      }, { capture: true, passive: false });
    }
    canvas.addEventListener('contextmenu', (e) => e.preventDefault());

    // -- the wheel and trackpad: pixels with the browser's sign (the content moves as on a page);
    // Shift+wheel scrolls sideways where the browser has not done that already; Ctrl+wheel (and a
    // trackpad pinch, which browsers send as one) zooms the matrix around the pointer.
    canvas.addEventListener('wheel', (e) => {
      if (!running) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      if (echo()) return;  // WebKitGTK's scrolling made of a finger onTouch already follows
      const unit = e.deltaMode === 1 ? LINE_PX : e.deltaMode === 2 ? canvas.clientHeight * 0.875 : 1;
      const k = unit * deviceScale();
      let dx = e.deltaX * k, dy = e.deltaY * k;
      stopFling();
      const p = at(e);
      move(p);
      if (e.ctrlKey) { zoom(Math.exp(-dy * 0.002 / deviceScale()), p); return; }
      if (e.shiftKey && dx === 0) { dx = dy; dy = 0; }
      Module._sh_wheel(dx, dy);
    }, { capture: true, passive: false });

    // -- keys the browser would act on: Ctrl/Cmd+F and F3 (find in page) and '/' (Firefox's quick
    // find) are the page's search shortcuts. '/' loses its keypress by that, so it is typed here.
    window.addEventListener('keydown', (e) => {
      if (!running || (e.target && e.target !== textProxy.element && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName))) return;
      // The board document (board.js) is a page: find-in-page is the browser's there.
      if (document.documentElement.classList.contains('doc')) return;
      const k = e.key;
      if (((e.ctrlKey || e.metaKey) && (k === 'f' || k === 'F')) || k === 'F3') e.preventDefault();
      else if (k === '/' && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        Module._sh_char(47);
      }
    }, true);

    // Leaving (or reloading) the page with rules or layers loaded asks first.
    window.addEventListener('beforeunload', (e) => {
      if (!running || !Module._sh_has_work()) return;
      e.preventDefault();
      e.returnValue = '';
    });
  })();

  // ==== messages: every message the page shows, also read out (aria-live regions in index.html) ====
  Module.shAnnounce = (text, error) => {
    const region = document.getElementById(error ? 'sh-alert' : 'sh-live');
    if (!region) return;
    // Emptied first, so that the same message said twice is read twice.
    region.textContent = '';
    setTimeout(() => { region.textContent = text; }, 30);
  };

  let dragDepth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth++;
    document.body.classList.add('dragging');
  }, true);
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, true);
  window.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) document.body.classList.remove('dragging');
  }, true);
  window.addEventListener('drop', (e) => {
    dragDepth = 0;
    document.body.classList.remove('dragging');
    if (!e.dataTransfer) return;
    e.preventDefault();
    e.stopPropagation();  // GLFW's own drop handler (MEMFS copies) is not used
    fromDrop(e.dataTransfer).then((list) => list && loadPicked(list)).catch((err) => {
      if (running) Module._sh_listing(0, 0, 0);  // a listing never left showing
      console.error('sigma-heatmap: the dropped files could not be loaded: ' + (err && err.message || err));
    });
  }, true);

  // The parse workers start now, beside the main module's download and compile, not once it runs.
  parseWorkers.start();
  window.sigmaHeatmap = {
    ready,
    loadFiles,
    summary,
    layerJson: () => (running ? Module.UTF8ToString(Module._sh_layer_json()) : ''),
    // Reports (Board, Diff, Trends).
    loadPreviousLayer,
    clearPreviousLayer: () => ready.then(() => Module._sh_clear_previous_layer()),
    loadHistoryLayers,
    clearHistory: () => ready.then(() => Module._sh_clear_history()),
    loadFrequencyCsv,
    loadAlertsCsv: (file) => setReportInput('alerts', file),       // rule,event_time,detection_time
    clearAlerts: () => clearReportInput('alerts'),
    loadBaselineLayer: (file) => setReportInput('baseline', file),  // any Navigator layer
    clearBaseline: () => clearReportInput('baseline'),
    loadTargets: (file) => setReportInput('targets', file),        // ids, CSV technique[,min_score], or a layer
    clearTargets: () => clearReportInput('targets'),
    gapsCsv: () => reportText('gaps-csv'),          // what "Download gaps CSV" saves
    gapsCsvFileName: () => reportText('gaps-csv-name'),
    alertText: () => reportText('alert'),           // the alert, as the CLI prints it
    diffLayerJson: () => reportText('diff-layer'),  // what "Download diff layer" saves
    downloadGapsCsv: () => request('gaps-csv'),
    downloadDiffLayer: () => request('diff-layer'),
    saveBoardImage: () => ready.then(() => Module.shSaveBoardPng()),  // the board picture (as `board --png`)
    printBoard: () => ready.then(() => Module.shPrintBoard()),         // prints the board document
    // The board as a document: the core's HTML, byte for byte what `sigma-heatmap board` writes.
    boardHtml: () => (running ? Module.UTF8ToString(Module._sh_board_html(0)) : ''),
    showDocument: () => ready.then(() => Module.shShowDocument()),
    openEditor: () => ready.then(() => Module.shOpenEditor()),
    // Images and share links (issue 5).
    svgText: () => (running ? Module.UTF8ToString(Module._sh_svg_text()) : ''),  // what "SVG" saves
    downloadSvg: () => request('heatmap-svg'),
    downloadPng: () => request('heatmap-png'),
    shareLink: () => (running ? shareUrl(Module.UTF8ToString(Module._sh_share_fragment())) : ''),  // what "Copy share link" copies
    copyShareLink: () => request('share'),
    lastCopiedShareLink: () => lastShareLink,
    lastCopiedText: () => lastCopied,  // what the page last put on the clipboard (Copy buttons)
    openShareLink: (hash) => ready.then(() => openShare(String(hash))),  // "" or the error (opens the document)
    startEditing: () => ready.then(() => Module._sh_start_editing()),
    // {name, text} of any Navigator layer -> Promise of the summary with it as the heat-map.
    viewLayer: async (file) => {
      await ready;
      const f = one(file);
      const error = withCString(f.name, (n) => withText(f.text, (t, len) => Module.UTF8ToString(Module._sh_view_layer(n, t, len))));
      if (error) throw new Error(error);
      changed();
      return summary();
    },
    layerFileName: () => (running ? Module.UTF8ToString(Module._sh_layer_file_name()) : ''),
    // Same path as the "Download layer" button (saved on the next frame).
    download: () => ready.then(() => Module._sh_download()),
    clear: () => ready.then(() => { Module._sh_clear(); changed(); }),
    // The current options as setOptions takes them: 'settings' (what a device keeps) or 'session'
    // (plus the layer name, search, selection, tab and view), see app_test_api.cpp options_json.
    options: (scope) => (running ? JSON.parse(Module.UTF8ToString(Module._sh_options_json(scope === 'settings' ? 0 : 1))) : {}),
    // Options by name (see src/app/app.cpp apply_options_json); resolves with "" or the errors.
    setOptions: (options) => ready.then(() => {
      const result = withCString(JSON.stringify(options || {}), (p) => Module.UTF8ToString(Module._sh_set_options(p)));
      changed();
      return result;
    }),
    // Where a named button or a matrix cell ("cell:T1059/execution") is, in CSS pixels (tests click it).
    uiRect: (name) => {
      if (!running) return null;
      const r = withCString(String(name), (p) => JSON.parse(Module.UTF8ToString(Module._sh_ui_rect(p))));
      if (!r) return null;
      const k = window.devicePixelRatio || 1;
      const out = { x: r.x / k, y: r.y / k, w: r.w / k, h: r.h / k, visible: r.visible };
      if (typeof r.need === 'number') out.need = r.need / k;  // a tab's natural width
      return out;
    },
    stats: () => (running ? JSON.parse(Module.UTF8ToString(Module._sh_stats())) : {}),
    // {steps, longestStepMs, totalStepMs, workerFiles, mostReadsStarted} of the last load, the parse workers' state
    // ({workers, started, filesParsed, failures, peakHeapBytes, warmParses, warmPostedAfterDrawn: frames drawn
    // when the warm-up was sent, -1 before, error}) and the main module's heap
    // (it only grows: its size now is its peak).
    loadStats: () => Object.assign({}, loadStats, { parseWorkers: parseWorkers.stats(), mainWarmSteps, heapBytes: running ? Module.HEAPU8.length : 0 }),
    // Test hook: every running parse worker fails (throws) on its (n+1)-th file from now.
    failParseWorkersAfter: (n) => parseWorkers.start().then(() => parseWorkers.failAfter(n)),
    // Test hook: picks are listed n files a frame (default 4,096), so that a test can see the
    // listing and press Cancel during it.
    setListChunk: (n) => { listChunk = Math.max(1, Math.floor(Number(n)) || LIST_CHUNK); },
    resetFrameStats: () => { if (running) Module._sh_reset_frame_stats(); },
    // Test hook: the next frame is drawn in full, as after a resize (the canvas's pixels are then
    // what a page that never drew a part of a frame shows).
    redrawAll: () => { if (running) Module._sh_redraw_all(); },
    // Resolves once every input event sent so far has reached the app (they are fed one frame's
    // worth at a time) and then n more frames have been drawn.
    // No frames are drawn without WebGL or while the board document is shown: nothing to wait for.
    frames: (n) => ready.then(() => new Promise((resolve) => {
      const drawn = () => JSON.parse(Module.UTF8ToString(Module._sh_stats())).frames;
      let target = -1;
      const poll = () => {
        if (!webgl || document.documentElement.classList.contains('doc')) { resolve(); return; }
        if (target < 0 && Module._sh_input_pending() === 0) target = drawn() + (n || 1);
        if (target >= 0 && drawn() >= target) resolve(); else requestAnimationFrame(poll);
      };
      poll();
    })),
  };
})();
