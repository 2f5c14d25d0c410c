// rules/README.md: the table a reviewer reads, generated from the rule files (test/rules.test.ts keeps
// it current), by library class, with the coverage of the documented Finesse API.
import { apiClass } from '../analyze/resolve.js';
import { finesseClasses } from '../analyze/finesse-types.js';
import { ruleFor } from '../analyze/coverage.js';
import { ruleApis, type Rule, type RuleTable } from './table.js';

export function ruleTableMarkdown(table: RuleTable): string {
  const esc = (t: string): string => t.replace(/\|/g, '\\|');
  const classes = [...finesseClasses().values()];
  const current = classes.filter((c) => c.status === 'current' && c.name.startsWith('finesse.'));
  const count = (kind: 'methods' | 'constants', covered: boolean): number =>
    current.reduce((n, c) => n + c[kind].filter((m) => !!ruleFor(table, c.name, m, kind === 'methods' ? 'method' : 'constant') === covered).length, 0);
  const lines = [
    '# The rule table',
    '',
    'One folder per rule (see [AUTHORING.md](AUTHORING.md)): `rule.json` (validated by',
    '[rule.schema.json](rule.schema.json) when loaded), `fixtures/<case>/before.js` → `after.js` with the',
    'outcome and marks in `expect.json`, and `fixtures/valid/*.js` that must not change. This file is',
    'generated from the rule files by the tests (`UPDATE_GOLDEN=1 npx vitest run test/rules.test.ts`).',
    '',
    'Confidence: **exact** same behaviour; **approximate** rewritten, with a `REVIEW(finesse-migrate)` note;',
    '**manual** depends on tenant data or a design decision, a `TODO(finesse-migrate)` stays; **none** no',
    'Desktop equivalent, removed on purpose (or marked TODO where its value is used).',
    '',
    '## Coverage of the documented Finesse API',
    '',
    `Of the current documented API ([finesse-api-inventory.json](finesse-api-inventory.json): ${current.length} current classes),`,
    `${count('methods', true)} of ${count('methods', true) + count('methods', false)} methods and ${count('constants', true)} of ${count('constants', true) + count('constants', false)} constants have a rule. A method reached on any object`,
    'of its class (or a subclass) finds its rule through `src/analyze/resolve.ts`; a constant, through its enum\'s rule.',
    '',
  ];
  const uncovered = current.flatMap((c) => [
    ...c.methods.filter((m) => !ruleFor(table, c.name, m, 'method')).map((m) => `${c.name}#${m}`),
    ...c.constants.filter((k) => !ruleFor(table, c.name, k, 'constant')).map((k) => `${c.name}.${k}`),
  ]);
  if (uncovered.length) lines.push(`Without a rule: ${uncovered.map((u) => `\`${u}\``).join(', ')}.`, '');

  // By class: each rule under the class of its (first) API, classes in name order, gadgets.* last.
  const byClass = new Map<string, Rule[]>();
  for (const r of table.rules) {
    const cls = apiClass(ruleApis(r)[0]!);
    byClass.set(cls, [...(byClass.get(cls) ?? []), r]);
  }
  const order = [...byClass.keys()].sort((a, b) => (a.startsWith('gadgets.') === b.startsWith('gadgets.') ? (a < b ? -1 : 1) : a.startsWith('gadgets.') ? 1 : -1));
  lines.push('## Rules by class', '');
  for (const cls of order) {
    const info = finesseClasses().get(cls);
    lines.push(`### \`${cls}\`${info ? ` (${info.kind}, ${info.status})` : ''}`, '', '| id | matches | does | confidence | note | docs |', '|---|---|---|---|---|---|');
    for (const r of byClass.get(cls)!) {
      const does = 'replace' in r.emit ? `→ \`${esc(r.emit.replace)}\``
        : 'remove' in r.emit ? 'removes the statement'
          : 'code' in r.emit ? `its own code (\`${r.emit.code}\`)${r.emit.adapter ? `; the adapter's \`${esc(r.emit.adapter)}\`` : ''}`
            : 'adapter' in r.emit ? `kept; the adapter's \`${esc(r.emit.adapter)}\`` : 'marks TODO';
      const apis = ruleApis(r).map((a) => `\`${a.startsWith(cls) && a !== cls ? a.slice(cls.length) : a}\``).join(', ');
      lines.push(`| ${r.id} | ${apis} (${r.match.usage})${r.undocumented ? ' *undocumented*' : ''} | ${does} | ${r.confidence} | ${esc(r.note)} | ${esc(r.docs)} |`);
    }
    lines.push('');
  }
  lines.push('Uses of `finesse.*` / `gadgets.*` that no rule matches are left as written and marked `[NO-RULE]`;', 'the report counts them as unmapped.', '');
  return lines.join('\n');
}
