#!/usr/bin/env node
// The fuzz campaign (issue 13): runs mutated gadgets, zips and layouts (mutate.mjs) through the built
// CLI in a pool of worker processes (worker.mjs) and asserts, per case: no exit 3, no hang past the
// per-case limit, peak RSS under the cap, input unchanged, every failure a per-gadget diagnostic.
//
//   npm run fuzz                                  10,000 cases (about 15 min on 2 idle cores)
//   node test/fuzz/campaign.mjs --cases 500 --from 2000 --seed 7 --workers 2
//   node test/fuzz/campaign.mjs --case 1234 --keep <folder>    one case, its input kept to look at
//
// Exit 0 when every case held, 1 otherwise. The CI test (test/fuzz.test.ts) runs a few hundred.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * Runs cases `from` .. `from + cases - 1`. Resolves to { cases, byKind, exits, peakRssMb, slowestMs,
 * failures: [{ n, kind, base, mutations, findings }] , ms }.
 */
export async function runCampaign({ cases = 300, from = 0, seed = 1, workers = Math.max(1, os.availableParallelism()), timeoutMs = 30_000, rssCapMb = 512, recycleAfter = 100, keep, onProgress } = {}) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fm-fuzz-'));
  const t0 = performance.now();
  // peakRssMb: the largest peak of a worker process (each runs up to `recycleAfter` cases, so this
  // bounds any one case); a case that pushes its worker past the cap is run again alone in a fresh
  // worker, and only that fresh figure counts against it (caseRssMb: the largest such figure).
  const summary = { cases: 0, recycleAfter, byKind: {}, exits: {}, peakRssMb: 0, caseRssMb: 0, rechecked: 0, slowestMs: 0, failures: [], ms: 0 };
  let next = from;
  /** Cases to run again, each alone in a fresh worker. */
  const pending = [];
  const end = from + cases;
  const record = (result) => {
    summary.cases++;
    summary.byKind[result.kind] = (summary.byKind[result.kind] ?? 0) + 1;
    summary.exits[result.exit] = (summary.exits[result.exit] ?? 0) + 1;
    summary.slowestMs = Math.max(summary.slowestMs, result.ms ?? 0);
    if (result.maxRssMb !== undefined) {
      summary.peakRssMb = Math.max(summary.peakRssMb, result.maxRssMb);
      if (result.alone) summary.caseRssMb = Math.max(summary.caseRssMb, result.maxRssMb);
      if (result.alone && result.maxRssMb > rssCapMb) result.findings.push(`peak RSS ${result.maxRssMb} MB over the ${rssCapMb} MB cap, run alone in a fresh worker`);
    }
    if (result.findings.length) summary.failures.push(result);
    onProgress?.(summary);
  };

  const lane = async (id) => {
    let child;
    let done = 0;
    const start = () =>
      new Promise((resolve, reject) => {
        child = fork(path.join(HERE, 'worker.mjs'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
        child.stderr.resume();
        child.once('message', (m) => (m.ready ? resolve() : reject(new Error('worker did not start'))));
        child.once('exit', (code) => reject(new Error(`worker exited at start (${code})`)));
      });
    const stop = () => {
      child?.removeAllListeners();
      child?.kill('SIGKILL');
      child = undefined;
    };
    while (pending.length || next < end) {
      const n = pending.length ? pending.shift() : next++;
      if (!child || done >= recycleAfter) {
        stop();
        await start();
        done = 0;
      }
      const dir = keep && cases === 1 ? keep : path.join(scratch, `lane-${id}`);
      const result = await new Promise((resolve) => {
        // A hang is `timeoutMs` of the worker's CPU time on the case (a loop), or four times that of
        // wall time (a blocked read): wall time alone counts the other jobs of a shared machine.
        const cpuAtStart = cpuMsOf(child.pid);
        const startedAt = performance.now();
        const timer = setInterval(() => {
          const cpu = cpuMsOf(child?.pid) - cpuAtStart;
          const wall = performance.now() - startedAt;
          if (cpu < timeoutMs && wall < 4 * timeoutMs) return;
          clearInterval(timer);
          stop();
          resolve({ n, kind: '?', exit: 'hang', findings: [`hang: no answer after ${Math.round(cpu)} ms of CPU, ${Math.round(wall)} ms of wall time`] });
        }, 250);
        child.removeAllListeners('message').removeAllListeners('exit');
        child.on('message', (m) => {
          clearInterval(timer);
          resolve(m);
        });
        child.once('exit', (code, signal) => {
          clearInterval(timer);
          child = undefined;
          resolve({ n, kind: '?', exit: `died (${signal ?? code})`, findings: [`crash: the worker process died (${signal ?? `exit ${code}`})`] });
        });
        child.send({ n, seed, dir, keep: Boolean(keep) && cases === 1 });
      });
      done++;
      if (result.maxRssMb > rssCapMb && done > 1) {
        // Over the cap in a worker that ran other cases before: run it again alone.
        summary.rechecked++;
        stop();
        pending.push(n);
        continue;
      }
      if (done === 1) result.alone = true;
      record(result);
    }
    stop();
  };

  try {
    await Promise.all(Array.from({ length: Math.min(workers, cases) }, (_, i) => lane(i)));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  summary.failures.sort((a, b) => a.n - b.n);
  summary.ms = Math.round(performance.now() - t0);
  return summary;
}

/** User + system CPU of a process in ms, from /proc (Linux; elsewhere 0, and wall time alone limits). */
function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

export function formatSummary(s, seed = 1) {
  const lines = [
    `${s.cases} cases in ${(s.ms / 1000).toFixed(1)} s: ${Object.entries(s.byKind).map(([k, v]) => `${v} ${k}`).join(', ')}`,
    `exit codes: ${Object.entries(s.exits).map(([k, v]) => `${k}: ${v}`).join(', ')}; slowest case ${s.slowestMs} ms`,
    `peak RSS of a worker process (up to ${s.recycleAfter} cases each) ${s.peakRssMb} MB; ${s.rechecked} cases re-run alone after their worker passed the cap, largest peak of a case run alone ${s.caseRssMb} MB`,
    `crashes: ${s.failures.filter((f) => f.findings.some((x) => x.startsWith('crash'))).length}, hangs: ${s.failures.filter((f) => f.exit === 'hang').length}, cases with findings: ${s.failures.length}`,
  ];
  for (const f of s.failures.slice(0, 40)) {
    lines.push(`  case ${f.n} (${f.kind}, ${f.base ?? '?'}: ${(f.mutations ?? []).join('+')}): ${f.findings.join(' | ').slice(0, 400)}`);
    lines.push(`    again: node test/fuzz/campaign.mjs --case ${f.n} --seed ${seed} --keep ${path.join(os.tmpdir(), `fuzz-case-${f.n}`)}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const raw = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const num = (name, dflt) => (raw(name) === undefined ? dflt : Number(raw(name)));
  const single = raw('case');
  const seed = num('seed', 1);
  const options = {
    cases: single === undefined ? num('cases', 10_000) : 1,
    from: single === undefined ? num('from', 0) : Number(single),
    seed,
    workers: num('workers', Math.max(1, os.availableParallelism())),
    timeoutMs: num('timeout', 30_000),
    rssCapMb: num('rss-cap', 512),
    keep: raw('keep'),
  };
  let shown = 0;
  const summary = await runCampaign({
    ...options,
    onProgress: (s) => {
      if (s.cases - shown >= 500) {
        shown = s.cases;
        process.stderr.write(`${s.cases}/${options.cases} cases, ${s.failures.length} with findings, peak RSS ${s.peakRssMb} MB\n`);
      }
    },
  });
  process.stdout.write(formatSummary(summary, seed) + '\n');
  if (single !== undefined && options.keep) process.stdout.write(`input kept in ${options.keep}/in\n`);
  process.exitCode = summary.failures.length ? 1 : 0;
}
