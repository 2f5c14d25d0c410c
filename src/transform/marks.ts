// A mark is a spot in emitted code a person must look at: a `TODO(finesse-migrate) [ID]` comment in
// the code and a record in the report, never a silent guess.
import type { SourcePosition } from '../model.js';

export interface Mark {
  /** Stable id of the kind of problem, e.g. `DOM-WRITE`; documented in docs/marks.md. */
  id: string;
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
