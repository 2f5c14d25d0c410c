// The rule table, RuleTester-style: every rule in rules/ is valid against rules/rule.schema.json, and
// each of its fixtures/<case>/before.js turns into after.js (reviewed golden; UPDATE_GOLDEN=1 writes it)
// while fixtures/valid/*.js stay byte-identical. A second pass over after.js must change nothing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleTable, ruleTableMarkdown, RULES_DIR } from '../src/rules/table.js';
import { transformSnippet } from '../src/rules/snippet.js';

const table = loadRuleTable();
const ruleDirs = readdirSync(RULES_DIR).filter((d) => existsSync(path.join(RULES_DIR, d, 'rule.json'))).sort();

it('loads every rule folder, ids unique', () => {
  expect(table.rules.map((r) => r.id)).toEqual(ruleDirs.map((d) => d.replace(/^([A-Z]+-\d+).*/, '$1')));
  expect(new Set(table.rules.map((r) => r.id)).size).toBe(table.rules.length);
});

describe.each(ruleDirs)('%s', (dir) => {
  const id = dir.replace(/^([A-Z]+-\d+).*/, '$1');
  const fixtures = path.join(RULES_DIR, dir, 'fixtures');
  const cases = readdirSync(fixtures).filter((c) => c !== 'valid').sort();
  it('has at least one before/after fixture', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)('invalid: %s', (name) => {
    const before = readFileSync(path.join(fixtures, name, 'before.js'), 'utf8');
    const afterFile = path.join(fixtures, name, 'after.js');
    const out = transformSnippet(before, table, `${name}/before.js`);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(afterFile, out.code);
    expect(out.code).toBe(readFileSync(afterFile, 'utf8'));
    // The rule under test fired on this fixture.
    expect(out.sites.some((s) => s.rule === id)).toBe(true);
    // A second pass over converted code changes nothing.
    expect(transformSnippet(out.code, table).code).toBe(out.code);
  });

  const valid = existsSync(path.join(fixtures, 'valid')) ? readdirSync(path.join(fixtures, 'valid')).sort() : [];
  if (valid.length) {
    it.each(valid)('valid: %s', (name) => {
      const code = readFileSync(path.join(fixtures, 'valid', name), 'utf8');
      expect(transformSnippet(code, table).code).toBe(code);
    });
  }
});

describe('the table', () => {
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
    expect(table.find('finesse.restservices.Dialog#getWrapUpReason', 'call')).toBeUndefined();
  });
});
