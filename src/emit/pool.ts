// The per-gadget work of a batch on worker threads (node:worker_threads), merged in source order so
// the output is byte for byte the one planBatch makes on one thread.
//
// Pass 1: the workers analyze every spec file and send back what the record and the naming need
// (no model). The main thread assigns ids and element names in source order, as planBatch does.
// Pass 2: each file goes back to the worker that analyzed it (it kept the analysis; models never
// cross threads) and its gadget is emitted (emitGadget: record, files, review, layout placements); a
// worker with nothing left of its own takes another's file and analyzes it again (analysis is
// deterministic). finishBatch merges the emits in source order. A worker reopens the trees the main thread discovered: folders by path, archives by path
// and the list of entries the main thread accepted (so zip budgets are spent once, by the main thread).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalyzedFile } from '../analyze/index.js';
import type { Candidate } from '../cli/discover.js';
import type { Census, Decision, Diagnostic } from '../model.js';
import { FolderTree, ZipTree, type SourceTree } from '../parse/source-tree.js';
import type { MigrateConfig } from '../config.js';
import { assignIdsOf } from './names.js';
// Not plan.js: the main thread of a pool loads no parser or transform (the workers do).
import { failedEmit, finishBatch, keptIds, keptRecords, nameElements, recordHead, type ElementNaming, type GadgetEmit, type Plan, type PlanOptions } from './batch.js';

export type TreeRef = { kind: 'folder'; root: string } | { kind: 'zip'; path: string; entries: string[] };

/** What every worker starts with. */
export interface PoolData {
  trees: TreeRef[];
  locale: string;
  ctx: { config?: MigrateConfig; cdnBase?: string };
}

export type PoolTask = { seq: number; tree: number; rel: string } & ({ op: 'analyze' } | { op: 'emit'; id: string | undefined; naming: ElementNaming | undefined });

export type PoolMessage = { ready: true } | { seq: number; ok: true; result: unknown } | { seq: number; ok: false; error: { message: string; stack?: string } };

/** Pass 1's answer for one spec file: what ids, element names and a failed record need. */
export interface Summary {
  source: string;
  failed: boolean;
  diagnostics: Diagnostic[];
  decision?: Decision;
  census?: Census;
  title?: string;
  /** gadgetIdOf the file, for the files with a gadget. */
  wantedId?: string;
  /** takesElementName. */
  takes: boolean;
}

/**
 * Below this many spec files the batch runs in this thread: each worker loads the parser and the
 * transforms again and warms them up on its own (1-2 s of CPU), which a small batch does not win
 * back (measured: 25 files took twice the CPU and the time with 2 workers).
 */
export const POOL_MIN_CANDIDATES = 256;

/** The worker's module, when this is the built tool (under vitest the sources run: no worker). */
export function poolWorkerFile(): string | undefined {
  const url = new URL('./pool-worker.js', import.meta.url);
  if (url.protocol !== 'file:') return undefined;
  const file = fileURLToPath(url);
  return existsSync(file) ? file : undefined;
}

/** The trees of a batch as workers can reopen them; undefined when one is of a kind they cannot. */
export function treeRefs(candidates: Candidate[]): { refs: TreeRef[]; index: Map<SourceTree, number> } | undefined {
  const refs: TreeRef[] = [];
  const index = new Map<SourceTree, number>();
  for (const { tree } of candidates) {
    if (index.has(tree)) continue;
    if (tree instanceof FolderTree) refs.push({ kind: 'folder', root: tree.root });
    else if (tree instanceof ZipTree) refs.push({ kind: 'zip', path: tree.archivePath, entries: tree.files() });
    else return undefined;
    index.set(tree, refs.length - 1);
  }
  return { refs, index };
}

class PoolError extends Error {}

interface Slot {
  /** Which worker this is (a replacement gets a new one). */
  id: number;
  worker: Worker;
  ready: boolean;
  /** The task it is running. */
  busy?: number;
  error?: Error;
  closing?: boolean;
}

