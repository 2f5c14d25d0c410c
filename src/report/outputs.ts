// The review outputs rendered from report.json and the gadgets' changes: report.html, migration.patch,
// todos.sarif. Pure: report in, output-relative path → text out.
import type { Report } from './report.js';
import type { GadgetReview } from './review.js';

export function reviewOutputs(_report: Report, _reviews: GadgetReview[]): Map<string, string> {
  return new Map();
}
