// Issue 14: the per-gadget work on worker threads gives the same output as one thread, byte for byte.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/emit/pool.js';
import { FIXTURES, ROOT, SAMPLES, tempDir } from './helpers.js';

type Api = typeof import('../src/api.js');
// The built tool (npm test builds first): the pool's worker is dist/emit/pool-worker.js.
const api = (): Promise<Api> => import('finesse-migrate' as string) as Promise<Api>;

describe('migrate with worker threads', () => {
  it('writes the same files with 1 and with 2 workers, and reports progress once per spec file, in order', async () => {
    const { runMigration } = await api();
    const inputs = [SAMPLES, path.join(FIXTURES, 'gadgets')];
    const progress = (seen: string[]) => (done: number, total: number, f: { source: string }) => seen.push(`${done}/${total} ${f.source}`);
    const oneSeen: string[] = [];
    const twoSeen: string[] = [];
    const one = await runMigration(inputs, { jobs: 1, toolVersion: 'test', onProgress: progress(oneSeen) });
    // poolMinCandidates 0: the pool even for a batch this small.
    const two = await runMigration(inputs, { jobs: 2, poolMinCandidates: 0, toolVersion: 'test', onProgress: progress(twoSeen) });
    expect(oneSeen.length).toBeGreaterThan(8);
    expect(twoSeen).toEqual(oneSeen);
    expect([...two.files!.keys()]).toEqual([...one.files!.keys()]);
    for (const [rel, content] of one.files!) expect(Buffer.from(two.files!.get(rel)!).equals(Buffer.from(content)), rel).toBe(true);
  });

  it('writes the same output tree with 1 and with 2 workers, gadget by gadget, and returns no file contents', async () => {
    const { runMigration } = await api();
    const inputs = [SAMPLES, path.join(FIXTURES, 'gadgets')];
    const base = tempDir('fm-pool-out-');
    const one = await runMigration(inputs, { jobs: 1, toolVersion: 'test', out: path.join(base, 'one') });
    const two = await runMigration(inputs, { jobs: 2, poolMinCandidates: 0, toolVersion: 'test', out: path.join(base, 'two') });
    // Written as they came: nothing of the gadgets' files stays in the result.
    expect(one.files).toBeUndefined();
    expect(two.files).toBeUndefined();
    const tree = (dir: string): [string, string][] =>
      (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
        .filter((d) => d.isFile())
        .map((d): [string, string] => {
          const abs = path.join(d.parentPath, d.name);
          return [path.relative(dir, abs), createHash('sha256').update(readFileSync(abs)).digest('hex')];
        })
        .sort(([a], [b]) => (a < b ? -1 : 1));
    const files = tree(path.join(base, 'one'));
    expect(files.length).toBeGreaterThan(50);
    expect(tree(path.join(base, 'two'))).toEqual(files);
    // keepFiles (tests only): the contents too, as written.
    const kept = await runMigration(inputs, { jobs: 1, toolVersion: 'test', out: path.join(base, 'one'), keepFiles: true });
    expect(kept.files!.get('report.json')).toBe(readFileSync(path.join(base, 'one', 'report.json'), 'utf8'));
  });

  it('refuses a number of jobs that is not a whole number of at least 1', async () => {
    const { migrate, UsageError } = await api();
    await expect(migrate([SAMPLES], { jobs: 0 })).rejects.toBeInstanceOf(UsageError);
    await expect(migrate([SAMPLES], { jobs: 1.5 })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('WorkerPool', () => {
  const worker = path.join(ROOT, 'test', 'stubs', 'pool-echo-worker.mjs');
  const data = { trees: [], locale: 'en-US', ctx: {} };
  const tasks = (rels: string[]) => rels.map((rel) => ({ op: 'analyze' as const, tree: 0, rel }));

  it('gives results in task order; a worker that dies fails its task alone and is replaced', async () => {
    const pool = new WorkerPool(worker, data, 2);
    try {
      const crashes: string[] = [];
      const out = await pool.run<string>(tasks(['a', 'crash', 'b', 'c', 'crash', 'd']), () => undefined, (i, err) => {
        crashes.push(err.message);
        return `crashed:${i}`;
      });
      expect(out).toEqual(['analyze:a', 'crashed:1', 'analyze:b', 'analyze:c', 'crashed:4', 'analyze:d']);
      expect(crashes).toEqual([expect.stringContaining('exit code 7'), expect.stringContaining('exit code 7')]);
      // The replacements run the next pass.
      expect(await pool.run<string>(tasks(['e', 'f']), () => undefined, () => 'x', [0, 1])).toEqual(['analyze:e', 'analyze:f']);
    } finally {
      await pool.close();
    }
  });

  it('keeps no result when not collecting, and starts no task past the window', async () => {
    const pool = new WorkerPool(worker, data, 2);
    try {
      const rels = Array.from({ length: 12 }, (_, i) => `t${i}`);
      const seen: number[] = [];
      // Window 1: only the first unfinished task may run, so results come one by one, in order,
      // whatever the workers they were meant for.
      const prefer = rels.map((_, i) => i % 2);
      expect(await pool.run<string>(tasks(rels), (i) => void seen.push(i), () => 'x', prefer, false, 1)).toEqual([]);
      expect(seen).toEqual(rels.map((_, i) => i));
      // A wider window: every task still runs once.
      const wide: number[] = [];
      await pool.run<string>(tasks(rels), (i) => void wide.push(i), () => 'x', prefer, false, 4);
      expect(wide.sort((a, b) => a - b)).toEqual(rels.map((_, i) => i));
    } finally {
      await pool.close();
    }
  });

  it('fails the run when a task throws (as it would on one thread)', async () => {
    const pool = new WorkerPool(worker, data, 2);
    try {
      await expect(pool.run<string>(tasks(['a', 'throw', 'b']), () => undefined, () => 'x')).rejects.toThrow('boom');
    } finally {
      await pool.close();
    }
  });
});
