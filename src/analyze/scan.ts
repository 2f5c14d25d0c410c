// One parse per script (TypeScript's parser over JavaScript): the finesse.* / gadgets.* member chains
// it uses, the absolute URLs it names, and the places it creates an iframe or navigates the page.
import { ts } from '../typescript.js';
import type { ApiUse, Gadget, ScriptBlock, SourcePosition } from '../model.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { resolveUses } from './resolve.js';

export interface ScriptScan {
  uses: ApiUse[];
  urls: { url: string; at: SourcePosition }[];
  /** Code that creates an iframe (`<iframe` in a string, createElement('iframe')). */
  iframeSinks: SourcePosition[];
  /** `location = "..."`, `location.href = ...`, `location.replace(...)`, `window.open(...)`. */
  navigations: SourcePosition[];
  /** `height="600"` found in iframe markup built as a string. */
  iframeHeights: number[];
  /**
   * Query parameters the code reads from its own URL by literal name: `gadgets.util.getUrlParameters()`
   * members, `URLSearchParams#get`, helpers such as `getParameterByName("x")` in a script that reads
   * `location`. A Finesse layout passed them on the gadget URL (`gadget.xml?url=...`).
   */
  queryParams: { name: string; at: SourcePosition }[];
}

/** The syntax errors TypeScript's parser met in a script (it parses on, so the tree is still there). */
export function syntaxErrors(sf: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

/** One script's scan, with its parse for the resolver. */
interface ParsedScan extends ScriptScan {
  sf: ts.SourceFile;
  at: (node: ts.Node) => SourcePosition;
  /** A script with a syntax error: the widget leaves it out (mark SCRIPT-SYNTAX), so its uses are not counted. */
  broken?: boolean;
}

/** Maps a position inside a code block to the file that holds it. */
function positioner(sf: ts.SourceFile, codeAt: SourcePosition): (node: ts.Node) => SourcePosition {
  return (node) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return {
      file: codeAt.file,
      line: codeAt.line + line,
      column: line === 0 ? codeAt.column + character : character + 1,
    };
  };
}

/** `a.b.c` or `a["b"].c` as a dotted path, undefined when any link is computed. */
function chainOf(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) {
    const left = chainOf(node.expression);
    return left === undefined ? undefined : `${left}.${node.name.text}`;
  }
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
    const left = chainOf(node.expression);
    return left === undefined ? undefined : `${left}.${node.argumentExpression.text}`;
  }
  if (ts.isParenthesizedExpression(node)) return chainOf(node.expression);
  return undefined;
}

function isChainLink(node: ts.Node): node is ts.PropertyAccessExpression | ts.ElementAccessExpression {
  return ts.isPropertyAccessExpression(node) || (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression));
}