interface Pass {
  tasks: Omit<PoolTask, 'seq'>[];
  out: unknown[];
  /** Tasks waiting, by the worker that should run them (-1: any). */
  queues: Map<number, number[]>;
  done: number;
  onResult: (i: number, result: unknown) => void;
  onCrash: (i: number, err: Error) => unknown;
  /** Whether run() resolves to the results (else they go to onResult alone, and are not kept). */
  collect: boolean;
  /** How far past the first unfinished task a worker may start one (undefined: no limit). */
  window: number | undefined;
  finished: boolean[];
  /** The first task not finished. */
  head: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

/**
 * `size` worker threads, each running one task at a time. A task that throws fails the run (as it
 * would on one thread); a worker that dies fails the task it was running (onCrash) and is replaced.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private pass: Pass | undefined;
  private broken: Error | undefined;
  private started = 0;

  constructor(private readonly file: string, private readonly data: PoolData, size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.start());
  }

  private start(): Slot {
    const slot: Slot = { id: this.started++, worker: new Worker(this.file, { workerData: this.data }), ready: false };
    slot.worker.on('message', (m: PoolMessage) => {
      if ('ready' in m) {
        slot.ready = true;
        return;
      }
      const pass = this.pass;
      if (!pass || slot.busy !== m.seq) return;
      slot.busy = undefined;
      if (!m.ok) {
        const err = new Error(m.error.message);
        if (m.error.stack) err.stack = m.error.stack;
        this.fail(err);
        return;
      }
      this.complete(pass, m.seq, m.result);
      // Every idle worker: one held back by the window may go on now.
      for (const s of this.slots) this.feed(s);
    });
    slot.worker.on('error', (e) => {
      slot.error = e;
    });
    slot.worker.on('exit', (code) => {
      if (slot.closing) return;
      const at = this.slots.indexOf(slot);
      if (!slot.ready) {
        // It never loaded: every replacement would fail the same way.
        this.fail(new PoolError(`a worker thread could not start: ${slot.error?.message ?? `exit code ${code}`}`));
        return;
      }
      const pass = this.pass;
      const task = slot.busy;
      const replacement = this.start();
      if (at >= 0) this.slots[at] = replacement;
      if (pass && task !== undefined) {
        const why = slot.error?.message ?? `exit code ${code}`;
        this.complete(pass, task, pass.onCrash(task, new Error(`the worker thread running it stopped (${why})`)));
      }
      if (this.pass) for (const s of this.slots) this.feed(s);
    });
    return slot;
  }

  /** Stops the current pass with `e` (its run() rejects), as a task that throws does. */
  abort(e: Error): void {
    this.fail(e);
  }

  private fail(e: Error): void {
    this.broken ??= e;
    const pass = this.pass;
    this.pass = undefined;
    pass?.reject(e);
  }

  private complete(pass: Pass, i: number, result: unknown): void {
    if (pass.collect) pass.out[i] = result;
    pass.finished[i] = true;
    while (pass.finished[pass.head]) pass.head++;
    pass.done++;
    pass.onResult(i, result);
    if (pass.done === pass.tasks.length) {
      this.pass = undefined;
      pass.resolve();
    }
  }

  private feed(slot: Slot): void {
    const pass = this.pass;
    if (!pass || slot.busy !== undefined) return;
    let i: number | undefined;
    if (pass.window === undefined) {
      // Its own tasks first, then anyone's, then the end of the longest queue of another worker.
      i = pass.queues.get(slot.id)?.shift() ?? pass.queues.get(-1)?.shift();
      if (i === undefined) {
        let longest: number[] | undefined;
        for (const q of pass.queues.values()) if (q.length > (longest?.length ?? 0)) longest = q;
        i = longest?.pop();
      }
    } else {
      // Results are handed over in task order, so a worker that ran far ahead of the others would
      // pile up results waiting for theirs: within the window, its own task first, else the first
      // task waiting anywhere (another's: analyzed again); past it, the worker waits.
      const limit = pass.head + pass.window;
      const own = pass.queues.get(slot.id);
      if (own?.length && own[0]! < limit) i = own.shift();
      else {
        let first: number[] | undefined;
        for (const q of pass.queues.values()) if (q.length && (first === undefined || q[0]! < first[0]!)) first = q;
        if (first && first[0]! < limit) i = first.shift();
      }
    }
    if (i === undefined) return;
    slot.busy = i;
    this.ranOn.set(i, slot.id);
    slot.worker.postMessage({ ...pass.tasks[i], seq: i });
  }

