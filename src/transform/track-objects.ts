// Light data flow for Finesse REST objects: which names hold a User, a Dialogs collection or a Dialog.
// Gadgets keep these in well-known places: `user = new finesse.restservices.User({ onLoad: h })`, the
// parameter of `h`, `dialogs = user.getDialogs({ onCollectionAdd: f })`, the parameter of `f`. Names
// are tracked across all the gadget's scripts (they share one global scope), not per function scope:
// a name reused for something else is a false positive the report shows at its call site.
import ts from 'typescript';

export type FinesseObjectType = 'User' | 'Dialogs' | 'Dialog' | 'ContainerServices';

/** The static chain of `finesse.restservices.User`, for `new` and `.States`. */
export const OBJECT_CLASS: Record<FinesseObjectType, string> = {
  User: 'finesse.restservices.User',
  Dialogs: 'finesse.restservices.Dialogs',
  Dialog: 'finesse.restservices.Dialog',
  ContainerServices: 'finesse.containerservices.ContainerServices',
};

function chainText(n: ts.Expression): string | undefined {
  if (ts.isIdentifier(n)) return n.text;
  if (ts.isPropertyAccessExpression(n)) {
    const left = chainText(n.expression);
    return left === undefined ? undefined : `${left}.${n.name.text}`;
  }
  return undefined;
}

export function trackFinesseObjects(files: ts.SourceFile[]): Map<string, FinesseObjectType> {
  const names = new Map<string, FinesseObjectType>();
  const functions = new Map<string, ts.FunctionLikeDeclaration[]>();
  const all: ts.Node[] = [];
  for (const sf of files) {
    const walk = (n: ts.Node): void => {
      all.push(n);
      if (ts.isFunctionDeclaration(n) && n.name) functions.set(n.name.text, [...(functions.get(n.name.text) ?? []), n]);
      // `var f = function (d) {...}`, `f = function (d) {...}` and `f: function (d) {...}` name a handler too.
      const fnInit = (n as { initializer?: ts.Expression; right?: ts.Expression }).initializer ?? (ts.isBinaryExpression(n) ? n.right : undefined);
      if (fnInit && (ts.isFunctionExpression(fnInit) || ts.isArrowFunction(fnInit))) {
        const name =
          ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) ? n.name.text
          : ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) ? n.left.text
          : ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) ? n.name.text
          : undefined;
        if (name) functions.set(name, [...(functions.get(name) ?? []), fnInit]);
      }
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  const paramOf = (value: ts.Expression, type: FinesseObjectType): void => {
    const fns: ts.FunctionLikeDeclaration[] =
      ts.isFunctionExpression(value) || ts.isArrowFunction(value) ? [value] : ts.isIdentifier(value) ? functions.get(value.text) ?? [] : [];
    for (const fn of fns) {
      const p = fn.parameters[0];
      if (p && ts.isIdentifier(p.name)) names.set(p.name.text, type);
    }
  };
  const handlers = (arg: ts.Expression | undefined, map: Record<string, FinesseObjectType>): void => {
    if (!arg || !ts.isObjectLiteralExpression(arg)) return;
    for (const prop of arg.properties) {
      if (ts.isPropertyAssignment(prop) && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) {
        const type = map[prop.name.text];
        if (type) paramOf(prop.initializer, type);
      }
    }
  };
  const boundName = (expr: ts.Node): string | undefined => {
    const p = expr.parent;
    if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === expr && ts.isIdentifier(p.left)) return p.left.text;
    return undefined;
  };

  // A few passes: a User must be known before its getDialogs() names a Dialogs, a Dialog before its aliases.
  for (let pass = 0; pass < 4; pass++) {
    const before = names.size;
    for (const n of all) {
      if (ts.isNewExpression(n) && chainText(n.expression)?.replace(/^window\./, '') === OBJECT_CLASS.User) {
        const name = boundName(n);
        if (name) names.set(name, 'User');
        handlers(n.arguments?.[0], { onLoad: 'User', onChange: 'User' });
      }
      // containerServices = finesse.containerservices.ContainerServices.init()
      if (ts.isCallExpression(n) && chainText(n.expression)?.replace(/^window\./, '') === `${OBJECT_CLASS.ContainerServices}.init`) {
        const name = boundName(n);
        if (name) names.set(name, 'ContainerServices');
      }
      // Aliases: currentDialog = dialog; var u = user;
      if (ts.isIdentifier(n) && names.has(n.text)) {
        const alias = boundName(n);
        if (alias && !names.has(alias)) names.set(alias, names.get(n.text)!);
      }
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression)) {
        const receiver = names.get(n.expression.expression.text);
        const method = n.expression.name.text;
        if (receiver === 'User' && method === 'getDialogs') {
          const name = boundName(n);
          if (name) names.set(name, 'Dialogs');
          handlers(n.arguments[0], { onCollectionAdd: 'Dialog', onCollectionDelete: 'Dialog', onLoad: 'Dialogs' });
        }
        if (receiver === 'Dialog' && method === 'addHandler' && n.arguments[1]) paramOf(n.arguments[1], 'Dialog');
      }
    }
    if (names.size === before) break;
  }
  return names;
}
