// zipreader.test.js — web/zip.js in node (no browser: node has the same DecompressionStream):
// archives written by ziptools.js (an independent writer) and by Python's zipfile, read back entry
// by entry; every kind of damage gives a value naming the entry, never an exception; random
// mutations of a small archive never hang or throw (a fuzz-style run, seeded, so failures repeat).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const zip = require('../../web/zip.js');
const { makeZip, zipFolderWithPython } = require('./ziptools');

const MiB = 1024 * 1024;
async function readAll(bytes, options) {
  const z = await zip.open(bytes, options);
  const out = { error: z.error, entries: {} };
  for (const e of z.entries) out.entries[e.name] = await z.text(e);
  return out;
}

test('stored and deflated entries read back; directories are not entries', async () => {
  const yml = 'title: x\n'.repeat(200);
  const bytes = makeZip([
    { name: 'rules/', data: '', method: 0 },
    { name: 'rules/a.yml', data: yml, method: 8 },
    { name: 'rules/b.yml', data: 'title: b\n', method: 0 },
    { name: 'rules/empty.yml', data: '', method: 8 },
    { name: 'rules/ünï.yml', data: 'title: ü\n', method: 8 },
  ]);
  const r = await readAll(bytes);
  assert.equal(r.error, '');
  assert.deepEqual(Object.keys(r.entries), ['rules/a.yml', 'rules/b.yml', 'rules/empty.yml', 'rules/ünï.yml']);
  assert.equal(r.entries['rules/a.yml'].text, yml);
  assert.equal(r.entries['rules/b.yml'].text, 'title: b\n');
  assert.equal(r.entries['rules/empty.yml'].text, '');
  assert.equal(r.entries['rules/ünï.yml'].text, 'title: ü\n');
  // The same through a Blob (what the page has).
  const z = await zip.open(new Blob([bytes]));
  assert.equal((await z.text(z.entries[0])).text, yml);
});

test('a folder zipped by Python reads back byte for byte', { skip: !fs.existsSync('/usr/bin/python3') && 'python3 missing' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-zip-'));
  const src = path.join(dir, 'rules');
  fs.mkdirSync(path.join(src, 'windows'), { recursive: true });
  const files = { 'windows/a.yml': 'title: a\n'.repeat(500), 'b.yaml': 'title: b\n', 'seed.csv': 'title,attack_id\nx,T1059\n' };
  for (const [p, t] of Object.entries(files)) fs.writeFileSync(path.join(src, p), t);
  const out = zipFolderWithPython(src, path.join(dir, 'rules.zip'));
  const r = await readAll(fs.readFileSync(out));
  assert.equal(r.error, '');
  for (const [p, t] of Object.entries(files)) assert.equal(r.entries['rules/' + p].text, t, p);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('zip64 records: sizes and offsets in the extra field, and the zip64 end of directory', async () => {
  const entries = [{ name: 'a.yml', data: 'title: a\n', zip64: true }, { name: 'b.yml', data: 'title: b\n', method: 0, zip64: true }];
  for (const zip64End of [false, true]) {
    const r = await readAll(makeZip(entries, { zip64End }));
    assert.equal(r.error, '', `zip64End ${zip64End}`);
    assert.equal(r.entries['a.yml'].text, 'title: a\n');
    assert.equal(r.entries['b.yml'].text, 'title: b\n');
  }
});

test('a comment that contains the end-of-directory signature does not fool the reader', async () => {
  const comment = 'PK\x05\x06 looks like an end record';
  const r = await readAll(makeZip([{ name: 'a.yml', data: 'title: a\n' }], { comment }));
  assert.equal(r.error, '');
  assert.equal(r.entries['a.yml'].text, 'title: a\n');
});

test('names without the UTF-8 flag: UTF-8 when valid, else CP437 (as libzip decodes them)', () => {
  assert.equal(zip.decodeName(Buffer.from('caf\xc3\xa9.yml', 'latin1'), false), 'café.yml');
  assert.equal(zip.decodeName(Buffer.from([0x82, 0x2e, 0x79, 0x6d, 0x6c]), false), 'é.yml');  // CP437 0x82
  assert.equal(zip.decodeName(Buffer.from('plain.yml'), false), 'plain.yml');
});

test('damaged entries come back as problems, and the other entries still read', async () => {
  const good = { name: 'good.yml', data: 'title: good\n' };
  const cases = [
    [{ name: 'enc.yml', data: 'secret', flags: 0x1 }, /encrypted/],
    [{ name: 'crc.yml', data: 'title: crc\n', crc: 12345 }, /CRC-32 mismatch/],
    [{ name: 'bzip.yml', data: 'x', method: 12, compressedData: Buffer.from('BZh9') }, /compression method 12 \(bzip2\) is not supported/],
    [{ name: 'garbage.yml', data: 'title: g\n', compressedData: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00]) }, /damaged compressed data/],
    [{ name: 'short.yml', data: 'title: short\n', compressedData: zlib.deflateRawSync(Buffer.from('title: short\n')).subarray(0, 5) }, /damaged/],
    [{ name: 'liar.yml', data: 'a'.repeat(100000), size: 10 }, /inflates to more than the 10 bytes it declares/],
    [{ name: 'small.yml', data: 'a'.repeat(100), size: 200 }, /100 bytes instead of 200|compressed size/],
  ];
  for (const [entry, expected] of cases) {
    const r = await readAll(makeZip([good, entry, { name: 'after.yml', data: 'title: after\n' }]));
    assert.equal(r.error, '');
    assert.match(String(r.entries[entry.name].error), expected, entry.name);
    assert.equal(r.entries['good.yml'].text, 'title: good\n', `${entry.name}: the entry before`);
    assert.equal(r.entries['after.yml'].text, 'title: after\n', `${entry.name}: the entry after`);
  }
});

