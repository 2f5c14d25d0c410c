// A read-only view of one input root: a folder on disk or a .zip read in memory. Every path a gadget
// names is resolved inside its tree, so nothing can be read from outside the root it was found in.
import { readdirSync, readFileSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Fflate from 'fflate';

// fflate (zip inflation) is loaded on the first .zip, with require() (start-up, issue 14: a run
// without archives does not load it, nor build its decoding tables).
let fflate: typeof Fflate | undefined;
const zipLib = (): typeof Fflate => (fflate ??= createRequire(import.meta.url)('fflate') as typeof Fflate);

/** Folders that hold build output, dependencies or OS debris, never gadgets of their own. */
export const SKIPPED_DIRS = new Set([
  '__MACOSX', 'node_modules', 'bower_components', '.git', '.svn', '.hg', 'dist', 'build', 'target', '.finesse-migrate',
]);
/** A folder holding this file is a finesse-migrate output folder; walking skips it. */
export const OUTPUT_MARKER = '.finesse-migrate-output';

export const LIMITS = {
  /** Largest single file read from a tree (gadget XML, script, stylesheet). */
  maxFileBytes: 8 * 1024 * 1024,
  /** Largest total a zip may inflate to (zip-bomb guard): bytes really produced, not declared. */
  maxZipBytes: 512 * 1024 * 1024,
  /** Largest total every zip of one run may inflate to together (see {@link resetZipBatchBudget}). */
  maxBatchZipBytes: 1024 * 1024 * 1024,
  maxZipEntries: 50_000,
};

/** Bytes inflated so far by every {@link ZipTree} of the run, counted against `LIMITS.maxBatchZipBytes`. */
const zipBatch = { used: 0 };

/** Starts a new batch budget for zip reading (call at the start of a run; tests call it between cases). */
export function resetZipBatchBudget(): void {
  zipBatch.used = 0;
}

/** Bytes inflated so far in the current batch. */
export function zipBatchBytesUsed(): number {
  return zipBatch.used;
}

export interface TreeProblem {
  path: string;
  message: string;
}

export interface SourceTree {
  kind: 'folder' | 'zip';
  /** Display path of the root (folder or archive), relative to the working directory when inside it. */
  display: string;
  /** Every file under the root, `/`-separated, sorted, skipped folders left out. */
  files(): string[];
  has(rel: string): boolean;
  /** The file's bytes, or undefined when absent, too large or outside the root. */
  read(rel: string): Uint8Array | undefined;
  /** How a person finds the file: `samples/x/y.js` or `bundle.zip!/x/y.js`. */
  displayPath(rel: string): string;
  /** Entries the tree refused (unsafe names, oversized files). */
  problems: TreeProblem[];
}

export function displayPathOf(absolute: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, absolute);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
  return shown.split(path.sep).join('/') || '.';
}

function isSkippedName(name: string): boolean {
  return SKIPPED_DIRS.has(name) || name.startsWith('._');
}

