// `finesse-migrate check <out>`: type-checks every emitted widget project (tsc --noEmit, strict) against
// the real @wxcc-desktop/sdk and @wxcc-desktop/sdk-types that finesse-migrate carries. Nothing is
// written into the output folder: the compiler options come in memory, resolving those packages from
// finesse-migrate's own node_modules when the widget has none.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ownNodeModules } from './build.js';

export interface WidgetCheck {
  widget: string;
  ok: boolean;
  errors: string[];
}

export function checkWidget(dir: string): WidgetCheck {
  const widget = path.basename(dir);
  const configFile = path.join(dir, 'tsconfig.json');
  const read = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f));
  if (read.error) return { widget, ok: false, errors: [ts.flattenDiagnosticMessageText(read.error.messageText, '\n')] };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir);
  const modules = existsSync(path.join(dir, 'node_modules', '@wxcc-desktop', 'sdk')) ? path.join(dir, 'node_modules') : ownNodeModules();
  // The tsconfig's paths point into ./node_modules; aim them (and the SDK itself) at wherever the packages are.
  const types = path.join(modules, '@wxcc-desktop', 'sdk-types');
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    baseUrl: dir,
    paths: {
      '@wxcc-desktop/sdk': [path.join(modules, '@wxcc-desktop', 'sdk')],
      '@agentx/agentx-services': [path.join(types, 'agentx-services', 'index.d.ts')],
      '@agentx/agentx-services/dist/types/src/*': [path.join(types, 'agentx-services', 'src', '*')],
      '@agentx/agentx': [path.join(types, 'agentx', 'index.d.ts')],
    },
    typeRoots: [path.join(modules, '@types')],
  };
  const program = ts.createProgram(parsed.fileNames, options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const errors = diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(dir, d.file.fileName)}:${line + 1}:${character + 1}: TS${d.code}: ${text}`;
  });
  return { widget, ok: errors.length === 0, errors };
}

export function isWidgetProject(dir: string): boolean {
  return existsSync(path.join(dir, 'tsconfig.json')) && readFileSync(path.join(dir, 'package.json'), 'utf8').includes('@wxcc-desktop/sdk');
}
