// The census against the library: per class, which members a gadget (or a batch) uses and how often,
// and the coverage figure the report shows: documented members used, with a rule, without one.
import type { ApiUse } from '../model.js';
import type { Rule, RuleTable, Usage } from '../rules/table.js';
import { finesseClasses, lineage } from './finesse-types.js';

/** The rule that covers a member of a class: `Class#member` along the lineage, or, for a constant, the enum's read rule. */
export function ruleFor(table: RuleTable, cls: string, member: string, kind: 'method' | 'constant', usage: Usage = 'call'): Rule | undefined {
  if (kind === 'constant') return table.find(`${cls}.${member}`, 'read')?.rule;
  for (const c of lineage(cls)) {
    const found = table.find(`${c}#${member}`, usage) ?? table.find(`${c}#${member}`, 'call') ?? table.find(`${c}#${member}`, 'read');
    if (found) return found.rule;
  }
  return undefined;
}

export interface ClassUses {
  cls: string;
  uses: number;
  members: { member: string; uses: number; documented: boolean; rule?: string }[];
}

export interface Coverage {
  /** Distinct documented members (methods and constants of the inventory) the code uses. */
  documentedUsed: number;
  withRule: number;
  /** Documented members used that no rule covers (Class#member). */
  withoutRule: string[];
  /** Uses of members the documentation does not name (Class#member), and uses the resolver could not type. */
  undocumented: number;
  untyped: number;
}

/** Uses grouped by class (most used first), and the coverage of the documented members among them. */
export function classCensus(uses: ApiUse[], table: RuleTable): { byClass: ClassUses[]; coverage: Coverage } {
  const byClass = new Map<string, Map<string, { uses: number; documented: boolean; rule?: string }>>();
  let untyped = 0;
  let undocumented = 0;
  for (const u of uses) {
    if (u.untyped) untyped++;
    const cls = u.cls ?? u.api;
    const member = u.member ?? (u.api === cls ? '' : u.api.slice(cls.length + 1));
    const members = byClass.get(cls) ?? new Map();
    byClass.set(cls, members);
    const m = members.get(member) ?? { uses: 0, documented: !!u.documented };
    m.uses++;
    members.set(member, m);
    if (!u.documented && u.api.startsWith('finesse.')) undocumented++;
  }
  const withoutRule: string[] = [];
  let documentedUsed = 0;
  let withRule = 0;
  const result: ClassUses[] = [];
  for (const [cls, members] of byClass) {
    const info = finesseClasses().get(cls);
    for (const [member, m] of members) {
      if (!info || !member || !m.documented) continue;
      const kind = info.constants.includes(member) ? 'constant' : 'method';
      const rule = ruleFor(table, cls, member, kind);
      if (rule) m.rule = rule.id;
      documentedUsed++;
      if (rule) withRule++;
      else withoutRule.push(`${cls}${kind === 'constant' ? '.' : '#'}${member}`);
    }
    const list = [...members].map(([member, m]) => ({ member, ...m })).sort((a, b) => b.uses - a.uses || (a.member < b.member ? -1 : 1));
    result.push({ cls, uses: list.reduce((n, m) => n + m.uses, 0), members: list });
  }
  result.sort((a, b) => b.uses - a.uses || (a.cls < b.cls ? -1 : 1));
  return { byClass: result, coverage: { documentedUsed, withRule, withoutRule: withoutRule.sort(), undocumented, untyped } };
}
