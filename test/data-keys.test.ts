// Issue 13, "hostile input": every name lookup keyed by gadget data uses a Map or a null-prototype
// table. This sweeps src/ with the TypeScript compiler (one Program) for `obj[key]` where the key is
// not a literal, a number, a symbol or a union of string literals, and obj is a plain object type with a string
// index signature (Record<string, X>, { [k: string]: X }): such an object inherits Object.prototype,
// so a key like "constructor" or "__proto__" finds (or, written, sets) what no one put there. Arrays,
// tuples, typed arrays and Maps are fine; so is a NullProtoRecord (src/null-proto.ts, made by
// Object.create(null)) and a lookup inside `Object.hasOwn(obj, key) ? … : …` (or `&&`, or `if`).
// Anything else must be in ALLOWED below with the reason its key is not gadget data.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

interface Finding {
  file: string;
  line: number;
  /** The lookup as written, e.g. `ITEMS[collection]`. */
  text: string;
}

/** `file` + the lookup's text → why its key is not gadget data (or why the lookup is harmless). */
const ALLOWED = new Map<string, string>([
  ['analyze/finesse-types.ts RETURNS[`${name}#${member}`]', 'the key has a "#", which no Object.prototype member has'],
  ['analyze/resolve.ts ITEMS[collection]', 'a Finesse class name from our own type table (finesse-types.ts), not a name in the gadget code'],
  ['analyze/resolve.ts ITEMS[inner.cls]', 'cls is a Finesse class name from our own type table'],
  ['analyze/resolve.ts ITEMS[receiver.cls]', 'cls is a Finesse class name from our own type table'],
  ['parse/html.ts child.sourceCodeLocation?.attrs?.[a]', "parse5's location table; a is an attribute name from our REF_ATTRS table"],
  ['parse/html.ts child.sourceCodeLocation?.attrs?.[a.name]', 'parse5 set this key for this very attribute, so the lookup finds what parse5 put there'],
  ['emit/base-layout.ts a[k]', 'k is an own key of a (Object.keys(a))'],
  ['emit/base-layout.ts c.widgets[n]', 'n is checked with `in` first (taken()), which sees inherited names too, so "constructor" or "__proto__" is numbered'],
  ['emit/layout-check.ts rl.area[key]', "key is 'header' or 'headless', from the loop's own array"],
  ['emit/layout-from-finesse.ts e[part]', "part is 'attributes' or 'style', the prefix of a target finesse-migrate made (layout parameters)"],
  ['emit/names.ts FOLD[c.toLowerCase()]', 'c is one character matched by [ßæœøłđþ], a key of FOLD'],
  ['emit/rerun.ts files[rel]', 'rel is a path of our own output (always with "/" or "."), never an Object.prototype name'],
  ['emit/rerun.ts previous.files[rel]', 'rel is a path of our own output (always with "/" or "."), never an Object.prototype name'],
  ['emit/write.ts IO_REASONS[err.code]', "an error code of Node's file system (EACCES, ENOSPC)"],
  ['emit/write.ts plan.manifest.files[rel]', 'rel is a path of our own output (always with "/" or ".")'],
  ['emit/store-bindings.ts BY_RULE[s.rule]', 'a rule id of our rule table (USR-04)'],
  ['emit/widget-project.ts dependencies[d.name]', 'an npm package name from our server-libraries table'],
  ['cli/main.ts what[e.kind]', 'kind is a member of a closed union of our own'],
  ['cli/main.ts alias[a.slice(0, eq)]', "the person's own --alias argument, not gadget data"],
  ['cli/main.ts MISSING[verb]', 'the verb yargs matched, one of ours'],
  ['report/html-start.ts at[k]', 'src/report (not edited here): k is a segment of one of our tenant settings (tenantSettings in plan.ts)'],
  ['report/html-start.ts TENANT_VALUES[setting]', 'src/report: setting is one of our tenant settings (tenantSettings in plan.ts)'],
  ['report/html-start.ts TENANT_VALUES[s]', 'src/report: s is one of our tenant settings (tenantSettings in plan.ts)'],
  ['report/client/report-client.ts g.dataset[k]', "src/report: a DOMStringMap of report.html's own data- attributes"],
  ['verify/sessions.ts step[key]', 'key is checked with `in` first and iterates our own field specs of a session step'],
  ['verify/desktop-sim/payloads.ts callAssociatedData[name]', 'the simulated Desktop: CAD names from the session a person wrote, in the verification page only (not audited here)'],
  ['verify/desktop-sim/sdk.ts o[k]', 'the simulated Desktop copying a value for its log (jsonSafe), in the verification page only (not audited here)'],
  ['verify/desktop-sim/sdk.ts PREFIX[module]', 'the simulated Desktop: module is one of its own SDK module names'],
  ['verify/desktop-sim/sdk.ts store[key]', 'the simulated Desktop: $STORE keys of our own store-bindings table'],
  ['verify/desktop-sim/sdk.ts t.data.interaction.media[t.data.mediaResourceId]', 'the simulated Desktop: ids it made itself'],
  ['verify/desktop-sim/sdk.ts t.data.interaction.media[String(mrid)]', 'the simulated Desktop: ids it made itself'],
  ['verify/desktop-sim/sdk.ts cad[name]', 'the simulated Desktop: CAD names the widget under test asks for, in the verification page only (not audited here)'],
  ['verify/desktop-sim/sdk.ts a[k]', "the simulated Desktop: k is one of its own field names ('startTime', 'endTime', 'pageNumber')"],
  ['verify/desktop-sim/sdk.ts (latestData as Record<string, unknown>)[key]', 'the simulated Desktop deleting the own keys of its agentStateInfo (Object.keys)'],
  ['verify/page/runner.ts store[key]', 'the verification page: $STORE keys of our own store-bindings table'],
  ['verify/page/runner.ts (v as Record<string, unknown>)[part]', 'the verification page: a path the session a person wrote names, not gadget data'],
  ['verify/page/runner.ts (el as unknown as Record<string, unknown>)[prop]', 'the verification page: a property the session a person wrote names'],
  ['verify/page/runner.ts (w as unknown as Record<string, unknown>)[name]', "the verification page: a global the session a person wrote names"],
]);

