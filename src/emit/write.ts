// Writes an output folder whole or not at all: everything goes into a sibling staging folder, which
// replaces the target by rename only once complete. A failure or Ctrl-C leaves the old output as it was.
import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OUTPUT_MARKER } from '../parse/source-tree.js';

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
export function checkOutputTarget(out: string, inputRoots: string[], force: boolean): void {
  const target = realOrResolved(out);
  for (const input of inputRoots) {
    if (inside(target, input)) throw new OutputError(`the output folder ${out} is inside the input ${input}; the tool never writes into its inputs`);
    if (inside(input, target)) throw new OutputError(`the input ${input} is inside the output folder ${out}, which a run replaces; choose another output folder`);
  }
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new OutputError(`the output ${out} exists and is not a folder`);
  const entries = readdirSync(target);
  if (entries.length === 0) return;
  if (!force) throw new OutputError(`the output folder ${out} is not empty; pass --force to replace it`);
  // --force replaces only what we wrote before: never a folder of someone's own files.
  if (!entries.includes(OUTPUT_MARKER)) {
    throw new OutputError(`the output folder ${out} is not empty and was not written by finesse-migrate (no ${OUTPUT_MARKER}); refusing to replace it, even with --force`);
  }
}

/** Writes `files` as the new content of `out`, atomically with respect to the folder. */
export function writeOutput(out: string, files: Map<string, string | Uint8Array>): void {
  const target = realOrResolved(out);
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
    for (const [rel, text] of files) {
      const abs = path.join(staging, ...rel.split('/'));
      if (!inside(abs, staging)) throw new OutputError(`refusing to write outside the output: ${rel}`);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
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
}
