// The one resolver of Finesse and Shindig API uses. The census (analyze/scan.ts), the rewrite and the
// marks (transform/scope-dom.ts) all read its answer, so what the report counts is what the code shows.
//
// It types values the way gadgets obtain them, from the inventory and finesse-types.ts: static chains
// (`finesse.containerservices.ContainerServices`, with `window.` and literal bracket keys), aliases
// (`var cs = finesse.clientservices.ClientServices`), destructuring, `new` of a class, getters that hand
// back library objects (`user.getMediaList()` is a MediaList), handlers of their options (`onLoad`,
// `onChange`, `onCollectionAdd`), `addHandler` callbacks (ContainerServices topics included), collection
// items (`dialogs.getCollection()[id]`, `$.each(map, fn)`), local functions called with a typed
// argument, and JSDoc types. Names are tracked across all the gadget's scripts (they share one global
// scope), not per function scope: a name bound to two classes is ambiguous, and its uses are reported
// as untyped rather than guessed.
import { ts } from '../typescript.js';
import type { Usage } from '../rules/table.js';
import { classPrefix, finesseClasses, ITEMS, memberOf, returnType, TOPIC_EVENTS } from './finesse-types.js';
import { scopeKeys } from './scopes.js';

/** What the resolver knows a value is. */
export type Value =
  /** `teamMember`: a User of a supervisor's team (Team#getUsers), not the agent the widget runs for. */
  | { kind: 'object'; cls: string; teamMember?: true }
  | { kind: 'static'; chain: string }
  | { kind: 'map'; item: string; teamMember?: true }
  | { kind: 'ambiguous'; classes: string[] };

export interface ResolvedUse {
  /** The expression the use is: the member access (the callee, for a call), or the string literal for `html`. */
  node: ts.Node;
  /** `Class#member` for a member of a library class, else the static chain (`gadgets.window.adjustHeight`). */
  api: string;
  usage: Usage;
  /** The inventory class (or `gadgets.<feature>`), for the census. */
  cls?: string;
  member?: string;
  /** Named by Cisco's documentation (the inventory). */
  documented: boolean;
  /** static: a chain from `finesse`/`gadgets` (or an alias of one); object: a method of a typed value; html: a handler inside markup built as a string. */
  via: 'static' | 'object' | 'html';
  /** For a method reached through a static chain: the receiver and the chain it names (rewritten by that chain's read rule). */
  receiver?: { node: ts.Expression; api: string; static: boolean };
  /** Why the use cannot be typed (a computed member, a name bound to two classes); its api is then a best effort. */
  untyped?: string;
  /** A User of a supervisor's team (Team#getUsers): the adapter's User is only the agent the widget runs for. */
  teamMember?: true;
}

export interface Resolution {
  uses: ResolvedUse[];
  /** The uses at a node (a markup string may hold several). */
  byNode: Map<ts.Node, ResolvedUse[]>;
  /** The chain a member expression names, where it is a static chain or an enum reached through an object. */
  chainOf(node: ts.Expression): string | undefined;
}

const ROOTS = new Set(['finesse', 'gadgets']);

/**
 * Namespace boilerplate (`finesse.modules.X = ...`, `finesse.gadget = finesse.gadget || {}`,
 * `finesse.container = finesse.container || {}`) is the gadget's own code, not a Finesse API use;
 * so is `finesse.gadget.Config`, the object every gadget builds for itself from its prefs.
 */
function isOwnNamespace(api: string): boolean {
  return api === 'finesse.modules' || api.startsWith('finesse.modules.') || api === 'finesse.gadget' || api.startsWith('finesse.gadget.') || api === 'finesse.container';
}

/** The class a use counts under in the census: the part before `#`, the inventory class a chain starts with, or `gadgets.<feature>`. */
export function apiClass(api: string): string {
  if (api.includes('#')) return api.slice(0, api.indexOf('#'));
  const c = classPrefix(api);
  if (c) return c.name;
  const parts = api.split('.');
  return parts.slice(0, parts[0] === 'gadgets' ? 2 : Math.min(parts.length, 3)).join('.');
}

