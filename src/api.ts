// The programmatic API: `import { migrate } from 'finesse-migrate'`. What `finesse-migrate migrate`
// does, without the terminal: it returns the report object (report.json) and throws on bad input.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { AnalyzedFile } from './analyze/index.js';
import { discover, UsageError } from './cli/discover.js';
import { ConfigError, loadConfig, type MigrateConfig } from './config.js';
import { Chunked, chunkedJson } from './emit/serialize.js';
import { garbageEvery } from './gc.js';
import { checkOutputTarget, openOutput, OutputError } from './emit/write.js';
import type { RerunEvent } from './emit/rerun.js';
import type { GadgetEmit, PlanOptions } from './emit/batch.js';
import { displayPathOf, OUTPUT_MARKER, resetZipBatchBudget } from './parse/source-tree.js';
import { exitCodeOf, type Report } from './report/report.js';
import { MB, readInputFile } from './parse/read-file.js';
import type { GadgetReview } from './report/review.js';

export { ConfigError, exitCodeOf, OutputError, UsageError };
export type { FailOn, GadgetRecord, GadgetStatus, Report } from './report/report.js';
export type { MigrateConfig } from './config.js';
export type { RerunEvent } from './emit/rerun.js';

export interface MigrateOptions {
  /**
   * The output folder. Omitted: nothing is written (a dry run). An output an earlier run wrote is
   * updated, keeping the user's edits (see the README, "Re-runs keep your work").
   */
  out?: string;
  /** Locale for `__MSG_x__` substitution, `ll-CC`. Default `en-US`. */
  locale?: string;
  /** Settings (finesse-migrate.config.json) as an object, or the path of such a file. */
  config?: MigrateConfig | string;
  /** https URL the widget bundles are hosted under. */
  cdnBase?: string;
  /** Globs of spec paths (inside their input) to migrate / to leave out. */
  only?: string[];
  ignore?: string[];
  /** A tenant's Desktop layout file to merge the migrated entries into. */
  baseLayout?: string;
  /** Called once per spec file as it is analyzed. */
  onProgress?: (done: number, total: number, file: AnalyzedFile) => void;
  /**
   * Worker threads for the per-gadget work (analysis and conversion). Default: the number of CPUs
   * (os.availableParallelism()). 1 runs everything in this thread. The output is the same whatever
   * the number; batches of fewer than 256 spec files always run in this thread (starting workers costs
   * more). With workers, the `file` onProgress hears has no `gadget` model.
   */
  jobs?: number;
  /** @internal Smallest batch (spec files) that uses worker threads; default 256 (0: always, for tests). */
  poolMinCandidates?: number;
  /** @internal The tool's version recorded in the report. */
  toolVersion?: string;
  /** @internal With `out`: also return every written file's content in MigrationResult.files (tests). */
  keepFiles?: boolean;
}

export interface MigrationResult {
  report: Report;
  /**
   * For a dry run (no `out`): everything the run would write, output-relative path → content. A run
   * with `out` writes each gadget's files as they are made and keeps none of them (issue 14: memory
   * that does not grow with the batch), so this is absent; the files are in `out`, and
   * report.gadgets[].outputs lists each gadget's.
   */
  files?: ReadonlyMap<string, string | Uint8Array>;
  /** Where a re-run kept, merged or found a conflict with the user's work. */
  rerun: RerunEvent[];
}

/** Migrates the gadgets under `inputs` (folders, spec files, .zip archives); resolves to the report. */
export async function migrate(inputs: string[], options: MigrateOptions = {}): Promise<Report> {
  return (await runMigration(inputs, options)).report;
}

