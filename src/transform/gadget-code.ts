// The gadget's scripts, in document order, as one sloppy-mode CommonJS module `runGadget(ctx)` that an
// element instance runs against its own shadow root. Each original script is a MagicString snipped
// from its file, so untouched code stays byte-identical and the source map points into the gadget's
// own files. Scripts keep their authors' formatting: prettier has no source maps and would rewrite
// every line, which would hide our few edits in the diff a reviewer reads.
import MagicString, { Bundle } from 'magic-string';
import { ts } from '../typescript.js';
import type { InlineHandler, ScriptBlock, SourcePosition } from '../model.js';
import { LineMap } from '../diagnostics.js';
import { markComment, type CallSite, type Mark } from './marks.js';
import type { RuleTable } from '../rules/table.js';
import { resolveUses } from '../analyze/resolve.js';
import { syntaxErrors } from '../analyze/scan.js';
import { declaredNames, HELPERS, helperNames, scopeDom, type HelperNames, type ScopeResult } from './scope-dom.js';
import { gadgetGlobals, globalsPrologue } from './globals.js';

export interface CodeSource {
  /** Display path of the file holding the code. */
  file: string;
  /** The whole decoded file text, when the code appears in it verbatim at `codeAt`. */
  fileText?: string;
}

export interface GadgetCodeInput {
  title: string;
  source: string;
  scripts: { block: ScriptBlock; origin: CodeSource }[];
  /** Handlers of the template, bound to `[data-fm-on="<target>"]`. */
  handlers: { target: number; handler: InlineHandler }[];
  /** Handlers on <body>: `load` ones become start-up code, others listen on the host. */
  bodyHandlers: InlineHandler[];
  outFile: string;
  rules: RuleTable;
}

export interface GadgetCode {
  code: string;
  map: string;
  marks: Mark[];
  usesJQuery: boolean;
  bootstraps: number;
  unmapped: Map<string, number>;
  sites: CallSite[];
  /** Every script and handler before and after its edits, for the review report. */
  changes: CodeChange[];
  /** Scripts that do not parse, kept as written beside the bundle (widget-relative path → text). */
  unparsed: Map<string, string>;
}

/** One original piece of code and what the conversion made of it (the edited text, before wrapping). */
export interface CodeChange {
  kind: 'script' | 'handler';
  /** Display path of the original file, and the line the code starts on there. */
  from: { file: string; line: number };
  before: string;
  after: string;
}

/** `libraryConfig`: the FINESSE-CONFIG mark's comment, when the gadget reads the library's finesse.gadget.Config. */
function header(title: string, source: string, names: HelperNames, libraryConfig: string | undefined, globals: string): string {
  const bare = HELPERS.filter((h) => names[h] === h);
  const shadowed = HELPERS.filter((h) => names[h] !== h);
  const note = shadowed.length
    ? `\n *\n * The gadget declares its own ${shadowed.map((h) => `\`${h}\``).join(', ')}, so the converted code reaches\n * the element's through \`fmContext\`.`
    : '';
  // Gadget text inside a comment: `*/` would end it and turn the rest into code; a line break would end the ` * ` layout.
  const inComment = (text: string): string => text.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]+/g, ' ');
  return `/*
 * ${inComment(title)}: the gadget's scripts, converted by finesse-migrate from ${inComment(source)}.
 *
 * index.ts runs this once per element instance. Inside, \`root\` is the element's shadow root and
 * \`host\` the element; \`dom\` answers getElementsBy* from the root; \`onLoad\` registers what the gadget
 * ran at start-up (called after Desktop.config.init); \`on\` binds listeners the element removes again;
 * \`prefs\` is the gadgets.Prefs API over the element's attributes. Timers are the element's own,
 * cleared when it is removed.${note}
 *
 * This file stays sloppy-mode JavaScript, like the original scripts, and each script runs in its own
 * try block: as in a browser, one failing script does not stop the others.
 */
var $ = require("jquery");
var jQuery = $;

/** @param {import("finesse-migrate-widget-runtime").GadgetContext} fmContext */
module.exports = function runGadget(fmContext) {
${bare.length ? `  var ${bare.map((h) => `${h} = fmContext.${h}`).join(', ')};\n` : ''}  var setTimeout = fmContext.timers.setTimeout, setInterval = fmContext.timers.setInterval;
  var clearTimeout = fmContext.timers.clearTimeout, clearInterval = fmContext.timers.clearInterval;
${globals}${libraryConfig ? `  ${libraryConfig}
  var finesse = { gadget: { Config: fmContext.gadgetConfig } };
` : ''}`;
}

