// migration.patch: every review change as a unified diff, gadgets in report order. The original side
// is numbered in the original file (offset by where the text starts there); the converted text is
// numbered as if it replaced the original in place. The original side is the text as the conversion
// read it (a handler is its attribute's value, an inline style sheet is dedented), so a section
// documents the change rather than applying to every original file verbatim. Each section is led by a
// `#` line naming the gadget, which patch(1) and git apply skip as commentary.
import { diffLines, hunkHeader, hunksOf, splitLines } from './diff.js';
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

function changeSection(gadgetId: string, change: ReviewChange): string[] {
  const hunks = hunksOf(diffLines(splitLines(change.before), splitLines(change.after)));
  if (hunks.length === 0) return [];
  const lines = [
    `# gadget ${gadgetId}: ${change.kind} from ${change.from.file}:${change.from.line} into ${change.to}`,
    `--- a/${change.from.file}`,
    `+++ b/${change.to}`,
  ];
  for (const h of hunks) {
    lines.push(hunkHeader(h, change.from.line - 1));
    for (const e of h.edits) lines.push(e.op + e.text);
  }
  return lines;
}
