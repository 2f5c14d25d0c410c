// Browser programs that ship inside finesse-migrate (the Desktop simulator, the verify page scripts,
// report.html's client script): found beside the module that uses them, and bundled into one IIFE.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Esbuild from 'esbuild';

// esbuild with require() (start-up, issue 14): an ESM import of its CommonJS entry is scanned for
// export names first. Loaded on first use.
let loaded: typeof Esbuild | undefined;
const esbuildLib = (): typeof Esbuild => (loaded ??= createRequire(import.meta.url)('esbuild') as typeof Esbuild);

/**
 * `<dir>/<name>.js` as tsc wrote it into dist/, or `<dir>/<name>.ts` when the caller runs from src/
 * (vitest). Throws naming both when neither is there.
 */
export function siblingEntry(dir: string, name: string, what: string): string {
  const candidates = [`${name}.js`, `${name}.ts`].map((f) => path.join(dir, f));
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`${what} is missing: ${candidates.join(' or ')}`);
  return found;
}

const IIFE: Esbuild.BuildOptions = { bundle: true, format: 'iife', platform: 'browser', target: 'es2020', write: false, charset: 'utf8', logLevel: 'silent' };

function textOf(result: Esbuild.BuildResult<{ write: false }>, what: string): string {
  const text = result.outputFiles[0]?.text;
  if (text === undefined) throw new Error(`esbuild wrote no bundle of ${what}`);
  return text;
}

/** `entry` and what it imports as one IIFE script: nothing is loaded at run time. */
export async function bundleBrowserScript(entry: string, what: string, options: Esbuild.BuildOptions = {}): Promise<string> {
  return textOf(await esbuildLib().build({ ...IIFE, ...options, entryPoints: [entry], write: false }), what);
}

/** The same, with the files esbuild read for it (absolute paths): what a cached copy depends on. */
export async function bundleBrowserScriptWithInputs(entry: string, what: string, options: Esbuild.BuildOptions = {}): Promise<{ text: string; inputs: string[] }> {
  const result = await esbuildLib().build({ ...IIFE, ...options, entryPoints: [entry], write: false, metafile: true });
  // Metafile paths are relative to esbuild's working folder, the process's by default.
  return { text: textOf(result, what), inputs: Object.keys(result.metafile.inputs).map((f) => path.resolve(f)) };
}

/** esbuild's version (it names what made a cached bundle). */
export function esbuildVersion(): string {
  return (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;
}

/** The same, synchronously (for renderers that are synchronous). */
export function bundleBrowserScriptSync(entry: string, what: string, options: Esbuild.BuildOptions = {}): string {
  return textOf(esbuildLib().buildSync({ ...IIFE, ...options, entryPoints: [entry], write: false }), what);
}