test('zip bombs stop at the caps: per entry, and per archive', async () => {
  // 20 MB of zeros deflates to ~20 KB; declared honestly it is refused before inflating.
  const zeros = Buffer.alloc(20 * MiB);
  let r = await readAll(makeZip([{ name: 'bomb.yml', data: zeros }, { name: 'ok.yml', data: 'title: ok\n' }]), { maxEntryBytes: 8 * MiB });
  assert.match(r.entries['bomb.yml'].error, /larger than 8 MB \(20971520 bytes\)/);
  assert.equal(r.entries['ok.yml'].text, 'title: ok\n');
  // Declared small but inflating big: stopped at the declared size (1 MB of zeros is ~1 KB of
  // deflate); far too much compressed data for the declared size is refused before inflating.
  r = await readAll(makeZip([{ name: 'liar.yml', data: Buffer.alloc(MiB), size: 1000 }, { name: 'huge.yml', data: zeros, size: 1000 }]));
  assert.match(r.entries['liar.yml'].error, /inflates to more than the 1000 bytes/);
  assert.match(r.entries['huge.yml'].error, /compressed size does not fit its size/);
  // Many entries within the per-entry cap: the archive's total cap refuses the rest.
  const mb = Buffer.alloc(MiB, 0x61);
  const many = Array.from({ length: 10 }, (_, i) => ({ name: `m${i}.yml`, data: mb }));
  r = await readAll(makeZip(many), { maxEntryBytes: 8 * MiB, maxTotalBytes: 4 * MiB });
  const read = Object.values(r.entries).filter((e) => typeof e.text === 'string').length;
  assert.equal(read, 4);
  assert.match(r.entries['m9.yml'].error, /past the 4 MB this page reads from one archive/);
});

test('truncated, empty and foreign files: one error for the archive', async () => {
  const whole = makeZip([{ name: 'a.yml', data: 'title: a\n'.repeat(50) }, { name: 'b.yml', data: 'title: b\n' }]);
  for (const [bytes, expected] of [
    [whole.subarray(0, whole.length - 30), /no end-of-central-directory|beyond the end/],
    [Buffer.alloc(0), /no end-of-central-directory/],
    [Buffer.from('title: not a zip\n'), /no end-of-central-directory/],
    [Buffer.concat([Buffer.alloc(10), whole.subarray(40)]), /damaged|beyond/],
  ]) {
    const z = await zip.open(bytes);
    assert.match(z.error, expected);
  }
  // The data of an entry cut off, the directory intact (a copy that stopped early, then repaired).
  const cut = Buffer.from(whole);
  cut.fill(0, 10, 40);
  const r = await readAll(cut);
  assert.match(String(r.entries['a.yml'].error), /damaged|truncated/);
  assert.equal(r.entries['b.yml'].text, 'title: b\n');
});

test('summarise: one diagnostic per kind of problem, naming the archive and its entries', () => {
  const problems = Array.from({ length: 5 }, (_, i) => ({ entry: `rules/r${i}.yml`, message: 'encrypted (password-protected) entry: not read' }));
  problems.push({ entry: 'rules/x.yml', message: 'damaged entry: CRC-32 mismatch' });
  const d = zip.summarise('sigma.zip', problems);
  assert.deepEqual(d, [
    { file: 'sigma.zip', message: '5 entries rules/r0.yml, rules/r1.yml, rules/r2.yml and 2 more: encrypted (password-protected) entry: not read' },
    { file: 'sigma.zip', message: 'entry rules/x.yml: damaged entry: CRC-32 mismatch' },
  ]);
});

test('random mutations of a small archive never throw or hang', async () => {
  const base = makeZip([
    { name: 'rules/a.yml', data: 'title: a\ntags: [attack.t1059]\n'.repeat(20) },
    { name: 'rules/b.yml', data: 'title: b\n', method: 0 },
    { name: 'c.csv', data: 'title,attack_id\nx,T1003\n', zip64: true },
  ], { zip64End: true });
  let seed = 20260402;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) >>> 0; return seed % n; };
  const runs = Number(process.env.ZIP_FUZZ_RUNS || 1500);
  let readable = 0;
  for (let run = 0; run < runs; run++) {
    const b = Buffer.from(base);
    const kind = rand(4);
    if (kind === 0) for (let k = 1 + rand(8); k > 0; k--) b[rand(b.length)] = rand(256);      // random bytes
    else if (kind === 1) b.writeUInt32LE(rand(2) ? 0xffffffff : rand(1 << 30), rand(b.length - 4));  // a big field
    else if (kind === 2) b[rand(b.length)] ^= 1 << rand(8);                                    // one bit
    const bytes = kind === 3 ? b.subarray(rand(b.length), b.length - rand(40)) : b;             // cut
    const t0 = Date.now();
    const z = await zip.open(bytes, { maxEntryBytes: 64 * 1024, maxTotalBytes: 256 * 1024 });
    for (const e of z.entries.slice(0, 50)) {
      const r = await z.text(e);
      assert.ok(typeof r.text === 'string' || typeof r.error === 'string', `run ${run}: a text or an error`);
      if (typeof r.text === 'string') readable++;
    }
    assert.ok(Date.now() - t0 < 5000, `run ${run} took ${Date.now() - t0} ms`);
  }
  assert.ok(readable > 0, 'some mutants still have readable entries');
});
