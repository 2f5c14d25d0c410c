// The CLI: few verbs, clear exit codes (README "Exit codes"), JSON on request. It owns files,
// progress and exit status; the passes it calls are pure.
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { AnalyzedFile } from '../analyze/index.js';
import { MB, readInputFile } from '../parse/read-file.js';
import type { FailOn, Report } from '../report/report.js';

// Start-up (issue 14): --help, --version and a usage error load yargs and nothing else. What the verbs
// share is loaded by loadCommon() once the arguments are known to be good; what one verb alone needs,
// by that verb (the analysis passes pull in the TypeScript parser, verify a browser).
let UsageError: typeof import('./discover.js').UsageError;
let ConfigError: typeof import('../config.js').ConfigError;
let OutputError: typeof import('../emit/write.js').OutputError;
let OutputIoError: typeof import('../emit/write.js').OutputIoError;
let outputIoError: typeof import('../emit/write.js').outputIoError;
let besideName: typeof import('../emit/write.js').besideName;
let toJson: typeof import('../emit/serialize.js').toJson;
let modelForJson: typeof import('../emit/serialize.js').modelForJson;
let displayPathOf: typeof import('../parse/source-tree.js').displayPathOf;
let FolderTree: typeof import('../parse/source-tree.js').FolderTree;
let ZipTree: typeof import('../parse/source-tree.js').ZipTree;
let LIMITS: typeof import('../parse/source-tree.js').LIMITS;
let exitCodeOf: typeof import('../report/report.js').exitCodeOf;
let humanSummary: typeof import('../report/summary.js').humanSummary;
let terminalSafe: typeof import('../report/summary.js').terminalSafe;

async function loadCommon(): Promise<void> {
  const [discover, config, write, serialize, sourceTree, report, summary] = await Promise.all([
    import('./discover.js'),
    import('../config.js'),
    import('../emit/write.js'),
    import('../emit/serialize.js'),
    import('../parse/source-tree.js'),
    import('../report/report.js'),
    import('../report/summary.js'),
  ]);
  ({ UsageError } = discover);
  ({ ConfigError } = config);
  ({ OutputError, OutputIoError, outputIoError, besideName } = write);
  ({ toJson, modelForJson } = serialize);
  ({ displayPathOf, FolderTree, ZipTree, LIMITS } = sourceTree);
  ({ exitCodeOf } = report);
  ({ humanSummary, terminalSafe } = summary);
}

// The analysis passes pull in the TypeScript parser (most of the start-up time): load them only
// once the arguments are known to be good.
const passes = async () => {
  const { analyzeSafely } = await import('../analyze/index.js');
  return { analyzeFile: analyzeSafely };
};

/** README "Exit codes": 1 is a run that finished with failures (a gadget, widget or layout entry). */
/** The real path of a file, or of its folder plus its name when it does not exist yet. */
function sameFileKey(file: string): string {
  const abs = path.resolve(file);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/** report.json and review.json of a run of thousands of gadgets are tens of MB; 1 GiB is not one. */
const REPORT_LIMIT = 1024 * MB;

export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

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
    const line = terminalSafe(`[${i}/${this.total}] ${label.padEnd(12)} ${f.source}`);
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
  /** Globs over each spec's path inside its input: keep only these / leave these out. */
  only: string[];
  ignore: string[];
  failOn: FailOn;
  /** A tenant's downloaded Desktop layout: the migrated entries are merged into it. */
  baseLayout?: string;
  /** Worker threads (default: the CPUs). */
  jobs?: number;
}

/** --config, else ./finesse-migrate.config.json when there is one. */
function configPathFor(file: string | undefined): string | undefined {
  return file ?? (existsSync('finesse-migrate.config.json') ? 'finesse-migrate.config.json' : undefined);
}

