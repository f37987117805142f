// parse-worker.js — one of the page's parse workers. scripts/make-dist appends this file to
// Emscripten's factory for the parse module (build/web/sh-parse.js, src/platform/worker/) to make
// dist/parse-worker.js; the single-file page inlines the same text and starts it from a blob URL.
// Messages from the page (web/glue.js, "parse workers"):
//   {type: 'init', module}          the compiled WebAssembly.Module (compiled once by the page)
//   {type: 'parse', id, files}      files ([{name, text}]) -> {type: 'parsed', id, records, sizes,
//                                   heap}: records, for each file in turn its wire record
//                                   (core/rules_wire.hpp) then its text in UTF-8; sizes (Uint32),
//                                   their lengths, two per file; both transferred
//   {type: 'fail-after', n}         test hook: the worker throws on the (n+1)-th file from now, as
//                                   a crashed worker would, so that the page's fallback is tested
//   {type: 'warm-up', files}        the page's sample rules ([{name, text}]) to warm up on
// Answers {type: 'ready'} once the module runs, or {type: 'failed', error}; after a warm-up (cut
// short by the first files to parse), {type: 'warmed', parses}.
//
// Warming up: WebAssembly starts in the engine's baseline tier and is recompiled optimised only
// once a function has run a while, so the first folder a page parsed took ~1.6x as long as the
// second (3,141 SigmaHQ files, 2 workers: 750-800 ms against 460-490 ms). Once the page is up,
// while it waits for a drop, each worker parses its sample rules WARM_PARSES times in all, a few
// at a time so that a real file waiting behind them waits for a few parses at most, and throws the
// results away; the page's first load then runs optimised code.
/* global createShParser */
(function () {
  'use strict';
  let parser = null;
  let waiting = [];  // parse messages that came before the module was running
  let failAfter = -1;
  const utf8 = new TextEncoder();
  const WARM_PARSES = 480;
  const WARM_BATCH = 8;

  // A file's text -> its wire record (a view of the module's heap, valid until the next call) and
  // the text's UTF-8 bytes (a copy, taken before they are freed). The bytes go back with the
  // record: the page hands them to its module as they are, rather than encoding the text again on
  // the main thread.
  function parseText(name, text) {
    const p = parser;
    const nameBytes = utf8.encode(name + '\0');
    const max = text.length * 3 + 1;  // UTF-16 code unit -> at most 3 UTF-8 bytes
    const namePtr = p._malloc(nameBytes.length);
    const textPtr = p._malloc(max);
    try {
      p.HEAPU8.set(nameBytes, namePtr);
      const { written } = utf8.encodeInto(text, p.HEAPU8.subarray(textPtr, textPtr + max));
      const at = p._sh_parse_file(namePtr, textPtr, written);
      return { record: p.HEAPU8.subarray(at, at + p._sh_parse_record_size()), text: p.HEAPU8.slice(textPtr, textPtr + written) };
    } finally {
      p._free(namePtr);
      p._free(textPtr);
    }
  }

  // files: the page's sample rules, parsed in turn WARM_PARSES times in all.
  // Files to parse end it: they warm up what they run, and must not wait behind it.
  let filesCame = false;
  function warmUp(files, done) {
    for (let i = 0; i < WARM_BATCH && done < WARM_PARSES && !filesCame; i++, done++) {
      const f = files[done % files.length];
      parseText(f.name, f.text);
    }
    if (done < WARM_PARSES && !filesCame) setTimeout(() => warmUp(files, done), 0);
    else self.postMessage({ type: 'warmed', parses: done });
  }

  function parse(m) {
    const parsed = [];
    let total = 0;
    for (const f of m.files) {
      if (failAfter === 0) throw new Error('parse worker: failing on purpose (test hook)');
      if (failAfter > 0) failAfter--;
      const { record, text } = parseText(f.name, f.text);
      parsed.push(record.slice(), text);  // the record before the next call reuses the heap
      total += record.length + text.length;
    }
    // One buffer, each file's record then its text; sizes: the two lengths per file.
    const records = new Uint8Array(total);
    const sizes = new Uint32Array(parsed.length);
    let at = 0;
    parsed.forEach((bytes, i) => {
      records.set(bytes, at);
      at += bytes.length;
      sizes[i] = bytes.length;
    });
    self.postMessage({ type: 'parsed', id: m.id, records: records.buffer, sizes: sizes.buffer, heap: parser.HEAPU8.length },
      [records.buffer, sizes.buffer]);
  }

  self.onmessage = (e) => {
    const m = e.data || {};
    if (m.type === 'parse') {
      filesCame = true;
      if (parser) parse(m); else waiting.push(m);
    } else if (m.type === 'init') {
      createShParser({
        instantiateWasm(imports, receive) {
          WebAssembly.instantiate(m.module, imports).then((instance) => receive(instance, m.module),
            (err) => self.postMessage({ type: 'failed', error: String(err) }));
          return {};
        },
        print: () => {},
        printErr: (text) => console.warn('sigma-heatmap parse worker: ' + text),
      }).then((module) => {
        parser = module;
        self.postMessage({ type: 'ready', heap: module.HEAPU8.length });
        const early = waiting;
        waiting = [];
        early.forEach(parse);
      }, (err) => self.postMessage({ type: 'failed', error: String(err) }));
    } else if (m.type === 'warm-up') {
      if (parser && Array.isArray(m.files) && m.files.length) warmUp(m.files, 0);
    } else if (m.type === 'fail-after') {
      failAfter = Math.max(0, Number(m.n) || 0);
    }
  };
})();
