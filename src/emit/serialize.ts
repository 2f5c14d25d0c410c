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
