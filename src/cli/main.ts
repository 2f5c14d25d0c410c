// The CLI: few verbs, clear exit codes (README "Exit codes"), JSON on request. It owns files,
// progress and exit status; the passes it calls are pure.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { AnalyzedFile } from '../analyze/index.js';
import { modelForJson, toJson } from '../emit/serialize.js';
import { checkOutputTarget, OutputError, writeOutput } from '../emit/write.js';
import { displayPathOf, FolderTree, ZipTree } from '../parse/source-tree.js';
import { exitCodeOf, type Report } from '../report/report.js';
import { humanSummary } from '../report/summary.js';
import { discover, UsageError } from './discover.js';
import { ConfigError, loadConfig, type MigrateConfig } from '../config.js';
import { existsSync } from 'node:fs';

// The analysis passes pull in the TypeScript parser (most of the start-up time): load them only
// once the arguments are known to be good.
const passes = async () => {
  const [{ analyzeSafely }, { planBatch }] = await Promise.all([import('../analyze/index.js'), import('../emit/plan.js')]);
  return { analyzeFile: analyzeSafely, planBatch };
};

export const EXIT = { ok: 0, needsWork: 1, usage: 2, internal: 3 } as const;

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

class Progress {
  private readonly tty = Boolean(process.stderr.isTTY);
  constructor(private readonly total: number, private readonly quiet: boolean) {}
  step(i: number, f: AnalyzedFile): void {
    if (this.quiet) return;
    const label = f.failed ? 'failed' : (f.decision?.classification ?? '?');
    const line = `[${i}/${this.total}] ${label.padEnd(12)} ${f.source}`;
    if (this.tty) process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
    else process.stderr.write(line + '\n');
  }
  done(): void {
    if (!this.quiet && this.tty) process.stderr.write('\r\x1b[K');
  }
}

interface MigrateArgs {
  inputs: string[];
  out?: string;
  dryRun: boolean;
  json: boolean;
  force: boolean;
  locale: string;
  quiet: boolean;
  config?: string;
  cdnBase?: string;
}

/** Widget bundles load into the Desktop's https page: their host must be https too. */
function checkCdnBase(cdnBase: string | undefined): void {
  if (cdnBase !== undefined && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(cdnBase)) {
    throw new UsageError(`--cdn-base must be an absolute https URL (the Desktop runs on https), got "${cdnBase}"`);
  }
}

/** --config, else ./finesse-migrate.config.json when there is one. */
function configFor(file: string | undefined): { config?: MigrateConfig; path?: string } {
  const chosen = file ?? (existsSync('finesse-migrate.config.json') ? 'finesse-migrate.config.json' : undefined);
  return chosen ? { config: loadConfig(chosen), path: chosen } : {};
}

async function migrate(args: MigrateArgs): Promise<number> {
  if (args.inputs.length === 0) throw new UsageError('name at least one folder, gadget .xml or .zip archive');
  if (!args.dryRun && !args.out) throw new UsageError('--out <dir> is required (or pass --dry-run)');
  const { config, path: configPath } = configFor(args.config);
  checkCdnBase(args.cdnBase);
  const found = discover(args.inputs);
  if (args.out && !args.dryRun) checkOutputTarget(args.out, found.inputRoots, args.force);

  const { analyzeFile, planBatch } = await passes();
  const progress = new Progress(found.candidates.length, args.quiet);
  const analyzed: AnalyzedFile[] = [];
  found.candidates.forEach((c, i) => {
    const f = analyzeFile(c.tree, c.rel, { locale: args.locale });
    analyzed.push(f);
    progress.step(i + 1, f);
  });
  progress.done();

  const plan = await planBatch(analyzed, {
    toolVersion: toolVersion(),
    locale: args.locale,
    inputs: args.inputs.map((i) => displayPathOf(path.resolve(i))).sort(),
    problems: found.problems,
    ...(args.cdnBase ? { cdnBase: args.cdnBase } : {}),
    ...(config ? { config, configPath: displayPathOf(path.resolve(configPath!)) } : {}),
  });
  if (!args.dryRun && args.out) writeOutput(args.out, plan.files);

  const where = args.dryRun ? undefined : displayPathOf(path.resolve(args.out!)) + '/';
  if (args.json) {
    process.stdout.write(toJson(plan.report));
    if (!args.quiet) process.stderr.write(humanSummary(plan.report, where));
  } else if (!args.quiet) {
    process.stdout.write(humanSummary(plan.report, where));
  }
  return exitCodeOf(plan.report);
}