async function migrate(args: MigrateArgs): Promise<number> {
  if (args.inputs.length === 0) throw new UsageError('name at least one folder, gadget .xml or .zip archive');
  if (!args.dryRun && !args.out) throw new UsageError('--out <dir> is required (or pass --dry-run)');
  const configPath = configPathFor(args.config);
  const { runMigration } = await import('../api.js');
  let progress: Progress | undefined;
  const result = await runMigration(args.inputs, {
    ...(!args.dryRun && args.out ? { out: args.out } : {}),
    locale: args.locale,
    ...(configPath ? { config: configPath } : {}),
    ...(args.cdnBase ? { cdnBase: args.cdnBase } : {}),
    only: args.only,
    ignore: args.ignore,
    ...(args.baseLayout !== undefined ? { baseLayout: args.baseLayout } : {}),
    ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
    toolVersion: toolVersion(),
    onProgress: (done, total, f) => {
      progress ??= new Progress(total, args.quiet);
      progress.step(done, f);
      if (done === total) progress.done();
    },
  });
  const report = result.report;

  const where = args.dryRun ? undefined : displayPathOf(path.resolve(args.out!)) + '/';
  const rerun = rerunSummary(result.rerun);
  if (args.json) {
    process.stdout.write(toJson(report));
    if (!args.quiet) process.stderr.write(humanSummary(report, where) + rerun);
  } else if (!args.quiet) {
    process.stdout.write(humanSummary(report, where) + rerun);
  }
  return exitCodeOf(report, args.failOn);
}

/** What a re-run did with the user's work, for the terminal. */
function rerunSummary(events: { file: string; kind: string }[]): string {
  const shown = events.filter((e) => e.kind !== 'removed');
  if (!shown.length) return '';
  const what: Record<string, string> = {
    kept: 'your edit kept (the generated version did not change)',
    merged: 'your edit merged with the new generated version',
    conflict: 'CONFLICT: your edit kept, the new generated version is beside it as .finesse-new',
    'kept-stale': 'no longer generated, kept because you edited it',
  };
  return `  re-run: ${shown.length} file${shown.length === 1 ? '' : 's'} with your changes\n${shown.map((e) => `    ${terminalSafe(e.file)}: ${what[e.kind] ?? e.kind}\n`).join('')}`;
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
  return failed ? EXIT.failed : EXIT.ok;
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
  return failed ? EXIT.failed : EXIT.ok;
}

interface LayoutArgs {
  file: string;
  gadgets: string;
  out?: string;
  force: boolean;
  json: boolean;
  cdnBase?: string;
  quiet: boolean;
  baseLayout?: string;
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
  (await import('../api.js')).checkCdnBase(args.cdnBase);
  const { readBaseLayout, mergeLayout } = await import('../emit/base-layout.js');
  const baseLayout = args.baseLayout === undefined ? undefined : readBaseLayout(args.baseLayout);
  let bytes: Buffer;
  try {
    bytes = readInputFile(args.file, LIMITS.maxFileBytes);
  } catch (e) {
    throw new UsageError(`not a readable file: ${(e as Error).message}`);
  }
  const reportPath = path.join(args.gadgets, 'report.json');
  let report: Report;
  try {
    report = JSON.parse(readInputFile(reportPath, REPORT_LIMIT).toString('utf8')) as Report;
  } catch {
    throw new UsageError(`no report.json in ${args.gadgets}: name the output folder of a finesse-migrate migrate run`);
  }
  if (report.schemaVersion !== 1 || !Array.isArray(report.gadgets)) throw new UsageError(`${reportPath} is not a finesse-migrate report (schemaVersion 1)`);
  if (args.out && existsSync(args.out) && statSync(args.out).isDirectory()) throw new UsageError(`--out ${args.out} is a folder; name the layout file to write (e.g. ${path.join(args.out, 'desktop-layout.json')})`);
  if (args.out) {
    // --force replaces a file; never one this command reads (the layout, the report, the base layout).
    const inputs: [string, string][] = [[args.file, 'the Finesse layout it converts'], [reportPath, 'the report of --gadgets'], ...(args.baseLayout ? [[args.baseLayout, 'the --base-layout'] as [string, string]] : [])];
    const target = sameFileKey(args.out);
    const clash = inputs.find(([f]) => sameFileKey(f) === target);
    if (clash) throw new UsageError(`--out ${args.out} is ${clash[1]}: this command never writes onto its own input; name another file`);
  }
  if (args.out && existsSync(args.out) && !args.force) throw new UsageError(`${args.out} exists; pass --force to replace it`);

