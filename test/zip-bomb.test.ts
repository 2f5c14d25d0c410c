// Zip bombs (issue 13, item 2): zip reading is bounded by the bytes really produced, per entry, per
// archive and per batch; declared sizes are never trusted; a bad CRC is reported per entry. The
// hostile archives are built here byte by byte (local headers, central directory, end record).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigration, exitCodeOf } from '../src/api.js';
import { LIMITS, ZipTree, crc32, resetZipBatchBudget, zipBatchBytesUsed } from '../src/parse/source-tree.js';
import { tempDir } from './helpers.js';

const MB = 1024 * 1024;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const GOOD = (title: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="${title}" />
  <Content type="html"><![CDATA[<div>${title}</div>]]></Content>
</Module>
`;

interface RawEntry {
  name: string;
  method: 0 | 8;
  /** The bytes as stored in the archive (already deflated for method 8). */
  data: Uint8Array;
  crc: number;
  /** What the headers claim the entry inflates to. */
  declaredSize: number;
  /** Reuse the local header (and data) of an earlier entry: the overlapping-bomb trick. */
  sameAs?: number;
}

/** Writes a zip: one local header + data per entry (unless it reuses one), then the central directory. */
function buildZip(entries: RawEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  let offset = 0;
  const offsets: number[] = [];
  entries.forEach((e) => {
    if (e.sameAs !== undefined) {
      offsets.push(offsets[e.sameAs]!);
      return;
    }
    const name = Buffer.from(e.name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0, 6);
    h.writeUInt16LE(e.method, 8);
    h.writeUInt32LE(e.crc >>> 0, 14);
    h.writeUInt32LE(e.data.length, 18);
    h.writeUInt32LE(e.declaredSize, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(0, 28);
    offsets.push(offset);
    parts.push(h, name, Buffer.from(e.data.buffer, e.data.byteOffset, e.data.length));
    offset += 30 + name.length + e.data.length;
  });
  const cdStart = offset;
  for (const [i, e] of entries.entries()) {
    const src = e.sameAs !== undefined ? entries[e.sameAs]! : e;
    const name = Buffer.from(e.name);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(src.method, 10);
    c.writeUInt32LE(src.crc >>> 0, 16);
    c.writeUInt32LE(src.data.length, 20);
    c.writeUInt32LE(e.declaredSize, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offsets[i]!, 42);
    parts.push(c, name);
    offset += 46 + name.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(offset - cdStart, 12);
  end.writeUInt32LE(cdStart, 16);
  parts.push(end);
  return new Uint8Array(Buffer.concat(parts));
}

/** The original attack: one stored run of data, many central entries pointing at it, each declaring size 0. */
function overlappingStoredBomb(dataBytes: number, copies: number): Uint8Array {
  const data = new Uint8Array(dataBytes).fill(0x61);
  const first: RawEntry = { name: 'b/0.xml', method: 0, data, crc: crc32(data), declaredSize: 0 };
  const rest: RawEntry[] = Array.from({ length: copies - 1 }, (_, i) => ({ ...first, name: `b/${i + 1}.xml`, sameAs: 0 }));
  return buildZip([first, ...rest]);
}

/** The classic bomb: a run of zeros deflated, repeated in separate (non-overlapping) entries that declare 0 bytes. */
let zeros16: Uint8Array | undefined;
function deflateBomb(entries: number, prefix = 'z'): Uint8Array {
  zeros16 ??= deflateSync(new Uint8Array(16 * MB));
  return buildZip(Array.from({ length: entries }, (_, i) => ({ name: `${prefix}/${i}.bin`, method: 8 as const, data: zeros16!, crc: 0, declaredSize: 0 })));
}

function rssMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().rss / MB;
}

const saved = { ...LIMITS };
beforeEach(() => resetZipBatchBudget());
afterEach(() => {
  Object.assign(LIMITS, saved);
  resetZipBatchBudget();
});

describe('zip bombs are bounded by real bytes produced', () => {
  it('overlapping stored entries declaring size 0 are reported, not expanded', () => {
    // 4 MB of data shared by 500 entries: 2 GB if each were copied (the old reader: 8 MB zip -> 2.2 GB RSS).
    const bomb = overlappingStoredBomb(4 * MB, 500);
    const before = rssMb();
    const tree = new ZipTree('stored-bomb.zip', bomb);
    const growth = rssMb() - before;
    expect(growth).toBeLessThan(200);
    expect(tree.files()).toEqual([]);
    const overlaps = tree.problems.filter((p) => /overlaps another entry/.test(p.message));
    expect(overlaps).toHaveLength(500);
    expect(zipBatchBytesUsed()).toBe(0);
  });

  it('a stored entry whose real size differs from its declared size is reported (declared sizes are never trusted)', () => {
    const data = enc('x'.repeat(1000));
    const tree = new ZipTree('liar.zip', buildZip([
      { name: 'liar.txt', method: 0, data, crc: crc32(data), declaredSize: 0 },
      { name: 'ok.txt', method: 0, data, crc: crc32(data), declaredSize: data.length },
    ]));
    expect(tree.files()).toEqual(['ok.txt']);
    expect(tree.problems).toEqual([{ path: 'liar.txt', message: 'entry inflates to 1000 bytes but declares 0; not read' }]);
  });

  it('a stored entry over the per-file limit is refused by its real (compressed) size', () => {
    LIMITS.maxFileBytes = 1 * MB;
    const data = new Uint8Array(2 * MB);
    const tree = new ZipTree('big-stored.zip', buildZip([{ name: 'big.bin', method: 0, data, crc: crc32(data), declaredSize: 0 }]));
    expect(tree.files()).toEqual([]);
    expect(tree.problems[0]!.path).toBe('big.bin');
    expect(tree.problems[0]!.message).toMatch(/inflates past 1048576 bytes \(it declares 0\)/);
  });

  it('a classic deflate bomb stops at the per-file limit and at the archive budget; RSS stays bounded', () => {
    // 300 entries of 16 MB of zeros (about 16 KB each deflated): 4.8 GB if fully inflated.
    const bomb = deflateBomb(300);
    expect(bomb.length).toBeLessThan(8 * MB);
    const before = rssMb();
    const tree = new ZipTree('deflate-bomb.zip', bomb);
    const growth = rssMb() - before;
    expect(growth).toBeLessThan(200);
    expect(tree.files()).toEqual([]);
    const perEntry = tree.problems.filter((p) => /inflates past/.test(p.message));
    expect(perEntry.length).toBeGreaterThan(0);
    // The archive's budget is what stopped it: the rest are summed up in one problem.
    const summary = tree.problems.find((p) => p.path === '.');
    expect(summary?.message).toMatch(/more entries not read: the archive's \d+-byte inflate budget is spent/);
    const inflated = zipBatchBytesUsed();
    expect(inflated).toBeLessThanOrEqual(LIMITS.maxZipBytes + 16 * MB);
  }, 60_000);

  it('the archive goes on after a bomb entry: good entries are read', () => {
    const good = enc(GOOD('Survivor'));
    zeros16 ??= deflateSync(new Uint8Array(16 * MB));
    const zip = buildZip([
      { name: 'z/bomb.bin', method: 8, data: zeros16, crc: 0, declaredSize: 0 },
      { name: 'g/Good.xml', method: 8, data: deflateSync(good), crc: crc32(good), declaredSize: good.length },
    ]);
    const tree = new ZipTree('mixed.zip', zip);
    expect(tree.files()).toEqual(['g/Good.xml']);
    expect(tree.read('g/Good.xml')).toEqual(good);
    expect(tree.problems.map((p) => p.path)).toEqual(['z/bomb.bin']);
  });

  it('the batch budget is shared by every archive of a run', () => {
    LIMITS.maxZipBytes = 64 * MB;
    LIMITS.maxBatchZipBytes = 160 * MB;
    const trees = Array.from({ length: 8 }, (_, i) => new ZipTree(`bomb${i}.zip`, deflateBomb(40)));
    expect(zipBatchBytesUsed()).toBeLessThanOrEqual(LIMITS.maxBatchZipBytes + 16 * MB);
    // The later archives find the batch budget spent and say so.
    const last = trees[7]!;
    expect(last.problems.some((p) => /the run's \d+-byte inflate budget for all archives is spent/.test(p.message))).toBe(true);
    resetZipBatchBudget();
    expect(zipBatchBytesUsed()).toBe(0);
  });

  it('eight bombs in one folder: the run stays within the batch budget, reports them, and migrates the good gadget', async () => {
    const dir = tempDir('fm-zip-bomb-');
    mkdirSync(path.join(dir, 'good'), { recursive: true });
    writeFileSync(path.join(dir, 'good', 'Good.xml'), GOOD('Good One'));
    for (let i = 0; i < 4; i++) writeFileSync(path.join(dir, `stored${i}.zip`), overlappingStoredBomb(4 * MB, 200));
    for (let i = 0; i < 4; i++) writeFileSync(path.join(dir, `deflate${i}.zip`), deflateBomb(100, `d${i}`));
    const before = rssMb();
    const out = path.join(tempDir('fm-zip-bomb-out-'), 'out');
    const { report } = await runMigration([dir], { out });
    const growth = rssMb() - before;
    expect([0, 1]).toContain(exitCodeOf(report));
    expect(growth).toBeLessThan(200);
    expect(zipBatchBytesUsed()).toBeLessThanOrEqual(LIMITS.maxBatchZipBytes + 16 * MB);
    expect(report.gadgets.find((g) => g.source.endsWith('good/Good.xml'))?.status).toBe('migrated');
    for (let i = 0; i < 4; i++) {
      expect(report.problems.some((p) => p.path.includes(`stored${i}.zip`) && /overlaps another entry/.test(p.message))).toBe(true);
      expect(report.problems.some((p) => p.path.includes(`deflate${i}.zip`))).toBe(true);
    }
  }, 120_000);
});

describe('CRC', () => {
  it('a bad CRC is reported for that entry; the other entries are read', () => {
    const zip = zipSync({ 'a/Good.xml': enc(GOOD('Good')), 'a/bad.txt': enc('this text is corrupted below') }, { level: 0 });
    const bytes = Buffer.from(zip);
    const at = bytes.indexOf('corrupted');
    bytes[at] = 'C'.charCodeAt(0);
    const tree = new ZipTree('crc.zip', new Uint8Array(bytes));
    expect(tree.files()).toEqual(['a/Good.xml']);
    expect(tree.problems).toHaveLength(1);
    expect(tree.problems[0]!.path).toBe('a/bad.txt');
    expect(tree.problems[0]!.message).toMatch(/^entry fails its CRC check \(computed [0-9a-f]{8}, recorded [0-9a-f]{8}\); not read$/);
  });

  it('crc32 matches the standard check value', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
  });
});
