// `finesse-migrate build <out>`: builds every emitted widget with the esbuild and the packages
// finesse-migrate itself carries (@wxcc-desktop/sdk, jquery), so no per-widget `npm install` is
// needed. Each widget's build.mjs calls the build settings every widget shares (the output's
// runtime/build.mjs); this only calls it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

export interface WidgetBuild {
  widget: string;
  ok: boolean;
  outfile: string;
  bytes?: number;
  errors: string[];
  warnings: string[];
}

/** The node_modules folder that holds finesse-migrate's own copy of the widget dependencies. */
export function ownNodeModules(): string {
  const require = createRequire(import.meta.url);
  return path.resolve(path.dirname(require.resolve('jquery/package.json')), '..');
}

export function widgetDirs(out: string): string[] {
  const root = path.join(out, 'widgets');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .map((name) => path.join(root, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(path.join(dir, 'build.mjs')));
}

interface BuildModule {
  NAME: string;
  build(options: { esbuild: typeof esbuild; nodePaths: string[]; alias?: Record<string, string>; outfile?: string }): Promise<esbuild.BuildResult>;
}

export async function buildWidget(dir: string, options: { alias?: Record<string, string>; outfile?: string } = {}): Promise<WidgetBuild> {
  const mod = (await import(pathToFileURL(path.join(dir, 'build.mjs')).href)) as BuildModule;
  const outfile = options.outfile ?? path.join(dir, 'dist', `${mod.NAME}.js`);
  const format = (m: esbuild.Message): string =>
    `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : ''}${m.text}`;
  try {
    const result = await mod.build({ esbuild, nodePaths: [ownNodeModules()], ...(options.alias ? { alias: options.alias } : {}), outfile });
    return { widget: mod.NAME, ok: true, outfile, bytes: statSync(outfile).size, errors: [], warnings: result.warnings.map(format) };
  } catch (e) {
    const failure = e as { errors?: esbuild.Message[]; message?: string };
    return { widget: mod.NAME, ok: false, outfile, errors: failure.errors?.map(format) ?? [String(failure.message ?? e)], warnings: [] };
  }
}
