// The rule table, RuleTester-style: every rule in rules/ is valid against rules/rule.schema.json; each
// of its fixtures/<case>/before.js turns into after.js (reviewed golden; UPDATE_GOLDEN=1 writes it) with
// the outcome and the marks its expect.json states, and only this rule's marks; fixtures/valid/*.js
// stay byte-identical. A second pass over after.js changes nothing. The contract: an adapter rule names
// a member the widget runtime has, every API a rule names is in the Finesse API inventory (or marked
// undocumented), and every method and constant of the current documented API has a rule.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { adapterPath, loadRuleTable, ruleApis, RULES_DIR, type Rule } from '../src/rules/table.js';
import { ruleTableMarkdown } from '../src/rules/readme.js';
import { transformSnippet } from '../src/rules/snippet.js';
import { classPrefix, finesseClasses, memberOf } from '../src/analyze/finesse-types.js';
import { ruleFor } from '../src/analyze/coverage.js';

const table = loadRuleTable();
const ruleDirs = readdirSync(RULES_DIR).filter((d) => existsSync(path.join(RULES_DIR, d, 'rule.json'))).sort();

it('loads every rule folder, ids unique', () => {
  expect(table.rules.map((r) => r.id)).toEqual(ruleDirs.map((d) => d.replace(/^([A-Z]+-\d+).*/, '$1')));
  expect(new Set(table.rules.map((r) => r.id)).size).toBe(table.rules.length);
});

describe.each(ruleDirs)('%s', (dir) => {
  const id = dir.replace(/^([A-Z]+-\d+).*/, '$1');
  const fixtures = path.join(RULES_DIR, dir, 'fixtures');
  const cases = existsSync(fixtures) ? readdirSync(fixtures).filter((c) => c !== 'valid').sort() : [];
  it('has at least one before/after fixture', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)('invalid: %s', (name) => {
    const before = readFileSync(path.join(fixtures, name, 'before.js'), 'utf8');
    // `with`: the other rules a chained shape passes through to reach its object (user.getMediaList → ... → mediaDialog).
    const expected = JSON.parse(readFileSync(path.join(fixtures, name, 'expect.json'), 'utf8')) as { outcome: string; marks: string[]; with?: string[] };
    const afterFile = path.join(fixtures, name, 'after.js');
    const out = transformSnippet(before, table, `${name}/before.js`);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(afterFile, out.code);
    expect(out.code).toBe(readFileSync(afterFile, 'utf8'));
    // The rule under test fired on this fixture, with the outcome it states.
    const mine = out.sites.filter((s) => s.rule === id);
    expect(mine.length).toBeGreaterThan(0);
    expect([...new Set(mine.map((s) => s.outcome))]).toEqual([expected.outcome]);
    // The marks in the output are this rule's (or none), and those of the rules the fixture says it passes through.
    expect([...new Set(out.marks.map((m) => m.id))].sort()).toEqual([...expected.marks].sort());
    expect(expected.marks.filter((m) => m !== id && !(expected.with ?? []).includes(m))).toEqual([]);
    // A second pass over converted code changes nothing.
    expect(transformSnippet(out.code, table).code).toBe(out.code);
  });

  const valid = existsSync(path.join(fixtures, 'valid')) ? readdirSync(path.join(fixtures, 'valid')).sort() : [];
  if (valid.length) {
    it.each(valid)('valid: %s', (name) => {
      const code = readFileSync(path.join(fixtures, 'valid', name), 'utf8');
      const out = transformSnippet(code, table);
      expect(out.code).toBe(code);
      expect(out.sites.filter((s) => s.rule === id)).toEqual([]);
    });
  }
});

/** The members of the widget runtime's GadgetContext, followed along a dotted path (a class through its instances). */
function runtimeMembers(): (p: string) => boolean {
  const configFile = path.join(RULES_DIR, '..', 'runtime', 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const runtimeFile = path.join(RULES_DIR, '..', 'runtime', 'widget', 'runtime.ts');
  const program = ts.createProgram([runtimeFile], parsed.options);
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(runtimeFile)!;
  const ctx = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'GadgetContext')!;
  const root = checker.getTypeAtLocation(ctx);
  return (p) => {
    let t: ts.Type | undefined = root;
    for (const part of p.split('.')) {
      if (!t) return false;
      const sym = checker.getNonNullableType(t).getProperty(part);
      if (!sym) return false;
      t = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(sym, ctx));
      const construct = t.getConstructSignatures()[0];
      if (construct) t = construct.getReturnType();
    }
    return true;
  };
}

