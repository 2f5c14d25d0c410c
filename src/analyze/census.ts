// The census: how often each finesse.* / gadgets.* member chain is used, per gadget and per batch.
// It is what the rule table (rules/) is prioritised and measured against.
import type { ApiUse, Census, CensusEntry } from '../model.js';

export function censusOf(uses: ApiUse[]): Census {
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
  return {
    finesse: uses.filter((u) => u.api.startsWith('finesse.')).length,
    gadgets: uses.filter((u) => u.api.startsWith('gadgets.')).length,
    entries,
  };
}

/** Batch totals: per API, the number of uses and of gadgets using it (sites are left out). */
export function mergeCensus(all: Census[]): { finesse: number; gadgets: number; entries: { api: string; count: number; gadgets: number }[] } {
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
  return { finesse, gadgets, entries: [...byApi.values()].sort((a, b) => b.count - a.count || (a.api < b.api ? -1 : 1)) };
}
