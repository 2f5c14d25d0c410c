// Shared test helpers: run the built CLI as a user would, and read folders back for comparison.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'finesse-migrate.js');
export const SAMPLES = path.join(ROOT, 'samples');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = ROOT): CliResult {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run the tests with `npm test`, which builds first');
  }
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'fm-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file under `dir` (relative, `/`-separated, sorted) with its bytes. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(a).isDirectory()) walk(a, r);
      else out.set(r, readFileSync(a));
    }
  };
  walk(dir, '');
  return out;
}

/** One hash over names, contents and modification times: any write into `dir` changes it. */
export function fingerprint(dir: string): string {
  const h = createHash('sha256');
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      const st = statSync(a);
      h.update(`${a}\0${st.mtimeMs}\0`);
      if (st.isDirectory()) walk(a);
      else h.update(readFileSync(a));
    }
  };
  walk(dir);
  return h.digest('hex');
}

/**
 * Makes `name` once per test run, in the run's shared folder, whichever test file asks first; the
 * others wait for it. `make` gets the folder to fill. Expensive setup (a browser verification of the
 * samples) is then paid once, however many files read it.
 */
export async function sharedOnce(name: string, make: (dir: string) => void | Promise<void>, timeoutMs = 240_000): Promise<string> {
  const { inject } = await import('vitest');
  const dir = path.join(inject('sharedDir'), name);
  const done = `${dir}.done`;
  const failed = `${dir}.failed`;
  let mine = false;
  try {
    mkdirSync(`${dir}.lock`);
    mine = true;
  } catch {
    mine = false;
  }
  if (mine) {
    try {
      await make(dir);
      writeFileSync(done, '');
    } catch (e) {
      writeFileSync(failed, String((e as Error).stack ?? e));
      throw e;
    }
    return dir;
  }
  const until = Date.now() + timeoutMs;
  while (!existsSync(done)) {
    if (existsSync(failed)) throw new Error(`making the shared ${name} failed in another test file:\n${readFileSync(failed, 'utf8')}`);
    if (Date.now() > until) throw new Error(`timed out waiting for the shared ${name}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return dir;
}

/** The samples migrated and verified in a browser (once per test run): the output folder. */
export function verifiedSamples(): Promise<string> {
  return sharedOnce('verified-samples', (out) => {
    const migrated = runCli(['migrate', 'samples', '--out', out, '-q']);
    if (migrated.status !== 0) throw new Error(`migrate samples exited ${migrated.status}: ${migrated.stderr}`);
    const verified = runCli(['verify', out, '--network', path.join('samples', 'verify-network.json'), '--screenshots', 'all']);
    if (verified.status !== 0) throw new Error(`verify samples exited ${verified.status}: ${verified.stderr}${verified.stdout}`);
  });
}
