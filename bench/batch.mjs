#!/usr/bin/env node
// Batch throughput: copies samples/ N times into a temp folder (as a large partner would have) and
// times a full `finesse-migrate migrate` run end to end, plus the analyze phase in process.
// Usage: npm run bench:batch [-- --copies 250 --runs 3] [-- --input <folder of gadgets> --runs 3]
// (npm run bench is now bench/estate.mjs, which runs this one per corpus with --phases.)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const raw = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const arg = (name, dflt) => (raw(name) === undefined ? dflt : Number(raw(name)));
const given = raw('input');
const copies = arg('copies', 250);
const runs = arg('runs', 3);
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;

const work = mkdtempSync(path.join(os.tmpdir(), 'fm-bench-'));
try {
  // Either a folder the user names (read only) or copies of samples/ in the temp folder.
  const input = given ? path.resolve(given) : path.join(work, 'gadgets');
  if (!given) for (let i = 0; i < copies; i++) cpSync(path.join(root, 'samples'), path.join(input, `team-${String(i).padStart(4, '0')}`), { recursive: true });

  const times = [];
  for (let r = 0; r < runs; r++) {
    const out = path.join(work, `out-${r}`);
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [path.join(root, 'bin/finesse-migrate.js'), 'migrate', input, '--out', out, '-q'], { encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (res.status !== 1 && res.status !== 0) throw new Error(`run failed (${res.status}): ${res.stderr}`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];

  // In process, phase by phase: where the time goes.
  const { discover } = await import(dist('cli/discover.js'));
  const { analyzeSafely } = await import(dist('analyze/index.js'));
  const { planBatch } = await import(dist('emit/plan.js'));
  const { writeOutput } = await import(dist('emit/write.js'));
  let t = performance.now();
  const found = discover([input]);
  const discoverMs = performance.now() - t;
  // What the tool examines: .xml files outside skipped folders (__MACOSX, node_modules...).
  const specFiles = found.candidates.length;
  t = performance.now();
  const analyzed = found.candidates.map((c) => analyzeSafely(c.tree, c.rel));
  const analyzeMs = performance.now() - t;
  t = performance.now();
  const plan = await planBatch(analyzed, { toolVersion: 'bench', locale: 'en-US', inputs: [], problems: [] });
  const planMs = performance.now() - t;
  const widgets = plan.report.gadgets.filter((g) => g.widget).length;
  t = performance.now();
  writeOutput(path.join(work, 'out-phases'), plan.files);
  const writeMs = performance.now() - t;

  const mem = process.memoryUsage().rss / 1024 / 1024;
  const mb = (rel) => ((plan.files.get(rel)?.length ?? 0) / 1024 / 1024).toFixed(1);
  console.log(`node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'})`);
  console.log(`${specFiles} spec files (${given ? given : `${copies} copies of samples/`}), ${runs} runs`);
  console.log(`end to end (start-up, parse, analyze, write): median ${median.toFixed(0)} ms, ${(specFiles / (median / 1000)).toFixed(0)} files/s; runs ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(`in process: discover ${discoverMs.toFixed(0)} ms; analyze ${analyzeMs.toFixed(0)} ms (${(analyzeMs / specFiles).toFixed(2)} ms/file); ` +
    `emit ${planMs.toFixed(0)} ms (${widgets} widgets, ${widgets ? (planMs / widgets).toFixed(1) : '-'} ms/widget); write ${plan.files.size} files ${writeMs.toFixed(0)} ms; rss ${mem.toFixed(0)} MB`);
  console.log(`review outputs: report.html ${mb('report.html')} MB, migration.patch ${mb('migration.patch')} MB, todos.sarif ${mb('todos.sarif')} MB, report.json ${mb('report.json')} MB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