/** `build <out>`: builds every widget project of an output folder into its dist/. */
async function build(out: string, aliases: string[], quiet: boolean): Promise<number> {
  const { buildWidget, widgetDirs } = await import('../build/build.js');
  const dirs = widgetDirs(path.resolve(out));
  if (dirs.length === 0) throw new UsageError(`no widget projects in ${out}/widgets (run migrate first)`);
  const alias: Record<string, string> = {};
  for (const a of aliases) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`--alias takes package=path, got "${a}"`);
    alias[a.slice(0, eq)] = path.resolve(a.slice(eq + 1));
  }
  let failed = 0;
  for (const dir of dirs) {
    const r = await buildWidget(dir, Object.keys(alias).length ? { alias } : {});
    if (!r.ok) failed++;
    if (!quiet || !r.ok) {
      const where = displayPathOf(r.outfile);
      process.stderr.write(r.ok ? `built  ${r.widget.padEnd(28)} ${where} (${Math.round((r.bytes ?? 0) / 1024)} KB)\n` : `FAILED ${r.widget}\n`);
      for (const e of r.errors) process.stderr.write(`  error: ${e}\n`);
      for (const w of r.warnings) process.stderr.write(`  warning: ${w}\n`);
    }
  }
  if (!quiet) process.stdout.write(`finesse-migrate build: ${dirs.length - failed} of ${dirs.length} widgets built\n`);
  return failed ? EXIT.needsWork : EXIT.ok;
}

/** `check <out>`: type-checks every widget project of an output folder. */
async function check(out: string, quiet: boolean): Promise<number> {
  const { widgetDirs } = await import('../build/build.js');
  const { checkWidget } = await import('../build/check.js');
  const dirs = widgetDirs(path.resolve(out));
  if (dirs.length === 0) throw new UsageError(`no widget projects in ${out}/widgets (run migrate first)`);
  let failed = 0;
  for (const dir of dirs) {
    const r = checkWidget(dir);
    if (!r.ok) failed++;
    if (!quiet || !r.ok) {
      process.stderr.write(`${r.ok ? 'ok    ' : 'FAILED'} ${r.widget}\n`);
      for (const e of r.errors.slice(0, 20)) process.stderr.write(`  ${e}\n`);
      if (r.errors.length > 20) process.stderr.write(`  ... and ${r.errors.length - 20} more\n`);
    }
  }
  if (!quiet) process.stdout.write(`finesse-migrate check: ${dirs.length - failed} of ${dirs.length} widgets type-check\n`);
  return failed ? EXIT.needsWork : EXIT.ok;
}

interface LayoutArgs {
  file: string;
  gadgets: string;
  out?: string;
  force: boolean;
  json: boolean;
  cdnBase?: string;
  quiet: boolean;
}

