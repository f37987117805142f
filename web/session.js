// session.js — what the page remembers between visits, on this device only:
//  * settings (the module's options, settings scope: palette, layout, zoom, filters, thresholds,
//    weights) in localStorage, applied on every visit — not over a share link, and not saved while
//    a layer or a link is shown (their palette and range are theirs, not the user's choice);
//  * the session: the loaded inputs (rule texts in load order, the layer or link shown, reading
//    problems, the previous layer, history, frequency and alerts CSVs, baseline, targets) and the
//    session options, in IndexedDB; the next visit offers "Restore last session" (#session-bar),
//    which replays them through the same entry points a user's drop goes through, so the restored
//    page has the same summary() and layerJson() bytes. "Forget" erases both.
// What to save comes from the module (sh_session_manifest / sh_session_text / sh_options_json):
// this file never models the app's state. Saving is polled once a second and runs only when the
// module's inputs revision moved and no load is running. Storage that is missing or refused
// (file:// in some browsers, private windows, blocked site data) turns this off with a note in the
// About tab; loading files never depends on it.
(function () {
  'use strict';
  const api = window.sigmaHeatmap;
  const Module = window.Module;
  const SETTINGS_KEY = 'sigma-heatmap.settings';
  const DB_NAME = 'sigma-heatmap';
  const STORE = 'session';
  const POLL_MS = 1000;
  const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  let db = null;               // the open IndexedDB, or null
  let dbProblem = '';          // why sessions are off ('' = on)
  let settingsProblem = '';
  let paused = false;          // after Forget: nothing more is saved during this visit
  let savedRevision = -1;      // the module's inputs revision last saved (or seen at start)
  let savedOptions = '';
  let savedSettings = '';
  let restoring = false;       // a restore replays inputs: its intermediate states are not saved
  let lastSaved = null;        // {at, files} of this visit's last save

  const withCString = (text, fn) => {
    const bytes = new TextEncoder().encode(text + '\0');
    const ptr = Module._malloc(bytes.length);
    Module.HEAPU8.set(bytes, ptr);
    try { return fn(ptr); } finally { Module._free(ptr); }
  };
  const note = (text) => withCString(text, (p) => Module._sh_set_session_note(p));
  const readOnlyOrLayer = () => {
    const s = Module._sh_session_state();
    return (s & 1) !== 0 || (s & 2) === 0;  // read-only, or the heat-map is not from rules
  };

  // ---- IndexedDB, as promises ----
  function openDb() {
    return new Promise((resolve, reject) => {
      let request;
      try {
        if (!window.indexedDB) throw new Error('this browser has no IndexedDB here');
        request = window.indexedDB.open(DB_NAME, 1);
      } catch (e) {
        reject(e);
        return;
      }
      // Slow on a busy machine; a browser that never answers (a blocked profile) turns sessions off.
      const timer = setTimeout(() => reject(new Error('IndexedDB did not open within 30 s')), 30000);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => { clearTimeout(timer); resolve(request.result); };
      request.onerror = () => { clearTimeout(timer); reject(request.error || new Error('IndexedDB refused')); };
      request.onblocked = () => { clearTimeout(timer); reject(new Error('IndexedDB is blocked by another tab')); };
    });
  }
  // One transaction; fn(store) may return a request, whose result the promise resolves with once
  // the transaction has committed.
  function tx(mode, fn) {
    return new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const request = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(request ? request.result : undefined);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error || new Error('IndexedDB transaction aborted'));
    });
  }
  const idbGet = (key) => tx('readonly', (store) => store.get(key));
  const idbPutAll = (records) => tx('readwrite', (store) => { for (const [k, v] of Object.entries(records)) store.put(v, k); });
  const idbClear = () => tx('readwrite', (store) => store.clear());

  // ---- settings (localStorage) ----
  function readSettings() {
    try {
      const text = window.localStorage.getItem(SETTINGS_KEY);
      return text ? JSON.parse(text) : null;
    } catch (e) {
      settingsProblem = 'settings cannot be kept here (' + (e && e.name || e) + ')';
      return null;
    }
  }
  function writeSettings(text) {
    try {
      window.localStorage.setItem(SETTINGS_KEY, text);
      settingsProblem = '';
    } catch (e) {
      settingsProblem = 'settings cannot be kept here (' + (e && e.name || e) + ')';
    }
  }

  function describe(meta) {
    if (!meta) return '';
    const parts = [];
    if (meta.files) parts.push(meta.files.toLocaleString('en-GB') + ' rule file' + (meta.files === 1 ? '' : 's'));
    if (meta.layers) parts.push(meta.layers + ' layer' + (meta.layers === 1 ? '' : 's') + ' or CSV' + (meta.layers === 1 ? '' : 's'));
    if (meta.shown) parts.push('a ' + meta.shown);
    const when = new Date(meta.savedAt);
    const day = when.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
    const time = when.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
    return (parts.join(', ') || 'nothing loaded') + ', saved ' + day + ' ' + time;
  }

  function updateNote() {
    let text;
    if (paused) text = 'Forgotten: nothing more is saved until the page is reloaded.';
    else if (dbProblem) text = 'Sessions are off in this browser here: ' + dbProblem + '.' + (settingsProblem ? ' Also ' + settingsProblem + '.' : ' Settings are still kept.');
    else if (lastSaved) text = 'Session saved ' + lastSaved.at.toLocaleTimeString('en-GB') + ' (' + lastSaved.files + ' file' + (lastSaved.files === 1 ? '' : 's') + ').' + (settingsProblem ? ' But ' + settingsProblem + '.' : '');
    else text = 'Sessions are kept in this browser.' + (settingsProblem ? ' But ' + settingsProblem + '.' : '');
    note(text);
  }

  // ---- saving ----
  // The module's inputs and their texts, copied out while its revision holds still; null when the
  // inputs changed meanwhile (the next poll tries again).
  function snapshot() {
    const revision = Module._sh_session_revision();
    const manifest = JSON.parse(Module.UTF8ToString(Module._sh_session_manifest()));
    const texts = [];
    for (let i = 0; i < manifest.inputs.length; i++) {
      const ptr = Module._sh_session_text(i);
      if (!ptr) return null;
      // A text that is not UTF-8 (a rule file the core refused, or UTF-16) is kept as its bytes,
      // so the replay gives the core the same input (decoding would replace them with U+FFFD).
      const bytes = Module.HEAPU8.subarray(ptr, ptr + Module._sh_session_text_length(i));
      try { texts.push(utf8Strict.decode(bytes)); } catch (e) { texts.push(bytes.slice()); }
    }
    const meta = { savedAt: Date.now(), files: 0, layers: 0, shown: '', rules: manifest.rules, bytes: manifest.bytes };
    for (const input of manifest.inputs) {
      if (input.kind === 'rules') meta.files++;
      else if (input.kind === 'share') meta.shown = 'share link';
      else if (input.kind === 'layer') meta.shown = 'layer shown as the heat-map';
      else if (input.kind !== 'problem') meta.layers++;
    }
    return { revision, manifest, texts, meta };
  }

  // One saving pass at a time; a call during a pass runs another one after it (so that what
  // changed meanwhile is saved too).
  let pass = null;
  function poll() {
    const run = (pass || Promise.resolve()).then(savePass);
    const settled = run.catch(() => {});
    pass = settled;
    settled.then(() => { if (pass === settled) pass = null; });
    return run;
  }
  async function savePass() {
    if (paused || restoring || !api) return;
    if (Module._sh_busy()) return;  // mid-load: wait for the whole drop
    try {
      if (!readOnlyOrLayer()) {
        const settings = Module.UTF8ToString(Module._sh_options_json(0));
        if (settings !== savedSettings) { writeSettings(settings); savedSettings = settings; }
      }
      if (!db) return;
      const revision = Module._sh_session_revision();
      const options = Module.UTF8ToString(Module._sh_options_json(1));
      if (revision !== savedRevision) {
        if (Module._sh_session_state() & 1) return;  // only viewing a share link: keep the user's own session
        const snap = snapshot();
        if (!snap) return;
        const empty = snap.manifest.inputs.length === 0;
        if (empty) await idbClear();
        else await idbPutAll({ meta: snap.meta, inputs: { manifest: snap.manifest, texts: snap.texts }, options });
        savedRevision = snap.revision;
        savedOptions = options;
        lastSaved = { at: new Date(), files: snap.meta.files };
        hideBar();
        updateNote();
      } else if (options !== savedOptions && savedRevision !== startRevision) {
        await idbPutAll({ options });
        savedOptions = options;
      }
    } catch (e) {
      console.warn('sigma-heatmap: session not saved: ' + (e && e.message || e));
      dbProblem = 'saving failed (' + (e && e.message || e) + ')';
      db = null;
      updateNote();
    }
  }
  let startRevision = -1;

  // ---- restoring ----
  async function restore() {
    await api.ready;
    if (!db) throw new Error('no saved session here' + (dbProblem ? ': ' + dbProblem : ''));
    const [inputs, options] = await Promise.all([idbGet('inputs'), idbGet('options')]);
    if (!inputs || !inputs.manifest) throw new Error('no saved session');
    const { manifest, texts } = inputs;
    hideBar();
    restoring = true;
    try {
      return await replay(manifest, texts, options);
    } finally {
      restoring = false;
    }
  }
  async function replay(manifest, texts, options) {
    await api.clear();
    await Promise.all([api.clearPreviousLayer(), api.clearHistory(), api.clearAlerts(), api.clearBaseline(), api.clearTargets()]);
    const problems = [];
    const attempt = async (what, fn) => {
      try { await fn(); } catch (e) { problems.push(what + ': ' + (e && e.message || e)); }
    };
    let batch = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const files = batch;
      batch = [];
      await api.loadFiles(files, { keepOrder: true });
    };
    for (let i = 0; i < manifest.inputs.length; i++) {
      const { kind, name, message } = manifest.inputs[i];
      const text = texts[i];
      const file = typeof text === 'string' || text == null ? { name, text } : { name, bytes: new Uint8Array(text) };
      if (kind === 'rules') { batch.push(file); continue; }
      if (kind === 'problem') { batch.push({ name, error: message }); continue; }
      await flush();
      if (kind === 'share') {
        await attempt(name, async () => {
          const error = await api.openShareLink(texts[i]);
          if (error) throw new Error(error);
          if (!manifest.readOnly) await api.startEditing();
        });
      } else if (kind === 'layer') await attempt(name, () => api.viewLayer(file));
      else if (kind === 'previous') await attempt(name, () => api.loadPreviousLayer(file));
      else if (kind === 'history') await attempt(name, () => api.loadHistoryLayers([file]));
      else if (kind === 'frequency') await attempt(name, () => api.loadFrequencyCsv(file));
      else if (kind === 'alerts') await attempt(name, () => api.loadAlertsCsv(file));
      else if (kind === 'baseline') await attempt(name, () => api.loadBaselineLayer(file));
      else if (kind === 'targets') await attempt(name, () => api.loadTargets(file));
    }
    await flush();
    const saved = options ? JSON.parse(options) : manifest.options;
    const errors = await api.setOptions(saved);
    if (errors) problems.push('options: ' + errors);
    if (problems.length) console.warn('sigma-heatmap: restoring the session: ' + problems.join('; '));
    return api.summary();
  }

  async function forget() {
    paused = true;
    hideBar();
    try { window.localStorage.removeItem(SETTINGS_KEY); } catch (e) { /* nothing kept there */ }
    if (db) {
      try { await idbClear(); } catch (e) { console.warn('sigma-heatmap: could not forget the session: ' + e); }
    }
    updateNote();
  }

  // ---- the offer (#session-bar) ----
  const bar = document.getElementById('session-bar');
  function hideBar() { if (bar) bar.hidden = true; }
  function showBar(meta) {
    if (!bar) return;
    document.getElementById('session-text').textContent = 'Last session on this device: ' + describe(meta) + '.';
    bar.hidden = false;
  }
  if (bar) {
    document.getElementById('session-restore').addEventListener('click', () => {
      restore().catch((e) => console.warn('sigma-heatmap: ' + (e && e.message || e)));
    });
    document.getElementById('session-forget').addEventListener('click', () => { forget(); });
    document.getElementById('session-dismiss').addEventListener('click', hideBar);
  }

  let readyToSave;
  const started = (async () => {
    await api.ready;
    const sharing = /^#s=/.test(location.hash);
    const settings = readSettings();
    if (settings && !sharing) {
      const errors = await api.setOptions(settings);
      if (errors) console.warn('sigma-heatmap: saved settings: ' + errors);
    }
    savedSettings = Module.UTF8ToString(Module._sh_options_json(0));
    startRevision = savedRevision = Module._sh_session_revision();
    savedOptions = Module.UTF8ToString(Module._sh_options_json(1));
    try {
      db = await openDb();
    } catch (e) {
      db = null;
      dbProblem = String(e && e.message || e);
      console.warn('sigma-heatmap: sessions are off: ' + dbProblem);
    }
    updateNote();
    if (db && !sharing) {
      try {
        const meta = await idbGet('meta');
        // Only on an untouched page: once something is loaded, it becomes the session to keep.
        if (meta && Module._sh_session_revision() === startRevision) showBar(meta);
      } catch (e) { /* no offer */ }
    }
    readyToSave = setInterval(() => { if (!pass) poll(); }, POLL_MS);
  })();

  if (api) {
    api.session = {
      started,                      // resolves once stored settings are applied and storage is open
      save: async () => { await started; await poll(); },  // what the once-a-second poll does
      restore,                      // -> Promise of the summary
      forget,
      stored: async () => { await started; return db ? idbGet('meta') : null; },  // {files, layers, savedAt, ...} or undefined
      status: () => ({ available: !!db, problem: dbProblem, settingsProblem, paused, offered: !!bar && !bar.hidden }),
    };
  }
  Module.shSessionForget = () => { forget(); };
  void readyToSave;
})();
