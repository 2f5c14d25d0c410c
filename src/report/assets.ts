// What report.html inlines besides its markup: the client script (client/report-client.ts, type-checked
// and compiled with the rest, bundled here into one IIFE) and the style sheets under assets/report/ at
// the package root (shipped as they are: package.json "files"). Both are read once per process.
// From dist/ the script's entry is the .js tsc wrote next to this module; from src/ (tests) the .ts.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { bundleBrowserScriptSync, bundleBrowserScriptWithInputs, esbuildVersion, siblingEntry } from '../build/browser-script.js';
import { codeCacheDir } from '../code-cache.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** assets/report at the package root: two levels up from src/report and from dist/report alike. */
export const REPORT_ASSETS_DIR = path.resolve(here, '..', '..', 'assets', 'report');

const CLIENT = "report.html's client script";

/** The client script's entry: client/report-client.js next to this module, or the .ts when run from src. */
export function reportClientEntry(): string {
  return siblingEntry(path.join(here, 'client'), 'report-client', CLIENT);
}

const CLIENT_BUNDLE = { legalComments: 'none', minifyWhitespace: true } as const;

function checkedClient(text: string): string {
  // esbuild writes `<\/script` inside strings; anything else would end the inline element early.
  if (/<\/script/i.test(text)) throw new Error('the report client script contains </script');
  return text;
}

/**
 * `entry` bundled into one IIFE for an inline <script>. Whitespace is minified so the bytes do not
 * depend on how the entry is laid out: tsc's .js (from dist) and the .ts (from src) give the same page.
 */
export function bundleClient(entry = reportClientEntry()): string {
  return checkedClient(bundleBrowserScriptSync(entry, 'the report client script', CLIENT_BUNDLE));
}

// Start-up (issue 14): the bundle is kept between runs in the cache folder of src/code-cache.ts, with
// the SHA-256 of every file esbuild read for it and esbuild's version; a run whose files are all the
// same uses it without starting esbuild. Anything amiss with it (missing, unreadable, a file changed)
// and the script is bundled as before. NODE_DISABLE_COMPILE_CACHE turns it off too.
interface CachedBundle {
  format: 1;
  esbuild: string;
  entry: string;
  inputs: [string, string][];
  text: string;
}
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function bundleCacheFile(entry: string): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const dir = codeCacheDir();
  return dir === undefined ? undefined : path.join(dir, `report-client-${createHash('sha256').update(entry).digest('hex').slice(0, 16)}.json`);
}

/** The cached bundle of `entry`, when every file it was made from is unchanged. */
export function cachedClient(entry: string): string | undefined {
  try {
    const file = bundleCacheFile(entry);
    if (file === undefined) return undefined;
    const c = JSON.parse(readFileSync(file, 'utf8')) as CachedBundle;
    if (c.format !== 1 || c.entry !== entry || c.esbuild !== esbuildVersion() || typeof c.text !== 'string' || !Array.isArray(c.inputs) || c.inputs.length === 0) return undefined;
    for (const [input, digest] of c.inputs) if (sha256(input) !== digest) return undefined;
    return checkedClient(c.text);
  } catch {
    return undefined;
  }
}

function storeClient(entry: string, text: string, inputs: string[]): void {
  const file = bundleCacheFile(entry);
  if (file === undefined) return;
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    const c: CachedBundle = { format: 1, esbuild: esbuildVersion(), entry, inputs: inputs.map((f) => [f, sha256(f)]), text };
    writeFileSync(tmp, JSON.stringify(c), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The cache is only for speed.
    }
  }
}

let script: string | undefined;
let preparing: Promise<void> | undefined;
const sheets = new Map<string, string>();

/** The page script, bundled on first use. */
export function reportScript(): string {
  script ??= cachedClient(reportClientEntry()) ?? bundleClient();
  return script;
}

/**
 * Starts bundling the page script in the background (start-up, issue 14): esbuild works in its own
 * process while the gadgets are analyzed, and reportScript() then finds the script ready. A bundle
 * cached by an earlier run from the same files is used instead, and esbuild is not started. The same
 * bundle as reportScript() makes; should it fail, reportScript() bundles again and reports why.
 */
export function prepareReportScript(): Promise<void> {
  preparing ??= (async () => {
    try {
      const entry = reportClientEntry();
      const cached = cachedClient(entry);
      if (cached !== undefined) {
        script ??= cached;
        return;
      }
      const { text, inputs } = await bundleBrowserScriptWithInputs(entry, 'the report client script', CLIENT_BUNDLE);
      script ??= checkedClient(text);
      storeClient(entry, text, inputs);
    } catch {
      // reportScript() reports it.
    }
  })();
  return preparing;
}

/** A style sheet of assets/report, without its leading comment (which is for people editing it). */
export function reportStyle(name: 'report.css' | 'verify.css'): string {
  let text = sheets.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(REPORT_ASSETS_DIR, name), 'utf8').replace(/^\/\*[\s\S]*?\*\/\n/, '');
    if (/<\/style/i.test(text)) throw new Error(`assets/report/${name} contains </style`);
    sheets.set(name, text);
  }
  return text;
}