function scanScript(code: string, codeAt: SourcePosition, sink?: DiagnosticSink): ParsedScan {
  const sf = ts.createSourceFile('gadget.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const at = positioner(sf, codeAt);
  const scan: ParsedScan = { uses: [], urls: [], iframeSinks: [], navigations: [], iframeHeights: [], queryParams: [], sf, at };
  // Names a script reads from its URL only count where it reads its URL at all.
  const readsUrl = /getUrlParameters|location\s*\.\s*(?:search|href)|URLSearchParams|document\.URL/.test(code);
  // Names that hold the parameters: `var params = gadgets.util.getUrlParameters()`.
  const holders = new Set<string>();
  if (readsUrl) {
    const collect = (node: ts.Node): void => {
      const bind = ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer
        ? [node.name.text, node.initializer] as const
        : ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)
          ? [node.left.text, node.right] as const
          : undefined;
      const from = bind?.[1];
      const searchParams = from !== undefined && ts.isNewExpression(from) && from.expression.getText(sf) === 'URLSearchParams';
      if (bind && (/getUrlParameters\(\)$/.test(bind[1].getText(sf).replace(/\s+/g, '')) || isQueryHelperCall(bind[1]) || searchParams)) holders.add(bind[0]);
      ts.forEachChild(node, collect);
    };
    collect(sf);
  }
  // getUrlVars(location.search), parseQuery(...), getParams(): a helper that returns the parameters as a map.
  function isQueryHelperCall(node: ts.Node): boolean {
    if (!ts.isCallExpression(node)) return false;
    const callee = node.expression.getText(sf);
    return /(?:param|query|vars|search|args)/i.test(callee.replace(/^.*\./, '')) && !/^(?:\$|jQuery)\.param$/.test(callee) && node.arguments.every((a) => !ts.isStringLiteralLike(a));
  }
  const param = (name: string, node: ts.Node): void => {
    if (/^[A-Za-z_][\w.-]{0,63}$/.test(name)) scan.queryParams.push({ name, at: at(node) });
  };
  const parseDiagnostics = syntaxErrors(sf);
  if (sink && parseDiagnostics.length) {
    const d = parseDiagnostics[0]!;
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
    sink.warn('script-syntax', `JavaScript syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`, {
      file: codeAt.file, line: codeAt.line + line, column: line === 0 ? codeAt.column + character : character + 1,
    });
  }

  const visit = (node: ts.Node): void => {
    if (isChainLink(node) && !(isChainLink(node.parent) && node.parent.expression === node)) {
      let path = chainOf(node);
      if (path?.startsWith('window.')) path = path.slice(7);
      const p = path ?? '';
      if (/(^|\.)location(\.href)?$/.test(p) && ts.isBinaryExpression(node.parent) && node.parent.left === node) scan.navigations.push(at(node));
      if (/(^|\.)location\.(replace|assign)$/.test(p) || /^(window\.)?open$/.test(p)) {
        if (ts.isCallExpression(node.parent)) scan.navigations.push(at(node));
      }
      if (/\.createElement$/.test(p) && ts.isCallExpression(node.parent)) {
        const arg = node.parent.arguments[0];
        if (arg && ts.isStringLiteralLike(arg) && arg.text.toLowerCase() === 'iframe') scan.iframeSinks.push(at(node));
      }
    }
    if (readsUrl) {
      // getUrlParameters().x / ["x"], and the same through a variable holding them.
      const called = node.parent !== undefined && ts.isCallExpression(node.parent) && node.parent.expression === node;
      if (isChainLink(node) && !called && (/getUrlParameters\(\)$/.test(node.expression.getText(sf).replace(/\s+/g, '')) || isQueryHelperCall(node.expression) || (ts.isIdentifier(node.expression) && holders.has(node.expression.text)))) {
        param(ts.isPropertyAccessExpression(node) ? node.name.text : (node.argumentExpression as ts.StringLiteralLike).text, node);
      }
      if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!)) {
        const callee = node.expression.getText(sf);
        // params.get("x") on URLSearchParams, or a query helper: getParameterByName("x"), getUrlParam("x")...
        const onHolder = ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'get' && ts.isIdentifier(node.expression.expression) && holders.has(node.expression.expression.text);
        const getter = onHolder || (/\.get$/.test(callee) && /URLSearchParams|search|params/i.test(callee));
        const helper = /param|query/i.test(callee.replace(/^.*\./, '')) && !/^(?:\$|jQuery)\.param$/.test(callee);
        if (getter || helper) {
          param(node.arguments[0].text, node);
        }
      }
    }
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const text = node.text;
      for (const m of text.matchAll(/https?:\/\/[^\s"'<>`\\]+/gi)) scan.urls.push({ url: m[0], at: at(node) });
      if (/<iframe\b/i.test(text)) scan.iframeSinks.push(at(node));
      // Iframe markup built by concatenation spreads its attributes over several literals.
      if (/iframe/i.test(text)) {
        const h = /\bheight\s*=\s*["']?(\d+)(?:px)?["']?/i.exec(text);
        if (h) scan.iframeHeights.push(parseInt(h[1]!, 10));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return scan;
}

/** Scripts of the gadget's primary view that are gadget code: inline and local, JavaScript, not libraries. */
export function gadgetScripts(g: Gadget): ScriptBlock[] {
  const view = g.views.find((v) => v.name === g.primaryView);
  return (view?.html?.scripts ?? []).filter((s) => s.isJavaScript && s.code !== undefined && s.codeAt !== undefined);
}

/** Scans every script and inline handler of the primary view, once each; the API uses come from the resolver, over all of them at once (they share one global scope). */
export function scanGadget(g: Gadget, sink?: DiagnosticSink): ScriptScan {
  const total: ScriptScan = { uses: [], urls: [], iframeSinks: [], navigations: [], iframeHeights: [], queryParams: [] };
  const parsed: ParsedScan[] = [];
  const merge = (s: ParsedScan): void => {
    parsed.push(s);
    total.urls.push(...s.urls);
    total.iframeSinks.push(...s.iframeSinks);
    total.navigations.push(...s.navigations);
    total.iframeHeights.push(...s.iframeHeights);
    total.queryParams.push(...s.queryParams);
  };
  const seen = new Set<string>();
  for (const s of gadgetScripts(g)) {
    // The same local file included twice is one piece of code.
    if (s.kind === 'external' && s.codeAt) {
      if (seen.has(s.codeAt.file)) continue;
      seen.add(s.codeAt.file);
    }
    const scanned = scanScript(s.code!, s.codeAt!, sink);
    scanned.broken = syntaxErrors(scanned.sf).length > 0;
    merge(scanned);
  }
  const view = g.views.find((v) => v.name === g.primaryView);
  for (const h of view?.html?.handlers ?? []) merge(scanScript(h.code, h.at));
  const resolution = resolveUses(parsed.filter((p) => !p.broken).map((p) => p.sf));
  const atOf = new Map(parsed.map((p) => [p.sf, p.at]));
  for (const u of resolution.uses) {
    total.uses.push({
      api: u.api,
      usage: u.usage === 'assign' ? 'write' : u.usage,
      at: atOf.get(u.node.getSourceFile())!(u.node),
      ...(u.cls ? { cls: u.cls } : {}),
      ...(u.member ? { member: u.member } : {}),
      documented: u.documented,
      via: u.via,
      ...(u.untyped ? { untyped: u.untyped } : {}),
    });
  }
  return total;
}
