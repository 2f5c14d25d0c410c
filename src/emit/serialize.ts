// JSON for what we write: stable key order as built, 2-space indent, trailing newline, and the
// gadget model without the bulk text (script bodies, raw HTML) a reader can open in the source.
import type { Gadget } from '../model.js';
import { nullProto } from '../null-proto.js';

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** Fields whose text is the gadget's own source: shown by size, read from the file they point at. */
const BULK_FIELDS = new Set(['code', 'rawText', 'html']);

export function modelForJson(g: Gadget): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    // Keys are gadget data (an attribute named __proto__): a table without a prototype keeps each one.
    const out = nullProto<unknown>();
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      // Replaced by its length so the model stays small and diffable.
      if (BULK_FIELDS.has(k) && typeof x === 'string') out[`${k}Chars`] = x.length;
      else out[k] = strip(x);
    }
    return out;
  };
  return strip(g);
}

/**
 * A file's text made piece by piece as it is written (issue 14: report.json of a big batch is tens of
 * MB, and one string of it, its UTF-8 copy and its hash input would all be held at once).
 */
export class Chunked {
  constructor(readonly chunks: () => Iterable<string>) {}
  /** The whole text (dry runs, tests). */
  text(): string {
    return [...this.chunks()].join('');
  }
}

/** toJson(value), the same bytes, as a Chunked: one piece per element down to `depth` levels of arrays and objects. */
export function chunkedJson(value: unknown, depth = 2): Chunked {
  return new Chunked(function* () {
    yield* jsonPieces(value, '', depth);
    yield '\n';
  });
}

function* jsonPieces(value: unknown, indent: string, depth: number): Generator<string> {
  const inner = `${indent}  `;
  // What JSON.stringify leaves out of an object, or writes as null in an array.
  const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';
  const plain = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (depth > 0 && plain && Array.isArray(value) && value.length > 0) {
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      yield* jsonPieces(skipped(value[i]) ? null : value[i], inner, depth - 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  if (depth > 0 && plain && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => !skipped(v));
    if (entries.length > 0) {
      yield '{\n';
      for (let i = 0; i < entries.length; i++) {
        const [k, v] = entries[i]!;
        yield `${inner}${JSON.stringify(k)}: `;
        yield* jsonPieces(v, inner, depth - 1);
        yield i < entries.length - 1 ? ',\n' : '\n';
      }
      yield `${indent}}`;
      return;
    }
  }
  // A leaf, or a subtree below `depth`: JSON.stringify's own text, indented where it stands (it
  // escapes line breaks inside strings, so every raw newline is its own formatting).
  const text = JSON.stringify(value, null, 2);
  yield indent ? text.replace(/\n/g, `\n${indent}`) : text;
}
