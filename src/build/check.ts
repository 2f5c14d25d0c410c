// `finesse-migrate check <out>`: type-checks every emitted widget project (tsc --noEmit, strict) against
// the real @wxcc-desktop/sdk and @wxcc-desktop/sdk-types that finesse-migrate carries, and the gadget
// code (src/gadget.cjs) against the runtime and the Finesse adapter it calls. Nothing is written into
// the output folder: the compiler options come in memory, resolving those packages from
// finesse-migrate's own node_modules when the widget has none.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from '../typescript.js';
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
  const modules = installedModules(dir) ?? ownNodeModules();
  // The tsconfig's paths point into the output's node_modules; aim them (and the SDK itself) at
  // wherever the packages are. Its other paths (the shared runtime's package name) stay, made absolute.
  const types = path.join(modules, '@wxcc-desktop', 'sdk-types');
  const base = parsed.options.baseUrl ?? dir;
  const inherited = Object.fromEntries(Object.entries(parsed.options.paths ?? {}).map(([k, v]) => [k, v.map((p) => path.resolve(base, p))]));
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    baseUrl: dir,
    paths: {
      ...inherited,
      '@wxcc-desktop/sdk': [path.join(modules, '@wxcc-desktop', 'sdk')],
      '@agentx/agentx-services': [path.join(types, 'agentx-services', 'index.d.ts')],
      '@agentx/agentx-services/dist/types/src/*': [path.join(types, 'agentx-services', 'src', '*')],
      '@agentx/agentx': [path.join(types, 'agentx', 'index.d.ts')],
    },
    typeRoots: [path.join(modules, '@types')],
    // The gadget code is checked too, but only where it uses what the widget gives it (below).
    allowJs: true,
    checkJs: true,
  };
  const gadget = path.join(dir, 'src', 'gadget.cjs');
  const roots = existsSync(gadget) ? [...parsed.fileNames, gadget] : parsed.fileNames;
  const program = ts.createProgram(roots, options);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || path.resolve(d.file.fileName) !== gadget || usesWidgetApi(program, d));
  const errors = diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(dir, d.file.fileName)}:${line + 1}:${character + 1}: TS${d.code}: ${text}`;
  });
  return { widget, ok: errors.length === 0, errors };
}

/** The node_modules with the SDK that npm installed for the widget in `dir`: its own, or the output's (workspaces). */
function installedModules(dir: string): string | undefined {
  for (const d of [dir, path.resolve(dir, '..', '..')]) {
    if (existsSync(path.join(d, 'node_modules', '@wxcc-desktop', 'sdk'))) return path.join(d, 'node_modules');
  }
  return undefined;
}

/** Files whose types the gadget code is held to: the runtime and the Finesse adapter. */
const WIDGET_API = /[\\/](runtime|finesse-compat)\.ts$/;
/** "Property 'x' does not exist on type", and its "Did you mean" form. */
const MISSING_MEMBER = new Set([2339, 2551]);

/**
 * The gadget code is the authors' own sloppy JavaScript: its typing is not ours to judge. What is ours
 * is every member it reaches on the runtime and the adapter, so a call to a method they lack fails.
 */
function usesWidgetApi(program: ts.Program, d: ts.Diagnostic): boolean {
  if (!MISSING_MEMBER.has(d.code) || !d.file || d.start === undefined) return false;
  const checker = program.getTypeChecker();
  const start = d.start;
  let access: ts.PropertyAccessExpression | undefined;
  const find = (n: ts.Node): void => {
    if (access || start < n.getFullStart() || start >= n.getEnd()) return;
    if (ts.isPropertyAccessExpression(n) && n.name.getStart() === start) access = n;
    else ts.forEachChild(n, find);
  };
  find(d.file);
  if (!access) return false;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(access.expression));
  const types = type.isUnion() ? type.types : [type];
  return types.some((t) => (t.getSymbol() ?? t.aliasSymbol)?.declarations?.some((decl) => WIDGET_API.test(decl.getSourceFile().fileName)) ?? false);
}

export function isWidgetProject(dir: string): boolean {
  return existsSync(path.join(dir, 'tsconfig.json')) && readFileSync(path.join(dir, 'package.json'), 'utf8').includes('@wxcc-desktop/sdk');
}
