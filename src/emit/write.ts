// Writes an output folder whole or not at all: everything goes into a sibling staging folder, which
// replaces the target by rename only once complete. A failure or Ctrl-C leaves the old output as it was.
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OUTPUT_MARKER } from '../parse/source-tree.js';
import { contentHash, freshManifest, readManifest, reconcile, stateFiles, type RerunEvent } from './rerun.js';

export class OutputError extends Error {}

function realOrResolved(p: string): string {
  // The output may not exist yet: resolve its nearest existing ancestor for symlinks.
  let cur = path.resolve(p);
  const rest: string[] = [];
  while (!existsSync(cur)) {
    rest.unshift(path.basename(cur));
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  return path.join(realpathSync(cur), ...rest);
}

const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent + path.sep);

/** Refuses output folders that would write into an input, or swallow one. */
export function checkOutputTarget(out: string, inputRoots: string[]): void {
  const target = realOrResolved(out);
  for (const input of inputRoots) {
    if (inside(target, input)) throw new OutputError(`the output folder ${out} is inside the input ${input}; the tool never writes into its inputs`);
    if (inside(input, target)) throw new OutputError(`the input ${input} is inside the output folder ${out}, which a run replaces; choose another output folder`);
  }
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new OutputError(`the output ${out} exists and is not a folder`);
  const entries = readdirSync(target);
  if (entries.length === 0) return;
  // A re-run updates an output finesse-migrate wrote, keeping the user's edits (emit/rerun.ts), so it
  // needs no --force; a folder of someone's own files is never written into, not even with --force.
  if (!entries.includes(OUTPUT_MARKER)) {
    throw new OutputError(`the output folder ${out} is not empty and was not written by finesse-migrate (no ${OUTPUT_MARKER}); refusing to replace it, even with --force`);
  }
}

/**
 * Writes `files` as the new content of `out`, atomically with respect to the folder. Over an earlier
 * output, the user's edits and own files are kept (emit/rerun.ts); `keep` names generated files of
 * the old output to carry as they are (gadgets this run did not touch). Returns what it kept.
 */
export function writeOutput(
  out: string,
  files: Map<string, string | Uint8Array>,
  keep: ReadonlySet<string> = new Set(),
  /** Given what the re-run kept, files to write instead (report.json listing it). */
  amend?: (events: RerunEvent[]) => Map<string, string> | undefined,
): RerunEvent[] {
  const target = realOrResolved(out);
  const previous = existsSync(target) ? readManifest(target) : undefined;
  const plan = previous
    ? reconcile(target, files, previous, keep)
    : { write: new Map(files), carry: [] as string[], manifest: freshManifest(files), events: [] as RerunEvent[] };
  for (const [rel, text] of amend?.(plan.events) ?? []) {
    plan.write.set(rel, text);
    plan.manifest.files[rel] = contentHash(text);
  }
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const staging = path.join(parent, `.${path.basename(target)}.staging-${tag}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${tag}`);
  const cleanup = (): void => {
    rmSync(staging, { recursive: true, force: true });
  };
  const onSignal = (): void => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    mkdirSync(staging);
    const put = (rel: string, text: string | Uint8Array): void => {
      const abs = path.join(staging, ...rel.split('/'));
      if (!inside(abs, staging)) throw new OutputError(`refusing to write outside the output: ${rel}`);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    };
    for (const [rel, text] of plan.write) put(rel, text);
    for (const [rel, text] of stateFiles(plan.manifest, files)) put(rel, text);
    // The user's files come along by hard link (a copy where links are not possible), so a failed run
    // that deletes its staging folder never touches them.
    for (const rel of plan.carry) {
      const from = path.join(target, ...rel.split('/'));
      const to = path.join(staging, ...rel.split('/'));
      if (!inside(to, staging)) continue;
      mkdirSync(path.dirname(to), { recursive: true });
      if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), to);
      else {
        try {
          linkSync(from, to);
        } catch {
          copyFileSync(from, to);
        }
      }
    }
    if (existsSync(target)) renameSync(target, old);
    renameSync(staging, target);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    cleanup();
    // Put the previous output back if the swap got half way.
    if (!existsSync(target) && existsSync(old)) renameSync(old, target);
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return plan.events;
}
