// ziptools.js — a small zip writer for the tests (independent of web/zip.js, the reader under
// test): stored and deflated entries (node's zlib), and the damage a test needs — a wrong CRC, a
// lying size, the encryption flag, another compression method, zip64 records — plus a zip of a
// folder made by Python's zipfile (a third, independent writer) when python3 is present.
'use strict';
const zlib = require('zlib');
const { execFileSync } = require('child_process');

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();
function crc32(buf) {
  let c = -1;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

// entries: [{name, data, method = 8, flags = 0, crc, size, compressedData, zip64}]
//   crc / size: override what the directory declares (damage);
//   compressedData: the bytes stored instead of the real ones (damage);
//   zip64: sizes and offset in a zip64 extra field (fields set to 0xffffffff).
// options: {zip64End: true} writes zip64 end records (and 0xffff/0xffffffff in the classic one),
//          {comment: '...'} an archive comment.
function makeZip(entries, options = {}) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data || '', 'utf8');
    const method = e.method === undefined ? 8 : e.method;
    const body = e.compressedData || (method === 8 ? zlib.deflateRawSync(data) : data);
    const crc = e.crc === undefined ? crc32(data) : e.crc;
    const size = e.size === undefined ? data.length : e.size;
    const flags = (e.flags || 0) | (/[^\x00-\x7f]/.test(e.name) ? 0x800 : 0);
    let extra = Buffer.alloc(0);
    if (e.zip64) {
      extra = Buffer.alloc(4 + 24);
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.zip64 ? 0xffffffff : body.length, 18);
    local.writeUInt32LE(e.zip64 ? 0xffffffff : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(e.zip64 ? 45 : 20, 4);
    cen.writeUInt16LE(e.zip64 ? 45 : 20, 6);
    cen.writeUInt16LE(flags, 8);
    cen.writeUInt16LE(method, 10);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(e.zip64 ? 0xffffffff : body.length, 20);
    cen.writeUInt32LE(e.zip64 ? 0xffffffff : size, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt16LE(extra.length, 30);
    cen.writeUInt32LE(e.zip64 ? 0xffffffff : offset, 42);
    parts.push(local, name, extra, body);
    central.push(cen, name, extra);
    offset += local.length + name.length + extra.length + body.length;
  }
  const cd = Buffer.concat(central);
  const cdOffset = offset;
  const comment = Buffer.from(options.comment || '', 'utf8');
  const tail = [];
  if (options.zip64End) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(entries.length), 24);
    rec.writeBigUInt64LE(BigInt(entries.length), 32);
    rec.writeBigUInt64LE(BigInt(cd.length), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(cdOffset + cd.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(options.zip64End ? 0xffff : entries.length, 8);
  eocd.writeUInt16LE(options.zip64End ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(options.zip64End ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(options.zip64End ? 0xffffffff : cdOffset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...parts, cd, ...tail, eocd, comment]);
}

// A deflated zip of `dir` whose entries are named `<basename of dir>/<path inside>`, written by
// Python's zipfile; null when python3 is missing.
function zipFolderWithPython(dir, out) {
  const script = [
    'import os, sys, zipfile',
    'src, out = sys.argv[1], sys.argv[2]',
    'base = os.path.dirname(os.path.abspath(src))',
    'with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:',
    '    for root, dirs, files in os.walk(src):',
    '        dirs.sort()',
    '        for f in sorted(files):',
    '            p = os.path.join(root, f)',
    '            z.write(p, os.path.relpath(p, base))',
  ].join('\n');
  try {
    execFileSync('python3', ['-c', script, dir, out], { stdio: ['ignore', 'ignore', 'pipe'] });
    return out;
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw e;
  }
}

module.exports = { makeZip, crc32, zipFolderWithPython };
