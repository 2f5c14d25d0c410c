// Stable, unique, file-system-safe ids for the gadgets of a batch. The id names every output of a
// gadget (layout fragment, model, later the widget project), so it must not depend on run order.
import type { AnalyzedFile } from '../analyze/index.js';
import { gadgetTitle } from './iframe.js';

/** Letters NFKD does not decompose into ASCII. */
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th' };

export function slugify(text: string): string {
  return text
    .replace(/[ßæœøłđþ]/gi, (c) => FOLD[c.toLowerCase()] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

export function baseName(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  // A spec served as .jsp, .gadget or .html is named for what it is, like an .xml one.
  return name.replace(/\.(?:xml|jspx?|gadget|html?|php|aspx?)$/i, '');
}

/** Ids for gadgets in the order given (callers pass files sorted by source path). */
export function assignIds(files: AnalyzedFile[]): Map<AnalyzedFile, string> {
  const ids = new Map<AnalyzedFile, string>();
  const taken = new Set<string>();
  for (const f of files) {
    if (!f.gadget) continue;
    const base = slugify(gadgetTitle(f.gadget, baseName(f.rel))) || slugify(baseName(f.rel)) || 'gadget';
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    ids.set(f, id);
  }
  return ids;
}
