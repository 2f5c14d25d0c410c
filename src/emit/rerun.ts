// Re-runs into an existing output keep the user's work. Every run records what it generated
// (.finesse-migrate/manifest.json: path → hash, and .finesse-migrate/base.jsonl: the generated text), so
// the next run can tell, file by file, what the user changed since:
// - unchanged since generated → regenerated;
// - edited, and the generator's version did not change → the edit is kept;
// - edited, and the generator's version changed too → three-way merge with the previous generated
//   version as base; where the two touch the same lines, the user's file is kept and the new
//   generated version written beside it as <file>.finesse-new (a conflict, reported);
// - a file the user added (node_modules, dist, notes) → kept;
// - generated before, not any more → removed if unedited, kept (and reported) if edited.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { merge } from 'node-diff3';
import { OUTPUT_MARKER } from '../parse/source-tree.js';
import { BaseReader, BASE_PACK, packLine } from './base-pack.js';

export const STATE_DIR = '.finesse-migrate';
export const MANIFEST = `${STATE_DIR}/manifest.json`;
export const CONFLICT_SUFFIX = '.finesse-new';

export type Content = string | Uint8Array;

export interface Manifest {
  schemaVersion: 1;
  /** Output-relative path → sha256 of the content finesse-migrate generated for it. */
  files: Record<string, string>;
}

export interface RerunEvent {
  file: string;
  /**
   * `kept`: the user's edit stays (the generated version did not change); `merged`: both changed
   * and merged cleanly; `conflict`: both changed on the same lines, the new version is beside it as
   * <file>.finesse-new; `kept-stale`: no longer generated, but edited, so kept; `removed`: no longer
   * generated and unedited.
   */
  kind: 'kept' | 'merged' | 'conflict' | 'kept-stale' | 'removed';
}

export interface Reconciled {
  /** Files to write into the new output. */
  write: Map<string, Content>;
  /** Files of the old output to carry into the new one as they are. */
  carry: string[];
  manifest: Manifest;
  events: RerunEvent[];
  /** Merge bases of the files carried as they are (kept gadgets), by hash: the new pack keeps them. */
  bases: Map<string, string>;
}

export const contentHash = (c: Content): string => createHash('sha256').update(typeof c === 'string' ? Buffer.from(c, 'utf8') : c).digest('hex');
const isText = (c: Content): c is string => typeof c === 'string';
const posix = (rel: string): string[] => rel.split('/');

/** The manifest of an earlier run in `target`, when `target` is an output finesse-migrate wrote. */
export function readManifest(target: string): Manifest | undefined {
  if (!existsSync(path.join(target, OUTPUT_MARKER))) return undefined;
  try {
    const m = JSON.parse(readFileSync(path.join(target, ...posix(MANIFEST)), 'utf8')) as Manifest;
    return m && m.schemaVersion === 1 && typeof m.files === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}

function readIfFile(abs: string): Buffer | undefined {
  try {
    const st = lstatSync(abs);
    return st.isFile() ? readFileSync(abs) : undefined;
  } catch {
    return undefined;
  }
}

/** Every regular file under `dir`, output-relative, except finesse-migrate's own state. */
export function userFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(path.join(dir, ...(rel ? posix(rel) : [])));
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (r === STATE_DIR || r === OUTPUT_MARKER) continue;
    const st = lstatSync(path.join(dir, ...posix(r)));
    if (st.isDirectory()) out.push(...userFiles(dir, r));
    else if (st.isFile() || st.isSymbolicLink()) out.push(r);
  }
  return out;
}

/**
 * Decides what the new output holds, given the old one in `target` and its manifest. `keep` lists
 * generated files of the old output to carry as they are (gadgets this run did not touch).
 */
export function reconcile(target: string, next: Map<string, Content>, previous: Manifest, keep: ReadonlySet<string> = new Set()): Reconciled {
  const r = new Reconciler(target, previous);
  const write = new Map<string, Content>();
  for (const [rel, content] of next) for (const [w, text] of r.file(rel, content)) write.set(w, text);
  return { write, ...r.rest(keep) };
}

/**
 * reconcile, one generated file at a time (the incremental writer, emit/write.ts): `file` decides
 * one file at once and remembers only its hash; `rest` then decides the files of the old output
 * this run did not generate. The same decisions, in the same order, as reconcile over the whole map.
 * Without a `previous` manifest (a first run) every file is written as it is and nothing is carried.
 */
export class Reconciler {
  /** Path → hash of what this run generated (the new manifest), conflict sidecars included. */
  private readonly files = new Map<string, string>();
  private readonly carry: string[] = [];
  private readonly events: RerunEvent[] = [];
  private readonly bases = new Map<string, string>();
  private readonly baseOf: BaseReader;

  constructor(private readonly target: string, private readonly previous: Manifest | undefined) {
    this.baseOf = new BaseReader(target, contentHash);
  }

  private abs(rel: string): string {
    return path.join(this.target, ...posix(rel));
  }

  /** One generated file: what to write for it (itself, a merge, or a sidecar), in that order. */
  file(rel: string, content: Content): [string, Content][] {
    const d = this.decide(rel, contentHash(content), isText(content), () => content);
    if (d.kind === 'write') return [[rel, content]];
    if (d.kind === 'merged') return [[rel, d.text]];
    if (d.kind === 'conflict') return [[rel + CONFLICT_SUFFIX, content]];
    return [];
  }

