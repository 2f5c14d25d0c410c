import type { Diagnostic, Severity, SourcePosition } from './model.js';

/** Diagnostics of one code kept per gadget; the rest are counted in one `diagnostics-folded` note. */
export const MAX_DIAGNOSTICS_PER_CODE = 50;

/** Collects diagnostics for one gadget; passes share one sink so order follows the pipeline. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  // A gadget that repeats one mistake 30,000 times gets 50 diagnostics and a count, not a 9 MB report.
  private readonly perCode = new Map<string, { count: number; folded?: Diagnostic }>();

  add(severity: Severity, code: string, message: string, at: Pick<SourcePosition, 'file'> & Partial<SourcePosition>): void {
    const d: Diagnostic = { severity, code, message, file: at.file };
    if (at.line !== undefined) d.line = at.line;
    if (at.column !== undefined) d.column = at.column;
    const seen = this.perCode.get(code) ?? { count: 0 };
    this.perCode.set(code, seen);
    seen.count++;
    if (seen.count <= MAX_DIAGNOSTICS_PER_CODE) {
      this.items.push(d);
      return;
    }
    const more = seen.count - MAX_DIAGNOSTICS_PER_CODE;
    if (!seen.folded) {
      seen.folded = { severity: 'info', code: 'diagnostics-folded', message: '', file: d.file };
      if (d.line !== undefined) seen.folded.line = d.line;
      if (d.column !== undefined) seen.folded.column = d.column;
      this.items.push(seen.folded);
    }
    seen.folded.message = `${more} more "${code}" ${more === 1 ? 'diagnostic' : 'diagnostics'} like the ${MAX_DIAGNOSTICS_PER_CODE} above left out (the first of them here)`;
  }
  error(code: string, message: string, at: Pick<SourcePosition, 'file'> & Partial<SourcePosition>): void {
    this.add('error', code, message, at);
  }
  warn(code: string, message: string, at: Pick<SourcePosition, 'file'> & Partial<SourcePosition>): void {
    this.add('warning', code, message, at);
  }
  info(code: string, message: string, at: Pick<SourcePosition, 'file'> & Partial<SourcePosition>): void {
    this.add('info', code, message, at);
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/** `file:line:column` for messages a person reads. */
export function formatPosition(d: { file: string; line?: number; column?: number }): string {
  if (d.line === undefined) return d.file;
  return d.column === undefined ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.column}`;
}

/** Maps offsets in a text to 1-based line/column, counting CRLF, LF and lone CR as one break. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  /** Offset of a 1-based line/column. */
  offset(line: number, column: number): number {
    const start = this.starts[Math.min(Math.max(line - 1, 0), this.starts.length - 1)]!;
    return start + column - 1;
  }
}
