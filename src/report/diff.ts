// Line diff for the review outputs: Myers' O(ND) shortest edit script, and unified-diff hunks built
// from it. Written here rather than taken from a package because it is small and its output (which
// of several equally short scripts is chosen) must stay byte-stable across releases.

/** One line of an edit script. Indices are 0-based into the old / new line arrays. */
export type Edit =
  | { op: ' '; text: string; oldIndex: number; newIndex: number }
  | { op: '-'; text: string; oldIndex: number }
  | { op: '+'; text: string; newIndex: number };

export interface Hunk {
  /** 1-based first line on each side; for an empty side, the line before the hunk (as diff(1) writes it). */
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Indices into the edit script the hunk was cut from, and the edits themselves. */
  from: number;
  edits: Edit[];
}

/** Splits a text into lines the way a reviewer sees them: any line break ends a line, a final break adds none. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The shortest edit script from `a` to `b`; within a changed block, deletions come before insertions. */
export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  // A common head and tail never need the search; trimming them keeps the trace small for the
  // usual case of a few inserted comment lines in a long script.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const edits: Edit[] = [];
  for (let i = 0; i < head; i++) edits.push({ op: ' ', text: a[i]!, oldIndex: i, newIndex: i });
  for (const e of middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail))) {
    if (e.op === ' ') edits.push({ ...e, oldIndex: e.oldIndex + head, newIndex: e.newIndex + head });
    else if (e.op === '-') edits.push({ ...e, oldIndex: e.oldIndex + head });
    else edits.push({ ...e, newIndex: e.newIndex + head });
  }
  for (let i = tail; i > 0; i--) edits.push({ op: ' ', text: a[a.length - i]!, oldIndex: a.length - i, newIndex: b.length - i });
  return edits;
}

/** Myers' greedy forward search, keeping each round's furthest-reaching x per diagonal to walk back. */
function middle(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 3);
  const off = max + 1;
  // trace[d] holds v for diagonals -d..d as it was before round d.
  const trace: Int32Array[] = [];
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice(off - d, off + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) break search;
    }
  }

  const out: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const t = trace[d]!;
    const at = (k: number): number => t[k + d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      out.push({ op: ' ', text: a[x]!, oldIndex: x, newIndex: y });
    }
    if (d === 0) break;
    if (x === prevX) out.push({ op: '+', text: b[prevY]!, newIndex: prevY });
    else out.push({ op: '-', text: a[prevX]!, oldIndex: prevX });
    x = prevX;
    y = prevY;
  }
  return out.reverse();
}

/** Unified-diff hunks with `context` unchanged lines around each change; nearby changes share a hunk. */
export function hunksOf(edits: readonly Edit[], context = 3): Hunk[] {
  const changed: number[] = [];
  edits.forEach((e, i) => {
    if (e.op !== ' ') changed.push(i);
  });
  const hunks: Hunk[] = [];
  let i = 0;
  while (i < changed.length) {
    let last = changed[i]!;
    let j = i + 1;
    // Two changes at most 2×context lines apart would have overlapping context: one hunk.
    while (j < changed.length && changed[j]! - last <= 2 * context + 1) last = changed[j++]!;
    const from = Math.max(0, changed[i]! - context);
    const to = Math.min(edits.length, last + context + 1);
    hunks.push(hunk(edits, from, to));
    i = j;
  }
  return hunks;
}

function hunk(edits: readonly Edit[], from: number, to: number): Hunk {
  // Lines on each side before the hunk: the index of its first line on that side.
  let oldBefore = 0;
  let newBefore = 0;
  for (let i = 0; i < from; i++) {
    const e = edits[i]!;
    if (e.op !== '+') oldBefore++;
    if (e.op !== '-') newBefore++;
  }
  const slice = edits.slice(from, to);
  const oldCount = slice.filter((e) => e.op !== '+').length;
  const newCount = slice.filter((e) => e.op !== '-').length;
  return {
    oldStart: oldCount ? oldBefore + 1 : oldBefore,
    oldCount,
    newStart: newCount ? newBefore + 1 : newBefore,
    newCount,
    from,
    edits: slice,
  };
}

/** `@@ -l,n +l,n @@` with both sides shifted by `lineOffset` (the line the text starts on, minus one). */
export function hunkHeader(h: Hunk, lineOffset = 0): string {
  return `@@ -${h.oldStart + lineOffset},${h.oldCount} +${h.newStart + lineOffset},${h.newCount} @@`;
}