/** Normalises a tree-relative path; returns undefined when it would leave the root. */
export function normalizeRel(rel: string): string | undefined {
  const parts: string[] = [];
  for (const seg of rel.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

export class FolderTree implements SourceTree {
  readonly kind = 'folder' as const;
  readonly display: string;
  readonly problems: TreeProblem[] = [];
  private readonly realRoot: string;
  private list?: string[];

  constructor(readonly root: string) {
    this.display = displayPathOf(root);
    this.realRoot = realpathSync(root);
  }

  files(): string[] {
    if (!this.list) {
      const out: string[] = [];
      // Each real folder is read once: a symlink back to a folder above (`ln -s . loop`) or to one
      // already read would walk forever, or read the same gadgets again under another name.
      const seen = new Set<string>();
      const walk = (abs: string, rel: string): void => {
        let real: string;
        try {
          real = realpathSync(abs);
        } catch {
          return;
        }
        if (seen.has(real)) return;
        seen.add(real);
        let entries: string[];
        try {
          entries = readdirSync(abs).sort();
        } catch (e) {
          this.problems.push({ path: rel || '.', message: `cannot list folder: ${(e as Error).message}` });
          return;
        }
        if (rel && entries.includes(OUTPUT_MARKER)) return;
        for (const name of entries) {
          const childAbs = path.join(abs, name);
          const childRel = rel ? `${rel}/${name}` : name;
          let st;
          try {
            st = lstatSync(childAbs);
            // A symlink counts only when its target stays inside the root.
            if (st.isSymbolicLink()) {
              if (!this.insideRoot(childAbs)) continue;
              st = statSync(childAbs);
            }
          } catch {
            continue;
          }
          if (st.isDirectory()) {
            if (!isSkippedName(name)) walk(childAbs, childRel);
          } else if (st.isFile() && !name.startsWith('._')) out.push(childRel);
        }
      };
      walk(this.root, '');
      this.list = out.sort();
    }
    return this.list;
  }

  private insideRoot(abs: string): boolean {
    try {
      const real = realpathSync(abs);
      return real === this.realRoot || real.startsWith(this.realRoot + path.sep);
    } catch {
      return false;
    }
  }

  // A gadget may name the same file thousands of times (a hostile one did, 30,000 times): each
  // answer is looked up on disk once per run.
  private readonly known = new Map<string, boolean>();

  has(rel: string): boolean {
    const n = normalizeRel(rel);
    if (n === undefined) return false;
    let found = this.known.get(n);
    if (found === undefined) {
      try {
        const abs = path.join(this.root, n);
        found = this.insideRoot(abs) && statSync(abs).isFile();
      } catch {
        found = false;
      }
      this.known.set(n, found);
    }
    return found;
  }

  read(rel: string): Uint8Array | undefined {
    const n = normalizeRel(rel);
    if (n === undefined) return undefined;
    const abs = path.join(this.root, n);
    if (!this.insideRoot(abs)) return undefined;
    try {
      const st = statSync(abs);
      if (!st.isFile() || st.size > LIMITS.maxFileBytes) return undefined;
      return readFileSync(abs);
    } catch {
      return undefined;
    }
  }

  displayPath(rel: string): string {
    return this.display === '.' ? rel : `${this.display}/${rel}`;
  }
}

export class ZipTree implements SourceTree {
  readonly kind = 'zip' as const;
  readonly display: string;
  readonly problems: TreeProblem[] = [];
  private readonly entries = new Map<string, Uint8Array>();

  // Every size below is the size of bytes really produced (copied or inflated), never the size an
  // entry declares: a hostile archive can declare 0 and expand anyway. Each entry is inflated in
  // small steps and stopped as soon as it passes the smallest of: the per-file limit, what is left
  // of this archive's budget, what is left of the batch budget shared by every archive of the run.
  /**
   * `only`: read these entries alone (the ones another ZipTree of the same archive accepted): a worker
   * thread of the pool (src/emit/pool.ts) reopens an archive the main thread read, and must see the
   * same files, whatever its own budgets say.
   */
  constructor(readonly archivePath: string, bytes?: Uint8Array, only?: ReadonlySet<string>) {
    this.display = displayPathOf(archivePath);
    const data = bytes ?? readFileSync(archivePath);
    const central = readCentralDirectory(data);
    if (central.entries.length > LIMITS.maxZipEntries) {
      this.problems.push({
        path: '.',
        message: `archive has ${central.entries.length} entries, over the ${LIMITS.maxZipEntries}-entry limit; only the first ${LIMITS.maxZipEntries} are read`,
      });
      central.entries.length = LIMITS.maxZipEntries;
    }
    const overlapping = findOverlaps(data, central.entries, central.dataLimit);
    let archiveUsed = 0;
    const unsafe: string[] = [];
    // Entry names are archive data: kept in a Set/Map, never as keys of a plain object.
    const seen = new Set<string>();
    let budgetSkipped = 0;
    let budgetWhich = '';
    for (const entry of central.entries) {
      const name = entry.name.replace(/\\/g, '/');
      if (name.endsWith('/')) continue;
      const norm = normalizeRel(name);
      if (norm === undefined || /^[A-Za-z]:/.test(name) || name.startsWith('/')) {
        unsafe.push(entry.name);
        continue;
      }
      if (norm.split('/').some(isSkippedName)) continue;
      if (only && !only.has(norm)) continue;
      if (seen.has(norm)) {
        this.problems.push({ path: norm, message: 'entry name appears more than once in the archive; only the first is read' });
        continue;
      }
      seen.add(norm);
      const problem = (message: string): void => {
        this.problems.push({ path: norm, message });
      };
      if (overlapping.has(entry)) {
        problem('entry data overlaps another entry of the archive (a zip-bomb pattern) or lies outside it; not read');
        continue;
      }
      if (entry.flags & 1) {
        problem('entry is encrypted; not read');
        continue;
      }
      if (entry.method !== 0 && entry.method !== 8) {
        problem(`entry uses compression method ${entry.method}; only stored and deflated entries are read`);
        continue;
      }
      // An honest declaration over the limit is refused before any work; a dishonest one is caught below.
      if (entry.declaredSize > LIMITS.maxFileBytes) {
        problem(`entry inflates to ${entry.declaredSize} bytes, over the ${LIMITS.maxFileBytes}-byte limit; not read`);
        continue;
      }
      const archiveLeft = LIMITS.maxZipBytes - archiveUsed;
      const batchLeft = LIMITS.maxBatchZipBytes - zipBatch.used;
      if (archiveLeft <= 0 || batchLeft <= 0) {
        budgetSkipped++;
        budgetWhich = archiveLeft <= 0 ? archiveBudgetText() : batchBudgetText();
        continue;
      }
      const cap = Math.min(LIMITS.maxFileBytes, archiveLeft, batchLeft);
      const out = extractEntry(data, entry, cap);
      archiveUsed += out.produced;
      zipBatch.used += out.produced;
      if (out.kind === 'error') {
        problem(`entry cannot be read: ${out.message}; not read`);
        continue;
      }
      if (out.kind === 'over') {
        const which =
          cap === LIMITS.maxFileBytes ? `the ${LIMITS.maxFileBytes}-byte limit for one file` : cap === archiveLeft ? archiveBudgetText() : batchBudgetText();
        problem(`entry inflates past ${cap} bytes (it declares ${entry.declaredSize}), over ${which}; not read`);
        continue;
      }
      if (out.bytes.length !== entry.declaredSize) {
        problem(`entry inflates to ${out.bytes.length} bytes but declares ${entry.declaredSize}; not read`);
        continue;
      }
      const crc = crc32(out.bytes);
      if (crc !== entry.crc) {
        problem(`entry fails its CRC check (computed ${hex8(crc)}, recorded ${hex8(entry.crc)}); not read`);
        continue;
      }
      this.entries.set(norm, out.bytes);
    }
    if (budgetSkipped) {
      this.problems.push({ path: '.', message: `${budgetSkipped} more ${budgetSkipped === 1 ? 'entry' : 'entries'} not read: ${budgetWhich} is spent` });
    }
    for (const name of unsafe) this.problems.push({ path: name, message: 'entry name leaves the archive root (absolute or ../); not read' });
    // A file whose name is also a folder of other entries (`a.png` and `a.png/b.png`) cannot be
    // written out as both: the file is reported and left out, the folder's entries are kept.
    // Sorted segment by segment, the entries under a name come right after it (no pass per name).
    const sorted = [...this.entries.keys()].map((name) => ({ name, segs: name.split('/') })).sort((x, y) => {
      const n = Math.min(x.segs.length, y.segs.length);
      for (let i = 0; i < n; i++) if (x.segs[i] !== y.segs[i]) return x.segs[i]! < y.segs[i]! ? -1 : 1;
      return x.segs.length - y.segs.length;
    });
    for (let k = 0; k < sorted.length; k++) {
      const name = sorted[k]!.name;
      const inside: string[] = [];
      for (let j = k + 1; j < sorted.length && inside.length < 4 && sorted[j]!.name.startsWith(name + '/'); j++) inside.push(sorted[j]!.name);
      if (!inside.length) continue;
      this.entries.delete(name);
      this.problems.push({
        path: name,
        message: `entry is a file and also a folder of other entries (${inside.slice(0, 3).join(', ')}${inside.length > 3 ? ', ...' : ''}); the file is not read`,
      });
    }
  }

  files(): string[] {
    return [...this.entries.keys()].sort();
  }
  has(rel: string): boolean {
    const n = normalizeRel(rel);
    return n !== undefined && this.entries.has(n);
  }
  read(rel: string): Uint8Array | undefined {
    const n = normalizeRel(rel);
    return n === undefined ? undefined : this.entries.get(n);
  }
  displayPath(rel: string): string {
    return `${this.display}!/${rel}`;
  }
}

// ---- zip reading, bounded by the bytes really produced -------------------------------------------

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const archiveBudgetText = (): string => `the archive's ${LIMITS.maxZipBytes}-byte inflate budget`;
const batchBudgetText = (): string => `the run's ${LIMITS.maxBatchZipBytes}-byte inflate budget for all archives`;
const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

function u16(d: Uint8Array, at: number): number {
  if (at < 0 || at + 2 > d.length) throw new Error('archive is truncated or malformed');
  return d[at]! | (d[at + 1]! << 8);
}
function u32(d: Uint8Array, at: number): number {
  if (at < 0 || at + 4 > d.length) throw new Error('archive is truncated or malformed');
  return (d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24)) >>> 0;
}
function u64(d: Uint8Array, at: number): number {
  return u32(d, at) + u32(d, at + 4) * 0x1_0000_0000;
}

/** Reads the end record and the central directory (zip64 included); throws when there is none. */
function readCentralDirectory(d: Uint8Array): { entries: CentralEntry[]; dataLimit: number } {
  let e = d.length - 22;
  for (; ; e--) {
    if (e < 0 || d.length - e > 65557 + 22) throw new Error('no zip end-of-central-directory record');
    if (u32(d, e) === 0x06054b50) break;
  }
  let count = u16(d, e + 10);
  let offset = u32(d, e + 16);
  let zip64 = false;
  if (e >= 20 && u32(d, e - 20) === 0x07064b50) {
    const z = u64(d, e - 12);
    if (z + 56 <= d.length && u32(d, z) === 0x06064b50) {
      zip64 = true;
      count = u64(d, z + 32);
      offset = u64(d, z + 48);
    }
  }
  const entries: CentralEntry[] = [];
  // The count is archive data too: the loop stops at the end of the central directory, and one past
  // the entry limit is enough to report that the limit was passed.
  for (let i = 0, o = offset; i < count && i <= LIMITS.maxZipEntries; i++) {
    if (u32(d, o) !== 0x02014b50) throw new Error(`central directory entry ${i + 1} of ${count} is missing or malformed`);
    const flags = u16(d, o + 8);
    const nameLen = u16(d, o + 28);
    const extraLen = u16(d, o + 30);
    const commentLen = u16(d, o + 32);
    if (o + 46 + nameLen + extraLen > d.length) throw new Error('archive is truncated or malformed');
    const name = zipLib().strFromU8(d.subarray(o + 46, o + 46 + nameLen), !(flags & 2048));
    let compressedSize = u32(d, o + 20);
    let declaredSize = u32(d, o + 24);
    let localOffset = u32(d, o + 42);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff || zip64) {
      // Zip64 extra field: the 64-bit values come in this order, only for the fields saturated above.
      for (let x = o + 46 + nameLen, end = x + extraLen; x + 4 <= end; x += 4 + u16(d, x + 2)) {
        if (u16(d, x) !== 1) continue;
        let at = x + 4;
        if (declaredSize === 0xffffffff) (declaredSize = u64(d, at)), (at += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(d, at)), (at += 8);
        if (localOffset === 0xffffffff) localOffset = u64(d, at);
        break;
      }
    }
    entries.push({ name, flags, method: u16(d, o + 10), crc: u32(d, o + 16), compressedSize, declaredSize, localOffset });
    o += 46 + nameLen + extraLen + commentLen;
  }
  // Entry data lies before the central directory.
  return { entries, dataLimit: Math.min(offset, d.length) };
}

