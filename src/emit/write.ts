// Writes an output folder whole or not at all: everything goes into a sibling staging folder, which
// replaces the target by rename only once complete. A failure or Ctrl-C leaves the old output as it was.
import { closeSync, copyFileSync, existsSync, openSync, writeSync, readFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { OUTPUT_MARKER } from '../parse/source-tree.js';
import { Chunked } from './serialize.js';
import { BasePack, CONFLICT_SUFFIX, mergeable, contentHash, MANIFEST, manifestText, readManifest, Reconciler, userFiles, type RerunEvent } from './rerun.js';
import { BASE_PACK } from './base-pack.js';
import { collectGarbage } from '../gc.js';

export class OutputError extends Error {}

/** The output could not be written (permissions, a read-only or full disk, a name too long): README "Exit codes", 2. */
export class OutputIoError extends OutputError {}

const IO_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'a file name is too long',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'a file of that name already exists',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  EBUSY: 'the file is busy',
  EXDEV: 'it is on another device',
  ENOENT: 'no such file or folder',
};

/**
 * An operating-system error met while writing `what` as an {@link OutputIoError} naming it (and the
 * file it was at, when that is another): an ordinary condition of the machine, not a bug. Anything
 * else is returned as it is.
 */
export function outputIoError(e: unknown, what: string, doing = 'write'): unknown {
  const err = e as NodeJS.ErrnoException | undefined;
  const reason = typeof err?.code === 'string' ? IO_REASONS[err.code] : undefined;
  if (reason === undefined || e instanceof OutputError) return e;
  const at = err!.path && path.resolve(err!.path) !== path.resolve(what) ? ` (at ${err!.path})` : '';
  return new OutputIoError(`cannot ${doing} ${what}: ${reason} (${err!.code})${at}`);
}

/**
 * The name of a hidden folder beside the output (`.<name>.<kind>-<tag>`), within the 255 bytes a file
 * name may have: when the output's own name leaves no room, a hash of it stands in.
 */
export function besideName(base: string, kind: string, tag: string): string {
  const name = `.${base}.${kind}-${tag}`;
  if (Buffer.byteLength(name, 'utf8') <= 255) return name;
  return `.${createHash('sha256').update(base).digest('hex').slice(0, 16)}.${kind}-${tag}`;
}

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
  amend?: (events: RerunEvent[]) => Map<string, string | Chunked> | undefined,
): RerunEvent[] {
  return openOutput(out).finish(files, keep, amend);
}

/**
 * An output being written file by file (issue 14: a batch is written gadget by gadget, and only
 * hashes stay in memory). Until finish() swaps it in, everything is in a staging folder beside the
 * output; abort(), an exception or a signal removes it and leaves the output as it was.
 */
export interface OutputWriter {
  /**
   * Reconciles one generated file with the previous output and writes it (and its base copy) into
   * staging at once. A path put twice: the later content wins (as in a Map).
   */
  put(rel: string, content: string | Uint8Array | Chunked): void;
  /**
   * Writes `files` (the batch-level files: the report, the layout) as put() does, then decides the
   * old output's other files (`keep`: generated files of gadgets this run did not cover, carried as
   * they are; the user's own), writes the manifest and swaps the staging folder in. `amend`, given
   * what the re-run kept, names files to write instead (report.json listing it). Returns what it kept.
   */
  finish(
    files?: Iterable<[string, string | Uint8Array | Chunked]>,
    keep?: ReadonlySet<string>,
    amend?: (events: RerunEvent[]) => Map<string, string | Chunked> | undefined,
  ): RerunEvent[];
  /** Removes the staging folder and the lock; the output stays as it was. Safe to call twice. */
  abort(): void;
}

/**
 * Opens `out` for writing: takes its lock, recovers an interrupted run, reads the previous manifest
 * and makes the staging folder. The caller must end with finish() or abort().
 */
