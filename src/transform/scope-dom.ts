// Pass over one gadget script: scope its document look-ups to the element's shadow root, capture its
// bootstrap (onConnect, onload, ready) so the element can run it after Desktop.config.init, and mark
// what cannot work inside a shadow root. Edits are byte-range edits on a MagicString, so everything
// not touched stays byte-identical and maps back to the gadget file.
import ts from 'typescript';
import type MagicString from 'magic-string';
import type { SourcePosition } from '../model.js';
import { isOwnNamespace } from '../analyze/scan.js';
import { reviewComment, todoComment, type CallSite, type Mark } from './marks.js';
import type { RuleTable, Rule, Usage } from '../rules/table.js';
import { OBJECT_CLASS, type FinesseObjectType } from './track-objects.js';

export interface ScriptEditContext {
  ms: MagicString;
  /** Offset of the script's first character inside `ms`'s original text. */
  base: number;
  /** Position in the gadget file of a node. */
  at: (node: ts.Node) => SourcePosition;
  /** Widget-relative file the script ends up in (for marks). */
  outFile: string;
  marks: Mark[];
  /** What the emitted code calls the runtime's helpers (`root`, or `fmContext.root` where the gadget has its own `root`). */
  names: HelperNames;
  rules: RuleTable;
  /** Names that hold Finesse REST objects (see track-objects.ts). */
  objects?: Map<string, FinesseObjectType>;
}

export const HELPERS = ['root', 'host', 'dom', 'onLoad', 'on', 'prefs'] as const;
export type HelperNames = Record<(typeof HELPERS)[number], string>;

/** Helper names the gadget code does not declare itself are used bare; the others through the context. */
export function helperNames(declared: Set<string>): HelperNames {
  return Object.fromEntries(HELPERS.map((h) => [h, declared.has(h) ? `fmContext.${h}` : h])) as HelperNames;
}

