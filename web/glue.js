// glue.js — the small JS side of the page, loaded before the WebAssembly module:
//  * window.sigmaHeatmap, the test API (ready, loadFiles, summary, layerJson, ...), present from
//    page load; calls made before the module runs wait for it;
//  * drag-and-drop of files and folders anywhere on the page (webkitGetAsEntry recursion) and the
//    #file-input / #folder-input pickers, all feeding the same loader as loadFiles;
//  * downloads, the clipboard and file pickers requested by the C++ side (src/platform).
// Nothing here talks to the network.
(function () {
  'use strict';
  const MAX_FILE_BYTES = 8 * 1024 * 1024;  // the core refuses larger texts (LoadOptions)
  const isRuleFile = (name) => /\.ya?ml$/i.test(name);

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
  Module.shDownload = (name, text) => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  };
  Module.shOpenPicker = (folder) => document.getElementById(folder ? 'folder-input' : 'file-input').click();
  Module.shCopyText = (text) => {
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

  function withCString(text, fn) {
    const size = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(size);
    Module.stringToUTF8(text, ptr, size);
    try { return fn(ptr, size - 1); } finally { Module._free(ptr); }
  }

  function summary() {
    if (!running) return { rules: 0, loaded: 0, pending: 0, loading: false, errors: [], techniques: {} };
    return JSON.parse(Module.UTF8ToString(Module._sh_summary()));
  }

  // [{name, text}] (or {name, error}) -> Promise of the summary once all of them are loaded.
  async function loadFiles(files) {
    await ready;
    if (!Array.isArray(files)) throw new TypeError('loadFiles expects an array of {name, text}');
    const done = new Promise((resolve) => idleWaiters.push(resolve));
    for (const f of files) {
      const name = String((f && f.name) || '(unnamed)');
      if (f && typeof f.text === 'string') {
        withCString(name, (n) => withCString(f.text, (t, len) => Module._sh_add_file(n, t, len)));
      } else {
        const message = (f && f.error) || 'could not be read as text';
        withCString(name, (n) => withCString(String(message), (m) => Module._sh_add_problem(n, m)));
      }
    }
    Module._sh_commit_files();
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

  function fromInput(input) {
    const list = [];
    for (const file of Array.from(input.files || [])) {
      const name = file.webkitRelativePath || file.name;
      if (file.webkitRelativePath && !isRuleFile(name)) continue;  // folders: rule files only
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

  // ---- page wiring ----
  for (const id of ['file-input', 'folder-input']) {
    document.getElementById(id).addEventListener('change', (e) => { loadPicked(fromInput(e.target)); });
  }
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
      return { x: r.x / k, y: r.y / k, w: r.w / k, h: r.h / k, visible: r.visible };
    },
    stats: () => (running ? JSON.parse(Module.UTF8ToString(Module._sh_stats())) : {}),
    resetFrameStats: () => { if (running) Module._sh_reset_frame_stats(); },
    // Resolves after n more frames have been drawn.
    frames: (n) => ready.then(() => new Promise((resolve) => {
      const target = JSON.parse(Module.UTF8ToString(Module._sh_stats())).frames + (n || 1);
      const poll = () => (JSON.parse(Module.UTF8ToString(Module._sh_stats())).frames >= target
        ? resolve() : requestAnimationFrame(poll));
      poll();
    })),
  };
})();