/** `layout finesse-layout.xml --gadgets <out>`: the Finesse desktop layout as a Desktop layout. */
async function layout(args: LayoutArgs): Promise<number> {
  const [{ parseFinesseLayout }, { convertFinesseLayout }, { checkDesktopLayout }, { decodeBytes }, { formatPosition }] = await Promise.all([
    import('../parse/finesse-layout.js'),
    import('../emit/layout-from-finesse.js'),
    import('../emit/layout-check.js'),
    import('../parse/decode.js'),
    import('../diagnostics.js'),
  ]);
  checkCdnBase(args.cdnBase);
  let bytes: Buffer;
  try {
    bytes = readFileSync(args.file);
  } catch {
    throw new UsageError(`not a readable file: ${args.file}`);
  }
  const reportPath = path.join(args.gadgets, 'report.json');
  let report: Report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  } catch {
    throw new UsageError(`no report.json in ${args.gadgets}: name the output folder of a finesse-migrate migrate run`);
  }
  if (report.schemaVersion !== 1 || !Array.isArray(report.gadgets)) throw new UsageError(`${reportPath} is not a finesse-migrate report (schemaVersion 1)`);
  if (args.out && existsSync(args.out) && !args.force) throw new UsageError(`${args.out} exists; pass --force to replace it`);

  const display = displayPathOf(path.resolve(args.file));
  const parsed = parseFinesseLayout(decodeBytes(bytes).text, display);
  const say = (line: string): void => {
    if (!args.quiet) process.stderr.write(line + '\n');
  };
  for (const d of parsed.diagnostics.items) say(`${formatPosition(d)}: ${d.severity}: ${d.message} [${d.code}]`);
  if (!parsed.layout) {
    say(`finesse-migrate layout: ${display} could not be read as a Finesse layout; nothing written`);
    return EXIT.needsWork;
  }
  const result = convertFinesseLayout(parsed.layout, report, args.cdnBase ? { cdnBase: args.cdnBase } : {});
  const problems = checkDesktopLayout(result.layout);
  if (problems.length) throw new Error(`the Desktop layout breaks schemas/desktop-layout.schema.json: ${problems.join('; ')}`);
  const text = toJson(result.layout);
  if (args.out) {
    // Written whole or not at all: a temporary file beside it, renamed over it.
    const tmp = `${args.out}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, args.out);
  } else if (!args.json) process.stdout.write(text);
  const o = result.occurrences;
  const count = (k: string): number => o.filter((x) => x.outcome === k).length;
  if (args.json) process.stdout.write(toJson({ file: display, gadgets: displayPathOf(path.resolve(args.gadgets)), occurrences: o, ...(args.out ? {} : { layout: result.layout }) }));
  for (const x of o.filter((y) => y.outcome === 'unmatched')) say(`${display}:${x.line}: ${x.role} ${x.where}: ${x.url}: ${x.note}`);
  say(`finesse-migrate layout: ${o.length} gadget occurrences in ${parsed.layout.roles.length} roles: ${count('placed')} placed, ${count('builtin')} Cisco built-ins left to the Desktop, ${count('unmatched')} unmatched${args.out ? `; wrote ${args.out}` : ''}`);
  return count('unmatched') > 0 || parsed.diagnostics.hasErrors ? EXIT.needsWork : EXIT.ok;
}

interface VerifyArgs {
  out: string;
  sessions?: string;
  only: string[];
  screenshots: 'all' | 'failed' | 'none';
  chromium?: string;
  network?: string;
  json: boolean;
  quiet: boolean;
}

/**
 * `verify <out>`: every widget of a migrate run in headless Chromium against the Desktop simulator,
 * through the scripted agent sessions. report.json (and the review outputs) get each result, and the
 * status follows it. Exit 0 when every verified widget passed, 1 otherwise.
 */
async function verify(args: VerifyArgs): Promise<number> {
  const reportPath = path.join(args.out, 'report.json');
  const reviewPath = path.join(args.out, 'review.json');
  if (!existsSync(reportPath) || !existsSync(path.join(args.out, '.finesse-migrate-output'))) {
    throw new UsageError(`${args.out} is not an output folder of finesse-migrate migrate (no report.json)`);
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  if (report.schemaVersion !== 1 || !Array.isArray(report.gadgets)) throw new UsageError(`${reportPath} is not a finesse-migrate report (schemaVersion 1)`);
  const [{ loadSessions, defaultSessionsDir }, { verifyOutput, applyVerification, widgetRecords, parseNetworkStubs }, { DEFAULT_CHROMIUM }] = await Promise.all([
    import('../verify/sessions.js'),
    import('../verify/index.js'),
    import('../verify/browser.js'),
  ]);
  let sessions;
  try {
    sessions = loadSessions(args.sessions ?? defaultSessionsDir());
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let network;
  if (args.network) {
    let text: string;
    try {
      text = readFileSync(args.network, 'utf8');
    } catch {
      throw new UsageError(`cannot read the --network file ${args.network}`);
    }
    try {
      network = parseNetworkStubs(text, args.network);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const chromium = args.chromium ?? DEFAULT_CHROMIUM;
  if (!existsSync(chromium)) throw new UsageError(`no Chromium at ${chromium}: install Debian's chromium (apt-get install chromium) or pass --chromium <path>`);
  const unknown = args.only.filter((o) => !report.gadgets.some((g) => g.id === o || g.widget?.element === o));
  if (unknown.length) throw new UsageError(`--only names no widget of ${reportPath}: ${unknown.join(', ')}`);
  const say = (line: string): void => {
    if (!args.quiet) process.stderr.write(line + '\n');
  };
  const targets = widgetRecords(report, args.only);
  say(`finesse-migrate verify: ${targets.length} widgets, ${sessions.length} sessions (${sessions.map((s) => s.name).join(', ')})`);
  const results = await verifyOutput(args.out, report, {
    sessions,
    only: args.only,
    screenshots: args.screenshots,
    chromium,
    ...(network ? { network } : {}),
    onProgress: (msg) => say(`  ${msg}`),
  });
  applyVerification(report, results);
  // Written whole or not at all: each file through a temporary file renamed over it.
  const write = (rel: string, text: string): void => {
    const file = path.join(args.out, rel);
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  };
  write('report.json', toJson(report));
  if (existsSync(reviewPath)) {
    const { reviewOutputs } = await import('../report/outputs.js');
    const reviews = JSON.parse(readFileSync(reviewPath, 'utf8')) as Parameters<typeof reviewOutputs>[1];
    for (const [rel, text] of reviewOutputs(report, reviews)) write(rel, text);
  }
  const verified = targets.map((g) => report.gadgets.find((r) => r.id === g.id)!).filter((g) => g.verify);
  if (args.json) process.stdout.write(toJson({ summary: report.summary.verify, widgets: verified.map((g) => ({ id: g.id, element: g.widget!.element, status: g.status, ...g.verify })) }));
  for (const g of verified) {
    const v = g.verify!;
    say(`${v.passed ? 'passed' : 'FAILED'} ${g.widget!.element.padEnd(28)} ${v.sessions.filter((x) => x.passed).length}/${v.sessions.length} sessions${v.failures.length ? `\n  ${v.failures.join('\n  ')}` : ''}`);
  }
  const s = report.summary.verify!;
  say(`finesse-migrate verify: ${s.passed} of ${s.widgets} widgets passed every session (started ${s.started}, rendered ${s.rendered}, reacted ${s.reacted}, misused the SDK ${s.misuse}, needed a blocked request ${s.blocked})`);
  return s.passed === s.widgets ? EXIT.ok : EXIT.needsWork;
}