  /** Which worker runs task `seq` of the current pass, for affinity in the next. */
  readonly ranOn = new Map<number, number>();

  /**
   * Runs `tasks`, results in task order; `onResult` hears each as it arrives (in any order).
   * `prefer[i]`: the worker (ranOn of an earlier pass) that should run task i, when it is free.
   * `collect` false: the results go to onResult alone and run() resolves to an empty array (a big
   * batch's emits are not all held at once). `window`: no task starts more than this many tasks
   * after the first unfinished one (results consumed in order wait for fewer of their elders).
   */
  run<R>(tasks: Omit<PoolTask, 'seq'>[], onResult: (i: number, result: R) => void, onCrash: (i: number, err: Error) => R, prefer?: (number | undefined)[], collect = true, window?: number): Promise<R[]> {
    if (this.broken) return Promise.reject(this.broken);
    if (!tasks.length) return Promise.resolve([]);
    return new Promise<R[]>((resolve, reject) => {
      const out: unknown[] = new Array(tasks.length);
      this.pass = {
        tasks,
        out,
        queues: new Map([[-1, []]]),
        done: 0,
        onResult: onResult as Pass['onResult'],
        onCrash,
        collect,
        window,
        finished: new Array<boolean>(tasks.length).fill(false),
        head: 0,
        resolve: () => resolve(collect ? (out as R[]) : []),
        reject,
      };
      const alive = new Set(this.slots.map((x) => x.id));
      this.ranOn.clear();
      tasks.forEach((_, i) => {
        const want = prefer?.[i];
        const key = want !== undefined && alive.has(want) ? want : -1;
        let q = this.pass!.queues.get(key);
        if (!q) this.pass!.queues.set(key, (q = []));
        q.push(i);
      });
      for (const slot of this.slots) this.feed(slot);
    });
  }