describe('the contract', () => {
  it('an adapter rule names a member the widget runtime has', () => {
    const has = runtimeMembers();
    const missing = table.rules.flatMap((r) => ruleApis(r).map((api) => [r, adapterPath(r, api)] as const))
      .filter(([, p]) => p !== undefined && !has(p))
      .map(([r, p]) => `${r.id}: ${p}`);
    expect(missing).toEqual([]);
  });
  it('and the test would see one that does not', () => {
    expect(runtimeMembers()('finesse.User.getState')).toBe(true);
    expect(runtimeMembers()('finesse.User.noSuchMember')).toBe(false);
  });

  it('every API a rule names is in the Finesse API inventory, or the rule says it is undocumented', () => {
    const known = (api: string): boolean => {
      if (api.startsWith('gadgets.')) return true;
      if (api.includes('#')) {
        const [cls, member] = api.split('#') as [string, string];
        return finesseClasses().has(cls) && memberOf(cls, member) !== undefined;
      }
      const cls = classPrefix(api);
      if (!cls) return false;
      const rest = api.slice(cls.name.length + 1);
      return api === cls.name || (!rest.includes('.') && (cls.constants.includes(rest) || memberOf(cls.name, rest) !== undefined));
    };
    const unknown = table.rules.filter((r) => !r.undocumented).flatMap((r) => ruleApis(r).filter((a) => !known(a)).map((a) => `${r.id}: ${a}`));
    expect(unknown).toEqual([]);
    // undocumented is for what really is not in the inventory.
    const needless = table.rules.filter((r) => r.undocumented && ruleApis(r).every(known)).map((r) => r.id);
    expect(needless).toEqual([]);
  });

  it('a template replaces only what a static chain names: methods of objects the gadget holds are adapter, todo, remove or code rules', () => {
    const wrong = table.rules.filter((r: Rule) => 'replace' in r.emit && ruleApis(r).some((a) => a.includes('#') && finesseClasses().get(a.split('#')[0]!)?.kind !== 'singleton'));
    expect(wrong.map((r) => r.id)).toEqual([]);
  });

  it('every method and constant of the current documented API has a rule', () => {
    const uncovered: string[] = [];
    for (const c of finesseClasses().values()) {
      if (c.status !== 'current') continue;
      for (const m of c.methods) if (!ruleFor(table, c.name, m, 'method')) uncovered.push(`${c.name}#${m}`);
      for (const k of c.constants) if (!ruleFor(table, c.name, k, 'constant')) uncovered.push(`${c.name}.${k}`);
    }
    expect(uncovered).toEqual([]);
  });
});

describe('the table', () => {
  it('has a schema that is valid draft 2020-12 (the tool does not re-check it at every run)', async () => {
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020.default({ allErrors: true, strict: true });
    expect(ajv.validateSchema(JSON.parse(readFileSync(path.join(RULES_DIR, 'rule.schema.json'), 'utf8')) as object), JSON.stringify(ajv.errors)).toBe(true);
  });
  it('is listed, current, in rules/README.md', () => {
    const file = path.join(RULES_DIR, 'README.md');
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, ruleTableMarkdown(table));
    expect(readFileSync(file, 'utf8')).toBe(ruleTableMarkdown(table));
  });
  it('refuses a rule that does not match its schema, naming the file', async () => {
    const { mkdtempSync, mkdirSync, copyFileSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fm-rules-'));
    copyFileSync(path.join(RULES_DIR, 'rule.schema.json'), path.join(dir, 'rule.schema.json'));
    mkdirSync(path.join(dir, 'XYZ-01-bad'));
    writeFileSync(path.join(dir, 'XYZ-01-bad', 'rule.json'), JSON.stringify({ id: 'XYZ-01', title: 'bad rule', family: 'GAD', confidence: 'sure', match: { api: 'gadgets.x', usage: 'call' }, emit: { todo: true }, note: 'a note long enough', docs: 'none' }));
    expect(() => loadRuleTable(dir)).toThrow(/XYZ-01-bad\/rule\.json: \/confidence must be equal to one of the allowed values/);
  });
  it('finds the longest rule for a chain, and nothing for an API no rule covers', () => {
    expect(table.find('finesse.cslogger.ClientLogger.init', 'call')).toMatchObject({ rule: { id: 'LOG-01' }, api: 'finesse.cslogger.ClientLogger' });
    expect(table.find('gadgets.io.RequestParameters.METHOD', 'read')).toMatchObject({ rule: { id: 'GAD-07' } });
    expect(table.find('finesse.restservices.Dialog#noSuchMethod', 'call')).toBeUndefined();
  });
});