/** `inspect a/b.xml` or `bundle.zip!/dir/b.xml`: one gadget's model and decision as JSON. */
async function inspect(target: string, locale: string): Promise<number> {
  const { analyzeFile } = await passes();
  const bang = target.indexOf('!/');
  let result: AnalyzedFile;
  if (bang >= 0) {
    const archive = target.slice(0, bang);
    let tree: ZipTree;
    try {
      tree = new ZipTree(path.resolve(archive));
    } catch (e) {
      throw new UsageError(`cannot read the archive ${archive}: ${(e as Error).message}`);
    }
    const rel = target.slice(bang + 2);
    if (!tree.has(rel)) throw new UsageError(`no entry ${rel} in ${archive}`);
    result = analyzeFile(tree, rel, { locale });
  } else {
    const abs = path.resolve(target);
    let isFile = false;
    try {
      isFile = readFileSync(abs) !== undefined;
    } catch {
      isFile = false;
    }
    if (!isFile) throw new UsageError(`not a readable file: ${target}`);
    result = analyzeFile(new FolderTree(path.dirname(abs)), path.basename(abs), { locale });
  }
  process.stdout.write(
    toJson({
      source: result.source,
      failed: result.failed,
      decision: result.decision,
      census: result.census,
      diagnostics: result.diagnostics,
      gadget: result.gadget ? modelForJson(result.gadget) : undefined,
    }),
  );
  return result.failed ? EXIT.needsWork : EXIT.ok;
}

