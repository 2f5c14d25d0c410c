// Runs the script pass (rule table + shadow-root scoping) over one piece of JavaScript, as it runs
// over each gadget script. Used by the rule fixtures (test/rules.test.ts).
import MagicString from 'magic-string';
import { ts } from '../typescript.js';
import { declaredNames, helperNames, scopeDom } from '../transform/scope-dom.js';
import type { CallSite, Mark } from '../transform/marks.js';
import type { RuleTable } from './table.js';
import { resolveUses } from '../analyze/resolve.js';

export function transformSnippet(code: string, rules: RuleTable, file = 'snippet.js'): { code: string; marks: Mark[]; sites: CallSite[] } {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const declared = new Set<string>();
  declaredNames(sf, declared);
  const ms = new MagicString(code);
  const marks: Mark[] = [];
  const at = (n: ts.Node): { file: string; line: number; column: number } => {
    const p = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    return { file, line: p.line + 1, column: p.character + 1 };
  };
  const result = scopeDom(sf, { ms, base: 0, at, outFile: file, marks, names: helperNames(declared), rules, resolution: resolveUses([sf]) });
  return { code: ms.toString(), marks, sites: result.sites };
}
