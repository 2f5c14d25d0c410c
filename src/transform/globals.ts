// Pass over all of a gadget's scripts: the globals its code creates. In the gadget's iframe they were
// its own; on the Desktop every widget shares one window, so two widgets would overwrite each other's
// `clientLogs` or `containerServices`. The converted code declares them inside runGadget instead, and
// names set as `window.x` (or `self.x`) go through the instance's sandbox window.
import { ts } from '../typescript.js';
import { ownDeclarations } from '../analyze/scopes.js';

/** Window members whose assignment means something to the page (navigation, event handlers). */
const PAGE_MEMBERS = new Set(['location', 'name', 'status', 'defaultStatus', 'opener', 'top', 'parent', 'document', 'window', 'self']);
const isPageMember = (name: string): boolean => PAGE_MEMBERS.has(name) || /^on[a-z]+$/.test(name);

export interface GadgetGlobals {
  /** Names assigned without a declaration anywhere in the gadget code (implicit globals). */
  implicit: string[];
  /** Names the code sets as `window.<name> = ...` / `self.<name> = ...`. */
  windowProperties: string[];
  /** Names declared at the top level of some script (they live in runGadget's own scope). */
  topLevel: Set<string>;
  /** The code mentions `window` or `self`. */
  usesWindow: boolean;
}

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.BarEqualsToken, ts.SyntaxKind.AmpersandEqualsToken, ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

function topLevelNames(sf: ts.SourceFile, into: Set<string>): void {
  const visit = (n: ts.Node): void => {
    // `var` hoists out of blocks but not out of functions; let/const stay in their script's try block.
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) {
      if (ts.isFunctionDeclaration(n) && n.name && n.parent === sf) into.add(n.name.text);
      return;
    }
    if (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped)) {
      for (const d of n.declarations) if (ts.isIdentifier(d.name)) into.add(d.name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

/**
 * `own` holds the names runGadget itself declares (its helpers, `$`). Every script's top-level vars
 * and functions share runGadget's scope; anything else is looked up scope by scope, so a name
 * assigned where no enclosing scope declares it is an implicit global even if some other function
 * declares a variable of the same name.
 */
export function gadgetGlobals(files: ts.SourceFile[], own: Set<string>): GadgetGlobals {
  const implicit = new Set<string>();
  const windowProperties = new Set<string>();
  const topLevel = new Set<string>();
  let usesWindow = false;
  for (const sf of files) topLevelNames(sf, topLevel);
  const cache = new Map<ts.Node, Set<string>>();
  const declaredIn = (scope: ts.Node): Set<string> => {
    let names = cache.get(scope);
    if (!names) cache.set(scope, (names = ownDeclarations(scope)));
    return names;
  };
  const isDeclared = (id: ts.Identifier): boolean => {
    if (own.has(id.text) || topLevel.has(id.text)) return true;
    for (let n: ts.Node | undefined = id.parent; n; n = n.parent) if (declaredIn(n).has(id.text)) return true;
    return false;
  };
  const isWindow = (e: ts.Expression): boolean => ts.isIdentifier(e) && (e.text === 'window' || e.text === 'self');
  for (const sf of files) {
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && (n.text === 'window' || n.text === 'self') && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) usesWindow = true;
      let target: ts.Expression | undefined;
      if (ts.isBinaryExpression(n) && ASSIGNMENTS.has(n.operatorToken.kind)) target = n.left;
      else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) target = n.operand;
      else if ((ts.isForInStatement(n) || ts.isForOfStatement(n)) && ts.isIdentifier(n.initializer)) target = n.initializer;
      if (target) {
        if (ts.isIdentifier(target) && !isPageMember(target.text) && !isDeclared(target)) implicit.add(target.text);
        if (ts.isPropertyAccessExpression(target) && isWindow(target.expression) && !isPageMember(target.name.text)) windowProperties.add(target.name.text);
        if (ts.isElementAccessExpression(target) && isWindow(target.expression) && ts.isStringLiteralLike(target.argumentExpression) && /^[A-Za-z_$][\w$]*$/.test(target.argumentExpression.text) && !isPageMember(target.argumentExpression.text)) {
          windowProperties.add(target.argumentExpression.text);
        }
      }
      // `window.finesse` reads what a top-level `var finesse` declared, as in the gadget's own page.
      if (ts.isPropertyAccessExpression(n) && isWindow(n.expression) && topLevel.has(n.name.text) && !isPageMember(n.name.text)) windowProperties.add(n.name.text);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  const sorted = (s: Set<string>): string[] => [...s].sort();
  return { implicit: sorted(implicit), windowProperties: sorted(windowProperties), topLevel, usesWindow };
}

/** The lines of runGadget's prologue that keep the gadget's globals in the instance ('' when there are none). */
export function globalsPrologue(g: GadgetGlobals): string {
  const lines: string[] = [];
  // A window property that is not a top-level name gets a variable of its own, shared with bare reads.
  const vars = [...new Set([...g.implicit, ...g.windowProperties.filter((n) => !g.topLevel.has(n))])].sort();
  if (vars.length) {
    lines.push("  // Globals the gadget's code created (assigned undeclared, or set on window): this instance's own.");
    lines.push(`  var ${vars.join(', ')};`);
  }
  if (g.usesWindow || g.windowProperties.length) {
    const accessors = g.windowProperties.map((n) => `${JSON.stringify(n)}: [function () { return ${n}; }, function (value) { ${n} = value; }]`);
    lines.push("  // `window` is the instance's sandbox: its timers and listeners end with the element, and what the code sets stays here.");
    lines.push(`  var window = fmContext.sandboxWindow(${accessors.length ? `{\n    ${accessors.join(',\n    ')}\n  }` : ''}), self = window;`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