export async function main(argv = hideBin(process.argv)): Promise<number> {
  let code: number = EXIT.ok;
  let usageMessage: string | undefined;
  const parser = yargs(argv)
    .scriptName('finesse-migrate')
    .usage('$0 <command> [options]')
    .command(
      'migrate <inputs..>',
      'Parse, classify and migrate every gadget in the given folders, .xml files and .zip archives',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'folders, gadget .xml files or .zip archives' })
          .option('out', { alias: 'o', type: 'string', describe: 'output folder (written whole or not at all)' })
          .option('dry-run', { type: 'boolean', default: false, describe: 'analyze and report, write nothing' })
          .option('json', { type: 'boolean', default: false, describe: 'print report.json to stdout (the summary goes to stderr)' })
          .option('force', { type: 'boolean', default: false, describe: 'replace a non-empty output folder written by an earlier run' })
          .option('locale', { type: 'string', default: 'en-US', describe: 'locale for __MSG_x__ substitution' })
          .option('cdn-base', { type: 'string', describe: 'https URL the widget bundles are hosted under: script = <cdn-base>/<element>/<element>.js (default: config cdnBase, else a placeholder)' })
          .option('config', { alias: 'c', type: 'string', describe: 'settings file (default: ./finesse-migrate.config.json if present); see schemas/config.schema.json' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress or summary' }),
      async (a) => {
        code = await migrate({ ...a, inputs: a.inputs as string[], dryRun: a.dryRun, out: a.out, ...(a.cdnBase !== undefined ? { cdnBase: a.cdnBase } : {}) });
      },
    )
    .command(
      'inspect <gadget>',
      "Print one gadget's parsed model, census and decision as JSON",
      (y) =>
        y
          .positional('gadget', { type: 'string', demandOption: true, describe: 'a gadget .xml, or archive.zip!/path/in/archive.xml' })
          .option('locale', { type: 'string', default: 'en-US' }),
      async (a) => {
        code = await inspect(a.gadget, a.locale);
      },
    )
    .command(
      'build <out>',
      'Build every widget project in an output folder into one bundle each (widgets/<name>/dist/<name>.js)',
      (y) =>
        y
          .positional('out', { type: 'string', demandOption: true, describe: 'an output folder written by migrate' })
          .option('alias', { type: 'string', array: true, default: [], describe: 'replace a package with a file, package=path (e.g. a stub SDK for tests)' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false }),
      async (a) => {
        code = await build(a.out, a.alias as string[], a.quiet);
      },
    )
    .command(
      'check <out>',
      'Type-check every widget project in an output folder (strict, against the real @wxcc-desktop/sdk types)',
      (y) =>
        y
          .positional('out', { type: 'string', demandOption: true, describe: 'an output folder written by migrate' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false }),
      async (a) => {
        code = await check(a.out, a.quiet);
      },
    )
    .command(
      'layout <file>',
      'Convert a Finesse desktop layout XML into a Desktop layout JSON, placing the gadgets a migrate run converted',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'a Finesse layout (<finesseLayout>, or the <LayoutConfig>/<TeamLayoutConfig> REST envelope)' })
          .option('gadgets', { alias: 'g', type: 'string', demandOption: true, describe: 'the output folder of finesse-migrate migrate (its report.json)' })
          .option('out', { alias: 'o', type: 'string', describe: 'write the layout JSON here (default: stdout)' })
          .option('force', { type: 'boolean', default: false, describe: 'replace an existing --out file' })
          .option('json', { type: 'boolean', default: false, describe: 'print every gadget occurrence and what became of it as JSON' })
          .option('cdn-base', { type: 'string', describe: 'https URL the widget bundles are hosted under (rewrites each widget entry\'s script)' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false }),
      async (a) => {
        code = await layout({ file: a.file, gadgets: a.gadgets, force: a.force, json: a.json, quiet: a.quiet, ...(a.out ? { out: a.out } : {}), ...(a.cdnBase ? { cdnBase: a.cdnBase } : {}) });
      },
    )
    .command(
      'verify <out>',
      'Run every widget of an output folder in headless Chromium against a simulated Desktop, through scripted agent sessions; report.json records the result and the status follows it',
      (y) =>
        y
          .positional('out', { type: 'string', demandOption: true, describe: 'an output folder written by migrate' })
          .option('sessions', { type: 'string', describe: 'folder of session files (default: the verify/sessions finesse-migrate ships)' })
          .option('only', { type: 'string', array: true, default: [], describe: 'verify only these gadget ids or element names' })
          .option('screenshots', { choices: ['all', 'failed', 'none'] as const, default: 'all' as const, describe: 'a screenshot per step under <out>/verify/<element>/' })
          .option('chromium', { type: 'string', describe: 'Chromium executable (default /usr/bin/chromium)' })
          .option('network', { type: 'string', describe: 'JSON file of answers for your own backends: [{ "url": "https://crm.example/api/*", "json": ... }]; other requests are blocked' })
          .option('json', { type: 'boolean', default: false, describe: 'print the verification results as JSON' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false }),
      async (a) => {
        code = await verify({ out: a.out, only: a.only as string[], screenshots: a.screenshots, json: a.json, quiet: a.quiet, ...(a.sessions ? { sessions: a.sessions } : {}), ...(a.chromium ? { chromium: a.chromium } : {}), ...(a.network ? { network: a.network } : {}) });
      },
    )
    .demandCommand(1, 'name a command: migrate, verify, layout, build, check or inspect')
    .strict()
    .help()
    .version(toolVersion())
    .exitProcess(false)
    .fail((msg, err) => {
      if (err && !(err instanceof UsageError) && !(err instanceof OutputError) && !(err instanceof ConfigError)) throw err;
      usageMessage = msg || err?.message;
    });
  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof UsageError || e instanceof OutputError || e instanceof ConfigError) usageMessage = e.message;
    else {
      process.stderr.write(`finesse-migrate: internal error: ${(e as Error).stack ?? String(e)}\n`);
      return EXIT.internal;
    }
  }
  if (usageMessage) {
    process.stderr.write(`finesse-migrate: ${usageMessage}\nRun "finesse-migrate --help" for usage.\n`);
    return EXIT.usage;
  }
  return code;
}