/** A member name of a link: `a.b` → b, `a["b"]` → b, `a[x]` → undefined. */
function linkName(n: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(n)) return n.name.text;
  if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression)) return n.argumentExpression.text;
  return undefined;
}
const isLink = (n: ts.Node): n is ts.PropertyAccessExpression | ts.ElementAccessExpression =>
  ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n);

/** `a.b.c` / `this.a.b` of plain names: the key a value is remembered under (the root name keyed by its declaration). */
function nameKey(n: ts.Expression, keyOf: (id: ts.Identifier) => string): string | undefined {
  if (ts.isIdentifier(n)) return keyOf(n);
  if (n.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isParenthesizedExpression(n)) return nameKey(n.expression, keyOf);
  const name = linkName(n);
  if (name !== undefined && isLink(n)) {
    const left = nameKey(n.expression, keyOf);
    return left === undefined ? undefined : `${left}.${name}`;
  }
  return undefined;
}

function usageOf(node: ts.Node): Usage {
  const p = node.parent;
  if (ts.isCallExpression(p) && p.expression === node) return 'call';
  if (ts.isNewExpression(p) && p.expression === node) return 'new';
  if (ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return 'assign';
  return 'read';
}

/**
 * The value of a chain: a singleton is its object; a class, enum or namespace is static. A constant
 * (`User.States.READY`, `DialogLogoutActions.CLOSE`) or a method is plain data, not something whose
 * members are API uses.
 */
function chainValue(chain: string): Value | undefined {
  const c = finesseClasses().get(chain);
  if (c) return c.kind === 'singleton' ? { kind: 'object', cls: chain } : { kind: 'static', chain };
  const owner = classPrefix(chain);
  if (owner) return undefined;
  const last = chain.slice(chain.lastIndexOf('.') + 1);
  if (chain.startsWith('gadgets.') && chain.split('.').length > 2 && !/^[A-Z][a-z]/.test(last)) return undefined;
  return { kind: 'static', chain };
}

const sameValue = (a: Value, b: Value): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The handler functions an expression names: a function expression, or functions declared under that name. */
type Functions = Map<string, ts.SignatureDeclaration[]>;

export function resolveUses(files: ts.SourceFile[]): Resolution {
  const env = new Map<string, Value>();
  const keyOf = scopeKeys();
  const functions: Functions = new Map();
  const all: ts.Node[] = [];
  for (const sf of files) {
    const walk = (n: ts.Node): void => {
      all.push(n);
      if (ts.isFunctionDeclaration(n) && n.name) functions.set(n.name.text, [...(functions.get(n.name.text) ?? []), n]);
      // `var f = function (d) {}`, `f = function (d) {}`, `x.f = function (d) {}`, `f: function (d) {}` and `f(d) {}` name a handler too.
      if (ts.isMethodDeclaration(n) && ts.isIdentifier(n.name)) functions.set(n.name.text, [...(functions.get(n.name.text) ?? []), n]);
      const fnInit = ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) ? n.initializer : ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken ? n.right : undefined;
      if (fnInit && (ts.isFunctionExpression(fnInit) || ts.isArrowFunction(fnInit))) {
        const name = ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) ? n.name.text
          : ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) ? n.name.text
            : ts.isBinaryExpression(n) ? (ts.isIdentifier(n.left) ? n.left.text : isLink(n.left) ? linkName(n.left) : undefined)
              : undefined;
        if (name) functions.set(name, [...(functions.get(name) ?? []), fnInit]);
      }
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }

  // Set when a pass learns something; the passes stop when one learns nothing.
  let changed = false;
  const bind = (key: string | undefined, v: Value | undefined): void => {
    if (!key || !v || v.kind === 'ambiguous') return;
    // finesse.* itself is never a variable of the gadget's.
    if (ROOTS.has(key.split('.', 1)[0]!)) return;
    const old = env.get(key);
    if (!old) {
      env.set(key, v);
      changed = true;
    } else if (!sameValue(old, v)) {
      const classes = new Set<string>(old.kind === 'ambiguous' ? old.classes : [describe(old)]);
      classes.add(describe(v));
      const next: Value = { kind: 'ambiguous', classes: [...classes].sort() };
      if (!sameValue(old, next)) {
        env.set(key, next);
        changed = true;
      }
    }
  };
  const describe = (v: Value): string => (v.kind === 'object' ? v.cls : v.kind === 'static' ? v.chain : v.kind === 'map' ? `${v.item} map` : v.classes.join('|'));

  /** An item of a collection: a Users collection holds other agents. */
  const itemOf = (collection: string): Value | undefined => {
    const item = ITEMS[collection];
    return item ? { kind: 'object', cls: item, ...(collection === 'finesse.restservices.Users' ? { teamMember: true as const } : {}) } : undefined;
  };
  /** What an expression is, as far as the library is concerned. */
  const valueOf = (e: ts.Expression): Value | undefined => {
    if (ts.isParenthesizedExpression(e)) return valueOf(e.expression);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return valueOf(e.left) ?? valueOf(e.right);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return valueOf(e.right);
      if (op === ts.SyntaxKind.EqualsToken) return valueOf(e.right);
      return undefined;
    }
    if (ts.isConditionalExpression(e)) return valueOf(e.whenTrue) ?? valueOf(e.whenFalse);
    if (ts.isIdentifier(e)) {
      if (ROOTS.has(e.text)) return { kind: 'static', chain: e.text };
      return env.get(keyOf(e));
    }
    if (isLink(e)) {
      const name = linkName(e);
      const inner = valueOf(e.expression);
      if (name === undefined) {
        // dialogs.getCollection()[id]
        return inner?.kind === 'map' ? { kind: 'object', cls: inner.item, ...(inner.teamMember ? { teamMember: true as const } : {}) } : undefined;
      }
      if (inner?.kind === 'static') {
        const chain = inner.chain === 'window' ? name : `${inner.chain}.${name}`;
        return ROOTS.has(chain.split('.', 1)[0]!) ? chainValue(chain) : undefined;
      }
      if (inner?.kind === 'object' && finesseClasses().has(`${inner.cls}.${name}`)) return { kind: 'static', chain: `${inner.cls}.${name}` };
      // The library's own field behind getCollection().
      if (inner?.kind === 'object' && name === '_collection' && ITEMS[inner.cls]) return { kind: 'map', item: ITEMS[inner.cls]!, ...(inner.cls === 'finesse.restservices.Users' ? { teamMember: true as const } : {}) };
      if (inner?.kind === 'map') return { kind: 'object', cls: inner.item, ...(inner.teamMember ? { teamMember: true as const } : {}) };
      if (ts.isIdentifier(e.expression) && e.expression.text === 'window' && ROOTS.has(name)) return { kind: 'static', chain: name };
      const key = nameKey(e, keyOf);
      return key ? env.get(key) : undefined;
    }
    if (ts.isNewExpression(e)) {
      const callee = valueOf(e.expression);
      if (callee?.kind === 'static' && finesseClasses().get(callee.chain)?.kind === 'class') return { kind: 'object', cls: callee.chain };
      return undefined;
    }
    if (ts.isCallExpression(e) && isLink(e.expression)) {
      const member = linkName(e.expression);
      const receiver = valueOf(e.expression.expression);
      if (!member || receiver?.kind !== 'object') return undefined;
      if (member === 'getCollection' && ITEMS[receiver.cls]) return { kind: 'map', item: ITEMS[receiver.cls]!, ...(receiver.cls === 'finesse.restservices.Users' ? { teamMember: true as const } : {}) };
      const t = returnType(receiver.cls, member);
      return t ? { kind: 'object', cls: t } : undefined;
    }
    return undefined;
  };

  const fnsOf = (e: ts.Expression): ts.SignatureDeclaration[] =>
    ts.isFunctionExpression(e) || ts.isArrowFunction(e) ? [e]
      : ts.isIdentifier(e) ? functions.get(e.text) ?? []
        : isLink(e) && linkName(e) ? functions.get(linkName(e)!) ?? []
          // handler.bind(this)
          : ts.isCallExpression(e) && isLink(e.expression) && linkName(e.expression) === 'bind' ? fnsOf(e.expression.expression)
            : [];
  const bindParam = (fnExpr: ts.Expression | undefined, index: number, v: Value | undefined): void => {
    if (!fnExpr || !v) return;
    for (const fn of fnsOf(fnExpr)) {
      const p = fn.parameters[index];
      if (p && ts.isIdentifier(p.name)) bind(keyOf(p.name), v);
    }
  };
  /** `{ onLoad: h, onChange: h, onCollectionAdd: f }` given to something that yields `cls`. */
  const bindHandlers = (arg: ts.Expression | undefined, cls: string): void => {
    if (!arg || !ts.isObjectLiteralExpression(arg)) return;
    for (const prop of arg.properties) {
      const name = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : undefined;
      // `onLoad: handler`, `onLoad: function (u) {}`, `onLoad(u) {}`
      const fns: ts.SignatureDeclaration[] = ts.isMethodDeclaration(prop) ? [prop] : ts.isPropertyAssignment(prop) ? fnsOf(prop.initializer) : [];
      const v: Value | undefined = name === 'onLoad' || name === 'onChange' ? { kind: 'object', cls }
        : name === 'onCollectionAdd' || name === 'onCollectionDelete' ? itemOf(cls) : undefined;
      if (!v) continue;
      for (const fn of fns) {
        const p = fn.parameters[0];
        if (p && ts.isIdentifier(p.name)) bind(keyOf(p.name), v);
      }
    }
  };
  /** The topic a ContainerServices.addHandler names: `cs.Topics.X`, `...Topics.X` or the topic's string value. */
  const topicEvent = (e: ts.Expression | undefined): string | undefined => {
    if (!e) return undefined;
    const name = isLink(e) ? linkName(e) : ts.isStringLiteralLike(e) ? e.text.split('.').pop() : undefined;
    if (!name) return undefined;
    const norm = name.replace(/_/g, '').toLowerCase();
    return Object.entries(TOPIC_EVENTS).find(([t]) => t.replace(/_/g, '').toLowerCase() === norm)?.[1];
  };
  const jsdocClass = (n: ts.Node): string | undefined => {
    const t = ts.isParameter(n) ? ts.getJSDocParameterTags(n)[0]?.typeExpression?.type : ts.getJSDocType(n);
    const text = t?.getText().replace(/^[!?]/, '');
    return text && finesseClasses().has(text) ? text : undefined;
  };

  // Only these nodes bind anything; the passes walk them alone.
  const binders = all.filter((n) => ts.isParameter(n) || ts.isVariableDeclaration(n) || ts.isNewExpression(n) || ts.isCallExpression(n) ||
    (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken));
  for (let pass = 0; pass < 6; pass++) {
    changed = false;
    for (const n of binders) {
      if (pass === 0) {
        if (ts.isParameter(n) && ts.isIdentifier(n.name)) {
          const cls = jsdocClass(n);
          if (cls) bind(keyOf(n.name), { kind: 'object', cls });
        }
        if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) {
          const cls = jsdocClass(n) ?? (ts.isVariableDeclarationList(n.parent) && ts.isVariableStatement(n.parent.parent) ? jsdocClass(n.parent.parent) : undefined);
          if (cls) bind(keyOf(n.name), { kind: 'object', cls });
        }
      }
      if (ts.isVariableDeclaration(n) && n.initializer) {
        if (ts.isIdentifier(n.name)) bind(keyOf(n.name), valueOf(n.initializer));
        else if (ts.isObjectBindingPattern(n.name)) {
          // var { User, Dialog } = finesse.restservices;
          const from = valueOf(n.initializer);
          const chain = from?.kind === 'static' ? from.chain : from?.kind === 'object' ? from.cls : undefined;
          for (const el of n.name.elements) {
            const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
            if (chain && prop && ts.isIdentifier(el.name) && (from?.kind === 'static' || finesseClasses().has(`${chain}.${prop}`))) bind(keyOf(el.name), chainValue(`${chain}.${prop}`) ?? undefined);
          }
        }
      }
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) bind(nameKey(n.left, keyOf), valueOf(n.right));
      if (ts.isNewExpression(n)) {
        const v = valueOf(n);
        if (v?.kind === 'object') bindHandlers(n.arguments?.[0], v.cls);
      }
      if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const member = isLink(callee) ? linkName(callee) : undefined;
        const receiver = isLink(callee) ? valueOf(callee.expression) : undefined;
        if (receiver?.kind === 'object' && member) {
          const t = returnType(receiver.cls, member);
          if (t) for (const a of n.arguments) bindHandlers(a, t);
          if (member === 'addHandler') {
            const topic = n.arguments[0];
            const event = topicEvent(topic);
            const kind = topic && ts.isStringLiteralLike(topic) ? topic.text : undefined;
            const v: Value | undefined = event ? { kind: 'object', cls: event }
              : kind === 'change' || kind === 'load' ? receiver
                : kind === 'collectionAdd' || kind === 'collectionDelete' ? itemOf(receiver.cls) : undefined;
            bindParam(n.arguments[1], 0, v);
          }
        }
        // $.each(dialogs.getCollection(), function (id, dialog) {...})
        if (member === 'each' && isLink(callee) && ts.isIdentifier(callee.expression) && (callee.expression.text === '$' || callee.expression.text === 'jQuery')) {
          const map = n.arguments[0] ? valueOf(n.arguments[0]) : undefined;
          if (map?.kind === 'map') bindParam(n.arguments[1], 1, { kind: 'object', cls: map.item, ...(map.teamMember ? { teamMember: true as const } : {}) });
        }
        // A local function called with a library object: its parameter is that object.
        if (!receiver || receiver.kind !== 'object') {
          const name = ts.isIdentifier(callee) ? callee.text : member;
          if (name && functions.has(name) && !ROOTS.has(name)) {
            n.arguments.forEach((a, i) => {
              const v = valueOf(a);
              if (v && v.kind !== 'static') bindParam(ts.isIdentifier(callee) ? callee : (callee as ts.Expression), i, v);
            });
          }
        }
      }
    }
    if (!changed) break;
  }

  /** The static chain an expression names (through aliases and singleton objects), or undefined. */
  const chainOf = (e: ts.Expression): string | undefined => {
    if (ts.isParenthesizedExpression(e)) return chainOf(e.expression);
    if (ts.isIdentifier(e)) {
      if (ROOTS.has(e.text)) return e.text;
      const v = env.get(keyOf(e));
      return v?.kind === 'static' ? v.chain : v?.kind === 'object' && finesseClasses().get(v.cls)?.kind === 'singleton' ? v.cls : undefined;
    }
    if (!isLink(e)) return undefined;
    const name = linkName(e);
    if (name === undefined) return undefined;
    if (ts.isIdentifier(e.expression) && (e.expression.text === 'window' || e.expression.text === 'self') && ROOTS.has(name)) return name;
    const left = chainOf(e.expression);
    if (left) return `${left}.${name}`;
    // cs.Topics.X, where cs came from ContainerServices.init()
    const inner = valueOf(e.expression);
    if (inner?.kind === 'object' && finesseClasses().has(`${inner.cls}.${name}`)) return `${inner.cls}.${name}`;
    return undefined;
  };

  const uses: ResolvedUse[] = [];
  const byNode = new Map<ts.Node, ResolvedUse[]>();
  const add = (u: ResolvedUse): void => {
    uses.push(u);
    byNode.set(u.node, [...(byNode.get(u.node) ?? []), u]);
  };
  const HANDLER_IN_MARKUP = /\bon[a-z]+\s*=\s*["']?[^"'<>]*?\b((?:window\.)?(?:finesse|gadgets)(?:\.[A-Za-z_$][\w$]*)+)/gi;

  for (const sf of files) {
    const visit = (node: ts.Node): void => {
      if (isLink(node) && !(isLink(node.parent) && node.parent.expression === node)) {
        // The use is the longest link of the chain that is one (`dialog._data` in `dialog._data.mediaProperties.id`).
        for (let link: ts.Expression = node; isLink(link); link = link.expression) {
          const use = resolveLink(link);
          if (!use) continue;
          add(use);
          // A method on an object reached by other uses (user.getMediaList().getMedia()): look inside the receiver.
          if (use.via === 'object' || use.untyped) visit((link as ts.PropertyAccessExpression).expression);
          return;
        }
      }
      if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
        for (const m of node.text.matchAll(HANDLER_IN_MARKUP)) {
          const api = m[1]!.replace(/^window\./, '');
          if ((byNode.get(node) ?? []).some((u) => u.api === api)) continue;
          add({ node, api, usage: 'call', via: 'html', documented: false, cls: apiClass(api) });
        }
      }
      // An alias called or constructed bare: `const { User } = finesse.restservices; new User(...)`.
      if (ts.isIdentifier(node) && (usageOf(node) === 'call' || usageOf(node) === 'new')) {
        const v = env.get(keyOf(node));
        if (v?.kind === 'static' && v.chain.includes('.') && !isOwnNamespace(v.chain)) {
          const cls = classPrefix(v.chain);
          add({ node, api: v.chain, usage: usageOf(node), cls: cls?.name ?? apiClass(v.chain), documented: cls?.name === v.chain && cls.status !== 'unverified', via: 'static' });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  function resolveLink(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): ResolvedUse | undefined {
    const usage = usageOf(node);
    const name = linkName(node);
    const inner = valueOf(node.expression);
    if (name === undefined) {
      // A computed member of a library value: which API it is cannot be known.
      const base = inner?.kind === 'static' ? inner.chain : inner?.kind === 'object' ? inner.cls : undefined;
      if (base && (ROOTS.has(base.split('.', 1)[0]!)) && base.includes('.') && !isOwnNamespace(base)) {
        return { node, api: `${base}[…]`, usage, cls: apiClass(base), documented: false, via: inner?.kind === 'object' ? 'object' : 'static', untyped: `a computed member of ${base}` };
      }
      return undefined;
    }
    const chain = chainOf(node);
    if (chain && ROOTS.has(chain.split('.', 1)[0]!)) {
      if (isOwnNamespace(chain)) return undefined;
      const cls = classPrefix(chain);
      if (cls && chain === `${cls.name}.${name}`) {
        const m = memberOf(cls.name, name);
        if (m && !cls.constants.includes(name)) {
          const receiverChain = chainOf(node.expression)!;
          return { node, api: `${cls.name}#${name}`, usage, cls: cls.name, member: name, documented: m.documented && cls.status !== 'unverified', via: 'static',
            receiver: { node: node.expression, api: receiverChain, static: receiverChain === cls.name && !ts.isIdentifier(node.expression) } };
        }
        return { node, api: chain, usage, cls: cls.name, member: name, documented: cls.constants.includes(name), via: 'static' };
      }
      if (cls) {
        // finesse.restservices.User itself (new, read), or deeper than one member (User.States.READY.toLowerCase()).
        const member = chain === cls.name ? undefined : chain.slice(cls.name.length + 1).split('.')[0]!;
        const documented = cls.status !== 'unverified' && (member === undefined || cls.constants.includes(member) || memberOf(cls.name, member)?.documented === true);
        return { node, api: chain, usage, cls: cls.name, ...(member ? { member } : {}), documented, via: 'static' };
      }
      if (chain.split('.').length < 2) return undefined;
      return { node, api: chain, usage, cls: apiClass(chain), documented: false, via: 'static' };
    }
    if (inner?.kind === 'object') {
      const m = memberOf(inner.cls, name);
      // A member the documentation does not name counts where it is called, or where it is one of the
      // library's private fields (`dialog._data`): neither exists on the Desktop.
      if (!m && usage !== 'call' && !name.startsWith('_')) return undefined;
      const cls = finesseClasses().get(inner.cls);
      return { node, api: `${inner.cls}#${name}`, usage, cls: inner.cls, member: name, documented: !!m?.documented && cls?.status !== 'unverified', via: 'object',
        receiver: { node: node.expression, api: inner.cls, static: false }, ...(inner.teamMember ? { teamMember: true as const } : {}) };
    }
    if (inner?.kind === 'ambiguous') {
      const known = inner.classes.filter((c) => memberOf(c, name));
      if (known.length === 0) return undefined;
      return { node, api: `${known[0]}#${name}`, usage, cls: known[0], member: name, documented: false, via: 'object',
        untyped: `${node.expression.getText()} holds ${inner.classes.join(' or ')} in different places` };
    }
    return undefined;
  }

  return { uses, byNode, chainOf };
}