  const display = displayPathOf(path.resolve(args.file));
  const parsed = parseFinesseLayout(decodeBytes(bytes).text, display);
  const say = (line: string): void => {
    if (!args.quiet) process.stderr.write(line + '\n');
  };
  for (const d of parsed.diagnostics.items) say(`${formatPosition(d)}: ${d.severity}: ${d.message} [${d.code}]`);
  if (!parsed.layout) {
    say(`finesse-migrate layout: ${display} could not be read as a Finesse layout; nothing written`);
    return EXIT.failed;
  }
  const result = convertFinesseLayout(parsed.layout, report, args.cdnBase ? { cdnBase: args.cdnBase } : {});
  if (baseLayout !== undefined) result.layout = mergeLayout(baseLayout, result.layout);
  const problems = checkDesktopLayout(result.layout);
  if (problems.length) throw new Error(`the Desktop layout breaks schemas/desktop-layout.schema.json: ${problems.join('; ')}`);
  const text = toJson(result.layout);
  if (args.out) {
    // Written whole or not at all: a temporary file beside it, renamed over it.
    const tmp = path.join(path.dirname(args.out), besideName(path.basename(args.out), 'tmp', String(process.pid)));
    try {
      mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      writeFileSync(tmp, text);
      renameSync(tmp, args.out);
    } catch (e) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // The error that stopped the write is the one to report.
      }
      throw outputIoError(e, args.out);
    }
  } else if (!args.json) process.stdout.write(text);
  const o = result.occurrences;
  const count = (k: string): number => o.filter((x) => x.outcome === k).length;
  if (args.json) process.stdout.write(toJson({ file: display, gadgets: displayPathOf(path.resolve(args.gadgets)), occurrences: o, ...(args.out ? {} : { layout: result.layout }) }));
  for (const x of o.filter((y) => y.outcome === 'unmatched')) say(`${display}:${x.line}: ${x.role} ${x.where}: ${x.url}: ${x.note}`);
  say(`finesse-migrate layout: ${o.length} gadget occurrences in ${parsed.layout.roles.length} roles: ${count('placed')} placed, ${count('builtin')} Cisco built-ins left to the Desktop, ${count('unmatched')} unmatched${args.out ? `; wrote ${args.out}` : ''}`);
  return count('unmatched') > 0 || parsed.diagnostics.hasErrors ? EXIT.failed : EXIT.ok;
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
  let report: Report;
  try {
    report = JSON.parse(readInputFile(reportPath, REPORT_LIMIT).toString('utf8')) as Report;
  } catch (e) {
    throw new UsageError(`${reportPath} cannot be read as a finesse-migrate report: ${(e as Error).message}`);
  }
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
      text = readInputFile(args.network, 16 * MB).toString('utf8');
    } catch (e) {
      throw new UsageError(`cannot read the --network file ${(e as Error).message}`);
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
    // report/gadgets/ is new since outputs written before the report was split per gadget.
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  };
  write('report.json', toJson(report));
  if (existsSync(reviewPath)) {
    const { reviewOutputs } = await import('../report/outputs.js');
    const reviews = JSON.parse(readInputFile(reviewPath, REPORT_LIMIT).toString('utf8')) as Parameters<typeof reviewOutputs>[1];
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
  return s.passed === s.widgets ? EXIT.ok : EXIT.failed;
}

/** `inspect a/b.xml` or `bundle.zip!/dir/b.xml`: one gadget's model and decision as JSON. */
function isRegularFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

