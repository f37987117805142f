// board.js — the board as a document in the page (issue 9), loaded after glue.js and before the
// module. The core writes the board as one HTML document (sigmaHeatmap.boardHtml(), byte for byte
// what `sigma-heatmap board` writes); this puts its <article> into #board-doc, beside the canvas,
// where the browser scrolls, zooms, finds, copies and prints it like any page:
//  * a share link opens as the document, with "Open in the editor" (the ImGui app, read-only
//    until "Start editing"); the editor's Board has "Document" to come back;
//  * Print… (the document's and the editor's) and Ctrl+P print the document (@media print in
//    board.css and style.css); whenever print media applies, even while the editor shows, the
//    document is brought up to date first, so print never shows a blank page;
//  * "Save as PNG" downloads the core's board picture (as `board --png`), never a screen grab;
//  * without WebGL 2 the document is all the page shows, for whatever is loaded (a share link,
//    dropped layers or rules), and a note says why in plain words.
// Its styles come from board.css (the document's own stylesheet) and style.css: no inline style,
// so the page's Content-Security-Policy holds. While the document shows, no frames are drawn and
// key presses stay with the document (GLFW would otherwise take Tab).
(function () {
  'use strict';
  const Module = window.Module;
  const root = document.documentElement;
  const holder = document.getElementById('board-doc');
  const note = document.getElementById('doc-note');
  const pageTitle = document.title;
  let running = false;
  let webgl = false;
  let shown = false;
  let boardTitle = '';

  // The document's <article> into the page (its <head> and <style> stay behind: board.css is the
  // same stylesheet). mode 1: only when the core has a newer version than the page shows.
  function refresh(mode) {
    if (!running) return false;
    if (!hasData()) {
      if (!holder.querySelector('.doc-empty')) showEmpty();
      return true;
    }
    if (holder.querySelector('.doc-empty')) mode = 2;
    const html = Module.UTF8ToString(Module._sh_board_html(mode));
    if (!html) return false;
    // The parsed document lives under this page's CSP, which (rightly) refuses its inline <style>:
    // it is board.css, which the page has already, so it is left out before parsing.
    const doc = new DOMParser().parseFromString(html.replace(/<style>[^<]*<\/style>/, ''), 'text/html');
    const article = doc.querySelector('article.shb');
    if (!article) return false;
    holder.replaceChildren(document.importNode(article, true));
    boardTitle = doc.title;
    if (shown) document.title = boardTitle;
    return true;
  }

  function hasData() {
    const s = window.sigmaHeatmap.summary();
    return s.rules > 0 || s.source !== 'rules';
  }

  // Nothing loaded yet (a page without WebGL opened without a link): say what the page can do.
  function showEmpty() {
    const box = document.createElement('section');
    box.className = 'doc-empty';
    const h = document.createElement('h1');
    h.textContent = 'ATT&CK coverage from Sigma rules';
    const p = document.createElement('p');
    p.textContent = 'Drop Sigma rule files, a whole rules folder or an ATT&CK Navigator layer (.json) anywhere on this ' +
      'page, or use the buttons above: the board of their coverage appears here. Nothing leaves your browser.';
    box.append(h, p);
    holder.replaceChildren(box);
    boardTitle = '';
  }

  function show() {
    if (!running) return;
    shown = true;
    root.classList.add('doc');
    if (webgl) Module._sh_pause_frames(1);
    refresh(2);
    document.title = boardTitle || pageTitle;
  }

  function openEditor() {
    if (!running || !webgl) return;
    shown = false;
    root.classList.remove('doc');
    document.title = pageTitle;
    Module._sh_pause_frames(0);
    Module.canvas.focus();
  }

  function print() {
    refresh(2);
    window.print();
  }

  Module.shBoardReady = ({ webgl: gl, reason, shared }) => {
    running = true;
    webgl = gl;
    if (!webgl) {
      note.textContent = 'The interactive editor needs WebGL 2, which this browser could not start, so the board is ' +
        'shown as a document. Everything else works: open or drop rules, a folder or a layer (.json) to see its board. ' +
        '(The browser says: ' + String(reason).replace(/\s+/g, ' ').trim() + ')';
      for (const id of ['doc-open', 'doc-open-folder']) document.getElementById(id).hidden = false;
      if (shared) note.textContent += ' The share link could not be opened: ' + shared;
      show();
    } else if (shared === '') {
      show();
    }
  };
  // A share link opened later (hashchange, openShareLink): it is a document first, too.
  Module.shShared = (error) => {
    if (!running) return;  // the first one: shBoardReady decides
    if (!error) show();
    else if (shown) note.textContent = 'The share link could not be opened: ' + error;
  };
  Module.shChanged = () => { if (shown) refresh(1); };
  Module.shShowDocument = show;
  Module.shOpenEditor = openEditor;
  Module.shPrintBoard = print;
  // Drawing a big board takes seconds: say so first, and let the browser show it before the work.
  Module.shSaveBoardPng = () => {
    if (!running) return;
    const before = note.textContent;
    note.textContent = 'Drawing the board as a PNG picture…';
    setTimeout(() => {
      try { Module._sh_save_board_png(); } finally { note.textContent = before; }
    }, 60);
  };

  // Printing while the editor shows: the document is brought up to date the moment print media
  // applies (beforeprint for the print dialog and Ctrl+P; the media query for anything else that
  // switches to print media). Not on every change in the editor: writing and inserting a big
  // board takes a few hundred milliseconds, which the editor should not pay while nobody prints.
  // Firefox gave the blank text between the body's elements (newlines of index.html), laid out
  // after the document, a page of its own when the document ended on a page of another size (a
  // portrait heat-map after landscape pages): a blank last page. That text goes before printing.
  const forPrint = () => {
    refresh(2);
    for (const n of [...document.body.childNodes]) if (n.nodeType === Node.TEXT_NODE && !n.textContent.trim()) n.remove();
  };
  window.addEventListener('beforeprint', forPrint);
  window.matchMedia('print').addEventListener('change', (e) => { if (e.matches) forPrint(); });
  // While the document shows, a safety net for changes that came without a hook.
  setInterval(() => { if (running && shown && !document.hidden) refresh(1); }, 1500);

  document.getElementById('doc-editor').addEventListener('click', openEditor);
  document.getElementById('doc-print').addEventListener('click', print);
  document.getElementById('doc-png').addEventListener('click', () => Module.shSaveBoardPng());
  document.getElementById('doc-open').addEventListener('click', () => document.getElementById('file-input').click());
  document.getElementById('doc-open-folder').addEventListener('click', () => document.getElementById('folder-input').click());

  // GLFW listens for keys on the whole window and takes Tab and Backspace; while the document
  // shows, keys belong to it (Tab moves between its buttons and scroll boxes, Ctrl+F finds).
  for (const type of ['keydown', 'keypress', 'keyup']) {
    window.addEventListener(type, (e) => { if (shown) e.stopImmediatePropagation(); }, true);
  }
})();