/** The gadget reads finesse.gadget.Config but never builds it: it relied on the Finesse library's. */
function readsLibraryConfig(codes: string[]): boolean {
  const all = codes.join('\n');
  return /\bfinesse\.gadget\.Config\b/.test(all) && !/\bfinesse\.gadget\.Config\s*=(?!=)/.test(all);
}

function where(at: SourcePosition): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** A MagicString over the code, snipped from its whole file when the code is there verbatim. */
function codeString(code: string, codeAt: SourcePosition, origin: CodeSource): { ms: MagicString; base: number; verbatim: boolean } {
  if (origin.fileText !== undefined) {
    const offset = new LineMap(origin.fileText).offset(codeAt.line, codeAt.column);
    if (origin.fileText.startsWith(code, offset)) {
      return { ms: new MagicString(origin.fileText).snip(offset, offset + code.length), base: offset, verbatim: true };
    }
  }
  return { ms: new MagicString(code), base: 0, verbatim: false };
}

function positioner(sf: ts.SourceFile, codeAt: SourcePosition): (n: ts.Node) => SourcePosition {
  return (n) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    return { file: codeAt.file, line: codeAt.line + line, column: line === 0 ? codeAt.column + character : character + 1 };
  };
}

export function buildGadgetCode(input: GadgetCodeInput): GadgetCode {
  const marks: Mark[] = [];
  const changes: CodeChange[] = [];
  const bundle = new Bundle({ separator: '' });
  const total: ScopeResult = { bootstraps: 0, usesJQuery: false, unmapped: new Map(), sites: [] };
  const merge = (r: ScopeResult): void => {
    total.sites.push(...r.sites);
    total.bootstraps += r.bootstraps;
    total.usesJQuery ||= r.usesJQuery;
    for (const [api, n] of r.unmapped) total.unmapped.set(api, (total.unmapped.get(api) ?? 0) + n);
  };
  // Parse everything first: helper names must not collide with names the gadget declares.
  const parsed = input.scripts.map(({ block, origin }) => {
    // Blank space around the code (the line break after <script>, the indentation before </script>) is not code.
    let code = block.code!.trimEnd();
    let codeAt = block.codeAt!;
    const lead = /^[ \t]*\r?\n/.exec(code);
    if (lead) {
      code = code.slice(lead[0].length);
      codeAt = { file: codeAt.file, line: codeAt.line + 1, column: 1 };
    }
    return { block, origin, code, codeAt, sf: ts.createSourceFile(origin.file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS) };
  });
  const allHandlers = [...input.handlers.map((h) => h.handler), ...input.bodyHandlers];
  const handlerFiles = new Map(allHandlers.map((h) => [h, ts.createSourceFile(h.at.file, h.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)]));
  const declared = new Set<string>();
  for (const p of parsed) declaredNames(p.sf, declared);
  for (const sf of handlerFiles.values()) declaredNames(sf, declared);
  const names = helperNames(declared);
  // A script that does not parse is left out of the bundle (below), and out of the census with it.
  const parses = (sf: ts.SourceFile): boolean => syntaxErrors(sf).length === 0;
  const resolution = resolveUses([...parsed.map((p) => p.sf).filter(parses), ...handlerFiles.values()]);
  const readsConfig = readsLibraryConfig([...parsed.map((p) => p.code), ...allHandlers.map((h) => h.code)]);
  const configAt = (parsed.find((p) => /\bfinesse\.gadget\.Config\b/.test(p.code)) ?? parsed[0])?.codeAt ?? allHandlers[0]?.at;
  const libraryConfig = readsConfig && configAt
    ? markComment(marks, { id: 'FINESSE-CONFIG', kind: 'review', message: "finesse.gadget.Config came from the Finesse library, which the Desktop does not load: its fields read the element's attributes (UserPrefs), empty unless the layout sets them; host, restHost and authorization have no Finesse server behind them", at: configAt, file: input.outFile })
    : undefined;
  // Names the converted file declares itself are not the gadget's globals.
  const ownNames = new Set([...HELPERS, '$', 'jQuery', 'fmContext', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', ...(readsConfig ? ['finesse'] : [])]);
  const globals = gadgetGlobals([...parsed.map((p) => p.sf), ...handlerFiles.values()], ownNames);
  bundle.append(header(input.title, input.source, names, libraryConfig, globalsPrologue(globals)));

  const unparsed = new Map<string, string>();
  for (const { block, origin, code, codeAt, sf } of parsed) {
    // A line comment: a line break in a file name would end it and make the rest code.
    const label = (block.kind === 'inline' ? `inline script at ${where(block.at)}` : `${origin.file} (loaded at ${where(block.at)})`).replace(/[\r\n\u2028\u2029]+/g, ' ');
    // A script that does not parse would break the whole bundle: it alone stays out, kept as written
    // beside it and marked where it would run; the other scripts are built and run.
    const syntax = syntaxErrors(sf)[0];
    if (syntax) {
      const p = sf.getLineAndCharacterOfPosition(syntax.start);
      const at = { file: codeAt.file, line: codeAt.line + p.line, column: p.line === 0 ? codeAt.column + p.character : p.character + 1 };
      const keptAs = `src/unparsed/${String(unparsed.size + 1).padStart(2, '0')}-${block.kind === 'inline' ? 'inline-script' : origin.file.replace(/^.*[\\/]/, '').replace(/\.js$/i, '')}.js`;
      unparsed.set(keptAs, code.endsWith('\n') ? code : code + '\n');
      const message = `this script does not parse (${ts.flattenDiagnosticMessageText(syntax.messageText, ' ')} at ${where(at)}), so it is not in the bundle and does not run; the other scripts do. It is kept as written in ${keptAs}: fix it there and put it back in place of this comment`;
      const comment = markComment(marks, { id: 'SCRIPT-SYNTAX', kind: 'todo', message, at, file: input.outFile });
      bundle.append(`\n  // ---- ${label} ----\n  ${comment}\n  fmContext.scriptFailed(${JSON.stringify(where(at))}, new SyntaxError(${JSON.stringify(ts.flattenDiagnosticMessageText(syntax.messageText, ' '))}));\n`);
      changes.push({ kind: 'script', from: { file: codeAt.file, line: codeAt.line }, before: code, after: code });
      continue;
    }
    const { ms, base, verbatim } = codeString(code, codeAt, origin);
    merge(scopeDom(sf, { ms, base, at: positioner(sf, codeAt), outFile: input.outFile, marks, names, rules: input.rules, resolution }));
    bundle.append(`\n  // ---- ${label} ----\n  try {\n`);
    // A source map names each original once: code that is not verbatim in its file (two scripts of
    // one spec, one of them re-read) gets a source of its own, as inline handlers do.
    bundle.addSource({ filename: verbatim ? origin.file : `${origin.file}#script@${codeAt.line}:${codeAt.column}`, content: ms });
    changes.push({ kind: 'script', from: { file: codeAt.file, line: codeAt.line }, before: code, after: ms.toString() });
    bundle.append(`\n  } catch (error) {\n    fmContext.scriptFailed(${JSON.stringify(where(block.at))}, error);\n  }\n`);
  }

  const handlerChunk = (h: InlineHandler, bind: string): void => {
    // Handler text is a function body; TypeScript parses a top-level `return` (reporting it, which we ignore).
    const ms = new MagicString(h.code);
    const sf = handlerFiles.get(h)!;
    merge(scopeDom(sf, { ms, base: 0, at: positioner(sf, h.at), outFile: input.outFile, marks, names, rules: input.rules, resolution }));
    bundle.append(`  // ${h.element}${h.elementId ? `#${h.elementId}` : ''} on${h.event} at ${where(h.at)}\n  ${bind}function (event) {\n    `);
    bundle.addSource({ filename: `${h.at.file}#on${h.event}@${h.at.line}:${h.at.column}`, content: ms });
    changes.push({ kind: 'handler', from: { file: h.at.file, line: h.at.line }, before: h.code, after: ms.toString() });
    bundle.append('\n  });\n');
  };
  if (input.handlers.length || input.bodyHandlers.length) bundle.append('\n  // ---- inline event handlers of the markup ----\n');
  for (const { target, handler: h } of input.handlers) handlerChunk(h, `${names.on}('[data-fm-on="${target}"]', ${JSON.stringify(h.event)}, `);
  for (const h of input.bodyHandlers) {
    if (h.event === 'load') {
      total.bootstraps++;
      handlerChunk(h, `${names.onLoad}(`);
    } else handlerChunk(h, `${names.on}(${names.host}, ${JSON.stringify(h.event)}, `);
  }
  bundle.append('};\n');

  const map = bundle.generateMap({ hires: 'boundary', includeContent: true, file: input.outFile.replace(/^.*\//, '') });
  return {
    code: `${bundle.toString()}//# sourceMappingURL=${input.outFile.replace(/^.*\//, '')}.map\n`,
    map: JSON.stringify(map) + '\n',
    marks,
    usesJQuery: total.usesJQuery,
    bootstraps: total.bootstraps,
    unmapped: total.unmapped,
    sites: total.sites,
    changes,
    unparsed,
  };
}
