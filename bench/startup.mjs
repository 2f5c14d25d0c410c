#!/usr/bin/env node
// Start-up: wall time of `finesse-migrate --version` and of one small gadget migrated end to end
// (a fresh process each run, a fresh output folder each run), median of N runs.
// Usage: node bench/startup.mjs [--runs 9] [--sample samples/call-popper] [--bin bin/finesse-migrate.js]
// Build first (npx tsc -p tsconfig.build.json): the CLI runs from dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const raw = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(raw('runs') ?? 9);
const sample = path.resolve(raw('sample') ?? path.join(root, 'samples/call-popper'));
const bin = path.resolve(raw('bin') ?? path.join(root, 'bin/finesse-migrate.js'));

const work = mkdtempSync(path.join(os.tmpdir(), 'fm-startup-'));
const time = (args, ok = [0]) => {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (!ok.includes(res.status)) throw new Error(`finesse-migrate ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return ms;
};
const summary = (name, times) => {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`${name}: median ${median.toFixed(0)} ms over ${times.length} runs (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)}; ${times.map((t) => t.toFixed(0)).join(', ')})`);
};
try {
  const version = [];
  const migrate = [];
  // Interleaved, so a burst of load on a shared machine hits both alike.
  for (let r = 0; r < runs; r++) {
    version.push(time(['--version']));
    migrate.push(time(['migrate', sample, '--out', path.join(work, `out-${r}`), '-q'], [0, 1]));
  }
  console.log(`node ${process.version}, ${os.cpus().length} cpus, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  summary('--version', version);
  summary(`migrate ${path.relative(process.cwd(), sample) || sample}`, migrate);
} finally {
  rmSync(work, { recursive: true, force: true });
}