export function openOutput(out: string): OutputWriter {
  const target = realOrResolved(out);
  const parent = path.dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw outputIoError(e, out);
  }
  const unlock = lockOutput(target, out);
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const staging = path.join(parent, besideName(path.basename(target), 'staging', tag));
  const old = path.join(parent, besideName(path.basename(target), 'old', tag));
  let open = true;
  // The merge bases go into one file of the staging folder as the files are put (base-pack.ts).
  let packFd: number | undefined;
  const closePack = (): void => {
    if (packFd === undefined) return;
    const fd = packFd;
    packFd = undefined;
    closeSync(fd);
  };
  const close = (): void => {
    open = false;
    try {
      closePack();
    } catch {
      // Only after a failure that is reported already.
    }
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    unlock();
  };
  const discard = (): void => {
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // The staging folder could not be removed either (the same full or read-only disk): the error
      // that stopped the write is the one to report.
    }
  };
  // The writer is open for the whole batch: Ctrl-C at any point leaves the old output as it was.
  const onSignal = (): void => {
    discard();
    unlock();
    process.exit(130);
  };
  let previous: ReturnType<typeof readManifest>;
  try {
    recoverInterrupted(target);
    previous = existsSync(target) ? readManifest(target) : undefined;
    mkdirSync(staging);
  } catch (e) {
    discard();
    unlock();
    throw outputIoError(e, out);
  }
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const reconciler = new Reconciler(target, previous);

  // Each folder is made once: a recursive mkdir per file was a tenth of a large run's time.
  const made = new Set<string>();
  const stagingPath = (rel: string): string => {
    const abs = path.join(staging, ...rel.split('/'));
    if (!inside(abs, staging)) throw new OutputError(`refusing to write outside the output: ${rel}`);
    const dir = path.dirname(abs);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    return abs;
  };
  const pack = new BasePack((line) => {
    packFd ??= openSync(stagingPath(BASE_PACK), 'w');
    writeSync(packFd, line);
  });
  const write = (rel: string, text: string | Uint8Array): void => {
    writeFileSync(stagingPath(rel), text);
  };
  /** Writes `content` piece by piece (about 1 MB at a time) into staging as `rel`; returns its hash. */
  const writeChunked = (rel: string, content: Chunked): string => {
    const abs = stagingPath(rel);
    const hash = createHash('sha256');
    const fd = openSync(abs, 'w');
    try {
      let pending: string[] = [];
      let size = 0;
      const flush = (): void => {
        const bytes = Buffer.from(pending.join(''), 'utf8');
        hash.update(bytes);
        // writeSync may write less than it was given.
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
        pending = [];
        size = 0;
      };
      for (const piece of content.chunks()) {
        pending.push(piece);
        size += piece.length;
        if (size >= 1 << 20) flush();
      }
      flush();
    } finally {
      closeSync(fd);
    }
    return hash.digest('hex');
  };
  /** Runs `step`; on failure leaves the output as it was (staging removed, lock released) and throws. */
  const guarded = <T>(step: () => T): T => {
    if (!open) throw new Error('the output writer is already finished or aborted');
    try {
      return step();
    } catch (e) {
      discard();
      // Put the previous output back if the swap got half way.
      try {
        if (!existsSync(target) && existsSync(old)) renameSync(old, target);
      } finally {
        close();
      }
      throw outputIoError(e, out);
    }
  };
  const put = (rel: string, content: string | Uint8Array | Chunked): void => {
    if (content instanceof Chunked) {
      // Written first, then reconciled by its hash: moved, replaced or removed if the old output says so.
      const h = writeChunked(rel, content);
      const abs = stagingPath(rel);
      // Big batch-level files are reports, not merged: read back only should one ever be mergeable.
      if (mergeable(rel)) pack.add(rel, readFileSync(abs, 'utf8'), h);
      const d = reconciler.decide(rel, h, true, () => readFileSync(abs, 'utf8'));
      if (d.kind === 'carry') rmSync(abs);
      else if (d.kind === 'merged') writeFileSync(abs, d.text);
      else if (d.kind === 'conflict') renameSync(abs, stagingPath(rel + CONFLICT_SUFFIX));
      return;
    }
    for (const [w, text] of reconciler.file(rel, content)) write(w, text);
    // The merge base is what was generated (a later three-way merge's base), whatever was written.
    pack.add(rel, content);
  };

  return {
    put: (rel, content) => guarded(() => put(rel, content)),
    finish: (files = new Map(), keep = new Set(), amend) =>
      guarded(() => {
        // The batch-level files go as the gadgets' did, one at a time (they can be big).
        for (const [rel, content] of files) {
          put(rel, content);
          // Each big batch-level file leaves its pieces behind: collect them before the next is made.
          if (content instanceof Chunked) collectGarbage();
        }
        const plan = reconciler.rest(keep);
        pack.carry(plan.bases);
        closePack();
        // What amend returns replaces what was written (report.json listing the events).
        for (const [rel, text] of amend?.(plan.events) ?? []) {
          if (text instanceof Chunked) plan.manifest.files[rel] = writeChunked(rel, text);
          else {
            write(rel, text);
            plan.manifest.files[rel] = contentHash(text);
          }
        }
        write(MANIFEST, manifestText(plan.manifest));
        carryInto(target, staging, plan.carry);
        // Files the user created in the output while this run worked come along too.
        if (previous) {
          const carried = new Set(plan.carry);
          for (const rel of userFiles(target)) {
            const to = path.join(staging, ...rel.split('/'));
            if (Object.hasOwn(previous.files, rel) || reconciler.generated(rel) || carried.has(rel) || existsSync(to) || !inside(to, staging)) continue;
            mkdirSync(path.dirname(to), { recursive: true });
            try {
              linkSync(path.join(target, ...rel.split('/')), to);
            } catch {
              copyFileSync(path.join(target, ...rel.split('/')), to);
            }
          }
        }
        if (existsSync(target)) renameSync(target, old);
        renameSync(staging, target);
        rmSync(old, { recursive: true, force: true });
        close();
        return plan.events;
      }),
    abort: () => {
      if (!open) return;
      discard();
      close();
    },
  };
}

