// One spec file in, everything later passes need out: model, census, decision, diagnostics.
// Pure with respect to the output: it only reads the gadget's SourceTree.
import type { Census, Decision, Diagnostic, Gadget } from '../model.js';
import { decodeBytes } from '../parse/decode.js';
import { parseGadgetFile, type ParseOptions } from '../parse/gadget.js';
import type { SourceTree } from '../parse/source-tree.js';
import { censusOf } from './census.js';
import { classify } from './classify.js';
import { scanGadget } from './scan.js';

export interface AnalyzedFile {
  /** Display path of the spec file. */
  source: string;
  tree: SourceTree;
  rel: string;
  gadget?: Gadget;
  decision?: Decision;
  census?: Census;
  diagnostics: Diagnostic[];
  /** True when the file could not be turned into a model (bad XML, refused DOCTYPE, unreadable). */
  failed: boolean;
}

/** Root elements that are Finesse files but not gadgets, with what they are. */
// A Map: the root name is gadget data, and `<constructor>` must not find Object.prototype.constructor.
const KNOWN_NON_GADGETS = new Map<string, { code: string; message: string }>(Object.entries({
  messagebundle: { code: 'message-bundle', message: 'a message bundle (<messagebundle>), read through the gadget whose <Locale messages=...> names it' },
  finesseLayout: { code: 'finesse-layout', message: 'a Finesse desktop layout (<finesseLayout>), not a gadget: convert it with finesse-migrate layout <file> --gadgets <out>' },
  LayoutConfig: { code: 'finesse-layout', message: 'a Finesse layout configuration (<LayoutConfig>), not a gadget: convert it with finesse-migrate layout <file> --gadgets <out>' },
  TeamLayoutConfig: { code: 'finesse-layout', message: 'a Finesse team layout configuration (<TeamLayoutConfig>), not a gadget: convert it with finesse-migrate layout <file> --gadgets <out>' },
}));

export function analyzeFile(tree: SourceTree, rel: string, options: ParseOptions = {}): AnalyzedFile {
  const source = tree.displayPath(rel);
  const spec = parseGadgetFile(tree, rel, options);
  const base = { source, tree, rel, diagnostics: spec.diagnostics.items };
  if (spec.kind === 'failed') {
    // A broken file that never mentions <Module> is some other XML: skip it rather than fail the batch.
    const bytes = tree.read(rel);
    const looksLikeGadget = !bytes || /<(?:[\w.-]+:)?Module[\s>/]/.test(decodeBytes(bytes).text);
    if (!looksLikeGadget) {
      return {
        ...base,
        diagnostics: base.diagnostics.map((d) => ({ ...d, severity: 'info' as const })),
        failed: false,
        decision: { classification: 'not-a-gadget', reasons: [{ code: 'not-xml-gadget', message: 'not well-formed XML and no <Module> element: not a gadget' }] },
      };
    }
    return { ...base, failed: true };
  }
  if (spec.kind === 'not-a-gadget') {
    const root = spec.rootElement ?? '?';
    const known = KNOWN_NON_GADGETS.get(root.replace(/^.*:/, ''));
    return {
      ...base,
      failed: false,
      decision: {
        classification: 'not-a-gadget',
        reasons: [known ?? { code: 'root-not-module', message: `the root element is <${root}>, not <Module>` }],
      },
    };
  }
  const sink = spec.diagnostics;
  const gadget = spec.gadget;
  const scan = scanGadget(gadget, sink);
  return {
    ...base,
    diagnostics: sink.items,
    gadget,
    census: censusOf(scan.uses),
    decision: classify(gadget, scan),
    failed: false,
  };
}

/**
 * `analyzeFile` that never throws: a bug met on one gadget fails that gadget with an `internal-error`
 * diagnostic and the batch goes on.
 */
export function analyzeSafely(tree: SourceTree, rel: string, options: ParseOptions = {}, analyze = analyzeFile): AnalyzedFile {
  try {
    return analyze(tree, rel, options);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const where = err.stack?.split('\n').find((l) => l.includes('/src/') || l.includes('/dist/'))?.trim();
    return {
      source: tree.displayPath(rel),
      tree,
      rel,
      failed: true,
      diagnostics: [
        {
          severity: 'error',
          code: 'internal-error',
          message: `finesse-migrate failed on this file: ${err.message}${where ? ` (${where.replace(/^at /, '')})` : ''}. Please report it with the file.`,
          file: tree.displayPath(rel),
        },
      ],
    };
  }
}