  async close(): Promise<void> {
    for (const s of this.slots) s.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** How many emits per worker may be done ahead of the first one not yet handed over. */
const EMIT_WINDOW_PER_WORKER = 16;

export interface PooledOptions {
  workers: number;
  file: string;
  locale: string;
  refs: { refs: TreeRef[]; index: Map<SourceTree, number> };
  onProgress?: (done: number, total: number, file: AnalyzedFile) => void;
}

/** planBatch over `candidates` (not yet analyzed) on worker threads: the same Plan. */
export async function planPooled(candidates: Candidate[], options: PlanOptions, pooled: PooledOptions): Promise<Plan> {
  const emits: GadgetEmit[] = [];
  await emitPooled(candidates, options, pooled, (e) => void emits.push(e));
  return finishBatch(emits, options);
}

/**
 * The gadgets of `candidates` emitted on worker threads, each handed to `sink` in source order as
 * soon as it and every one before it are done (and then dropped: the pool keeps none). What sink
 * throws stops the pool and is thrown.
 */
export async function emitPooled(candidates: Candidate[], options: PlanOptions, pooled: PooledOptions, sink: (e: GadgetEmit) => void): Promise<void> {
  const pool = new WorkerPool(pooled.file, { trees: pooled.refs.refs, locale: pooled.locale, ctx: { ...(options.config ? { config: options.config } : {}), ...(options.cdnBase ? { cdnBase: options.cdnBase } : {}) } }, pooled.workers);
  try {
    const tree = (c: Candidate): number => pooled.refs.index.get(c.tree)!;
    // Pass 1. Progress is reported in source order, as on one thread.
    const crashed = new Set<number>();
    const summaries: (Summary | undefined)[] = new Array(candidates.length);
    let reported = 0;
    await pool.run<Summary>(
      candidates.map((c) => ({ op: 'analyze', tree: tree(c), rel: c.rel })),
      (i, s) => {
        summaries[i] = s;
        for (; reported < candidates.length && summaries[reported]; reported++) {
          const c = candidates[reported]!;
          const s = summaries[reported]!;
          // The file as analyzed, without its model (it stays in the worker).
          const file: AnalyzedFile = { source: s.source, tree: c.tree, rel: c.rel, failed: s.failed, diagnostics: s.diagnostics, ...(s.decision ? { decision: s.decision } : {}), ...(s.census ? { census: s.census } : {}) };
          pooled.onProgress?.(reported + 1, candidates.length, file);
        }
      },
      (i, err) => {
        crashed.add(i);
        const c = candidates[i]!;
        const source = c.tree.displayPath(c.rel);
        return {
          source,
          failed: true,
          takes: false,
          diagnostics: [{ severity: 'error', code: 'internal-error', message: `finesse-migrate failed on this file: ${err.message}. Please report it with the file.`, file: source }],
        };
      },
    );
    const all = summaries as Summary[];
    const kept = keptRecords(options);
    const ids = assignIdsOf(all.map((s, i) => ({ key: i, ...(s.wantedId !== undefined ? { wanted: s.wantedId } : {}), root: candidates[i]!.tree.display })), keptIds(kept));
    const namings = nameElements(all.map((s, i) => ({ id: ids.get(i), takes: s.takes })), kept, options.config);

    // Emits done but not yet handed over (a later gadget finished before an earlier one).
    const waiting = new Map<number, GadgetEmit>();
    let next = 0;
    const arrived = (i: number, e: GadgetEmit): void => {
      waiting.set(i, e);
      for (let w = waiting.get(next); w; w = waiting.get(next)) {
        waiting.delete(next++);
        sink(w);
      }
    };
    // The files whose worker stopped in pass 1 fail as an analysis failure does (no pass 2 for them).
    if (crashed.size) {
      const { emitContext, emitGadget } = await import('./plan.js');
      const ctx = emitContext(options);
      for (const i of [...crashed].sort((a, b) => a - b)) {
        const c = candidates[i]!;
        const s = all[i]!;
        arrived(i, await emitGadget({ source: s.source, tree: c.tree, rel: c.rel, failed: true, diagnostics: s.diagnostics }, undefined, undefined, ctx));
      }
    }
    // Pass 2. Each file goes back to the worker that analyzed it, which kept its analysis; an idle
    // worker takes another's and analyzes the file again.
    const todo = candidates.map((_, i) => i).filter((i) => !crashed.has(i));
    const analyzedOn = new Map(pool.ranOn);
    await pool.run<GadgetEmit>(
      todo.map((i) => ({ op: 'emit', tree: tree(candidates[i]!), rel: candidates[i]!.rel, id: ids.get(i), naming: namings[i] })),
      (k, e) => {
        try {
          arrived(todo[k]!, e);
        } catch (err) {
          pool.abort(err instanceof Error ? err : new Error(String(err)));
        }
      },
      (k, err) => {
        const i = todo[k]!;
        const s = all[i]!;
        return failedEmit(recordHead(s, candidates[i]!.tree.display, ids.get(i)), err);
      },
      todo.map((i) => analyzedOn.get(i)),
      false,
      // Measured at 128x with 2 workers and no window: up to 956 emits (about 350 MB) waited in
      // this thread for an earlier one, as the workers' queues drift apart.
      EMIT_WINDOW_PER_WORKER * pooled.workers,
    );
  } finally {
    await pool.close();
  }
}
