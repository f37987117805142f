// parse-worker.js — one of the page's parse workers. scripts/make-dist appends this file to
// Emscripten's factory for the parse module (build/web/sh-parse.js, src/platform/worker/) to make
// dist/parse-worker.js; the single-file page inlines the same text and starts it from a blob URL.
// Messages from the page (web/glue.js, "parse workers"):
//   {type: 'init', module}          the compiled WebAssembly.Module (compiled once by the page)
//   {type: 'parse', id, name, text} one file -> {type: 'parsed', id, record, heap} (record: the
//                                   wire bytes of core/rules_wire.hpp, transferred)
//   {type: 'fail-after', n}         test hook: the worker throws on the (n+1)-th file from now, as
//                                   a crashed worker would, so that the page's fallback is tested
// Answers {type: 'ready'} once the module runs, or {type: 'failed', error}.
/* global createShParser */
(function () {
  'use strict';
  let parser = null;
  let waiting = [];  // parse messages that came before the module was running
  let failAfter = -1;
  const utf8 = new TextEncoder();

  function parse(m) {
    if (failAfter === 0) throw new Error('parse worker: failing on purpose (test hook)');
    if (failAfter > 0) failAfter--;
    const p = parser;
    const name = utf8.encode(m.name + '\0');
    const max = m.text.length * 3 + 1;  // UTF-16 code unit -> at most 3 UTF-8 bytes
    const namePtr = p._malloc(name.length);
    const textPtr = p._malloc(max);
    try {
      p.HEAPU8.set(name, namePtr);
      const { written } = utf8.encodeInto(m.text, p.HEAPU8.subarray(textPtr, textPtr + max));
      const at = p._sh_parse_file(namePtr, textPtr, written);
      const record = p.HEAPU8.slice(at, at + p._sh_parse_record_size()).buffer;
      self.postMessage({ type: 'parsed', id: m.id, record, heap: p.HEAPU8.length }, [record]);
    } finally {
      p._free(namePtr);
      p._free(textPtr);
    }
  }

  self.onmessage = (e) => {
    const m = e.data || {};
    if (m.type === 'parse') {
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
    } else if (m.type === 'fail-after') {
      failAfter = Math.max(0, Number(m.n) || 0);
    }
  };
})();