const PROGRAM_OPTIONS = (() => {
  const file = path.join(ROOT, 'tsconfig.build.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, ROOT, undefined, file);
  return { fileNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } };
})();

/** True for a type whose string-keyed lookups reach Object.prototype: a plain object with a string index signature. */
function inheritsLookups(checker: ts.TypeChecker, type: ts.Type): boolean {
  const t = checker.getNonNullableType(type);
  if (t.isUnion()) return t.types.some((x) => inheritsLookups(checker, x));
  if (checker.isArrayType(t) || checker.isTupleType(t)) return false;
  if (!(t.flags & ts.TypeFlags.Object) && !t.isIntersection()) return false;
  const name = t.getSymbol()?.getName() ?? '';
  if (/^(Map|ReadonlyMap|WeakMap|Set|ReadonlySet|\w+Array)$/.test(name)) return false;
  // A NullProtoRecord carries its brand, a property keyed by the unique symbol NULL_PROTOTYPE.
  if (checker.getPropertiesOfType(t).some((p) => String(p.escapedName).startsWith('__@NULL_PROTOTYPE@'))) return false;
  return checker.getIndexInfoOfType(t, ts.IndexKind.String) !== undefined;
}

/** A key that cannot be a name from data: a literal, a number, a symbol, or typed as string literals only. */
function constantKey(checker: ts.TypeChecker, key: ts.Expression): boolean {
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return true;
  const t = checker.getTypeAtLocation(key);
  if (t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.ESSymbolLike)) return true;
  return (t.isUnion() ? t.types : [t]).every((x) => x.isStringLiteral());
}