async function inspect(target: string, locale: string): Promise<number> {
  const { analyzeFile } = await passes();
  const bang = target.indexOf('!/');
  let result: AnalyzedFile;
  if (bang >= 0) {
    const archive = target.slice(0, bang);
    if (!isRegularFile(path.resolve(archive))) throw new UsageError(`not a readable file: ${archive}`);
    let tree: InstanceType<typeof ZipTree>;
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
    // stat first: reading a FIFO would wait forever, and /dev/zero never ends.
    if (!isRegularFile(abs)) throw new UsageError(`not a readable file: ${target}`);
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
  return result.failed ? EXIT.failed : EXIT.ok;
}

const VERBS = ['migrate', 'verify', 'layout', 'build', 'check', 'inspect'];

/** What a verb says when its argument is missing. */
const MISSING: Record<string, string> = {
  migrate: 'name at least one folder, gadget .xml or .zip archive',
  inspect: 'missing <gadget>: name a gadget .xml, or archive.zip!/path/in/archive.xml',
  build: 'missing <out>: name the output folder of a migrate run',
  check: 'missing <out>: name the output folder of a migrate run',
  verify: 'missing <out>: name the output folder of a migrate run',
  layout: 'missing <file>: name a Finesse desktop layout XML (and --gadgets <out>)',
};

// Before loadCommon() none of these can have been thrown (their classes are not loaded yet).
const isUsageError = (e: unknown): e is Error => (UsageError !== undefined && e instanceof UsageError) || (OutputError !== undefined && e instanceof OutputError) || (ConfigError !== undefined && e instanceof ConfigError);

/**
 * What yargs hands its fail callback as third argument: its help renderer, set up for the command at
 * hand only while the callback runs (read it there: {@link snapshot}).
 */
interface UsageView {
  help?: () => string;
  getUsage?: () => [string, string][];
  getDescriptions?: () => Record<string, unknown>;
}

/** The command's help text, usage line and option names, as yargs has them when it fails. */
interface UsageSnapshot {
  help?: string;
  usage?: string;
  options: string[];
}

function snapshot(view: UsageView | undefined): UsageSnapshot {
  try {
    const usage = view?.getUsage?.()[0]?.[0];
    const help = view?.help?.();
    return { options: Object.keys(view?.getDescriptions?.() ?? {}), ...(usage ? { usage } : {}), ...(help ? { help } : {}) };
  } catch {
    return { options: [] };
  }
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The choice closest to `word`, when it is close enough to be what was meant. */
export function closest(word: string, choices: string[]): string | undefined {
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of choices) {
    const d = word.length >= 3 && c.startsWith(word) ? 1 : editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= limit ? best : undefined;
}

/** The verb argv names: its first word that is not an option. */
function verbOf(argv: string[]): string | undefined {
  const first = argv.find((a) => !a.startsWith('-'));
  return first !== undefined && VERBS.includes(first) ? first : undefined;
}

/**
 * Prints a usage error as the user should read it (the unknown option and the one meant, the missing
 * argument with the verb's help) and gives exit status 2. Nothing has run yet.
 */
function usageFailure(message: string, argv: string[], view: UsageSnapshot): number {
  const verb = verbOf(argv);
  let text = message;
  let showHelp = false;
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  const recommended = /^Did you mean (.+)\?$/.exec(message);
  const missingOptions = /^Missing required arguments?: (.*)$/.exec(message);
  if (unknown) {
    const names = unknown[1]!.split(', ');
    const kebab = (n: string): string => n.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    // yargs names an unknown --cdn-bse twice, also as cdnBse.
    const shown = names.filter((n) => !(/[A-Z]/.test(n) && n !== kebab(n) && names.includes(kebab(n))));
    const positionals = new Set([...(view.usage ?? '').matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]!));
    const options = view.options.filter((o) => o.length > 1 && !positionals.has(o));
    const asOption = (n: string): boolean => argv.some((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `--no-${n}` || (n.length === 1 && /^-[^-]/.test(a) && a.includes(n)));
    text = shown
      .map((n) => {
        if (asOption(n)) {
          const dash = n.length === 1 ? '-' : '--';
          const meant = n.length > 1 ? closest(n, options) : undefined;
          return `unknown option ${dash}${n}${meant ? ` (did you mean --${meant}?)` : ''}`;
        }
        if (!verb) {
          const meant = closest(n, VERBS);
          return `unknown command "${n}"${meant ? ` (did you mean ${meant}?)` : ''}`;
        }
        return `unexpected argument "${n}"`;
      })
      .join('; ');
  } else if (recommended) {
    text = `unknown command "${argv.find((a) => !a.startsWith('-')) ?? ''}" (did you mean ${recommended[1]}?)`;
  } else if (/^Not enough non-option arguments/.test(message) && verb && MISSING[verb]) {
    text = `${verb}: ${MISSING[verb]}`;
    showHelp = true;
  } else if (missingOptions) {
    text = `${verb ? `${verb}: ` : ''}missing required option ${missingOptions[1]!.split(', ').map((n) => `--${n}`).join(', ')}`;
  }
  process.stderr.write(`finesse-migrate: ${text}\n`);
  const help = showHelp ? view.help : undefined;
  if (help) process.stderr.write(`\n${help}\n`);
  else process.stderr.write(`Run "finesse-migrate ${verb ? `help ${verb}` : '--help'}" for usage.\n`);
  return EXIT.usage;
}

let pipeGuarded = false;
/**
 * `finesse-migrate ... --json | head -1`: the reader leaves early, and writes to the closed pipe fail
 * with EPIPE. That is the reader's choice, not an error: the rest of the output is dropped quietly
 * and the run ends with its own status.
 */
function quietOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
      throw e;
    });
  }
}

