// What a reviewer compares: each original piece of a gadget (a script, an inline handler, a style
// sheet, the body markup) beside what the conversion made of it. The review outputs (report.html,
// migration.patch, todos.sarif) are rendered from these and report.json.

export interface ReviewChange {
  kind: 'script' | 'handler' | 'style' | 'markup';
  /** Display path of the original file, and the line the original text starts on there. */
  from: { file: string; line: number };
  /** Output-relative path of the file it became part of. */
  to: string;
  before: string;
  after: string;
}

export interface GadgetReview {
  /** The gadget id (report.json `gadgets[].id`). */
  id: string;
  changes: ReviewChange[];
}