/** Inside the true side of `Object.hasOwn(obj, key) ? … : …`, `… && …` or `if (…)`. */
function guarded(node: ts.ElementAccessExpression): boolean {
  const guard = `Object.hasOwn(${node.expression.getText()}, ${node.argumentExpression.getText()})`;
  const has = (cond: ts.Node): boolean => cond.getText().replace(/\s+/g, ' ').includes(guard);
  for (let child: ts.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isConditionalExpression(parent) && child === parent.whenTrue && has(parent.condition)) return true;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === parent.right && has(parent.left)) return true;
    if (ts.isIfStatement(parent) && child === parent.thenStatement && has(parent.expression)) return true;
    if (ts.isFunctionLike(parent)) return false;
  }
  return false;
}

/** Lookups on Object.prototype-inheriting tables by non-constant keys, in the program's files under `dir`. */
function sweep(program: ts.Program, dir: string): Finding[] {
  const checker = program.getTypeChecker();
  const found: Finding[] = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || !sf.fileName.startsWith(dir)) continue;
    const visit = (node: ts.Node): void => {
      if (
        ts.isElementAccessExpression(node) &&
        !constantKey(checker, node.argumentExpression) &&
        inheritsLookups(checker, checker.getTypeAtLocation(node.expression)) &&
        !guarded(node)
      ) {
        found.push({ file: path.relative(dir, sf.fileName), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText() });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/** One Program over src/, shared by the sweep and the unit case. */
const sourceProgram = ts.createProgram(PROGRAM_OPTIONS.fileNames, PROGRAM_OPTIONS.options);

describe('lookups keyed by data in src/', () => {
  const program = sourceProgram;
  const findings = sweep(program, path.join(ROOT, 'src') + path.sep);

  it('use a Map, a null-prototype table or an Object.hasOwn guard, or are allowed with a reason', () => {
    const unexplained = findings.filter((f) => !ALLOWED.has(`${f.file} ${f.text}`)).map((f) => `src/${f.file}:${f.line} ${f.text}`);
    expect(unexplained).toEqual([]);
  });

  it('has no stale allowance', () => {
    const seen = new Set(findings.map((f) => `${f.file} ${f.text}`));
    expect([...ALLOWED.keys()].filter((k) => !seen.has(k))).toEqual([]);
    for (const [k, why] of ALLOWED) expect(why.trim(), k).not.toBe('');
  }, 30_000);
});

describe('the sweep', () => {
  it('reports a lookup by a data key on a plain Record, and none of the safe forms', () => {
    const file = path.join(ROOT, 'src', '__sweep-case.ts');
    const text = `
      declare const NULL_PROTOTYPE: unique symbol;
      type NullProtoRecord<T> = Record<string, T> & { readonly [NULL_PROTOTYPE]: true };
      declare const table: Record<string, string>;
      declare const index: { [k: string]: number };
      declare const safe: NullProtoRecord<string>;
      declare const list: string[];
      declare const bytes: Uint8Array;
      declare const map: Map<string, string>;
      export function f(key: string, i: number, known: 'a' | 'b'): unknown[] {
        return [
          table[key],
          index[key.trim()],
          table['constructor'],
          table[known],
          safe[key],
          list[i],
          bytes[i],
          map.get(key),
          Object.hasOwn(table, key) ? table[key] : undefined,
        ];
      }
      export function g(key: string, value: string): void {
        table[key] = value;
      }
    `;
    const host = ts.createCompilerHost(PROGRAM_OPTIONS.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, text, version, true) : getSourceFile(name, version, ...rest));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    // The source program as oldProgram: its library files are reused, so this takes a moment only.
    const program = ts.createProgram({ rootNames: [file], options: PROGRAM_OPTIONS.options, host, oldProgram: sourceProgram });
    expect(sweep(program, path.join(ROOT, 'src') + path.sep).map((f) => f.text)).toEqual(['table[key]', 'index[key.trim()]', 'table[key]']);
  });
});
