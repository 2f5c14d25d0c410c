// migration.patch: every review change as a unified diff, gadgets in report order. The original side
// is numbered in the original file (offset by where the text starts there); the converted text is
// numbered as if it replaced the original in place. The original side is the text as the conversion
// read it (a handler is its attribute's value, an inline style sheet is dedented), so a section
// documents the change rather than applying to every original file verbatim. Each section is led by a
// `#` line naming the gadget, which patch(1) and git apply skip as commentary. File names are quoted
// the way git quotes them ({@link quotePath}), so a name holding a newline cannot start a header of its
// own: every line of the patch is one the tool meant to write.
import { diffLines, hunkHeader, hunksOf, splitLines } from './diff.js';
import { Chunked } from '../emit/serialize.js';
import type { Report } from './report.js';
import type { GadgetReview, ReviewChange } from './review.js';

export function migrationPatch(report: Report, reviews: readonly GadgetReview[]): string {
  const byId = new Map(reviews.map((r) => [r.id, r]));
  const out: string[] = [];
  for (const rec of report.gadgets) {
    const review = rec.id === undefined ? undefined : byId.get(rec.id);
    for (const change of review?.changes ?? []) out.push(...changeSection(rec.id!, change));
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** migrationPatch, the same text, made one gadget's changes at a time as it is written. */
export function migrationPatchChunked(report: Report, reviews: readonly GadgetReview[]): Chunked {
  return new Chunked(function* () {
    const byId = new Map(reviews.map((r) => [r.id, r]));
    let any = false;
    for (const rec of report.gadgets) {
      const review = rec.id === undefined ? undefined : byId.get(rec.id);
      for (const change of review?.changes ?? []) {
        const lines = changeSection(rec.id!, change);
        if (!lines.length) continue;
        yield (any ? '\n' : '') + lines.join('\n');
        any = true;
      }
    }
    if (any) yield '\n';
  });
}

function changeSection(gadgetId: string, change: ReviewChange): string[] {
  const hunks = hunksOf(diffLines(splitLines(change.before), splitLines(change.after)));
  if (hunks.length === 0) return [];
  const lines = [
    `# gadget ${quotePath(gadgetId)}: ${change.kind} from ${quotePath(change.from.file)}:${change.from.line} into ${quotePath(change.to)}`,
    `--- ${quotePath(`a/${change.from.file}`)}`,
    `+++ ${quotePath(`b/${change.to}`)}`,
  ];
  for (const h of hunks) {
    lines.push(hunkHeader(h, change.from.line - 1));
    for (const e of h.edits) lines.push(e.op + e.text);
  }
  return lines;
}

const NAMED_ESCAPES: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 34: '"', 92: '\\' };

/**
 * A file name as git writes it in a diff header (quote_c_style, core.quotePath on): as it is when it
 * holds only printable ASCII other than `"` and `\`; otherwise in double quotes, with \n, \t, \", \\ and
 * the like, and every other control or non-ASCII byte (UTF-8) as a three-digit octal escape. GNU patch
 * and git apply read it back.
 */
export function quotePath(name: string): string {
  if (!/["\\\x00-\x1f\x7f-\uffff]/.test(name)) return name;
  let out = '"';
  for (const byte of new TextEncoder().encode(name)) {
    const named = NAMED_ESCAPES[byte];
    if (named !== undefined) out += '\\' + named;
    else if (byte < 0x20 || byte >= 0x7f) out += '\\' + byte.toString(8).padStart(3, '0');
    else out += String.fromCharCode(byte);
  }
  return out + '"';
}
