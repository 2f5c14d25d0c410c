// What report.html inlines besides its markup: the client script (client/report-client.ts, type-checked
// and compiled with the rest, bundled here into one IIFE) and the style sheets under assets/report/ at
// the package root (shipped as they are: package.json "files"). Both are read once per process.
// From dist/ the script's entry is the .js tsc wrote next to this module; from src/ (tests) the .ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBrowserScriptSync, siblingEntry } from '../build/browser-script.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** assets/report at the package root: two levels up from src/report and from dist/report alike. */
export const REPORT_ASSETS_DIR = path.resolve(here, '..', '..', 'assets', 'report');

/** The client script's entry: client/report-client.js next to this module, or the .ts when run from src. */
export function reportClientEntry(): string {
  return siblingEntry(path.join(here, 'client'), 'report-client', "report.html's client script");
}

/**
 * `entry` bundled into one IIFE for an inline <script>. Whitespace is minified so the bytes do not
 * depend on how the entry is laid out: tsc's .js (from dist) and the .ts (from src) give the same page.
 */
export function bundleClient(entry = reportClientEntry()): string {
  const text = bundleBrowserScriptSync(entry, 'the report client script', { legalComments: 'none', minifyWhitespace: true });
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