/** Where an entry's data starts, from its local header. */
function dataStart(d: Uint8Array, entry: CentralEntry): number {
  const at = entry.localOffset;
  if (u32(d, at) !== 0x04034b50) throw new Error('local header is missing');
  return at + 30 + u16(d, at + 26) + u16(d, at + 28);
}

/**
 * Entries whose local header and data overlap another entry's, or run past the data area: the
 * pattern of "overlapping" zip bombs, where many entries share one run of data (each would be
 * copied or inflated again). None of them is read; no honest archive shares data between entries.
 */
function findOverlaps(d: Uint8Array, entries: CentralEntry[], dataLimit: number): Set<CentralEntry> {
  const bad = new Set<CentralEntry>();
  const spans: { entry: CentralEntry; start: number; end: number }[] = [];
  for (const entry of entries) {
    let end: number;
    try {
      end = dataStart(d, entry) + entry.compressedSize;
    } catch {
      bad.add(entry);
      continue;
    }
    if (end > dataLimit) bad.add(entry);
    else spans.push({ entry, start: entry.localOffset, end });
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  let reach = 0;
  let reachEntry: CentralEntry | undefined;
  for (const s of spans) {
    if (reachEntry && s.start < reach) {
      bad.add(s.entry);
      // The entry it lands in is hostile as well: the first of a shared run is not read either.
      bad.add(reachEntry);
    }
    if (s.end > reach) (reach = s.end), (reachEntry = s.entry);
  }
  return bad;
}

/** Input is fed to the inflater in steps this small, so one step cannot produce much past a cap (deflate expands at most ~1032x). */
const INFLATE_STEP = 8 * 1024;

type Extracted =
  | { kind: 'ok'; bytes: Uint8Array; produced: number }
  | { kind: 'over'; produced: number }
  | { kind: 'error'; produced: number; message: string };

/**
 * Copies (stored) or inflates (deflated) one entry, stopping as soon as more than `cap` bytes have
 * been produced. A stored entry's real size is its compressed size, whatever it declares.
 */
function extractEntry(d: Uint8Array, entry: CentralEntry, cap: number): Extracted {
  let start: number;
  try {
    start = dataStart(d, entry);
  } catch (e) {
    return { kind: 'error', produced: 0, message: (e as Error).message };
  }
  const raw = d.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (raw.length > cap) return { kind: 'over', produced: 0 };
    // A copy (not a view of the archive, and a plain Uint8Array even when the archive is a Buffer).
    const bytes = new Uint8Array(raw.length);
    bytes.set(raw);
    return { kind: 'ok', bytes, produced: raw.length };
  }
  const chunks: Uint8Array[] = [];
  let produced = 0;
  let over = false;
  let done = false;
  const inflater = new (zipLib().Inflate)((chunk, final) => {
    produced += chunk.length;
    if (produced > cap) over = true;
    else if (chunk.length) chunks.push(chunk);
    if (final) done = true;
  });
  try {
    for (let at = 0; !over && !done; at += INFLATE_STEP) {
      const end = Math.min(at + INFLATE_STEP, raw.length);
      inflater.push(raw.subarray(Math.min(at, raw.length), end), end >= raw.length);
      if (end >= raw.length) break;
    }
  } catch (e) {
    if (!over) return { kind: 'error', produced, message: `deflate data is corrupt (${(e as Error).message})` };
  }
  if (over) return { kind: 'over', produced };
  const bytes = new Uint8Array(produced);
  let at = 0;
  for (const c of chunks) bytes.set(c, at), (at += c.length);
  return { kind: 'ok', bytes, produced };
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE, as zip records it). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const t = crcTable;
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