export async function main(argv = hideBin(process.argv)): Promise<number> {
  quietOnClosedPipe();
  // The handlers only choose what to run: yargs validates everything first (unknown options,
  // missing arguments), and nothing runs (nor is written) unless all of it is right.
  let run: (() => Promise<number>) | undefined;
  let helpFor: string | undefined;
  let failure: { message: string; view: UsageSnapshot } | undefined;
  const parser = yargs(argv)
    .scriptName('finesse-migrate')
    .usage('$0 <command> [options]')
    .command(
      'migrate <inputs..>',
      'Parse, classify and migrate every gadget in the given folders, .xml files and .zip archives',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, default: undefined, describe: 'folders, gadget .xml files or .zip archives' })
          .option('out', { alias: 'o', type: 'string', describe: 'output folder (written whole or not at all)' })
          .option('dry-run', { type: 'boolean', default: false, describe: 'analyze and report, write nothing' })
          .option('json', { type: 'boolean', default: false, describe: 'print report.json to stdout (the summary goes to stderr)' })
          .option('force', { type: 'boolean', default: false, describe: 'accepted, not needed: a run into an earlier output updates it and keeps your edits (README, "Re-runs keep your work")' })
          .option('locale', { type: 'string', default: 'en-US', describe: 'locale for __MSG_x__ substitution' })
          .option('cdn-base', { type: 'string', describe: 'https URL the widget bundles are hosted under: script = <cdn-base>/<element>/<element>.js (default: config cdnBase, else a placeholder)' })
          .option('config', { alias: 'c', type: 'string', describe: 'settings file (default: ./finesse-migrate.config.json if present); see schemas/config.schema.json' })
          .option('base-layout', { type: 'string', describe: "the tenant's Desktop layout JSON (downloaded from Control Hub): the migrated entries are added to it, kept whole (default: start from the Desktop default layout)" })
          .option('only', { type: 'string', array: true, describe: 'migrate only the specs whose path inside its input matches one of these globs (*, **, ?; a folder name takes the folder)' })
          .option('ignore', { type: 'string', array: true, describe: 'leave out the specs whose path inside its input matches one of these globs' })
          .option('fail-on', { choices: ['failed', 'needs-work'] as const, default: 'failed' as const, describe: 'exit 1 when a gadget failed, or also when one needs work (a CI gate)' })
          .option('jobs', { type: 'number', describe: 'worker threads for analysis and conversion (default: the number of CPUs; 1: all in one thread); the output is the same' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress or summary' })
          .example('$0 migrate samples --out out', 'migrate the bundled samples into out/')
          .example('$0 migrate gadgets/ extra/Bundle.zip --out out --cdn-base https://cdn.example.com/widgets', 'folders and archives, with the https URL the widget bundles will be hosted under')
          .example("$0 migrate gadgets --out out --only 'crm-*' --ignore '**/legacy/**'", 'only the gadgets under crm-* folders, leaving out legacy/ folders')
          .example('$0 migrate gadgets --dry-run --json > report.json', 'report only, write nothing')
          .example('$0 migrate gadgets --out out --force --fail-on needs-work', 'a CI gate: exit 1 while any gadget still needs work'),
      (a) => {
        run = () => migrate({ ...a, inputs: a.inputs as string[], dryRun: a.dryRun, out: a.out, only: a.only ?? [], ignore: a.ignore ?? [], failOn: a.failOn, ...(a.cdnBase !== undefined ? { cdnBase: a.cdnBase } : {}) });
      },
    )
    .command(
      'inspect <gadget>',
      "Print one gadget's parsed model, census and decision as JSON",
      (y) =>
        y
          .positional('gadget', { type: 'string', demandOption: true, describe: 'a gadget .xml, or archive.zip!/path/in/archive.xml' })
          .option('locale', { type: 'string', default: 'en-US', describe: 'locale for __MSG_x__ substitution' })
          .example('$0 inspect samples/crm-embed/CrmEmbed.xml', "one gadget's model and decision")
          .example("$0 inspect 'bundle.zip!/team/Gadget.xml'", 'a gadget inside an archive'),
      (a) => {
        run = () => inspect(a.gadget, a.locale);
      },
    )
    .command(
      'build <out>',
      'Build every widget project in an output folder into one bundle each (widgets/<name>/dist/<name>.js)',
      (y) =>
        y
          .positional('out', { type: 'string', demandOption: true, describe: 'an output folder written by migrate' })
          .option('alias', { type: 'string', array: true, describe: 'replace a package with a file, package=path (e.g. a stub SDK for tests)' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'only failures' })
          .example('$0 build out', 'build every widget of out/ into widgets/<name>/dist/<name>.js')
          .example('$0 build out --alias @wxcc-desktop/sdk=test/stubs/sdk.js', 'build against a stub SDK'),
      (a) => {
        run = () => build(a.out, a.alias ?? [], a.quiet);
      },
    )
    .command(
      'check <out>',
      'Type-check every widget project in an output folder (strict, against the real @wxcc-desktop/sdk types)',
      (y) =>
        y
          .positional('out', { type: 'string', demandOption: true, describe: 'an output folder written by migrate' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'only failures' })
          .example('$0 check out', 'type-check every widget of out/'),
      (a) => {
        run = () => check(a.out, a.quiet);
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
          .option('base-layout', { type: 'string', describe: "the tenant's Desktop layout JSON: the converted entries are added to it, kept whole (default: the Desktop default layout)" })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no diagnostics or summary' })
          .example('$0 layout samples/finesse-layout.xml --gadgets out --out desktop-layout.json', 'the Finesse layout of the samples as a Desktop layout'),
      (a) => {
        run = () => layout({ file: a.file, gadgets: a.gadgets, force: a.force, json: a.json, quiet: a.quiet, ...(a.out ? { out: a.out } : {}), ...(a.cdnBase ? { cdnBase: a.cdnBase } : {}), ...(a.baseLayout ? { baseLayout: a.baseLayout } : {}) });
      },
    )
    .command(
      'verify <out>',
      'Run every widget of an output folder in headless Chromium against a simulated Desktop, through scripted agent sessions; report.json records the result and the status follows it',
      (y) =>
        y
          .positional('out', { type: 'string', demandOption: true, describe: 'an output folder written by migrate' })
          .option('sessions', { type: 'string', describe: 'folder of session files (default: the verify/sessions finesse-migrate ships)' })
          .option('only', { type: 'string', array: true, describe: 'verify only these gadget ids or element names' })
          .option('screenshots', { choices: ['all', 'failed', 'none'] as const, default: 'all' as const, describe: 'a screenshot per step under <out>/verify/<element>/' })
          .option('chromium', { type: 'string', describe: 'Chromium executable (default /usr/bin/chromium)' })
          .option('network', { type: 'string', describe: 'JSON file of answers for your own backends: [{ "url": "https://crm.example/api/*", "json": ... }]; other requests are blocked' })
          .option('json', { type: 'boolean', default: false, describe: 'print the verification results as JSON' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'only the results' })
          .example('$0 verify out --network samples/verify-network.json', 'every widget of out/, answering their backend requests from a file')
          .example('$0 verify out --only call-popper --screenshots failed', 'one widget, screenshots only of failed steps'),
      (a) => {
        run = () => verify({ out: a.out, only: a.only ?? [], screenshots: a.screenshots, json: a.json, quiet: a.quiet, ...(a.sessions ? { sessions: a.sessions } : {}), ...(a.chromium ? { chromium: a.chromium } : {}), ...(a.network ? { network: a.network } : {}) });
      },
    )
    .command(
      'help [command]',
      'Show the help of a command (the same as finesse-migrate <command> --help)',
      (y) => y.positional('command', { type: 'string', describe: VERBS.join(', ') }),
      (a) => {
        helpFor = a.command ?? '';
      },
    )
    .demandCommand(1, 'name a command: migrate, verify, layout, build, check or inspect')
    .example('$0 migrate samples --out out', 'migrate the bundled samples into out/')
    .example('$0 verify out --network samples/verify-network.json', 'run the widgets against a simulated Desktop')
    .example('$0 help migrate', 'the options of migrate')
    .epilog('Exit codes: 0 every gadget was processed (migrated or needs work); 1 some gadget failed, an input could not be read (or, with --fail-on needs-work, some gadget needs work); 2 usage error, nothing written; 3 internal error.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(toolVersion())
    .alias('V', 'version')
    .wrap(process.stdout.isTTY ? Math.min(110, process.stdout.columns || 80) : 100)
    .exitProcess(false)
    .fail((msg, err, view) => {
      if (err && !isUsageError(err)) throw err;
      failure ??= { message: msg || err?.message || 'usage error', view: snapshot(view as unknown as UsageView) };
    });
  // Start-up (issue 14): before a command's handler runs, yargs renders the command's whole help text
  // and keeps it, for a handler whose promise fails later (its terminal layout was a tenth of a
  // one-gadget migrate). Ours only choose what to run and never fail, and this parser shows no help
  // after a command ran (help is a fresh main()): nothing would read it. Left as it is should a yargs
  // release no longer have the method.
  const usage = (parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
  let output = '';
  try {
    await parser.parseAsync(argv, {}, (_err, _argv, text) => {
      output = text;
    });
  } catch (e) {
    process.stderr.write(`finesse-migrate: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
  if (failure) return usageFailure(failure.message, argv, failure.view);
  if (helpFor !== undefined) {
    if (helpFor === '') return main(['--help']);
    if (!VERBS.includes(helpFor)) {
      const meant = closest(helpFor, VERBS);
      process.stderr.write(`finesse-migrate: help: unknown command "${helpFor}"${meant ? ` (did you mean ${meant}?)` : ''}\nRun "finesse-migrate --help" for usage.\n`);
      return EXIT.usage;
    }
    return main([helpFor, '--help']);
  }
  // --help and --version: yargs wrote nothing, it handed the text over.
  if (!run) {
    if (output) process.stdout.write(output + '\n');
    return EXIT.ok;
  }
  try {
    await loadCommon();
  } catch (e) {
    process.stderr.write(`finesse-migrate: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
  try {
    return await run();
  } catch (caught) {
    // An operating-system error on a file (a read-only folder, a full disk, a name too long) is the
    // machine's condition, not a bug: one line naming the path, exit 2 (README "Exit codes").
    const e = caught instanceof Error && !(caught instanceof OutputError) ? outputIoError(caught, (caught as NodeJS.ErrnoException).path ?? 'a file', 'use') : caught;
    if (e instanceof OutputIoError) {
      process.stderr.write(`finesse-migrate: ${terminalSafe(e.message)}\n`);
      return EXIT.usage;
    }
    if (isUsageError(e)) {
      const verb = verbOf(argv);
      process.stderr.write(`finesse-migrate: ${terminalSafe(e.message)}\nRun "finesse-migrate ${verb ? `help ${verb}` : '--help'}" for usage.\n`);
      return EXIT.usage;
    }
    process.stderr.write(`finesse-migrate: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}
