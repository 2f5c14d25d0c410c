// What report.html inlines besides its markup: the client script (client/report-client.ts, type-checked
// and compiled with the rest, bundled here into one IIFE) and the style sheets under assets/report/ at
// the package root (shipped as they are: package.json "files"). Both are read once per process.
// From dist/ the script's entry is the .js tsc wrote next to this module; from src/ (tests) the .ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
/** assets/report at the package root: two levels up from src/report and from dist/report alike. */
export const REPORT_ASSETS_DIR = path.resolve(here, '..', '..', 'assets', 'report');

/** The client script's entry: client/report-client.js next to this module, or the .ts when run from src. */
export function reportClientEntry(): string {
  const candidates = ['report-client.js', 'report-client.ts'].map((f) => path.join(here, 'client', f));
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`report.html's client script is missing: ${candidates.join(' or ')}`);
  return found;
}

/**
 * `entry` bundled into one IIFE for an inline <script>. Whitespace is minified so the bytes do not
 * depend on how the entry is laid out: tsc's .js (from dist) and the .ts (from src) give the same page.
 */
export function bundleClient(entry = reportClientEntry()): string {
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    charset: 'utf8',
    legalComments: 'none',
    minifyWhitespace: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text;
  if (text === undefined) throw new Error('esbuild wrote no bundle of the report client script');
  // esbuild writes `<\/script` inside strings; anything else would end the inline element early.
  if (/<\/script/i.test(text)) throw new Error('the report client script contains </script');
  return text;
}

let script: string | undefined;
const sheets = new Map<string, string>();

/** The page script, bundled on first use. */
export function reportScript(): string {
  script ??= bundleClient();
  return script;
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
