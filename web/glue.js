// glue.js — the small JS side of the page, loaded before the WebAssembly module:
//  * window.sigmaHeatmap, the test API (ready, loadFiles, summary, layerJson, ...), present from
//    page load; calls made before the module runs wait for it;
//  * drag-and-drop of files and folders anywhere on the page (webkitGetAsEntry recursion) and the
//    #file-input / #folder-input pickers, all feeding the same loader as loadFiles;
//  * downloads, the clipboard and file pickers requested by the C++ side (src/platform);
//  * layers (.json) dropped or picked go to the app, which asks whether they are the previous layer
//    (Diff), history (Trends), a baseline or targets; the "Open previous layer / history /
//    frequency CSV / baseline layer / targets / alerts CSV" pickers (a dropped .csv goes to the
//    loader, and the app reads it as alerts or as rules by its header);
//  * board snapshots: the board's area of the canvas, downloaded as PNG or printed;
//  * share links: "Copy share link" copies this page's address + "#s=..." (the whole heat-map,
//    never sent to a server); a page opened with "#s=..." shows it read-only;
//  * input (its own section): mouse, touch and pen through pointer events, the wheel in pixels,
//    pinch zoom, the search shortcuts the browser would take, the prompt before leaving loaded work;
//  * messages: every status message also goes to aria-live regions for assistive technology.
// Nothing here talks to the network.
(function () {
  'use strict';
  const MAX_FILE_BYTES = 8 * 1024 * 1024;  // the core refuses larger texts (LoadOptions)
  const isRuleFile = (name) => /\.ya?ml$/i.test(name);
  const isLayerFile = (name) => /\.json$/i.test(name);

  const Module = (window.Module = window.Module || {});
  Module.canvas = document.getElementById('canvas');
  Module.print = (text) => console.log(text);
  Module.printErr = (text) => console.warn(text);

  let resolveReady;
  let running = false;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  let idleWaiters = [];

  function fail(message) {
    document.body.classList.add('failed');
    document.getElementById('status').textContent = message;
  }

  Module.shReady = () => {
    running = true;
    if (/^#s=/.test(location.hash)) openShare(location.hash);
    document.body.classList.add('ready');
    resolveReady(true);
  };
  Module.shFatal = (message) => fail(message);
  Module.onAbort = (what) => fail('sigma-heatmap stopped: ' + what + '. Reload the page to start again.');
  // Called by the main loop once the queued files are all loaded (or the load was cancelled).
  Module.shIdle = () => {
    const waiters = idleWaiters;
    idleWaiters = [];
    if (waiters.length === 0) return;
    const s = summary();
    waiters.forEach((resolve) => resolve(s));
  };
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
  // The board's area of the canvas (device pixels), taken right after the frame that drew it:
  // 'png' downloads it, 'print' puts it in #print-snapshot (the only thing the print stylesheet
  // shows) and opens the print dialog.
  Module.shSnapshot = (mode, name, x, y, w, h) => {
    const src = Module.canvas;
    const sx = Math.max(0, Math.round(x)), sy = Math.max(0, Math.round(y));
    const sw = Math.max(1, Math.min(Math.round(w), src.width - sx)), sh = Math.max(1, Math.min(Math.round(h), src.height - sy));
    const out = document.createElement('canvas');
    out.width = sw;
    out.height = sh;
    out.getContext('2d').drawImage(src, sx, sy, sw, sh, 0, 0, sw, sh);
    if (mode === 'png') {
      out.toBlob((blob) => { if (blob) downloadBlob(name, blob); }, 'image/png');
    } else {
      const img = document.getElementById('print-snapshot');
      img.onload = () => { img.onload = null; window.print(); };
      img.src = out.toDataURL('image/png');
    }
  };
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

  function summary() {
    if (!running) return { rules: 0, loaded: 0, pending: 0, loading: false, errors: [], techniques: {} };
    return JSON.parse(Module.UTF8ToString(Module._sh_summary()));
  }

  // [{name, text}] (or {name, error}) -> Promise of the summary once all of them are loaded.
  // Layers (*.json) among them wait for the user to say what they are (previous layer or history).
  // Loading between frames: the first step parses for up to 400 ms (a typical rule set is done
  // before a progress bar would help); then, after each drawn frame (requestAnimationFrame, then a
  // task once the frame is painted), for four times what that frame cost (100..250 ms): 80% of the
  // time goes to parsing even where drawing is slow (software WebGL), the progress bar and Cancel
  // still move at least four times a second, and no time is lost waiting for vsync.
  let pumping = false;
  let yieldedAt = 0;
  let frameCost = 100;
  const pump = new MessageChannel();
  const afterNextFrame = () => requestAnimationFrame(() => setTimeout(() => pump.port2.postMessage(0), 0));
  pump.port1.onmessage = () => {
    if (yieldedAt) frameCost = performance.now() - yieldedAt;
    const budget = yieldedAt ? Math.min(250, Math.max(100, 4 * frameCost)) : 400;
    if (running && Module._sh_load_step(budget) > 0) {
      yieldedAt = performance.now();
      afterNextFrame();
    } else {
      pumping = false;
      yieldedAt = 0;
    }
  };
  function pumpLoading() {
    if (!pumping) { pumping = true; pump.port2.postMessage(0); }
  }

  async function loadFiles(files) {
    await ready;
    if (!Array.isArray(files)) throw new TypeError('loadFiles expects an array of {name, text}');
    const done = new Promise((resolve) => idleWaiters.push(resolve));
    for (const f of files) {
      const name = String((f && f.name) || '(unnamed)');
      if (f && typeof f.text === 'string' && isLayerFile(name)) {
        withCString(name, (n) => withCString(f.text, (t, len) => Module._sh_add_dropped_layer(n, t, len)));
      } else if (f && typeof f.text === 'string') {
        withCString(name, (n) => withCString(f.text, (t, len) => Module._sh_add_file(n, t, len)));
      } else {
        const message = (f && f.error) || 'could not be read as text';
        withCString(name, (n) => withCString(String(message), (m) => Module._sh_add_problem(n, m)));
      }
    }
    Module._sh_commit_files();
    pumpLoading();
    return done;
  }

  // Files (from a picker or a drop) -> [{name, text}|{name, error}], read in parallel.
  function readAll(list) {
    return Promise.all(list.map(({ file, name }) => {
      if (file.size > MAX_FILE_BYTES) {
        return { name, error: 'file is larger than 8 MB (' + file.size + ' bytes): not read' };
      }
      return file.text().then((text) => ({ name, text }), (e) => ({ name, error: 'could not be read: ' + e }));
    }));
  }

  function fromInput(input, keep = isRuleFile) {
    const list = [];
    for (const file of Array.from(input.files || [])) {
      const name = file.webkitRelativePath || file.name;
      if (file.webkitRelativePath && !keep(name)) continue;  // folders: only the files wanted
      list.push({ file, name });
    }
    input.value = '';
    return list;
  }

  // Every *.yml/*.yaml under a directory entry, depth first; readEntries returns batches.
  function walk(entry, out) {
    if (entry.isFile) {
      const name = entry.fullPath.replace(/^\/+/, '');
      if (!isRuleFile(name)) return Promise.resolve();
      return new Promise((resolve) => entry.file(
        (file) => { out.push({ file, name }); resolve(); },
        (e) => { out.push({ file: null, name, error: String(e) }); resolve(); }));
    }
    if (!entry.isDirectory) return Promise.resolve();
    const reader = entry.createReader();
    return new Promise((resolve) => {
      const children = [];
      const next = () => reader.readEntries((batch) => {
        if (batch.length === 0) {
          Promise.all(children.map((c) => walk(c, out))).then(resolve);
        } else {
          children.push(...batch);
          next();
        }
      }, () => resolve());
      next();
    });
  }

  async function fromDrop(dataTransfer) {
    // Entries must be taken synchronously, while the event's DataTransfer is still readable.
    const items = Array.from(dataTransfer.items || []).filter((i) => i.kind === 'file');
    const taken = items.map((i) => ({ entry: i.webkitGetAsEntry ? i.webkitGetAsEntry() : null, file: i.getAsFile() }));
    if (taken.length === 0) {
      for (const file of Array.from(dataTransfer.files || [])) taken.push({ entry: null, file });
    }
    const out = [];
    await Promise.all(taken.map(({ entry, file }) => {
      if (entry && entry.isDirectory) return walk(entry, out);
      if (file) out.push({ file, name: file.name });  // a dropped file is loaded whatever its name
      return Promise.resolve();
    }));
    const broken = out.filter((f) => !f.file).map(({ name, error }) => ({ name, error }));
    return { readable: out.filter((f) => f.file), broken };
  }

  async function loadPicked(list, broken) {
    const files = (await readAll(list)).concat(broken || []);
    if (files.length > 0) await loadFiles(files);
  }

  const one = (f) => {
    if (!f || typeof f.name !== 'string' || typeof f.text !== 'string') throw new TypeError('expected {name, text}');
    return f;
  };
  // {name, text} of a Navigator layer -> Promise of the summary with `diff`; rejects when it is not a layer.
  async function loadPreviousLayer(file) {
    await ready;
    const f = one(file);
    const error = withCString(f.name, (n) => withCString(f.text, (t, len) =>
      Module.UTF8ToString(Module._sh_set_previous_layer(n, t, len))));
    if (error) throw new Error(error);
    return summary();
  }
  // [{name, text}] of earlier layers -> Promise of the summary with `trend`.
  async function loadHistoryLayers(files) {
    await ready;
    if (!Array.isArray(files)) throw new TypeError('loadHistoryLayers expects an array of {name, text}');
    for (const f of files.map(one)) {
      withCString(f.name, (n) => withCString(f.text, (t, len) => Module._sh_add_history_layer(n, t, len)));
    }
    return summary();
  }
  // {name, text} of a `technique,frequency` CSV -> Promise of the summary; rejects on errors.
  async function loadFrequencyCsv(file) {
    await ready;
    const f = one(file);
    const error = withCString(f.name, (n) => withCString(f.text, (t, len) =>
      Module.UTF8ToString(Module._sh_set_frequency_csv(n, t, len))));
    if (error) throw new Error(error);
    return summary();
  }
  // {name, text} for the latency ('alerts'), the baseline layer or the targets -> Promise of the
  // summary (with `latency`, `baseline` or `targets`); rejects with the reason it cannot be used.
  async function setReportInput(kind, file) {
    await ready;
    const f = one(file);
    const error = withCString(kind, (k) => withCString(f.name, (n) => withCString(f.text, (t, len) =>
      Module.UTF8ToString(Module._sh_set_report_input(k, n, t, len)))));
    if (error) throw new Error(error);
    return summary();
  }
  const clearReportInput = (kind) => ready.then(() => withCString(kind, (k) => Module._sh_clear_report_input(k)));
  const reportText = (which) => (running ? withCString(which, (p) => Module.UTF8ToString(Module._sh_report_text(p))) : '');
  const request = (what) => ready.then(() => withCString(what, (p) => Module._sh_request(p)));

  // ---- page wiring ----
  document.getElementById('aux-input').addEventListener('change', async (e) => {
    const purpose = auxPurpose;
    const files = await readAll(fromInput(e.target, purpose === 'history-folder' ? (n) => /\.json$/i.test(n) : isRuleFile));
    const texts = files.filter((f) => typeof f.text === 'string');
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
    document.getElementById(id).addEventListener('change', (e) => { loadPicked(fromInput(e.target)); });
  }
  // ==== input: pointer (mouse, touch, pen), wheel, pinch, keys the browser would take ====
  // Everything here feeds the C++ input queue (src/app/input_queue.hpp) through small exported
  // functions, in device pixels relative to the canvas; GLFW's Emscripten port only delivers the
  // keyboard. Why: its wheel drops deltaMode and flips one axis, it maps touches to a mouse that
  // presses on touchstart (no tap, no pan, no pinch, hover left behind), and it never says when
  // the pointer leaves. Kept in this one section so other changes to this file merge around it.
  (function input() {
    const canvas = Module.canvas;
    const LINE_PX = 20;        // CSS pixels per "line" (deltaMode 1: Firefox's mouse wheel)
    const TAP_SLOP = 10;       // CSS pixels a finger may wander and still tap
    const HOLD_MS = 650;       // a finger held still this long presses (drags a slider, the splitter)
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

    // -- touch: tap = click, drag = scroll (the content follows the finger), hold = press and drag,
    // two fingers = pinch zoom (and pan). Nothing stays hovered once the fingers lift.
    const fingers = new Map();  // pointerId -> {x, y} (device pixels)
    let gesture = null;         // {kind: 'pending'|'pan'|'hold'|'pinch'|'done', ...}
    const distance = () => { const [a, b] = [...fingers.values()]; return Math.hypot(a.x - b.x, a.y - b.y); };
    const middle = () => { const [a, b] = [...fingers.values()]; return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }; };
    function touchDown(e) {
      const p = at(e);
      fingers.set(e.pointerId, p);
      if (fingers.size === 1) {
        gesture = { kind: 'pending', start: p, last: p, timer: 0 };
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
      if (gesture.kind === 'pending' && !cancelled) {
        // A tap: a press and a release where the finger went down (the queue gives each its frame,
        // after one frame of hover, so the first tap on a tab selects it).
        button(0, true);
        button(0, false);
      } else if (gesture.kind === 'hold') {
        button(0, false);
      }
      if (gesture.kind === 'pinch' && fingers.size > 0) { gesture = { kind: 'done' }; return; }
      if (fingers.size === 0) { gesture = null; gone(); }
    }

    function onPointer(e) {
      if (!running) return;
      const touch = e.pointerType === 'touch';
      if (e.type === 'pointerdown') {
        if (e.target !== canvas) return;
        canvas.focus({ preventScroll: true });
        try { canvas.setPointerCapture(e.pointerId); } catch (err) { /* already released */ }
        if (touch) touchDown(e); else mouse(e);
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
    // above do the work; CSS touch-action: none keeps the browser from scrolling or zooming).
    for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel']) {
      window.addEventListener(type, (e) => {
        if (e.target !== canvas) return;
        if (e.cancelable) e.preventDefault();
        e.stopImmediatePropagation();
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
      const unit = e.deltaMode === 1 ? LINE_PX : e.deltaMode === 2 ? canvas.clientHeight * 0.875 : 1;
      const k = unit * deviceScale();
      let dx = e.deltaX * k, dy = e.deltaY * k;
      const p = at(e);
      move(p);
      if (e.ctrlKey) { zoom(Math.exp(-dy * 0.002 / deviceScale()), p); return; }
      if (e.shiftKey && dx === 0) { dx = dy; dy = 0; }
      Module._sh_wheel(dx, dy);
    }, { capture: true, passive: false });

    // -- keys the browser would act on: Ctrl/Cmd+F and F3 (find in page) and '/' (Firefox's quick
    // find) are the page's search shortcuts. '/' loses its keypress by that, so it is typed here.
    window.addEventListener('keydown', (e) => {
      if (!running || (e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName))) return;
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
    fromDrop(e.dataTransfer).then(({ readable, broken }) => loadPicked(readable, broken));
  }, true);

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
    saveBoardImage: () => request('png'),           // the current view's area as PNG (after the next frame)
    printBoard: () => request('print'),
    // Images and share links (issue 5).
    svgText: () => (running ? Module.UTF8ToString(Module._sh_svg_text()) : ''),  // what "SVG" saves
    downloadSvg: () => request('heatmap-svg'),
    downloadPng: () => request('heatmap-png'),
    shareLink: () => (running ? shareUrl(Module.UTF8ToString(Module._sh_share_fragment())) : ''),  // what "Copy share link" copies
    copyShareLink: () => request('share'),
    lastCopiedShareLink: () => lastShareLink,
    lastCopiedText: () => lastCopied,  // what the page last put on the clipboard (Copy buttons)
    openShareLink: (hash) => ready.then(() => openShare(String(hash))),  // "" or the error
    startEditing: () => ready.then(() => Module._sh_start_editing()),
    // {name, text} of any Navigator layer -> Promise of the summary with it as the heat-map.
    viewLayer: async (file) => {
      await ready;
      const f = one(file);
      const error = withCString(f.name, (n) => withCString(f.text, (t, len) => Module.UTF8ToString(Module._sh_view_layer(n, t, len))));
      if (error) throw new Error(error);
      return summary();
    },
    layerFileName: () => (running ? Module.UTF8ToString(Module._sh_layer_file_name()) : ''),
    // Same path as the "Download layer" button (saved on the next frame).
    download: () => ready.then(() => Module._sh_download()),
    clear: () => ready.then(() => Module._sh_clear()),
    // Options by name (see src/app/app.cpp apply_options_json); resolves with "" or the errors.
    setOptions: (options) => ready.then(() =>
      withCString(JSON.stringify(options || {}), (p) => Module.UTF8ToString(Module._sh_set_options(p)))),
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
    resetFrameStats: () => { if (running) Module._sh_reset_frame_stats(); },
    // Resolves once every input event sent so far has reached the app (they are fed one frame's
    // worth at a time) and then n more frames have been drawn.
    frames: (n) => ready.then(() => new Promise((resolve) => {
      const drawn = () => JSON.parse(Module.UTF8ToString(Module._sh_stats())).frames;
      let target = -1;
      const poll = () => {
        if (target < 0 && Module._sh_input_pending() === 0) target = drawn() + (n || 1);
        if (target >= 0 && drawn() >= target) resolve(); else requestAnimationFrame(poll);
      };
      poll();
    })),
  };
})();
