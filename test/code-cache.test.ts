// Start-up (issue 14): TypeScript's compiler is loaded with a V8 code cache kept between runs
// (src/code-cache.ts), and report.html's client script is cached once bundled (src/report/assets.ts).
// The caches change only the time taken: a second process uses them and gets the same result, a
// damaged or foreign cache file is not used (and is replaced), a cache folder that cannot be made is
// no error, and worker threads load through the code cache too. Run against the built tool.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, readTree, ROOT, SAMPLES, tempDir } from './helpers.js';

const DIST = path.join(ROOT, 'dist');
const work = tempDir('fm-code-cache-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const probe = (worker: boolean): string => {
  const load = `
    const ts = (await import(${JSON.stringify(pathToFileURL(path.join(DIST, 'typescript.js')).href)})).ts;
    const { lastLoad } = await import(${JSON.stringify(pathToFileURL(path.join(DIST, 'code-cache.js')).href)});
    const sf = ts.createSourceFile('a.ts', 'const a: number = f(1) + 2;', ts.ScriptTarget.Latest, true);
    const kinds = []; const walk = (n) => { kinds.push(ts.SyntaxKind[n.kind]); ts.forEachChild(n, walk); }; walk(sf);
    const out = { cache: lastLoad?.cache, cacheFile: lastLoad?.cacheFile, version: ts.version, kinds, same: (await import('node:module')).createRequire(${JSON.stringify(path.join(DIST, 'x.js'))})('typescript') === ts };`;
  return worker
    ? `import { Worker } from 'node:worker_threads';
       const w = new Worker(${JSON.stringify(`(async () => { ${load} (await import('node:worker_threads')).parentPort.postMessage(out); })()`)}, { eval: true });
       w.on('message', (m) => { process.stdout.write(JSON.stringify(m)); w.terminate(); });`
    : `${load} process.stdout.write(JSON.stringify(out));`;
};

interface Probe {
  cache: string;
  cacheFile?: string;
  version: string;
  kinds: string[];
  same: boolean;
}

function run(env: Record<string, string | undefined>, worker = false): Probe {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe(worker)], { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: undefined, ...env } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Probe;
}

