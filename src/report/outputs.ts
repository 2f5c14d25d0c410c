// The review outputs rendered from report.json and the gadgets' changes: report.html, migration.patch,
// todos.sarif. Pure apart from reading the rule table (for rule titles): report in, output-relative
// path → text out.
import { loadRuleTable } from '../rules/table.js';
import { reportHtml } from './html.js';
import { migrationPatch } from './patch.js';
import type { Report } from './report.js';
import type { GadgetReview } from './review.js';
import { todosSarif } from './sarif.js';

export function reviewOutputs(report: Report, reviews: GadgetReview[]): Map<string, string> {
  const ruleTitles = new Map(loadRuleTable().rules.map((r) => [r.id, r.title]));
  return new Map([
    ['report.html', reportHtml(report, reviews, ruleTitles)],
    ['migration.patch', migrationPatch(report, reviews)],
    ['todos.sarif', todosSarif(report, ruleTitles)],
  ]);
}
