// $STORE bindings of a widget's layout entry: where the gadget code reads data the Desktop's data
// provider publishes (guide "Data Provider"; target.md B), the entry binds that key to a property of
// the element, so the Desktop keeps it current. The element hands the values to the Finesse adapter,
// which prefers them to its SDK look-ups. Only documented keys are bound.
import type { CallSite } from '../transform/marks.js';

export interface StoreBinding {
  /** The element property the Desktop sets. */
  property: string;
  /** The data-provider key, as written in the layout. */
  store: string;
  /** TypeScript type of the value. */
  type: string;
  /** Rules whose call sites read the value. */
  rules: string[];
}

/**
 * Rule id → the value it reads, where the adapter reads the bound value first. Not bound:
 * $STORE.agent.subStatus (it holds the idle code's name where User.getState must tell READY from
 * NOT_READY) and the selected task (a Finesse dialog is any active contact, not the selected one).
 */
const BY_RULE: Record<string, Omit<StoreBinding, 'rules'>> = {
  'USR-12': { property: 'agentId', store: '$STORE.agent.agentId', type: 'string' },
  'USR-07': { property: 'agentName', store: '$STORE.agent.agentName', type: 'string' },
  'USR-08': { property: 'agentName', store: '$STORE.agent.agentName', type: 'string' },
  'USR-13': { property: 'agentName', store: '$STORE.agent.agentName', type: 'string' },
  'USR-06': { property: 'dnNumber', store: '$STORE.agent.dnNumber', type: 'string' },
  'USR-09': { property: 'teamName', store: '$STORE.agent.teamName', type: 'string' },
  'USR-10': { property: 'teamId', store: '$STORE.agent.teamId', type: 'string' },
  'USR-05': { property: 'idleCodes', store: '$STORE.agent.idleCodes', type: 'Array<{ id: string; name: string; isSystem?: boolean }>' },
};

/** The bindings a widget's call sites call for, in a stable order; none for a site left as TODO. */
export function storeBindings(sites: CallSite[]): StoreBinding[] {
  const found = new Map<string, StoreBinding>();
  for (const s of sites) {
    const b = s.rule && s.outcome === 'mapped' ? BY_RULE[s.rule] : undefined;
    if (!b) continue;
    const have = found.get(b.property);
    if (have) {
      if (!have.rules.includes(s.rule!)) have.rules.push(s.rule!);
    } else found.set(b.property, { ...b, rules: [s.rule!] });
  }
  for (const b of found.values()) b.rules.sort();
  return [...found.values()].sort((a, b) => (a.property < b.property ? -1 : 1));
}