/** `migrate` with everything the run produced. */
export async function runMigration(inputs: string[], options: MigrateOptions = {}): Promise<MigrationResult> {
  if (inputs.length === 0) throw new UsageError('name at least one folder, gadget spec or .zip archive');
  const { config, configPath } = configOf(options.config);
  checkCdnBase(options.cdnBase);
  const jobs = jobsOf(options.jobs);
  const baseLayout = options.baseLayout === undefined ? undefined : (await import('./emit/base-layout.js')).readBaseLayout(options.baseLayout);
  // Archives of one run share one budget of bytes they may expand to (zip bombs, parse/source-tree.ts).
  resetZipBatchBudget();
  const found = discover(inputs, { only: options.only ?? [], ignore: options.ignore ?? [] });
  if (found.candidates.length === 0) {
    const filtered = options.only?.length || options.ignore?.length ? ' matching --only/--ignore' : '';
    const unread = found.problems.length ? ` (could not read: ${found.problems.map((p) => `${p.path}: ${p.message}`).join('; ')})` : '';
    throw new UsageError(`no gadget found in ${inputs.join(', ')}${filtered}${unread}`);
  }
  if (options.out) checkOutputTarget(options.out, found.inputRoots);

  // report.html's script is bundled by esbuild, in its own process: started now, it is ready by the
  // time the report is written (start-up, issue 14).
  const clientScript = import('./report/assets.js').then((m) => m.prepareReportScript());
  const previous = options.out ? previousRun(options.out) : undefined;
  const planOptions: PlanOptions = {
    toolVersion: options.toolVersion ?? packageVersion(),
    locale: options.locale ?? 'en-US',
    inputs: inputs.map((i) => displayPathOf(path.resolve(i))).sort(),
    problems: found.problems,
    ...(options.cdnBase ? { cdnBase: options.cdnBase } : {}),
    ...(baseLayout !== undefined ? { baseLayout } : {}),
    ...(config ? { config, ...(configPath ? { configPath } : {}) } : {}),
    ...(previous ? { previous } : {}),
  };
  const locale = options.locale ?? 'en-US';
  const pool = await import('./emit/pool.js');
  const { BatchSummary } = await import('./emit/batch.js');
  const workers = Math.min(jobs, found.candidates.length);
  const file = workers > 1 && found.candidates.length >= (options.poolMinCandidates ?? pool.POOL_MIN_CANDIDATES) ? pool.poolWorkerFile() : undefined;
  const refs = file ? pool.treeRefs(found.candidates) : undefined;
  // The batch streams: each gadget's files go to the output (or, for a dry run, into `files`) as its
  // emit arrives, in source order, and only its record, review and layout entries stay.
  const writer = options.out ? openOutput(options.out) : undefined;
  const files = !writer || options.keepFiles ? new Map<string, string | Uint8Array>() : undefined;
  const batch = new BatchSummary(planOptions);
  // What each gadget's emit leaves behind is garbage once written: collected every so often, so that
  // memory stays near what is live (issue 14).
  const collect = writer && !files ? garbageEvery(GC_EVERY) : undefined;
  const sink = (e: GadgetEmit): void => {
    for (const [rel, content] of e.files) {
      writer?.put(rel, content);
      files?.set(rel, content);
    }
    batch.add(e);
    collect?.();
  };
  try {
    if (file && refs) {
      await clientScript;
      await pool.emitPooled(found.candidates, planOptions, { workers, file, locale, refs, ...(options.onProgress ? { onProgress: options.onProgress } : {}) }, sink);
    } else {
      const [{ analyzeSafely }, { emitBatch }] = await Promise.all([import('./analyze/index.js'), import('./emit/plan.js')]);
      const analyzed: AnalyzedFile[] = [];
      found.candidates.forEach((c, i) => {
        const f = analyzeSafely(c.tree, c.rel, { locale });
        analyzed.push(f);
        options.onProgress?.(i + 1, found.candidates.length, f);
      });
      await clientScript;
      await emitBatch(analyzed, planOptions, sink);
    }
    const done = batch.finish();
    // The batch-level files are made one at a time as the writer takes them (done.files is a
    // generator; the big ones come as Chunked, written piece by piece).
    const keepText = (rel: string, content: string | Uint8Array | Chunked): void => void files?.set(rel, content instanceof Chunked ? content.text() : content);
    const batchFiles = function* (): Generator<[string, string | Uint8Array | Chunked]> {
      for (const [rel, content] of done.files) {
        keepText(rel, content);
        yield [rel, content];
      }
    };
    let rerun: RerunEvent[] = [];
    if (!writer) for (const [rel, content] of done.files) keepText(rel, content);
    else {
      rerun = writer.finish(batchFiles(), done.keep, (events) => {
        if (!events.length) return undefined;
        done.report.rerun = events;
        const report = chunkedJson(done.report);
        keepText('report.json', report);
        return new Map([['report.json', report]]);
      });
    }
    return { report: done.report, ...(files ? { files } : {}), rerun };
  } catch (e) {
    // The output stays as it was (no staging folder is left, the lock is released).
    writer?.abort();
    throw e;
  }
}

/** Gadgets between two collections of what their emits left behind (a full GC of a small live heap: milliseconds). */
const GC_EVERY = 250;

/** `jobs` checked: a whole number of worker threads, at least 1 (default: the CPUs). */
export function jobsOf(jobs: number | undefined): number {
  if (jobs === undefined) return Math.max(1, availableParallelism());
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, got ${String(jobs)}`);
  return jobs;
}

/** Widget bundles load into the Desktop's https page: their host must be https too. */
export function checkCdnBase(cdnBase: string | undefined): void {
  if (cdnBase !== undefined && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(cdnBase)) {
    throw new UsageError(`--cdn-base must be an absolute https URL (the Desktop runs on https), got "${cdnBase}"`);
  }
}

function configOf(config: MigrateOptions['config']): { config?: MigrateConfig; configPath?: string } {
  if (config === undefined) return {};
  if (typeof config === 'string') return { config: loadConfig(config), configPath: displayPathOf(path.resolve(config)) };
  return { config };
}

/** The report and review data of the output an earlier run wrote at `out`, if it did. */
function previousRun(out: string): { report: Report; reviews: GadgetReview[] } | undefined {
  const abs = path.resolve(out);
  if (!existsSync(path.join(abs, OUTPUT_MARKER))) return undefined;
  try {
    const report = JSON.parse(readInputFile(path.join(abs, 'report.json'), 1024 * MB).toString('utf8')) as Report;
    const reviews = existsSync(path.join(abs, 'review.json')) ? (JSON.parse(readInputFile(path.join(abs, 'review.json'), 1024 * MB).toString('utf8')) as GadgetReview[]) : [];
    return Array.isArray(report.gadgets) ? { report, reviews } : undefined;
  } catch {
    // An earlier output without a readable report keeps nothing of its gadgets; its files still follow the manifest.
    return undefined;
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