/** Every name the code declares, in any scope (variables, functions, classes, parameters, catch bindings). */
export function declaredNames(sf: ts.SourceFile, into: Set<string>): void {
  const visit = (n: ts.Node): void => {
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) && ts.isIdentifier(n.name)) into.add(n.name.text);
    if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassDeclaration(n)) && n.name) into.add(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

export interface ScopeResult {
  /** Bootstrap registrations rewritten to `onLoad(...)`. */
  bootstraps: number;
  /** The script uses `$` or `jQuery`. */
  usesJQuery: boolean;
  /** finesse.* / gadgets.* uses no rule covers, by API. */
  unmapped: Map<string, number>;
  /** Every finesse.* / gadgets.* use and what became of it. */
  sites: CallSite[];
}

/** Look-ups a ShadowRoot answers itself. */
const ROOT_METHODS = new Set(['getElementById', 'querySelector', 'querySelectorAll']);
/** Look-ups a ShadowRoot lacks; `dom.*` answers them from the root (static lists, not live). */
const DOM_HELPERS = new Set(['getElementsByClassName', 'getElementsByTagName', 'getElementsByName']);
/** `document.body.<member>` that is about the element's box, answered by the host element. */
const HOST_MEMBERS = new Set([
  'style', 'classList', 'className', 'setAttribute', 'getAttribute', 'removeAttribute', 'hasAttribute', 'dataset',
  'clientWidth', 'clientHeight', 'offsetWidth', 'offsetHeight', 'scrollWidth', 'scrollHeight', 'scrollTop', 'scrollLeft',
  'getBoundingClientRect', 'dir', 'lang',
]);

const isDocument = (n: ts.Expression): boolean =>
  (ts.isIdentifier(n) && n.text === 'document') ||
  (ts.isPropertyAccessExpression(n) && n.name.text === 'document' && ts.isIdentifier(n.expression) && n.expression.text === 'window');
const isWindow = (n: ts.Expression): boolean => ts.isIdentifier(n) && (n.text === 'window' || n.text === 'self');
const isJQuery = (n: ts.Expression): boolean => ts.isIdentifier(n) && (n.text === '$' || n.text === 'jQuery');
const isFunctionLike = (n: ts.Node | undefined): boolean => !!n && (ts.isFunctionExpression(n) || ts.isArrowFunction(n));

function chain(n: ts.Expression): string | undefined {
  if (ts.isIdentifier(n)) return n.text;
  if (ts.isPropertyAccessExpression(n)) {
    const left = chain(n.expression);
    return left === undefined ? undefined : `${left}.${n.name.text}`;
  }
  return undefined;
}

/** The leftmost string piece of a selector argument (`'#a'`, `'#a' + id`, `` `#${x}` ``). */
function leadingText(n: ts.Expression): string | undefined {
  if (ts.isStringLiteralLike(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text;
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) return leadingText(n.left);
  if (ts.isParenthesizedExpression(n)) return leadingText(n.expression);
  return undefined;
}

export function scopeDom(sf: ts.SourceFile, cx: ScriptEditContext): ScopeResult {
  const { ms, base, names } = cx;
  const start = (n: ts.Node): number => base + n.getStart(sf);
  const end = (n: ts.Node): number => base + n.getEnd();
  const result: ScopeResult = { bootstraps: 0, usesJQuery: false, unmapped: new Map(), sites: [] };
  // Ranges a rule removed: nothing inside them may be edited again.
  const removed: [number, number][] = [];
  // finesse.* / gadgets.* uses no pass handles yet, grouped per statement so each gets one comment.
  const pending = new Map<ts.Node, { apis: string[]; first: ts.Node }>();
  /** A statement that already carries our comment for `id` (a second run over converted code) gets no second one. */
  const hasComment = (stmt: ts.Node, id: string): boolean =>
    (ts.getLeadingCommentRanges(sf.text, stmt.getFullStart()) ?? []).some((r) => sf.text.slice(r.pos, r.end).includes(`(finesse-migrate) [${id}]`));
  const mark = (node: ts.Node, id: string, message: string): void => {
    if (!hasComment(statementOf(node), id)) ms.appendLeft(start(statementOf(node)), todoComment(id, message) + '\n' + indentOf(sf, statementOf(node)));
    cx.marks.push({ id, kind: 'todo', message, at: cx.at(node), file: cx.outFile });
  };
  // One comment per statement and rule, however many uses the statement has.
  const noted = new Set<string>();
  const note = (node: ts.Node, rule: Rule, kind: 'todo' | 'review', message = rule.note): void => {
    const stmt = statementOf(node);
    const key = `${stmt.getStart(sf)} ${rule.id}`;
    if (noted.has(key)) return;
    noted.add(key);
    const text = kind === 'todo' ? todoComment(rule.id, message) : reviewComment(rule.id, message);
    if (!hasComment(stmt, rule.id)) ms.appendLeft(start(stmt), text + '\n' + indentOf(sf, stmt));
    cx.marks.push({ id: rule.id, kind, message, at: cx.at(node), file: cx.outFile });
  };
  const fill = (template: string): string => template.replace(/\$(root|host|dom|onLoad|on|prefs)\b/g, (_, h: keyof HelperNames) => names[h]);

  /** Applies the rule table to the outermost member chain `node` (an `api` use); false when no rule covers it. */
  const applyRule = (node: ts.Expression, api: string): boolean => {
    const parent = node.parent;
    const usage: Usage =
      ts.isCallExpression(parent) && parent.expression === node ? 'call'
        : ts.isNewExpression(parent) && parent.expression === node ? 'new'
          : ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken ? 'assign'
            : 'read';
    const found = cx.rules.find(api, usage);
    if (!found) return false;
    const { rule } = found;
    const site = (outcome: CallSite['outcome']): void => {
      result.sites.push({ api, rule: rule.id, outcome, at: cx.at(node) });
    };
    const whole = found.api === api;
    // A read rule used for a call or `new` replaces only the chain, not the call.
    const call = whole && rule.match.usage === usage && (usage === 'call' || usage === 'new') ? (parent as ts.CallExpression | ts.NewExpression) : undefined;
    if ('todo' in rule.emit) {
      note(node, rule, 'todo');
      site('todo');
      return true;
    }
    if ('code' in rule.emit) {
      if (!rule.apply) throw new Error(`rule ${rule.id} has no code loaded`);
      const stmt = statementOf(node);
      const callNode = whole && (usage === 'call' || usage === 'new') ? (parent as ts.CallExpression | ts.NewExpression) : undefined;
      const isStatement = !!callNode && ts.isExpressionStatement(callNode.parent);
      const done = rule.apply({
        ts,
        node,
        ...(callNode ? { call: callNode } : {}),
        isStatement,
        text: (n) => n.getText(sf),
        replace: (n, text) => ms.overwrite(start(n), end(n), text),
        replaceStatement: (text) => {
          ms.overwrite(start(stmt), end(stmt), text);
          removed.push([start(stmt), end(stmt)]);
        },
        names,
      });
      const message = done.note ?? rule.note;
      if (done.outcome === 'todo') note(node, rule, 'todo', message);
      else if (done.outcome === 'mapped' && rule.confidence === 'approximate') note(node, rule, 'review', message);
      site(done.outcome);
      return true;
    }
    if ('adapter' in rule.emit) {
      // Methods are matched on tracked objects above; a static chain with an adapter rule stays as written.
      site('mapped');
      return true;
    }
    if ('remove' in rule.emit) {
      const stmt = call?.parent;
      if (call && stmt && ts.isExpressionStatement(stmt)) {
        ms.overwrite(start(stmt), end(stmt), `/* finesse-migrate [${rule.id}] removed ${api}(): ${rule.note.replace(/\*\//g, '* /')} */`);
        removed.push([start(stmt), end(stmt)]);
        site('dropped');
        return true;
      }
      // The value is used: it cannot just go.
      note(node, rule, 'todo', `the result of ${api}() is used, so the call stays; ${rule.note}`);
      site('todo');
      return true;
    }
    const template = fill(rule.emit.replace);
    if (template.includes(names.onLoad + '(')) result.bootstraps++;
    if (call) {
      const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
      const [before, after] = template.includes('$args') ? template.split('$args') as [string, string] : [template, undefined];
      if (after === undefined || args.length === 0) ms.overwrite(start(call), end(call), before + (after ?? ''));
      else {
        ms.overwrite(start(call), start(args[0]!), before);
        ms.overwrite(end(args[args.length - 1]!), end(call), after);
      }
    } else if (usage === 'assign' && whole && template.includes('$value')) {
      const assignment = parent as ts.BinaryExpression;
      const [before, after] = template.split('$value') as [string, string];
      ms.overwrite(start(assignment), start(assignment.right), before);
      ms.appendLeft(end(assignment.right), after);
    } else {
      // A read of the chain, or of the prefix the rule names: replace just that part.
      let target: ts.Expression = node;
      while (chain(target) !== found.api && ts.isPropertyAccessExpression(target)) target = target.expression;
      ms.overwrite(start(target), end(target), template);
    }
    // Approximations matter where something is called; a constant or an argument passed along needs no note.
    if (rule.confidence === 'approximate' && (usage === 'call' || usage === 'new' || usage === 'assign')) note(node, rule, 'review');
    if (rule.confidence === 'manual' || rule.confidence === 'none') note(node, rule, 'todo');
    site(rule.confidence === 'manual' || rule.confidence === 'none' ? 'todo' : 'mapped');
    return true;
  };
  const toOnLoad = (callee: ts.Node): void => {
    ms.overwrite(start(callee), end(callee), names.onLoad);
    result.bootstraps++;
  };

  const visit = (node: ts.Node): void => {
    if (removed.some(([a, b]) => start(node) >= a && end(node) <= b)) return;
    if (ts.isIdentifier(node) && (node.text === '$' || node.text === 'jQuery') && !ts.isPropertyAccessExpression(node.parent)) {
      result.usesJQuery = true;
    }
    if (ts.isIdentifier(node) && (node.text === '$' || node.text === 'jQuery') && ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) {
      result.usesJQuery = true;
    }

    // Bootstrap assignments: gadgets.HubSettings.onConnect = fn; window.onload = fn
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = chain(node.left as ts.Expression);
      if (target === 'window.onload' || target === 'onload') {
        ms.overwrite(start(node.left), start(node.right), `${names.onLoad}(`);
        ms.appendLeft(end(node.right), ')');
        result.bootstraps++;
        visit(node.right);
        return;
      }
      if (target === 'document.title' || target === 'window.document.title') {
        mark(node, 'DOM-TITLE', 'setting document.title would rename the whole Desktop; set the widget title through the layout wrapper instead');
      }
      if (target && /^(window\.|document\.)?location(\.href)?$/.test(target)) {
        mark(node, 'DOM-NAVIGATE', 'navigating the page would leave the Desktop; open a new window or use an iframe widget');
      }
    }

    // Methods on Finesse REST objects (user.getState(), dialog.getFromAddress()): the adapter object implements
    // what a rule maps; the rest is marked.
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)) {
      const type = cx.objects?.get(node.expression.expression.text);
      if (type) {
        const api = `${OBJECT_CLASS[type]}#${node.expression.name.text}`;
        const found = cx.rules.find(api, 'call');
        if (found) {
          const { rule } = found;
          // The adapter implements `adapter` rules (a deliberate no-op where there is no equivalent: dropped);
          // anything else stays as written for a person.
          let outcome: CallSite['outcome'];
          if ('adapter' in rule.emit && rule.confidence !== 'manual') {
            if (rule.confidence === 'approximate') note(node, rule, 'review');
            outcome = rule.confidence === 'none' ? 'dropped' : 'mapped';
          } else {
            note(node, rule, 'todo');
            outcome = 'todo';
          }
          result.sites.push({ api, rule: rule.id, outcome, at: cx.at(node) });
        } else {
          const stmt = statementOf(node);
          const entry = pending.get(stmt) ?? { apis: [], first: node };
          if (!entry.apis.includes(api)) entry.apis.push(api);
          pending.set(stmt, entry);
          result.unmapped.set(api, (result.unmapped.get(api) ?? 0) + 1);
          result.sites.push({ api, outcome: 'unmapped', at: cx.at(node) });
        }
      }
    }

    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = chain(callee);
      // $(document).ready(fn), $(fn), jQuery(fn)
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'ready' && ts.isCallExpression(callee.expression) &&
        isJQuery(callee.expression.expression) && callee.expression.arguments.length === 1 && isDocument(callee.expression.arguments[0]!)) {
        result.usesJQuery = true;
        toOnLoad(callee);
        node.arguments.forEach(visit);
        return;
      }
      if (isJQuery(callee) && node.arguments.length === 1 && isFunctionLike(node.arguments[0])) {
        result.usesJQuery = true;
        toOnLoad(callee);
        node.arguments.forEach(visit);
        return;
      }
      // window.addEventListener('load', fn), document.addEventListener('DOMContentLoaded', fn)
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'addEventListener' && node.arguments.length >= 2) {
        const ev = node.arguments[0]!;
        const on = callee.expression;
        if (ts.isStringLiteralLike(ev) && ((isWindow(on) && ev.text === 'load') || (isDocument(on) && ev.text === 'DOMContentLoaded'))) {
          ms.overwrite(start(node), start(node.arguments[1]!), `${names.onLoad}(`);
          ms.overwrite(end(node.arguments[1]!), end(node), ')');
          result.bootstraps++;
          visit(node.arguments[1]!);
          return;
        }
      }
      // document.getElementById(...) and friends
      if (ts.isPropertyAccessExpression(callee) && isDocument(callee.expression)) {
        const method = callee.name.text;
        if (ROOT_METHODS.has(method)) ms.overwrite(start(callee.expression), end(callee.expression), names.root);
        else if (DOM_HELPERS.has(method)) {
          ms.overwrite(start(callee.expression), end(callee.expression), names.dom);
          const tag = node.arguments[0];
          if (method === 'getElementsByTagName' && tag && ts.isStringLiteralLike(tag) && /^(head|html|body)$/i.test(tag.text)) {
            mark(node, 'DOM-GLOBAL', `a shadow root has no <${tag.text.toLowerCase()}>; append to the widget's root (or host) instead`);
          }
        }
        else if (method === 'write' || method === 'writeln') {
          mark(node, 'DOM-WRITE', `document.${method} cannot write into a shadow root; put the markup in template.html or build it with DOM methods`);
        }
      }
      if (name && /^(window\.|document\.)?location\.(reload|assign|replace)$/.test(name)) {
        mark(node, 'DOM-NAVIGATE', `${name}() would reload or leave the whole Desktop, not just this widget`);
      }
      // $('#x') → $('#x', root); $(document) → $(root)
      if (isJQuery(callee) && node.arguments.length === 1) {
        result.usesJQuery = true;
        const arg = node.arguments[0]!;
        const text = leadingText(arg);
        if (isDocument(arg)) {
          ms.overwrite(start(arg), end(arg), names.root);
        } else if (text !== undefined && !text.trimStart().startsWith('<')) {
          const sel = text.trim();
          if (/^(html|body)$/i.test(sel) && ts.isStringLiteralLike(arg)) ms.overwrite(start(arg), end(arg), names.root);
          else if (/^(html|body)\b/i.test(sel)) {
            mark(node, 'DOM-SELECTOR', `the selector starts at <${sel.split(/\b/)[0]}>, which a shadow root does not have; rewrite it relative to the widget`);
          } else ms.appendLeft(end(arg), `, ${names.root}`);
        }
      }
    }

    // finesse.* / gadgets.* uses: the rule table rewrites what it covers; the rest is marked.
    if (ts.isPropertyAccessExpression(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node)) {
      const api = chain(node)?.replace(/^window\./, '');
      const root = api?.split('.', 1)[0];
      if (api && (root === 'finesse' || root === 'gadgets') && !isOwnNamespace(api)) {
        if (applyRule(node, api)) return;
        const stmt = statementOf(node);
        const entry = pending.get(stmt) ?? { apis: [], first: node };
        if (!entry.apis.includes(api)) entry.apis.push(api);
        pending.set(stmt, entry);
        result.unmapped.set(api, (result.unmapped.get(api) ?? 0) + 1);
        result.sites.push({ api, outcome: 'unmapped', at: cx.at(node) });
      }
    }

    // document.body → root (or host for box members); document.head/documentElement are the Desktop's
    if (ts.isPropertyAccessExpression(node) && isDocument(node.expression)) {
      const member = node.name.text;
      if (member === 'body') {
        const parent = node.parent;
        const hostMember = ts.isPropertyAccessExpression(parent) && parent.expression === node && HOST_MEMBERS.has(parent.name.text);
        ms.overwrite(start(node), end(node), hostMember ? names.host : names.root);
        return;
      }
      if (member === 'head' || member === 'documentElement') {
        mark(node, 'DOM-GLOBAL', `document.${member} belongs to the Desktop page, not to this widget; styles and nodes added there do not reach the shadow root`);
      }
    }
    // Reading the page URL: in Finesse that was the gadget's own iframe URL, carrying Shindig's parameters.
    if (ts.isPropertyAccessExpression(node) && /^(window\.|document\.|window\.document\.)?location\.(href|search|hash)$/.test(chain(node) ?? '')) {
      const p = node.parent;
      const assigned = ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      if (!assigned) {
        mark(node, 'PAGE-URL', `${chain(node)} was the gadget's own iframe URL, where Shindig passed its prefs and container parameters (up_*, mid, lang); a widget sees the Desktop's URL: read prefs or the element's attributes instead`);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const [stmt, { apis, first }] of pending) {
    const message = `${apis.join(', ')}: no rule maps ${apis.length > 1 ? 'these' : 'this'} to the Desktop SDK, and the Desktop loads neither the Finesse library nor the Shindig container`;
    if (!hasComment(stmt, 'NO-RULE')) ms.appendLeft(start(stmt), todoComment('NO-RULE', message) + '\n' + indentOf(sf, stmt));
    cx.marks.push({ id: 'NO-RULE', kind: 'todo', message, at: cx.at(first), file: cx.outFile });
  }
  return result;
}

function statementOf(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && !ts.isSourceFile(n.parent) && !ts.isBlock(n.parent) && !ts.isCaseClause(n.parent) && !ts.isDefaultClause(n.parent)) n = n.parent;
  return n;
}

function indentOf(sf: ts.SourceFile, node: ts.Node): string {
  const text = sf.text;
  const s = node.getStart(sf);
  const lineStart = text.lastIndexOf('\n', s - 1) + 1;
  const prefix = text.slice(lineStart, s);
  return /^[ \t]*$/.test(prefix) ? prefix : '';
}
