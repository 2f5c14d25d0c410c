// The rule table: rules/<ID>/rule.json, one self-contained rule each (fixtures beside it), validated
// against rules/rule.schema.json when loaded. Loaded once per run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type ts from 'typescript';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Ajv2020Module from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { validateRule } from '../generated/rule-validator.js';

export type Confidence = 'exact' | 'approximate' | 'manual' | 'none';
export type Usage = 'call' | 'new' | 'read' | 'assign';

export interface Rule {
  id: string;
  title: string;
  family: string;
  confidence: Confidence;
  /** One API, or several that share the outcome and note. */
  match: { api: string | string[]; usage: Usage };
  /** A code rule that keeps the call names the adapter member it relies on too. */
  emit: { replace: string } | { remove: true } | { todo: true } | { adapter: string } | { code: string; adapter?: string };
  note: string;
  docs: string;
  /** The API is not in the Finesse API inventory, but field gadgets use it. */
  undocumented?: true;
  /** For `code` rules: the rule's own transform (rules/<ID>/<file>.cjs). */
  apply?: CodeRule;
}

/** What a code rule sees of one matched use, and how it edits (byte-range edits, like every rule). */
export interface CodeRuleSite {
  ts: typeof ts;
  /** The matched member chain. */
  node: ts.Expression;
  /** The call or `new` around the chain, when it is one. */
  call?: ts.CallExpression | ts.NewExpression;
  /** The call is a statement of its own (its value is unused). */
  isStatement: boolean;
  /** Original source text of a node. */
  text(node: ts.Node): string;
  /** Overwrites a node of the original with new text. */
  replace(node: ts.Node, text: string): void;
  /** Overwrites the whole statement holding the use. */
  replaceStatement(text: string): void;
  /** What the element's helpers are called in this file (`root`, `host`, ... or `fmContext.x`). */
  names: Record<'root' | 'host' | 'dom' | 'onLoad' | 'on' | 'prefs', string>;
}

export type CodeRule = (site: CodeRuleSite) => { outcome: 'mapped' | 'dropped' | 'todo'; note?: string };

export class RuleTableError extends Error {}

/** The APIs a rule matches. */
export function ruleApis(rule: Rule): string[] {
  return typeof rule.match.api === 'string' ? [rule.match.api] : rule.match.api;
}

/** The adapter member a rule relies on for one matched API (`{member}` is the member's name). */
export function adapterPath(rule: Rule, api: string): string | undefined {
  if (!('adapter' in rule.emit) || rule.emit.adapter === undefined) return undefined;
  const member = api.includes('#') ? api.slice(api.indexOf('#') + 1) : api.slice(api.lastIndexOf('.') + 1);
  return rule.emit.adapter.replace(/\{member\}/g, member);
}

/** The rules/ folder of the package (dist/rules/table.js and src/rules/table.ts are both two levels down). */
export const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

export class RuleTable {
  private readonly byKey = new Map<string, Rule>();
  // Looked up per call site (the adapter member a site relies on).
  private readonly byId: Map<string, Rule>;
  constructor(readonly rules: Rule[]) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
    for (const r of rules) {
      for (const api of ruleApis(r)) {
        const key = `${r.match.usage} ${api}`;
        const clash = this.byKey.get(key);
        if (clash) throw new RuleTableError(`rules ${clash.id} and ${r.id} both match ${key}`);
        this.byKey.set(key, r);
      }
    }
  }

  /**
   * The rule for a use of `api`: an exact match of chain and usage, else the longest rule for a
   * prefix of the chain read as an object (`finesse.cslogger.ClientLogger` for `...ClientLogger.init()`).
   */
  find(api: string, usage: Usage): { rule: Rule; api: string } | undefined {
    const exact = this.byKey.get(`${usage} ${api}`);
    if (exact) return { rule: exact, api };
    // A rule for reading the object covers calling or constructing it too (only the chain is replaced).
    const asRead = usage !== 'read' && usage !== 'assign' ? this.byKey.get(`read ${api}`) : undefined;
    if (asRead) return { rule: asRead, api };
    // A class member is found along its class's lineage by the caller, never by a prefix.
    if (api.includes('#')) return undefined;
    const parts = api.split('.');
    for (let n = parts.length - 1; n >= 2; n--) {
      const prefix = parts.slice(0, n).join('.');
      const rule = this.byKey.get(`read ${prefix}`);
      if (rule) return { rule, api: prefix };
    }
    return undefined;
  }

  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }
}

let loaded: RuleTable | undefined;

export function loadRuleTable(dir = RULES_DIR): RuleTable {
  if (dir === RULES_DIR && loaded) return loaded;
  // The schema we ship is validated by Ajv's standalone code, generated by scripts/schema-validators.mjs
  // (start-up, issue 14: no Ajv to load and no schema to compile at run time), and is checked against
  // the draft 2020-12 meta-schema by test/rules.test.ts. A table of one's own has its own
  // rule.schema.json: compiled here (and checked against the meta-schema), with Ajv loaded by require()
  // (an ESM import of its CommonJS entry is scanned for export names first).
  let validate: ValidateFunction<Rule>;
  if (dir === RULES_DIR) validate = validateRule as unknown as ValidateFunction<Rule>;
  else {
    const schema = JSON.parse(readFileSync(path.join(dir, 'rule.schema.json'), 'utf8')) as object;
    const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof Ajv2020Module;
    validate = new Ajv2020.default({ allErrors: true, strict: true }).compile<Rule>(schema);
  }
  const rules: Rule[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'rule.json');
    if (!existsSync(file)) continue;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new RuleTableError(`${file}: not valid JSON (${(e as Error).message})`);
    }
    if (!validate(value)) {
      throw new RuleTableError(`${file}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '(top)'} ${e.message}`).join('; ')}`);
    }
    if (!name.startsWith(value.id)) throw new RuleTableError(`${file}: the folder must start with the rule id ${value.id}`);
    if ('remove' in value.emit && value.match.usage !== 'call') throw new RuleTableError(`${file}: remove applies to calls only`);
    if ('replace' in value.emit && (value.emit.replace.match(/\$args/g) ?? []).length > 1) throw new RuleTableError(`${file}: $args may appear once`);
    if ('code' in value.emit) {
      const code = path.join(dir, name, value.emit.code);
      const mod = existsSync(code) ? (createRequire(import.meta.url)(code) as { apply?: unknown }) : undefined;
      if (typeof mod?.apply !== 'function') throw new RuleTableError(`${file}: ${value.emit.code} must exist and export apply(site)`);
      Object.defineProperty(value, 'apply', { value: mod.apply as CodeRule, enumerable: false });
    }
    rules.push(value);
  }
  const table = new RuleTable(rules);
  if (dir === RULES_DIR) loaded = table;
  return table;
}
