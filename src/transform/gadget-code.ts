// The gadget's scripts, in document order, as one sloppy-mode CommonJS module `runGadget(ctx)` that an
// element instance runs against its own shadow root. Each original script is a MagicString snipped
// from its file, so untouched code stays byte-identical and the source map points into the gadget's
// own files. Scripts keep their authors' formatting: prettier has no source maps and would rewrite
// every line, which would hide our few edits in the diff a reviewer reads.
import MagicString, { Bundle } from 'magic-string';
import ts from 'typescript';
import type { InlineHandler, ScriptBlock, SourcePosition } from '../model.js';
import { LineMap } from '../diagnostics.js';
import type { Mark } from './marks.js';
import { scopeDom, type ScopeResult } from './scope-dom.js';

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
}

export interface GadgetCode {
  code: string;
  map: string;
  marks: Mark[];
  usesJQuery: boolean;
  bootstraps: number;
  unmapped: Map<string, number>;
}

const HEADER = (title: string, source: string): string => `/*
 * ${title}: the gadget's scripts, converted by finesse-migrate from ${source}.
 *
 * index.ts runs this once per element instance. Inside, \`root\` is the element's shadow root and
 * \`host\` the element; \`dom\` answers getElementsBy* from the root; \`onLoad\` registers what the gadget
 * ran at start-up (called after Desktop.config.init); \`on\` binds listeners the element removes again;
 * \`prefs\` reads the gadget's UserPrefs from the element's attributes. Timers are the element's own,
 * cleared when it is removed.
 *
 * This file stays sloppy-mode JavaScript, like the original scripts, and each script runs in its own
 * try block: as in a browser, one failing script does not stop the others.
 */
var $ = require("jquery");
var jQuery = $;

module.exports = function runGadget(ctx) {
  var root = ctx.root, host = ctx.host, dom = ctx.dom, onLoad = ctx.onLoad, on = ctx.on, prefs = ctx.prefs;
  var setTimeout = ctx.timers.setTimeout, setInterval = ctx.timers.setInterval;
  var clearTimeout = ctx.timers.clearTimeout, clearInterval = ctx.timers.clearInterval;
`;

function where(at: SourcePosition): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** A MagicString over the code, snipped from its whole file when the code is there verbatim. */
function codeString(code: string, codeAt: SourcePosition, origin: CodeSource): { ms: MagicString; base: number } {
  if (origin.fileText !== undefined) {
    const offset = new LineMap(origin.fileText).offset(codeAt.line, codeAt.column);
    if (origin.fileText.startsWith(code, offset)) {
      return { ms: new MagicString(origin.fileText).snip(offset, offset + code.length), base: offset };
    }
  }
  return { ms: new MagicString(code), base: 0 };
}

function positioner(sf: ts.SourceFile, codeAt: SourcePosition): (n: ts.Node) => SourcePosition {
  return (n) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    return { file: codeAt.file, line: codeAt.line + line, column: line === 0 ? codeAt.column + character : character + 1 };
  };
}

export function buildGadgetCode(input: GadgetCodeInput): GadgetCode {
  const marks: Mark[] = [];
  const bundle = new Bundle({ separator: '' });
  const total: ScopeResult = { bootstraps: 0, usesJQuery: false, unmapped: new Map() };
  const merge = (r: ScopeResult): void => {
    total.bootstraps += r.bootstraps;
    total.usesJQuery ||= r.usesJQuery;
    for (const [api, n] of r.unmapped) total.unmapped.set(api, (total.unmapped.get(api) ?? 0) + n);
  };
  bundle.append(HEADER(input.title, input.source));

  for (const { block, origin } of input.scripts) {
    // Trailing blank space (the indentation before </script>) is not code.
    const code = block.code!.trimEnd();
    const codeAt = block.codeAt!;
    const { ms, base } = codeString(code, codeAt, origin);
    const sf = ts.createSourceFile(origin.file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    merge(scopeDom(sf, { ms, base, at: positioner(sf, codeAt), outFile: input.outFile, marks }));
    const label = block.kind === 'inline' ? `inline script at ${where(block.at)}` : `${origin.file} (loaded at ${where(block.at)})`;
    bundle.append(`\n  // ---- ${label} ----\n  try {\n`);
    bundle.addSource({ filename: origin.file, content: ms });
    bundle.append(`\n  } catch (error) {\n    ctx.scriptFailed(${JSON.stringify(where(block.at))}, error);\n  }\n`);
  }

  const handlerChunk = (h: InlineHandler, bind: string): void => {
    // Handler text is a function body; TypeScript parses a top-level `return` (reporting it, which we ignore).
    const ms = new MagicString(h.code);
    const sf = ts.createSourceFile(h.at.file, h.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    merge(scopeDom(sf, { ms, base: 0, at: positioner(sf, h.at), outFile: input.outFile, marks }));
    bundle.append(`  // ${h.element}${h.elementId ? `#${h.elementId}` : ''} on${h.event} at ${where(h.at)}\n  ${bind}function (event) {\n    `);
    bundle.addSource({ filename: `${h.at.file}#on${h.event}@${h.at.line}:${h.at.column}`, content: ms });
    bundle.append('\n  });\n');
  };
  if (input.handlers.length || input.bodyHandlers.length) bundle.append('\n  // ---- inline event handlers of the markup ----\n');
  for (const { target, handler: h } of input.handlers) handlerChunk(h, `on('[data-fm-on="${target}"]', ${JSON.stringify(h.event)}, `);
  for (const h of input.bodyHandlers) {
    if (h.event === 'load') {
      total.bootstraps++;
      handlerChunk(h, 'onLoad(');
    } else handlerChunk(h, `on(host, ${JSON.stringify(h.event)}, `);
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
  };
}
