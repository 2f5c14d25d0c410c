// A mark is a spot in emitted code a person must look at: a `TODO(finesse-migrate) [ID]` comment in
// the code and a record in the report, never a silent guess.
import type { SourcePosition } from '../model.js';

export interface Mark {
  /** Stable id of the kind of problem, e.g. `DOM-WRITE` (docs/marks.md), or the id of the rule that left it (rules/). */
  id: string;
  /** `todo`: a person must act. `review`: rewritten by an approximate rule; check the note. */
  kind: 'todo' | 'review';
  message: string;
  /** Where the original code was. */
  at: SourcePosition;
  /** The emitted file (widget-relative) that carries the comment. */
  file: string;
}

export function todoComment(id: string, message: string): string {
  // `*/` inside the message would end the comment early.
  return `/* TODO(finesse-migrate) [${id}] ${message.replace(/\*\//g, '* /')} */`;
}

export function reviewComment(id: string, message: string): string {
  return `/* REVIEW(finesse-migrate) [${id}] ${message.replace(/\*\//g, '* /')} */`;
}

/**
 * Records a mark and returns the comment that carries it in the code: the record and the comment come
 * from one call, so the report, SARIF, the patch and the code say the same.
 */
export function markComment(marks: Mark[], mark: Mark): string {
  marks.push(mark);
  return mark.kind === 'todo' ? todoComment(mark.id, mark.message) : reviewComment(mark.id, mark.message);
}

/** One finesse.* / gadgets.* use in the gadget code and what became of it. */
export interface CallSite {
  api: string;
  /** The rule that handled it; absent when no rule covers the API. */
  rule?: string;
  /** mapped: rewritten by a rule; todo: a rule marked it for a person; dropped: removed on purpose; unmapped: no rule. */
  outcome: 'mapped' | 'todo' | 'dropped' | 'unmapped';
  at: import('../model.js').SourcePosition;
}
