// One worker thread of the pool (src/emit/pool.ts): it reopens the source trees the main thread
// discovered, analyzes spec files (pass 1, keeping each analysis) and emits gadgets (pass 2, from the
// kept analysis, or a new one for a file another worker analyzed), one task at a time, and posts
// back plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { garbageEvery } from '../gc.js';
import { analyzeSafely, type AnalyzedFile } from '../analyze/index.js';
import { FolderTree, resetZipBatchBudget, ZipTree, type SourceTree } from '../parse/source-tree.js';
import { gadgetTitle } from './iframe.js';
import { baseName, gadgetIdOf } from './names.js';
import { takesElementName } from './batch.js';
import type { EmitContext } from './plan.js';
import type { PoolData, PoolMessage, PoolTask, Summary } from './pool.js';

const data = workerData as PoolData;
const port = parentPort!;

/** Folder trees stay open (they only cache a listing); archives are held in memory, the last few only. */
const folders = new Map<number, SourceTree>();
const zips = new Map<number, SourceTree>();
const OPEN_ARCHIVES = 4;

function treeOf(index: number): SourceTree {
  const ref = data.trees[index]!;
  if (ref.kind === 'folder') {
    let tree = folders.get(index);
    if (!tree) folders.set(index, (tree = new FolderTree(ref.root)));
    return tree;
  }
  let tree = zips.get(index);
  if (tree) {
    // Most recently used last.
    zips.delete(index);
    zips.set(index, tree);
    return tree;
  }
  // The main thread counted these entries against the run's budget when it read the archive: the
  // worker reads the same entries again and nothing else, so its own batch budget does not apply.
  resetZipBatchBudget();
  tree = new ZipTree(ref.path, undefined, new Set(ref.entries));
  zips.set(index, tree);
  if (zips.size > OPEN_ARCHIVES) zips.delete(zips.keys().next().value!);
  return tree;
}

/** Files this worker analyzed in pass 1, kept for pass 2 (by tree and path). */
const held = new Map<string, AnalyzedFile>();

let emitting: Promise<{ plan: typeof import('./plan.js'); ctx: EmitContext }> | undefined;
const emitter = (): NonNullable<typeof emitting> =>
  (emitting ??= import('./plan.js').then((plan) => ({ plan, ctx: plan.emitContext(data.ctx) })));

async function run(task: PoolTask): Promise<unknown> {
  const key = `${task.tree}\0${task.rel}`;
  const kept = held.get(key);
  held.delete(key);
  const f = kept ?? analyzeSafely(treeOf(task.tree), task.rel, { locale: data.locale });
  if (task.op === 'analyze') {
    held.set(key, f);
    const summary: Summary = {
      source: f.source,
      failed: f.failed,
      diagnostics: f.diagnostics,
      takes: false,
      ...(f.decision ? { decision: f.decision } : {}),
      ...(f.census ? { census: f.census } : {}),
    };
    if (f.gadget) {
      summary.title = gadgetTitle(f.gadget, baseName(f.rel));
      summary.wantedId = gadgetIdOf(f);
    }
    summary.takes = takesElementName(f);
    return summary;
  }
  const { plan, ctx } = await emitter();
  return plan.emitGadget(f, task.id, task.naming, ctx);
}

function fail(seq: number, e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  port.postMessage({ seq, ok: false, error: { message: err.message, ...(err.stack ? { stack: err.stack } : {}) } } satisfies PoolMessage);
}

// A worker's heap, like the main thread's, is collected every so often: what an emit leaves behind
// is garbage once posted (issue 14, peak RSS).
const collect = garbageEvery(100);
port.on('message', (task: PoolTask) => {
  run(task).then((result) => {
    try {
      port.postMessage({ seq: task.seq, ok: true, result } satisfies PoolMessage);
    } catch (e) {
      // A result that cannot be cloned is a bug, like an exception.
      fail(task.seq, e);
    }
    if (task.op === 'emit') collect();
  }, (e: unknown) => fail(task.seq, e));
});
// Loading the modules above is most of a worker's start-up: say when it is done.
port.postMessage({ ready: true } satisfies PoolMessage);
