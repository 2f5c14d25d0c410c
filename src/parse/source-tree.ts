// A read-only view of one input root: a folder on disk or a .zip read in memory. Every path a gadget
// names is resolved inside its tree, so nothing can be read from outside the root it was found in.
import { readdirSync, readFileSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';

/** Folders that hold build output, dependencies or OS debris, never gadgets of their own. */
export const SKIPPED_DIRS = new Set([
  '__MACOSX', 'node_modules', 'bower_components', '.git', '.svn', '.hg', 'dist', 'build', 'target', '.finesse-migrate',
]);
/** A folder holding this file is a finesse-migrate output folder; walking skips it. */
export const OUTPUT_MARKER = '.finesse-migrate-output';

export const LIMITS = {
  /** Largest single file read from a tree (gadget XML, script, stylesheet). */
  maxFileBytes: 8 * 1024 * 1024,
  /** Largest total a zip may inflate to (zip-bomb guard). */
  maxZipBytes: 512 * 1024 * 1024,
  maxZipEntries: 50_000,
};

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

  has(rel: string): boolean {
    const n = normalizeRel(rel);
    if (n === undefined) return false;
    try {
      const abs = path.join(this.root, n);
      return this.insideRoot(abs) && statSync(abs).isFile();
    } catch {
      return false;
    }
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

  constructor(archivePath: string, bytes?: Uint8Array) {
    this.display = displayPathOf(archivePath);
    const data = bytes ?? readFileSync(archivePath);
    let total = 0;
    let count = 0;
    const unsafe: string[] = [];
    // Entry names are archive data: kept in a Set/Map, never as keys of a plain object.
    const seen = new Set<string>();
    let protoEntry = false;
    const inflated = unzipSync(data, {
      filter: (f) => {
        count++;
        const name = f.name.replace(/\\/g, '/');
        if (name.endsWith('/')) return false;
        const norm = normalizeRel(name);
        if (norm === undefined || /^[A-Za-z]:/.test(name) || name.startsWith('/')) {
          unsafe.push(f.name);
          return false;
        }
        if (norm.split('/').some(isSkippedName)) return false;
        if (seen.has(norm)) {
          this.problems.push({ path: norm, message: 'entry name appears more than once in the archive; only the first is read' });
          return false;
        }
        seen.add(norm);
        if (f.name === '__proto__') protoEntry = true;
        if (f.originalSize > LIMITS.maxFileBytes) {
          this.problems.push({ path: norm, message: `entry inflates to ${f.originalSize} bytes, over the ${LIMITS.maxFileBytes}-byte limit; not read` });
          return false;
        }
        total += f.originalSize;
        if (total > LIMITS.maxZipBytes || count > LIMITS.maxZipEntries) {
          throw new Error(`archive inflates past ${LIMITS.maxZipBytes} bytes or ${LIMITS.maxZipEntries} entries; refused`);
        }
        return true;
      },
    });
    for (const name of unsafe) this.problems.push({ path: name, message: 'entry name leaves the archive root (absolute or ../); not read' });
    for (const [name, content] of Object.entries(inflated)) {
      const norm = normalizeRel(name);
      if (norm !== undefined) this.entries.set(norm, content);
    }
    // fflate collects entries in a plain object: an entry named `__proto__` became its prototype.
    if (protoEntry) {
      const proto: unknown = Object.getPrototypeOf(inflated);
      if (proto instanceof Uint8Array) this.entries.set('__proto__', proto);
    }
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
