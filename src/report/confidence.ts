// A per-gadget confidence score for report.html: how much of the gadget the tool converted without
// needing a person, from what report.json already records. It ranks gadgets for review; it is not a
// test result. The weights live here once and the page states them from these constants.
import type { GadgetRecord } from './report.js';

/** How much a call site counts towards the call-site share, by outcome. */
export const SITE_WEIGHTS = { mapped: 1, dropped: 1, todo: 0.5, unmapped: 0 } as const;
/** Points taken off per item. */
export const PENALTIES = { todoMark: 10, reviewMark: 3, error: 25, warning: 5 } as const;
/** A gadget that still needs work never reaches the high band. */
export const NEEDS_WORK_CAP = 89;
export const BANDS = { high: 90, medium: 60 } as const;

export type Band = 'high' | 'medium' | 'low';

export interface Confidence {
  score: number;
  band: Band;
  /** The terms of the formula for this gadget, for the page to show. */
  explain: string;
}

/** The formula as the page states it. */
export const CONFIDENCE_FORMULA = {
  formula:
    `score = 100 × (mapped + dropped + ${SITE_WEIGHTS.todo} × todo) / call sites` +
    ` − ${PENALTIES.todoMark} × TODO marks − ${PENALTIES.reviewMark} × REVIEW marks` +
    ` − ${PENALTIES.error} × errors − ${PENALTIES.warning} × warnings`,
  notes: [
    'The call-site share is 100 when the gadget has no finesse.* / gadgets.* call sites (iframe gadgets, plain widgets). Unmapped call sites count 0.',
    'Dropped call sites count in full: a rule removed them on purpose (the Desktop does that job itself).',
    'The result is rounded and kept between 0 and 100; info diagnostics do not count.',
    `A failed gadget scores 0. A needs-work gadget scores at most ${NEEDS_WORK_CAP}. Skipped files get no score.`,
    `Bands: high ≥ ${BANDS.high}, medium ${BANDS.medium}–${BANDS.high - 1}, low < ${BANDS.medium}.`,
  ],
};

export function confidenceOf(rec: GadgetRecord): Confidence | undefined {
  if (rec.status === 'skipped') return undefined;
  if (rec.status === 'failed') return { score: 0, band: 'low', explain: 'failed: 0' };
  const sites = rec.widget?.callSites;
  const share = sites && sites.total > 0
    ? (sites.mapped * SITE_WEIGHTS.mapped + sites.dropped * SITE_WEIGHTS.dropped + sites.todo * SITE_WEIGHTS.todo + sites.unmapped * SITE_WEIGHTS.unmapped) / sites.total
    : 1;
  const marks = rec.widget?.marks ?? [];
  const todo = marks.filter((m) => m.kind === 'todo').length;
  const review = marks.length - todo;
  const errors = rec.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = rec.diagnostics.filter((d) => d.severity === 'warning').length;
  const raw = 100 * share - PENALTIES.todoMark * todo - PENALTIES.reviewMark * review - PENALTIES.error * errors - PENALTIES.warning * warnings;
  let score = Math.min(100, Math.max(0, Math.round(raw)));
  if (rec.status === 'needs-work') score = Math.min(score, NEEDS_WORK_CAP);

  const terms = [`call-site share ${Math.round(100 * share)}`];
  if (todo) terms.push(`− ${PENALTIES.todoMark} × ${todo} TODO`);
  if (review) terms.push(`− ${PENALTIES.reviewMark} × ${review} REVIEW`);
  if (errors) terms.push(`− ${PENALTIES.error} × ${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) terms.push(`− ${PENALTIES.warning} × ${warnings} warning${warnings === 1 ? '' : 's'}`);
  let explain = terms.join(' ');
  if (rec.status === 'needs-work' && Math.round(raw) > NEEDS_WORK_CAP) explain += ` (needs-work: capped at ${NEEDS_WORK_CAP})`;
  return { score, band: score >= BANDS.high ? 'high' : score >= BANDS.medium ? 'medium' : 'low', explain: `${explain} = ${score}` };
}
