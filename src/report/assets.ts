// What report.html inlines besides its markup: the client script (client/report-client.ts, type-checked
// and compiled with the rest, bundled here into one IIFE) and the style sheets under assets/report/ at
// the package root (shipped as they are: package.json "files"). Both are read once per process.
// From dist/ the script's entry is the .js tsc wrote next to this module; from src/ (tests) the .ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBrowserScript, bundleBrowserScriptSync, siblingEntry } from '../build/browser-script.js';

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

let script: string | undefined;
let preparing: Promise<void> | undefined;
const sheets = new Map<string, string>();

/** The page script, bundled on first use. */
export function reportScript(): string {
  script ??= bundleClient();
  return script;
}

/**
 * Starts bundling the page script in the background (start-up, issue 14): esbuild works in its own
 * process while the gadgets are analyzed, and reportScript() then finds the script ready. The same
 * bundle as reportScript() makes; should it fail, reportScript() bundles again and reports why.
 */
export function prepareReportScript(): Promise<void> {
  preparing ??= (async () => {
    try {
      const text = checkedClient(await bundleBrowserScript(reportClientEntry(), 'the report client script', CLIENT_BUNDLE));
      script ??= text;
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
