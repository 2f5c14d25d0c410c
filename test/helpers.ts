// Shared test helpers: run the built CLI as a user would, and read folders back for comparison.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
