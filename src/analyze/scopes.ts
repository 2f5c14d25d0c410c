// JavaScript scopes, enough to tell which declaration a name refers to: a function's parameters, vars
// and function declarations (not nested functions'), a block's let/const/class, catch and for bindings.
import { ts } from '../typescript.js';

/** Names a binding (a parameter, a variable, destructuring) declares. */
export function bindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bindingNames(e.name, into);
}

/** What one scope declares itself: a function's parameters, vars and functions (not nested ones'), a block's let/const/class. */
export function ownDeclarations(scope: ts.Node): Set<string> {
  const names = new Set<string>();
  if (ts.isFunctionLike(scope)) {
    for (const p of scope.parameters) bindingNames(p.name, names);
    if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name) names.add(scope.name.text);
    const body = (scope as ts.FunctionLikeDeclaration).body;
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionDeclaration(n) && n.name) names.add(n.name.text);
      if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
      if (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped)) for (const d of n.declarations) bindingNames(d.name, names);
      ts.forEachChild(n, visit);
    };
    if (body) ts.forEachChild(body, visit);
    if (body && !ts.isBlock(body)) visit(body);
  } else if (ts.isCatchClause(scope)) {
    if (scope.variableDeclaration) bindingNames(scope.variableDeclaration.name, names);
  } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
    const init = scope.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) bindingNames(d.name, names);
  } else if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isCaseBlock(scope)) {
    const statements = ts.isCaseBlock(scope) ? scope.clauses.flatMap((c) => [...c.statements]) : scope.statements;
    for (const st of statements) {
      if (ts.isVariableStatement(st) && st.declarationList.flags & ts.NodeFlags.BlockScoped) for (const d of st.declarationList.declarations) bindingNames(d.name, names);
      if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st)) && st.name) names.add(st.name.text);
    }
  }
  return names;
}

/**
 * Which declaration a name refers to, as a key: `name` for the gadget's shared global scope (every
 * script's top level), `name@<n>` for a function's or block's own. One key per declaration, so a
 * handler's `e` is not another function's `e`.
 */
export function scopeKeys(): (id: ts.Identifier) => string {
  const cache = new Map<ts.Node, Set<string>>();
  const ids = new Map<ts.Node, number>();
  const known = new Map<ts.Identifier, string>();
  return (id) => {
    const hit = known.get(id);
    if (hit !== undefined) return hit;
    const key = find(id);
    known.set(id, key);
    return key;
  };
  function find(id: ts.Identifier): string {
    for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
      if (ts.isSourceFile(n)) break;
      let names = cache.get(n);
      if (!names) cache.set(n, (names = ownDeclarations(n)));
      if (names.has(id.text)) {
        let k = ids.get(n);
        if (k === undefined) ids.set(n, (k = ids.size + 1));
        return `${id.text}@${k}`;
      }
    }
    return id.text;
  }
}
