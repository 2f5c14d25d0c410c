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
import { BaseReader, packLine, BASE_PACK } from './base-pack.js';

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
  const write = new Map<string, Content>();
  const carry: string[] = [];
  const events: RerunEvent[] = [];
  const files: Record<string, string> = {};
  const bases = new Map<string, string>();
  const baseOf = new BaseReader(target, contentHash);
  const abs = (rel: string): string => path.join(target, ...posix(rel));

  for (const [rel, content] of next) {
    const h = contentHash(content);
    files[rel] = h;
    const disk = readIfFile(abs(rel));
    const old = previous.files[rel];
    if (!disk) {
      write.set(rel, content);
      continue;
    }
    const d = contentHash(disk);
    if (d === old || d === h) {
      write.set(rel, content);
    } else if (h === old) {
      carry.push(rel);
      events.push({ file: rel, kind: 'kept' });
    } else {
      const base = old !== undefined && isText(content) ? baseOf.text(rel, old) : undefined;
      const merged = base !== undefined && isText(content) ? mergeText(disk.toString('utf8'), base, content) : undefined;
      if (merged !== undefined) {
        write.set(rel, merged);
        events.push({ file: rel, kind: 'merged' });
      } else {
        carry.push(rel);
        write.set(rel + CONFLICT_SUFFIX, content);
        files[rel + CONFLICT_SUFFIX] = h;
        events.push({ file: rel, kind: 'conflict' });
      }
    }
  }

  for (const rel of Object.keys(previous.files).sort()) {
    if (next.has(rel) || rel in files) continue;
    const disk = readIfFile(abs(rel));
    if (!disk) continue;
    if (keep.has(rel)) {
      carry.push(rel);
      files[rel] = previous.files[rel]!;
      const base = mergeable(rel) ? baseOf.text(rel, previous.files[rel]!) : undefined;
      if (base !== undefined) bases.set(previous.files[rel]!, base);
    } else if (contentHash(disk) === previous.files[rel]) {
      events.push({ file: rel, kind: 'removed' });
    } else {
      carry.push(rel);
      events.push({ file: rel, kind: 'kept-stale' });
    }
  }

  // What the user added themselves.
  const known = new Set([...Object.keys(previous.files), ...next.keys(), ...write.keys()]);
  for (const rel of userFiles(target)) if (!known.has(rel)) carry.push(rel);

  return { write, carry: [...new Set(carry)].sort(), manifest: { schemaVersion: 1, files: sortKeys(files) }, events, bases };
}

/** A clean three-way merge of the user's text and the new generated text, or undefined on conflict. */
function mergeText(user: string, base: string, generated: string): string | undefined {
  const r = merge(user.split('\n'), base.split('\n'), generated.split('\n'));
  return r.conflict ? undefined : r.result.join('\n');
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The manifest and the merge bases a run writes beside what it generated: the text of every file a
 * person may edit, once per distinct text (base-pack.ts), then those of files carried as they are.
 */
export function stateFiles(manifest: Manifest, generated: Map<string, Content>, carried: ReadonlyMap<string, string> = new Map()): Map<string, Content> {
  const out = new Map<string, Content>();
  out.set(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const [rel, content] of generated) {
    if (!isText(content) || !mergeable(rel)) continue;
    const h = manifest.files[rel] ?? contentHash(content);
    if (seen.has(h)) continue;
    seen.add(h);
    lines.push(packLine(h, content));
  }
  for (const [h, text] of carried) {
    if (seen.has(h)) continue;
    seen.add(h);
    lines.push(packLine(h, text));
  }
  if (lines.length) out.set(BASE_PACK, lines.join(''));
  return out;
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
