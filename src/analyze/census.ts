// The census: how often each finesse.* / gadgets.* member chain is used, per gadget and per batch.
// It is what the rule table (rules/) is prioritised and measured against.
import type { ApiUse, Census, CensusEntry } from '../model.js';
import { loadRuleTable, type RuleTable } from '../rules/table.js';
import { classCensus, type ClassUses, type Coverage } from './coverage.js';

export function censusOf(uses: ApiUse[], table: RuleTable = loadRuleTable()): Census {
  const byApi = new Map<string, CensusEntry>();
  for (const u of uses) {
    let e = byApi.get(u.api);
    if (!e) {
      e = { api: u.api, count: 0, calls: 0, sites: [] };
      byApi.set(u.api, e);
    }
    e.count++;
    if (u.usage === 'call' || u.usage === 'new') e.calls++;
    e.sites.push(u.at);
  }
  const entries = [...byApi.values()].sort((a, b) => b.count - a.count || (a.api < b.api ? -1 : 1));
  const { byClass, coverage } = classCensus(uses, table);
  return {
    finesse: uses.filter((u) => u.api.startsWith('finesse.')).length,
    gadgets: uses.filter((u) => u.api.startsWith('gadgets.')).length,
    entries,
    classes: byClass,
    coverage,
  };
}

export interface BatchCensus {
  finesse: number;
  gadgets: number;
  entries: { api: string; count: number; gadgets: number }[];
  /** Uses by class over the batch, with the number of gadgets using each. */
  classes: (ClassUses & { gadgets: number })[];
  coverage: Coverage;
}

/** Batch totals: per API, the number of uses and of gadgets using it (sites are left out). */
export function mergeCensus(all: Census[]): BatchCensus {
  const byApi = new Map<string, { api: string; count: number; gadgets: number }>();
  let finesse = 0;
  let gadgets = 0;
  for (const c of all) {
    finesse += c.finesse;
    gadgets += c.gadgets;
    for (const e of c.entries) {
      const t = byApi.get(e.api) ?? { api: e.api, count: 0, gadgets: 0 };
      t.count += e.count;
      t.gadgets++;
      byApi.set(e.api, t);
    }
  }
  // By class: members summed over gadgets; coverage over the distinct documented members of the batch.
  const classes = new Map<string, ClassUses & { gadgets: number }>();
  const coverage: Coverage = { documentedUsed: 0, withRule: 0, withoutRule: [], undocumented: 0, untyped: 0 };
  const seen = new Set<string>();
  for (const c of all) {
    coverage.undocumented += c.coverage?.undocumented ?? 0;
    coverage.untyped += c.coverage?.untyped ?? 0;
    for (const k of c.classes ?? []) {
      const t = classes.get(k.cls) ?? { cls: k.cls, uses: 0, gadgets: 0, members: [] };
      t.uses += k.uses;
      t.gadgets++;
      for (const m of k.members) {
        const tm = t.members.find((x) => x.member === m.member);
        if (tm) tm.uses += m.uses;
        else t.members.push({ ...m });
        const key = `${k.cls} ${m.member}`;
        if (m.documented && m.member && !seen.has(key)) {
          seen.add(key);
          coverage.documentedUsed++;
          if (m.rule) coverage.withRule++;
        }
      }
      classes.set(k.cls, t);
    }
    for (const w of c.coverage?.withoutRule ?? []) if (!coverage.withoutRule.includes(w)) coverage.withoutRule.push(w);
  }
  coverage.withoutRule.sort();
  for (const t of classes.values()) t.members.sort((a, b) => b.uses - a.uses || (a.member < b.member ? -1 : 1));
  return {
    finesse,
    gadgets,
    entries: [...byApi.values()].sort((a, b) => b.count - a.count || (a.api < b.api ? -1 : 1)),
    classes: [...classes.values()].sort((a, b) => b.uses - a.uses || (a.cls < b.cls ? -1 : 1)),
    coverage,
  };
}
