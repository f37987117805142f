// zip.js — reads .zip archives in the page (and in node, for tests): the central directory
// (zip64 records included), stored (method 0) and deflated (method 8) entries inflated by the
// platform's DecompressionStream('deflate-raw'), each entry's CRC-32 checked, and its size capped
// (per entry and per archive) while it inflates, so a zip bomb stops at the cap instead of filling
// memory. Bad input never throws: problems come back as values naming the entry.
// Entry names are kept as written in the archive (UTF-8 when flagged or valid, else CP437, as
// libzip decodes them), so the page names a zipped file exactly as the CLI does.
// Used by glue.js (window.shZip); node tests require() it.
(function (root) {
  'use strict';

  const SIG_EOCD = 0x06054b50;
  const SIG_EOCD64 = 0x06064b50;
  const SIG_EOCD64_LOCATOR = 0x07064b50;
  const SIG_CENTRAL = 0x02014b50;
  const SIG_LOCAL = 0x04034b50;
  const EOCD_SIZE = 22;
  const MAX_COMMENT = 0xffff;

  const CRC_TABLE = (() => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  function crc32(bytes, crc) {
    let c = (crc ^ 0xffffffff) >>> 0;
    for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  // CP437 upper half, for names written without the UTF-8 flag by old tools (libzip does the same).
  const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
  const utf8Strict = new TextDecoder('utf-8', { fatal: true });
  const utf8 = new TextDecoder('utf-8');
  function decodeName(bytes, utf8Flag) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) { ascii = false; break; }
    if (ascii) return String.fromCharCode.apply(null, bytes);
    if (utf8Flag) return utf8.decode(bytes);
    try { return utf8Strict.decode(bytes); } catch (e) { /* not UTF-8: CP437 */ }
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += bytes[i] < 0x80 ? String.fromCharCode(bytes[i]) : CP437_HIGH[bytes[i] - 0x80];
    return s;
  }

  // A Blob/File, an ArrayBuffer or a Uint8Array as {size, read(start, end) -> Promise<Uint8Array>}.
  function sourceOf(input) {
    if (input instanceof ArrayBuffer) input = new Uint8Array(input);
    if (input instanceof Uint8Array) {
      return { size: input.length, read: (s, e) => Promise.resolve(input.subarray(Math.max(0, s), Math.min(e, input.length))) };
    }
    if (input && typeof input.slice === 'function' && typeof input.size === 'number') {
      return { size: input.size, read: (s, e) => input.slice(Math.max(0, s), Math.min(e, input.size)).arrayBuffer().then((b) => new Uint8Array(b)) };
    }
    throw new TypeError('zip: expected a Blob, an ArrayBuffer or a Uint8Array');
  }

  const u16 = (b, o) => b[o] | (b[o + 1] << 8);
  const u32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  // 64-bit little-endian as a Number; values past 2^53 (no real archive) become Infinity.
  const u64 = (b, o) => {
    const hi = u32(b, o + 4);
    return hi >= 0x200000 ? Infinity : hi * 0x100000000 + u32(b, o);
  };

  // The end of central directory record: the last signature whose comment length reaches exactly
  // the end of the file (a comment may itself contain the signature bytes), else the last one seen.
  function findEocd(tail) {
    let fallback = -1;
    for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
      if (u32(tail, i) !== SIG_EOCD) continue;
      if (i + EOCD_SIZE + u16(tail, i + 20) === tail.length) return i;
      if (fallback < 0) fallback = i;
    }
    return fallback;
  }

  // Opens an archive: reads its central directory. Resolves with
  //   {entries: [{name, method, flags, crc, compressedSize, size, offset, index}], error}
  // where error is '' or why the archive cannot be listed at all (then entries is empty). Entries
  // that are directories are left out; every other entry is listed, whatever its name.
  async function list(input) {
    try {
      return await readDirectory(input);
    } catch (e) {
      return { entries: [], error: 'could not be read: ' + String((e && e.message) || e) };
    }
  }
  async function readDirectory(input) {
    let src;
    try { src = sourceOf(input); } catch (e) { return { entries: [], error: String(e.message || e) }; }
    const tailStart = Math.max(0, src.size - (EOCD_SIZE + MAX_COMMENT));
    const tail = await src.read(tailStart, src.size);
    const at = findEocd(tail);
    if (at < 0) return { entries: [], error: 'not a zip archive, or truncated: no end-of-central-directory record' };
    let disk = u16(tail, at + 4), cdDisk = u16(tail, at + 6);
    let count = u16(tail, at + 10), cdSize = u32(tail, at + 12), cdOffset = u32(tail, at + 16);
    const eocdPos = tailStart + at;
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // zip64: a locator right before the record points at the zip64 end of central directory.
      const loc = await src.read(eocdPos - 20, eocdPos);
      if (loc.length === 20 && u32(loc, 0) === SIG_EOCD64_LOCATOR) {
        const recPos = u64(loc, 8);
        const rec = Number.isFinite(recPos) ? await src.read(recPos, recPos + 56) : new Uint8Array(0);
        if (rec.length < 56 || u32(rec, 0) !== SIG_EOCD64) return { entries: [], error: 'damaged zip64 end-of-central-directory record' };
        disk = u32(rec, 16); cdDisk = u32(rec, 20);
        count = u64(rec, 32); cdSize = u64(rec, 40); cdOffset = u64(rec, 48);
      }
    }
    if (disk !== 0 || cdDisk !== 0) return { entries: [], error: 'split (multi-part) archives are not supported' };
    if (!Number.isFinite(cdOffset) || !Number.isFinite(cdSize) || cdOffset + cdSize > eocdPos) {
      return { entries: [], error: 'truncated or damaged: the central directory lies beyond the end of the file' };
    }
    const cd = await src.read(cdOffset, cdOffset + cdSize);
    const entries = [];
    let p = 0;
    for (let index = 0; index < count; index++) {
      if (p + 46 > cd.length || u32(cd, p) !== SIG_CENTRAL) {
        return { entries, error: `damaged central directory at entry ${index + 1} of ${count}` };
      }
      const flags = u16(cd, p + 8);
      const method = u16(cd, p + 10);
      const crc = u32(cd, p + 16);
      let compressedSize = u32(cd, p + 20);
      let size = u32(cd, p + 24);
      const nameLen = u16(cd, p + 28), extraLen = u16(cd, p + 30), commentLen = u16(cd, p + 32);
      const entryDisk = u16(cd, p + 34);
      let offset = u32(cd, p + 42);
      const end = p + 46 + nameLen + extraLen + commentLen;
      if (end > cd.length) return { entries, error: `damaged central directory at entry ${index + 1} of ${count}` };
      const name = decodeName(cd.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
      // zip64 extended information: the 64-bit values, in this order, of the fields set to all ones.
      for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
        const id = u16(cd, x), len = u16(cd, x + 2);
        if (id === 0x0001) {
          let q = x + 4;
          const stop = x + 4 + len;
          if (size === 0xffffffff && q + 8 <= stop) { size = u64(cd, q); q += 8; }
          if (compressedSize === 0xffffffff && q + 8 <= stop) { compressedSize = u64(cd, q); q += 8; }
          if (offset === 0xffffffff && q + 8 <= stop) { offset = u64(cd, q); q += 8; }
        }
        x += 4 + len;
      }
      p = end;
      if (/\/$/.test(name) && size === 0) continue;  // a directory
      entries.push({ name, method, flags, crc, compressedSize, size, offset, disk: entryDisk, index });
    }
    return { entries, error: '' };
  }

  // Inflates raw deflate data, stopping as soon as the output passes `limit` bytes.
  // -> {bytes} | {tooBig: true} | {error}
  async function inflate(bytes, limit) {
    if (typeof DecompressionStream !== 'function') return { error: "this browser cannot inflate zip entries (no DecompressionStream('deflate-raw'))" };
    let ds;
    try { ds = new DecompressionStream('deflate-raw'); } catch (e) {
      return { error: "this browser cannot inflate zip entries (no DecompressionStream('deflate-raw'))" };
    }
    const writer = ds.writable.getWriter();
    const reader = ds.readable.getReader();
    writer.write(bytes).then(() => writer.close()).catch(() => {});  // failures surface in read()
    const chunks = [];
    let total = 0;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        total += value.length;
        if (total > limit) {
          reader.cancel().catch(() => {});
          return { tooBig: true };
        }
        chunks.push(value);
      }
    } catch (e) {
      return { error: 'damaged compressed data' };
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) { out.set(c, o); o += c.length; }
    return { bytes: out };
  }

  const METHODS = { 1: 'shrink', 6: 'implode', 9: 'deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'zstd', 95: 'xz', 98: 'PPMd', 99: 'AES encryption' };

  // An archive opened for reading entries one at a time.
  //   const z = await open(blobOrBytes, {maxEntryBytes, maxTotalBytes, maxInMemoryBytes});
  // An archive up to maxInMemoryBytes (64 MB) is read into memory once: each Blob slice read is a
  // round trip to the browser process, two per entry were ~10 entries a second for SigmaHQ's zip.
  //   z.entries, z.error (as list()); await z.text(entry) -> {text} | {bytes} (not UTF-8) | {error}
  // maxTotalBytes caps the sum of the sizes of the entries read from this archive; past it, further
  // entries are refused (a zip bomb of many entries, or of many entries pointing at the same data).
  async function open(input, options) {
    const maxEntryBytes = (options && options.maxEntryBytes) || 8 * 1024 * 1024;
    const maxTotalBytes = (options && options.maxTotalBytes) || 256 * 1024 * 1024;
    const maxInMemoryBytes = (options && options.maxInMemoryBytes) || 64 * 1024 * 1024;
    if (input && typeof input.arrayBuffer === 'function' && input.size <= maxInMemoryBytes) {
      try { input = new Uint8Array(await input.arrayBuffer()); } catch (e) {
        return { entries: [], error: 'could not be read: ' + String((e && e.message) || e), text: async () => ({ error: 'not read' }) };
      }
    }
    const { entries, error } = await list(input);
    const src = entries.length ? sourceOf(input) : null;
    let spent = 0;
    const mb = (n) => (n / 1048576).toFixed(n < 1048576 ? 2 : 0) + ' MB';
    async function bytesOf(e) {
      if (e.flags & 0x1) return { error: 'encrypted (password-protected) entry: not read' };
      if (e.method !== 0 && e.method !== 8) {
        return { error: `compression method ${e.method}${METHODS[e.method] ? ' (' + METHODS[e.method] + ')' : ''} is not supported: not read` };
      }
      if (e.disk !== 0) return { error: 'entry on another part of a split archive: not read' };
      if (!Number.isFinite(e.offset) || !Number.isFinite(e.compressedSize) || !Number.isFinite(e.size)) return { error: 'damaged entry: not read' };
      if (e.size > maxEntryBytes) return { error: `larger than ${mb(maxEntryBytes)} (${e.size} bytes): not read` };
      if (spent + e.size > maxTotalBytes) return { error: `past the ${mb(maxTotalBytes)} this page reads from one archive: not read` };
      // Deflate never needs much more room than the data itself (stored blocks: 5 bytes per 64 KB).
      const maxCompressed = e.method === 0 ? e.size : e.size + Math.ceil(e.size / 16384) * 5 + 1024;
      if (e.compressedSize > maxCompressed) return { error: 'damaged entry: its compressed size does not fit its size' };
      // The size the directory declares is reserved before reading (entries may be read
      // concurrently) and is all that is inflated: an entry that inflates to more is damaged.
      spent += e.size;
      const head = await src.read(e.offset, e.offset + 30);
      if (head.length < 30 || u32(head, 0) !== SIG_LOCAL) return { error: 'damaged or truncated entry (no local header): not read' };
      const start = e.offset + 30 + u16(head, 26) + u16(head, 28);
      if (start + e.compressedSize > src.size) return { error: 'truncated entry: the archive ends inside it' };
      const raw = await src.read(start, start + e.compressedSize);
      let bytes = raw;
      if (e.method === 8) {
        const r = await inflate(raw, e.size);
        if (r.error) return r;
        if (r.tooBig) return { error: `damaged entry (or a zip bomb): it inflates to more than the ${e.size} bytes it declares` };
        bytes = r.bytes;
      }
      if (bytes.length !== e.size) return { error: `damaged entry: ${bytes.length} bytes instead of ${e.size}` };
      if (crc32(bytes, 0) !== e.crc) return { error: 'damaged entry: CRC-32 mismatch' };
      return { bytes };
    }
    async function textOf(e) {
      try {
        const r = await bytesOf(e);
        if (r.error) return r;
        // Not UTF-8 (UTF-16 text, Latin-1, binary): the bytes, for the core to decode or refuse as the CLI does.
        try { return { text: utf8Strict.decode(r.bytes) }; } catch (err) { return { bytes: r.bytes }; }
      } catch (err) {
        return { error: 'could not be read: ' + String((err && err.message) || err) };
      }
    }
    // One entry at a time: many DecompressionStreams at once are much slower than the same work in
    // turn (Chromium: 500 SigmaHQ entries 0.34 s one by one, 3.8 s all at once).
    let queue = Promise.resolve();
    return {
      entries,
      error,
      text(e) {
        const result = queue.then(() => textOf(e));
        queue = result;
        return result;
      },
    };
  }

  // Problems with entries of one archive -> diagnostics [{file, message}], one per kind of problem:
  // an encrypted archive says so once, naming its first entries and how many more.
  function summarise(archive, problems) {
    const byMessage = new Map();
    for (const { entry, message } of problems) {
      if (!byMessage.has(message)) byMessage.set(message, []);
      byMessage.get(message).push(entry);
    }
    const out = [];
    for (const [message, names] of byMessage) {
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
      out.push({ file: archive, message: `${names.length === 1 ? 'entry' : names.length + ' entries'} ${shown}: ${message}` });
    }
    return out;
  }

  const api = { list, open, summarise, crc32, decodeName };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.shZip = api;
})(typeof window !== 'undefined' ? window : globalThis);
