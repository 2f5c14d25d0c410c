// Pass over one gadget script: scope its document look-ups to the element's shadow root, capture its
// bootstrap (onConnect, onload, ready) so the element can run it after Desktop.config.init, and mark
// what cannot work inside a shadow root. Edits are byte-range edits on a MagicString, so everything
// not touched stays byte-identical and maps back to the gadget file.
import { ts } from '../typescript.js';
import type MagicString from 'magic-string';
import type { SourcePosition } from '../model.js';
import { reviewComment, todoComment, type CallSite, type Mark } from './marks.js';
import type { RuleTable, Rule } from '../rules/table.js';
import type { Resolution, ResolvedUse } from '../analyze/resolve.js';
import { ruleFor } from '../analyze/coverage.js';

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
  /** The gadget's finesse.* / gadgets.* uses, typed (analyze/resolve.ts): the same answer the census counts. */
  resolution: Resolution;
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
  // Everything between the previous token and the statement: TypeScript's leading comments leave out one on the line of the previous token (`{ /* TODO */`).
  const hasComment = (stmt: ts.Node, id: string): boolean =>
    sf.text.slice(stmt.getFullStart(), stmt.getStart(sf)).includes(`(finesse-migrate) [${id}]`);
  // A mark is written once: one record and one comment per statement and id, however many uses the
  // statement has, so the report, SARIF, the patch and the code say the same.
  const written = new Set<string>();
  const writeMark = (node: ts.Node, id: string, kind: Mark['kind'], message: string): void => {
    const stmt = statementOf(node);
    const key = `${stmt.getStart(sf)} ${id}`;
    if (written.has(key)) return;
    written.add(key);
    const text = kind === 'todo' ? todoComment(id, message) : reviewComment(id, message);
    if (!hasComment(stmt, id)) ms.appendLeft(start(stmt), text + '\n' + indentOf(sf, stmt));
    cx.marks.push({ id, kind, message, at: cx.at(node), file: cx.outFile });
  };
  const mark = (node: ts.Node, id: string, message: string): void => writeMark(node, id, 'todo', message);
  const note = (node: ts.Node, rule: Rule, kind: 'todo' | 'review', message = rule.note): void => writeMark(node, rule.id, kind, message);
  const fill = (template: string): string => template.replace(/\$(root|host|dom|onLoad|on|prefs)\b/g, (_, h: keyof HelperNames) => names[h]);

  /** The rule for a use: `Class#member` along the class's lineage (base-class rules cover subclasses), else the chain's. */
  const findRule = (use: ResolvedUse): { rule: Rule; api: string } | undefined => {
    if (!use.api.includes('#') || !use.member || !use.cls) return cx.rules.find(use.api, use.usage);
    // The same lookup the census's coverage makes; a method passed along (`then(user.getState)`) is still that method.
    const rule = ruleFor(cx.rules, use.cls, use.member, 'method', use.usage);
    return rule ? { rule, api: use.api } : undefined;
  };
  /** A singleton's static chain before a method (`finesse.utilities.Utilities` in `...Utilities.trim(x)`) becomes what its read rule says. */
  const rewriteReceiver = (use: ResolvedUse): void => {
    if (!use.receiver?.static) return;
    const found = cx.rules.find(use.receiver.api, 'read');
    if (found && found.api === use.receiver.api && 'replace' in found.rule.emit) {
      ms.overwrite(start(use.receiver.node), end(use.receiver.node), fill(found.rule.emit.replace));
    }
  };
  const site = (use: ResolvedUse, outcome: CallSite['outcome'], rule?: Rule): void => {
    result.sites.push({ api: use.api, ...(rule ? { rule: rule.id } : {}), outcome, at: cx.at(use.node) });
  };
  const unmapped = (use: ResolvedUse): void => {
    const stmt = statementOf(use.node);
    const entry = pending.get(stmt) ?? { apis: [], first: use.node };
    if (!entry.apis.includes(use.api)) entry.apis.push(use.api);
    pending.set(stmt, entry);
    result.unmapped.set(use.api, (result.unmapped.get(use.api) ?? 0) + 1);
    site(use, 'unmapped');
  };

  /** Applies the rule table to one use; false when no rule covers it. */
  const applyRule = (use: ResolvedUse): boolean => {
    const node = use.node as ts.Expression;
    const { api, usage } = use;
    const parent = node.parent;
    const found = findRule(use);
    if (!found) return false;
    const { rule } = found;
    const whole = found.api === api;
    // A read rule used for a call or `new` replaces only the chain, not the call.
    const call = whole && (rule.match.usage === usage || api.includes('#')) && (usage === 'call' || usage === 'new') ? (parent as ts.CallExpression | ts.NewExpression) : undefined;
    if ('todo' in rule.emit) {
      note(node, rule, 'todo');
      site(use, 'todo', rule);
      rewriteReceiver(use);
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
      site(use, done.outcome, rule);
      return true;
    }
    if ('adapter' in rule.emit) {
      // The call stays: its receiver is the runtime's adapter, which implements the member (a deliberate
      // no-op where the Desktop has no equivalent: dropped). A manual adapter rule still needs a person.
      if (rule.confidence === 'manual') note(node, rule, 'todo');
      else if (rule.confidence === 'approximate' && usage !== 'read') note(node, rule, 'review');
      site(use, rule.confidence === 'manual' ? 'todo' : rule.confidence === 'none' ? 'dropped' : 'mapped', rule);
      rewriteReceiver(use);
      return true;
    }
    if ('remove' in rule.emit) {
      const stmt = call?.parent;
      if (call && stmt && ts.isExpressionStatement(stmt)) {
        ms.overwrite(start(stmt), end(stmt), `/* finesse-migrate [${rule.id}] removed ${node.getText(sf).replace(/\s+/g, ' ').replace(/\*\//g, '* /')}(): ${rule.note.replace(/\*\//g, '* /')} */`);
        removed.push([start(stmt), end(stmt)]);
        site(use, 'dropped', rule);
        return true;
      }
      // The value is used: it cannot just go.
      note(node, rule, 'todo', `the result of ${api}() is used, so the call stays; ${rule.note}`);
      site(use, 'todo', rule);
      rewriteReceiver(use);
      return true;
    }
    if (use.via === 'object') {
      // A template cannot stand in for a method of an object the gadget holds (the receiver is its own
      // expression); the contract test refuses such rules, and this keeps the code honest if one slips in.
      note(node, rule, 'todo');
      site(use, 'todo', rule);
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
    } else if (api.includes('#') && whole) {
      // A singleton's method read as a value: the member keeps its name on what the receiver becomes.
      ms.overwrite(start(node), end(node), template);
    } else {
      // A read of the chain, or of the prefix the rule names: replace just that part.
      let target: ts.Expression = node;
      while (cx.resolution.chainOf(target) !== found.api && (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target))) target = target.expression;
      // An alias (`states.READY` after `states = finesse.restservices.User.States`) stays: its declaration was rewritten.
      if (!ts.isIdentifier(target)) ms.overwrite(start(target), end(target), template);
    }
    // Approximations matter where something is called; a constant or an argument passed along needs no note.
    if (rule.confidence === 'approximate' && (usage === 'call' || usage === 'new' || usage === 'assign')) note(node, rule, 'review');
    if (rule.confidence === 'manual' || rule.confidence === 'none') note(node, rule, 'todo');
    site(use, rule.confidence === 'manual' || rule.confidence === 'none' ? 'todo' : 'mapped', rule);
    return true;
  };
  /** Every finesse.* / gadgets.* use at a node: a rule rewrites or marks it, or it is marked as unknown. */
  const handleUses = (uses: ResolvedUse[]): void => {
    for (const use of uses) {
      if (use.via === 'html') {
        mark(use.node, 'HTML-HANDLER', `${use.api} is called from an inline handler in markup the gadget builds at run time; such a handler runs in the page's global scope, where neither the Finesse library nor the gadget's code exists: attach the listener with addEventListener after inserting the markup`);
        site(use, 'todo');
        continue;
      }
      if (use.teamMember) {
        mark(use.node, 'TEAM-USER', `${use.api.replace(/^.*#/, '')}() on another agent of the team (Team#getUsers): the Desktop SDK acts only for the agent the widget runs for, and gives widgets no team roster; supervisor views need a backend on the Webex Contact Center APIs`);
        site(use, 'todo');
        continue;
      }
      if (use.via === 'object' && use.member?.startsWith('_') && !use.documented) {
        mark(use.node, 'FINESSE-PRIVATE', `${use.node.getText(sf).slice(0, 80)} reads ${use.member}, a private field of the Finesse library's ${use.cls?.replace(/^.*\./, '')} object; the Desktop has no such object: use its documented getters (which rules map) or the Desktop's own data`);
        site(use, 'unmapped');
        continue;
      }
      if (use.untyped) {
        mark(use.node, 'UNTYPED', `${use.untyped}: which Finesse API ${use.node.getText(sf).slice(0, 80)} is cannot be told, so no rule was applied; check it by hand`);
        site(use, 'unmapped');
        continue;
      }
      if (applyRule(use)) continue;
      rewriteReceiver(use);
      unmapped(use);
    }
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

    // finesse.* / gadgets.* uses (analyze/resolve.ts): the rule table rewrites what it covers; the rest is marked.
    const uses = cx.resolution.byNode.get(node);
    if (uses) {
      handleUses(uses);
      const use = uses[0]!;
      if (use.via === 'html') {
        // the string itself has nothing else to edit
      } else if (use.via === 'object' || use.untyped) {
        // user.getMediaList().getMedia(): the receiver holds uses of its own.
        if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) visit(node.expression);
        return;
      } else return;
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
      // fetch(url), $.ajax({ url }), $.get(url), xhr.open("GET", url): a URL Shindig's proxy could reach
      // but an agent's browser on the https Desktop cannot.
      const requestUrl = requestUrlOf(node);
      if (requestUrl) {
        const text = leadingText(requestUrl) ?? '';
        const why = /^https?:\/\/(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/i.test(text)
          ? 'a private address, which an agent\'s browser on the Desktop usually cannot reach'
          : /^http:/i.test(text) ? 'plain http:, which the https Desktop blocks as mixed content' : undefined;
        if (why) mark(node, 'REQUEST-UNREACHABLE', `this request goes to ${text.slice(0, 60)}: ${why}; serve the service over https on an address the agents' browsers reach, allowing the Desktop origin (CORS)`);
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

    // A request to the Finesse REST API (XHR, fetch, $.ajax, makeRequest) has no server behind it on the Desktop.
    if ((ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && /\/finesse\/api\//i.test(node.text)) {
      const stmt = statementOf(node);
      if (!written.has(`${stmt.getStart(sf)} GAD-11`) && !hasComment(stmt, 'GAD-11')) {
        mark(node, 'FINESSE-REST', `${node.text.slice(node.text.search(/\/finesse\/api\//i)).slice(0, 60)} is the Finesse REST API, which does not exist behind the Desktop: use the Desktop SDK call that replaces it (Desktop.agentStateInfo, Desktop.agentContact, Desktop.dialer, Desktop.actions) or a backend of your own on the Webex Contact Center APIs`);
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
    void stmt;
    writeMark(first, 'NO-RULE', 'todo', message);
  }
  return result;
}

/** The URL argument of a request the gadget makes itself: fetch, jQuery's ajax/get/post/getJSON/load, XMLHttpRequest#open. */
function requestUrlOf(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  const args = call.arguments;
  if (ts.isIdentifier(callee) && callee.text === 'fetch') return args[0];
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (isJQuery(callee.expression) && /^(ajax|get|post|getJSON|getScript)$/.test(method)) {
    const first = args[0];
    if (first && ts.isObjectLiteralExpression(first)) {
      const url = first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'url');
      return url?.initializer;
    }
    return first;
  }
  // xhr.open("GET", url)
  if (method === 'open' && args.length >= 2 && ts.isStringLiteralLike(args[0]!) && /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/i.test(args[0].text)) return args[1];
  return undefined;
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