describe('the code cache of typescript.js', () => {
  it('is written by the first process and used by the next, with the same result', () => {
    const cache = path.join(work, 'xdg-1');
    const first = run({ XDG_CACHE_HOME: cache });
    expect(first.cache).toBe('miss');
    expect(path.dirname(first.cacheFile!)).toBe(path.join(cache, 'finesse-migrate'));
    expect(existsSync(first.cacheFile!)).toBe(true);
    const second = run({ XDG_CACHE_HOME: cache });
    expect(second.cache).toBe('hit');
    expect(second.kinds).toEqual(first.kinds);
    expect(second.kinds).toContain('CallExpression');
    expect(second.version).toBe(first.version);
    // require('typescript') elsewhere gets the same object.
    expect(first.same && second.same).toBe(true);
  });

  it('ignores a damaged cache file (and replaces it) and one V8 rejects', () => {
    const cache = path.join(work, 'xdg-2');
    const { cacheFile, kinds } = run({ XDG_CACHE_HOME: cache });
    const good = readFileSync(cacheFile!);
    // Bytes changed in the middle of V8's data: V8 itself does not notice, the digest does.
    const damaged = Buffer.from(good);
    for (let i = damaged.length >> 1; i < (damaged.length >> 1) + 64; i++) damaged[i]! ^= 0x5a;
    writeFileSync(cacheFile!, damaged);
    const afterDamage = run({ XDG_CACHE_HOME: cache });
    expect(afterDamage.cache).toBe('miss');
    expect(afterDamage.kinds).toEqual(kinds);
    expect(readFileSync(cacheFile!).equals(damaged)).toBe(false);
    expect(run({ XDG_CACHE_HOME: cache }).cache).toBe('hit');
    // Truncated, and plain garbage: not used either.
    for (const bad of [good.subarray(0, good.length >> 1), Buffer.from('not a cache file')]) {
      writeFileSync(cacheFile!, bad);
      const r = run({ XDG_CACHE_HOME: cache });
      expect(r.cache).toBe('miss');
      expect(r.kinds).toEqual(kinds);
    }
    // Well formed, digest right, but V8's data is not for this source: V8 rejects it.
    const other = readFileSync(cacheFile!);
    const header = other.subarray(0, 8);
    const data = Buffer.from(other.subarray(40));
    data.writeUInt32LE((data.readUInt32LE(8) + 1) >>> 0, 8);
    writeFileSync(cacheFile!, Buffer.concat([header, createHash('sha256').update(data).digest(), data]));
    const rejected = run({ XDG_CACHE_HOME: cache });
    expect(rejected.cache).toBe('rejected');
    expect(rejected.kinds).toEqual(kinds);
  });

  it('falls back to a folder of its own under the temporary folder, and runs without a cache when there is none', () => {
    const tmp = path.join(work, 'tmp');
    mkdirSync(tmp);
    const blocked = path.join(work, 'a-file');
    writeFileSync(blocked, '');
    const r = run({ XDG_CACHE_HOME: path.join(blocked, 'cache'), TMPDIR: tmp });
    expect(r.cache).toBe('miss');
    expect(path.dirname(r.cacheFile!)).toMatch(new RegExp(`^${tmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/finesse-migrate-cache`));
    const none = run({ XDG_CACHE_HOME: path.join(blocked, 'cache'), TMPDIR: path.join(blocked, 'tmp'), HOME: path.join(blocked, 'home') });
    expect(none.cache).toBe('off');
    expect(none.kinds).toEqual(r.kinds);
    expect(run({ XDG_CACHE_HOME: path.join(work, 'xdg-off'), NODE_DISABLE_COMPILE_CACHE: '1' }).cache).toBe('off');
    expect(existsSync(path.join(work, 'xdg-off'))).toBe(false);
  });

  it('is used by worker threads too', () => {
    const cache = path.join(work, 'xdg-3');
    const first = run({ XDG_CACHE_HOME: cache }, true);
    expect(first.cache).toBe('miss');
    const second = run({ XDG_CACHE_HOME: cache }, true);
    expect(second.cache).toBe('hit');
    expect(second.kinds).toEqual(first.kinds);
  });

  it('leaves the output of a migrate run as it is, with the cache cold, warm and off; and writes nothing beside the input or output', () => {
    const cache = path.join(work, 'xdg-cli');
    const migrate = (name: string, env: Record<string, string>) => {
      const out = path.join(work, name);
      const r = spawnSync(process.execPath, [BIN, 'migrate', path.join(SAMPLES, 'call-popper'), '--out', out, '-q'], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', ...env } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return readTree(out);
    };
    const cold = migrate('out-cold', { XDG_CACHE_HOME: cache });
    // Node 22 and later use their own compile cache (the bin turns it on): no file of ours then.
    const ours = typeof (module as { getCompileCacheDir?: unknown }).getCompileCacheDir !== 'function';
    if (ours) expect(readdirSync(path.join(cache, 'finesse-migrate')).filter((f) => f.endsWith('.v8cache'))).toHaveLength(1);
    const warm = migrate('out-warm', { XDG_CACHE_HOME: cache });
    const off = migrate('out-off', { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '1' });
    for (const other of [warm, off]) {
      expect([...other.keys()]).toEqual([...cold.keys()]);
      for (const [rel, bytes] of cold) expect(other.get(rel)!.equals(bytes), rel).toBe(true);
    }
    expect([...cold.keys()].some((rel) => rel.endsWith('.v8cache') || rel.includes('report-client-'))).toBe(false);
    expect(readdirSync(path.join(SAMPLES, 'call-popper')).sort()).toEqual(['CallPopper.js', 'CallPopper.xml']);

    // report.html's client script, bundled by esbuild, is cached beside it with a digest of every
    // file esbuild read: used while they are unchanged, not once one of them differs.
    const [bundleFile, ...more] = readdirSync(path.join(cache, 'finesse-migrate')).filter((f) => f.startsWith('report-client-'));
    expect(bundleFile).toBeDefined();
    expect(more).toEqual([]);
    const cachedPath = path.join(cache, 'finesse-migrate', bundleFile!);
    const cached = JSON.parse(readFileSync(cachedPath, 'utf8')) as { text: string; inputs: [string, string][] };
    expect(cached.inputs.map(([f]) => path.basename(f)).sort()).toEqual(['highlight.js', 'html-parts.js', 'report-client.js']);
    expect(cold.get('report.html')!.toString('utf8')).toContain(cached.text);
    const marked = { ...cached, text: `/*from the cache*/${cached.text}` };
    writeFileSync(cachedPath, JSON.stringify(marked));
    expect(migrate('out-marked', { XDG_CACHE_HOME: cache }).get('report.html')!.toString('utf8')).toContain('/*from the cache*/');
    writeFileSync(cachedPath, JSON.stringify({ ...marked, inputs: marked.inputs.map(([f, d], i) => [f, i === 0 ? d.replace(/^./, (c) => (c === '0' ? '1' : '0')) : d]) }));
    expect(migrate('out-changed', { XDG_CACHE_HOME: cache }).get('report.html')!.equals(cold.get('report.html')!)).toBe(true);
    writeFileSync(cachedPath, '{"format":1,');
    expect(migrate('out-damaged', { XDG_CACHE_HOME: cache }).get('report.html')!.equals(cold.get('report.html')!)).toBe(true);
  });
});