/**
 * The user's files (and kept ones) come along by hard link (a copy where links are not possible), so
 * a failed run that deletes its staging folder never touches them.
 */
function carryInto(target: string, staging: string, carry: string[]): void {
  for (const rel of carry) {
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
}

/**
 * One run writes an output at a time: a lock file beside it holds the writer's pid. A lock whose
 * process is gone (killed) is taken over.
 */
function lockOutput(target: string, out: string): () => void {
  const lock = path.join(path.dirname(target), besideName(path.basename(target), 'lock', 'finesse-migrate'));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw outputIoError(e, out);
      const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new OutputError(`another finesse-migrate run (pid ${pid}) is writing ${out}; wait for it to finish (or remove ${lock} if that process is not finesse-migrate)`);
      }
      rmSync(lock, { force: true });
    }
  }
  throw new OutputError(`cannot lock ${out}: another run keeps taking it`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A run killed between its two renames leaves the previous output as `.<out>.old-*` and no `<out>`:
 * put it back. Staging folders of killed runs are removed. (Only ever called under the lock.)
 */
function recoverInterrupted(target: string): void {
  const parent = path.dirname(target);
  const base = path.basename(target);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const prefixes = (kind: string): string[] => [`.${base}.${kind}-`, besideName(base, kind, '').slice(0, -1) + '-'];
  const leftovers = (kind: string): string[] => names.filter((n) => prefixes(kind).some((p) => n.startsWith(p))).sort();
  const olds = leftovers('old');
  if (!existsSync(target) && olds.length) renameSync(path.join(parent, olds[olds.length - 1]!), target);
  for (const n of [...leftovers('staging'), ...olds]) {
    if (existsSync(path.join(parent, n))) rmSync(path.join(parent, n), { recursive: true, force: true });
  }
}