  /**
   * file(), for a file known by its hash `h` (already written, piece by piece): write it as
   * generated, carry the user's file instead, write the merge `text`, or write it as the sidecar
   * of a conflict. `content` gives the generated content when a merge needs it.
   */
  decide(rel: string, h: string, text: boolean, content: () => Content): { kind: 'write' | 'carry' | 'conflict' } | { kind: 'merged'; text: string } {
    this.files.set(rel, h);
    const previous = this.previous;
    if (!previous) return { kind: 'write' };
    const disk = readIfFile(this.abs(rel));
    const old = previous.files[rel];
    if (!disk) return { kind: 'write' };
    const d = contentHash(disk);
    if (d === old || d === h) return { kind: 'write' };
    if (h === old) {
      this.carry.push(rel);
      this.events.push({ file: rel, kind: 'kept' });
      return { kind: 'carry' };
    }
    const base = old !== undefined && text ? this.baseOf.text(rel, old) : undefined;
    const generated = base !== undefined ? content() : undefined;
    const merged = base !== undefined && generated !== undefined && isText(generated) ? mergeText(disk.toString('utf8'), base, generated) : undefined;
    if (merged !== undefined) {
      this.events.push({ file: rel, kind: 'merged' });
      return { kind: 'merged', text: merged };
    }
    this.carry.push(rel);
    this.files.set(rel + CONFLICT_SUFFIX, h);
    this.events.push({ file: rel, kind: 'conflict' });
    return { kind: 'conflict' };
  }

  /** Whether this run generated `rel` (or it is the conflict sidecar of a file it generated). */
  generated(rel: string): boolean {
    return this.files.has(rel);
  }

  /** After every generated file: the old output's other files, the user's own, and the manifest. */
  rest(keep: ReadonlySet<string> = new Set()): Omit<Reconciled, 'write'> {
    const { files, carry, events, previous, bases } = this;
    if (previous) {
      for (const rel of Object.keys(previous.files).sort()) {
        // Generated by this run (or its conflict sidecar): decided by file().
        if (files.has(rel)) continue;
        const disk = readIfFile(this.abs(rel));
        if (!disk) continue;
        if (keep.has(rel)) {
          carry.push(rel);
          files.set(rel, previous.files[rel]!);
          const base = mergeable(rel) ? this.baseOf.text(rel, previous.files[rel]!) : undefined;
          if (base !== undefined) bases.set(previous.files[rel]!, base);
        } else if (contentHash(disk) === previous.files[rel]) {
          events.push({ file: rel, kind: 'removed' });
        } else {
          carry.push(rel);
          events.push({ file: rel, kind: 'kept-stale' });
        }
      }
      // What the user added themselves: neither in the old manifest nor generated now.
      for (const rel of userFiles(this.target)) if (!Object.hasOwn(previous.files, rel) && !files.has(rel)) carry.push(rel);
    }
    return { carry: [...new Set(carry)].sort(), manifest: { schemaVersion: 1, files: sortKeys(Object.fromEntries(files)) }, events, bases };
  }
}

/** A clean three-way merge of the user's text and the new generated text, or undefined on conflict. */
function mergeText(user: string, base: string, generated: string): string | undefined {
  const r = merge(user.split('\n'), base.split('\n'), generated.split('\n'));
  return r.conflict ? undefined : r.result.join('\n');
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const manifestText = (manifest: Manifest): string => JSON.stringify(manifest, null, 2) + '\n';

/**
 * The merge bases of one run, as they are written (`write` gets each line of the pack): each text a
 * person may edit once, whatever the number of files that have it. Holds only the hashes it wrote.
 */
export class BasePack {
  private readonly seen = new Set<string>();

  constructor(private readonly write: (line: string) => void) {}

  /** A generated file (its hash, when the caller has it). */
  add(rel: string, content: Content, hash?: string): void {
    if (!isText(content) || !mergeable(rel)) return;
    this.put(hash ?? contentHash(content), content);
  }

  /** The bases of files carried as they are (Reconciled.bases). */
  carry(bases: ReadonlyMap<string, string>): void {
    for (const [hash, text] of bases) this.put(hash, text);
  }

  private put(hash: string, text: string): void {
    if (this.seen.has(hash)) return;
    this.seen.add(hash);
    this.write(packLine(hash, text));
  }
}

/** Files a person edits and a re-run merges: widget projects, the runtime they share, the workspace and layout fragments, not the reports. */
export function mergeable(rel: string): boolean {
  // Not the build output, nor the simulator copied in for the dev page.
  return /^widgets\/[^/]+\/(?!dist\/)/.test(rel) || /^runtime\/(?!dev\/desktop-sim\/)/.test(rel) || rel === 'package.json' || /^layout\/fragments\//.test(rel);
}

/** A first run: everything it generated, with its hashes. */
export function freshManifest(next: Map<string, Content>): Manifest {
  const files: Record<string, string> = {};
  for (const [rel, content] of next) files[rel] = contentHash(content);
  return { schemaVersion: 1, files: sortKeys(files) };
}
