// One fuzz worker process: the campaign (campaign.mjs) sends it case numbers; it writes the case's
// input tree, runs the built CLI's `main` in process (as `finesse-migrate` would, minus start-up),
// checks what the campaign asserts, and answers with what it found. A case that hangs or crashes
// the process is caught by the campaign, which kills and replaces the worker.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeCase } from './mutate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { main } = await import(pathToFileURL(path.join(ROOT, 'dist', 'cli', 'main.js')).href);
const Ajv2020 = (await import('ajv/dist/2020.js')).default;
const load = (p) => JSON.parse(readFileSync(path.join(ROOT, p), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
ajv.addSchema(load('schemas/layout-fragment.schema.json'));
const validReport = ajv.compile(load('docs/report.schema.json'));

/** Writes the case under `dir/in`; links and pipes as the case says. */
export function writeCase(c, dir) {
  const input = path.join(dir, 'in');
  mkdirSync(input, { recursive: true });
  for (const [rel, data] of c.files) {
    const abs = path.join(input, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, data);
  }
  for (const [rel, target] of c.links) {
    const abs = path.join(input, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (!existsSync(abs)) symlinkSync(target, abs);
  }
  for (const rel of c.fifos) {
    const abs = path.join(input, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    rmSync(abs, { force: true });
    execFileSync('mkfifo', [abs]);
  }
  return input;
}

/** Names, kinds, link targets, sizes, times and bytes of a tree; never follows links or opens pipes. */
function fingerprint(dir) {
  const h = createHash('sha256');
  const walk = (abs) => {
    for (const name of readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      const st = lstatSync(a);
      h.update(`${a}\0${st.mode}\0${st.size}\0${st.mtimeMs}\0`);
      if (st.isSymbolicLink()) h.update(readlinkSync(a));
      else if (st.isDirectory()) walk(a);
      else if (st.isFile()) h.update(readFileSync(a));
    }
  };
  walk(dir);
  return h.digest('hex');
}

/** The output of one migrate run of the samples, which every layout case places gadgets from. */
let samplesOutput;
async function gadgetsFolder() {
  if (!samplesOutput) {
    samplesOutput = mkdtempSync(path.join(os.tmpdir(), 'fm-fuzz-gadgets-'));
    process.on('exit', () => rmSync(samplesOutput, { recursive: true, force: true }));
    const quiet = process.stdout.write;
    process.stdout.write = () => true;
    try {
      await main(['migrate', path.join(ROOT, 'samples'), '--out', path.join(samplesOutput, 'out'), '-q']);
    } finally {
      process.stdout.write = quiet;
    }
  }
  return path.join(samplesOutput, 'out');
}

async function argvOf(c, input, out) {
  if (c.kind === 'layout') return ['layout', path.join(input, c.spec), '--gadgets', await gadgetsFolder(), '--out', path.join(out, 'layout.json')];
  if (c.kind === 'inspect') return ['inspect', path.join(input, c.spec)];
  return ['migrate', input, '--out', out, '-q'];
}

/** Runs case `n` in `dir` (emptied first); resolves to { n, kind, exit, ms, findings: string[] }. */
export async function runCase(n, seed, dir) {
  rmSync(dir, { recursive: true, force: true });
  const c = makeCase(n, seed);
  const input = writeCase(c, dir);
  const out = path.join(dir, 'out');
  const argv = await argvOf(c, input, out);
  const before = fingerprint(input);
  const findings = [];
  let stderr = '';
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  let stdout = '';
  process.stdout.write = (chunk) => {
    if (stdout.length < 20_000) stdout += String(chunk);
    return true;
  };
  process.stderr.write = (chunk) => {
    if (stderr.length < 20_000) stderr += String(chunk);
    return true;
  };
  const t0 = performance.now();
  let exit;
  try {
    exit = await main(argv);
  } catch (e) {
    exit = 3;
    stderr += `internal error: thrown out of main: ${e?.stack ?? e}`;
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  const ms = Math.round(performance.now() - t0);
  const firstLine = stderr.split('\n').find((l) => l.trim()) ?? '';
  if (exit === 3 || /internal error/.test(stderr)) findings.push(`crash: exit ${exit}: ${stderr.slice(0, 600)}`);
  else if (!(exit === 0 || exit === 1)) findings.push(`exit ${exit} (expected 0 or 1): ${firstLine}`);
  if (exit === 1 && c.kind !== 'migrate' && !firstLine && !stdout.trim()) findings.push('exit 1 and nothing said why');
  if (fingerprint(input) !== before) findings.push('input changed');
  if (c.kind === 'migrate') findings.push(...checkMigrateOutput(dir, out, exit));
  return { n, kind: c.kind, base: c.base, mutations: c.mutations, exit, ms, findings };
}

/** What a migrate run must leave: a valid report, the control gadget migrated, every failure diagnosed. */
function checkMigrateOutput(dir, out, exit) {
  const findings = [];
  const leftovers = readdirSync(dir).filter((n) => n !== 'in' && n !== 'out');
  if (leftovers.length) findings.push(`left beside the output: ${leftovers.join(', ')}`);
  let report;
  try {
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  } catch (e) {
    findings.push(`no readable report.json: ${e.message}`);
    return findings;
  }
  if (!validReport(report)) findings.push(`report.json breaks its schema: ${ajv.errorsText(validReport.errors).slice(0, 300)}`);
  const control = report.gadgets.find((g) => g.source.endsWith('control/Control.xml'));
  if (!control) findings.push('the control gadget is missing from the report');
  else if (control.status !== 'migrated') findings.push(`the control gadget is ${control.status}`);
  for (const g of report.gadgets) {
    if (g.status !== 'failed') continue;
    if (!g.diagnostics.some((d) => d.severity === 'error' && d.file)) findings.push(`${g.id} failed without an error diagnostic naming a file`);
  }
  const failed = report.gadgets.some((g) => g.status === 'failed') || report.problems.length > 0;
  if (exit === 1 && !failed) findings.push('exit 1 but no failed gadget and no problem in the report');
  if (exit === 0 && failed) findings.push('exit 0 with a failed gadget or an unread input');
  return findings;
}

// As a forked child: answer the campaign's messages until told to stop.
if (process.send) {
  process.on('message', async (msg) => {
    if (msg.stop) process.exit(0);
    const result = await runCase(msg.n, msg.seed, msg.dir);
    if (!msg.keep) rmSync(msg.dir, { recursive: true, force: true });
    result.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.send(result);
  });
  process.send({ ready: true });
}
