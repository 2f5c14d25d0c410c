// The review outputs rendered from report.json and the gadgets' changes: report.html (and the data
// files beside it, report/gadgets/<n>.js), migration.patch, todos.sarif. Pure apart from reading the rule table (for rule titles): report in, output-relative
// path → text out.
import { loadRuleTable } from '../rules/table.js';
import { reportHtml } from './html.js';
import { Chunked, chunkedJson } from '../emit/serialize.js';
import { migrationPatchChunked } from './patch.js';
import type { Report } from './report.js';
import type { GadgetReview } from './review.js';
import { todosSarifLog } from './sarif.js';

export function reviewOutputs(report: Report, reviews: GadgetReview[]): Map<string, string> {
  return new Map([...reviewFiles(report, reviews)].map(([rel, content]) => [rel, content instanceof Chunked ? content.text() : content]));
}

/**
 * reviewOutputs one file at a time, in the same order, the big ones as Chunked: a writer that writes
 * each as it comes holds one of them at a time, never whole (issue 14).
 */
export function* reviewFiles(report: Report, reviews: GadgetReview[]): Generator<[string, string | Chunked]> {
  const ruleTitles = new Map(loadRuleTable().rules.map((r) => [r.id, r.title]));
  const page = reportHtml(report, reviews, ruleTitles);
  let html: string | undefined = page.html;
  const gadgets = page.gadgets;
  yield ['report.html', html];
  html = undefined;
  yield ['migration.patch', migrationPatchChunked(report, reviews)];
  // Down to each result: runs, the run, its results.
  yield ['todos.sarif', chunkedJson(todosSarifLog(report, ruleTitles), 4)];
  // report.html's data files: report/search.js, loaded on the first search, and one per gadget
  // (report/gadgets/<n>.js), loaded when the gadget is opened; made as they are written.
  yield* gadgets;
}
