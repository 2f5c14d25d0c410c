// Re-runs into an existing output keep the user's work. Every run records what it generated
// (.finesse-migrate/manifest.json: path → hash, and .finesse-migrate/base/: the generated text), so
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

export const STATE_DIR = '.finesse-migrate';
export const MANIFEST = `${STATE_DIR}/manifest.json`;
const BASE = `${STATE_DIR}/base`;
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

  constructor(private readonly target: string, private readonly previous: Manifest | undefined) {}

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
    const base = old !== undefined && text ? readIfFile(this.abs(`${BASE}/${rel}`)) : undefined;
    const generated = base && contentHash(base) === old ? content() : undefined;
    const merged = base && generated !== undefined && isText(generated) ? mergeText(disk.toString('utf8'), base.toString('utf8'), generated) : undefined;
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
    const { files, carry, events, previous } = this;
    if (previous) {
      for (const rel of Object.keys(previous.files).sort()) {
        // Generated by this run (or its conflict sidecar): decided by file().
        if (files.has(rel)) continue;
        const disk = readIfFile(this.abs(rel));
        if (!disk) continue;
        if (keep.has(rel)) {
          carry.push(rel);
          files.set(rel, previous.files[rel]!);
          if (readIfFile(this.abs(`${BASE}/${rel}`))) carry.push(`${BASE}/${rel}`);
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
    return { carry: [...new Set(carry)].sort(), manifest: { schemaVersion: 1, files: sortKeys(Object.fromEntries(files)) }, events };
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

/** The manifest and base copies a run writes beside what it generated. */
export function stateFiles(manifest: Manifest, generated: Map<string, Content>): Map<string, Content> {
  const out = new Map<string, Content>();
  out.set(MANIFEST, manifestText(manifest));
  for (const [rel, content] of generated) {
    const base = baseCopy(rel, content);
    if (base) out.set(base[0], base[1]);
  }
  return out;
}

export const manifestText = (manifest: Manifest): string => JSON.stringify(manifest, null, 2) + '\n';

/** The base of a later three-way merge, for the text files a person may edit: its path and content. */
export function baseCopy(rel: string, content: Content): [string, Content] | undefined {
  return isText(content) && mergeable(rel) ? [`${BASE}/${rel}`, content] : undefined;
}

/** Files a person edits and a re-run merges: widget projects and layout fragments, not the reports. */
export function mergeable(rel: string): boolean {
  // Not the build output, nor the simulator copied in for the dev page.
  return /^widgets\/[^/]+\/(?!dist\/|dev\/desktop-sim\/)/.test(rel) || /^layout\/fragments\//.test(rel);
}

/** A first run: everything it generated, with its hashes. */
export function freshManifest(next: Map<string, Content>): Manifest {
  const files: Record<string, string> = {};
  for (const [rel, content] of next) files[rel] = contentHash(content);
  return { schemaVersion: 1, files: sortKeys(files) };
}
