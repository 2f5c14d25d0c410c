// The line diff behind report.html and migration.patch: exact hunks for known inputs, and the
// properties any edit script must have (it rebuilds both texts, and it is as short as an LCS allows).
import { describe, expect, it } from 'vitest';
import { diffLines, hunkHeader, hunksOf, splitLines, type Edit } from '../src/report/diff.js';

const unified = (a: string[], b: string[], offset = 0): string =>
  hunksOf(diffLines(a, b)).map((h) => [hunkHeader(h, offset), ...h.edits.map((e) => e.op + e.text)].join('\n')).join('\n');

const letters = (s: string): string[] => s.split('');

describe('splitLines', () => {
  it('ends lines at LF, CRLF and CR, and adds none for a final break', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a')).toEqual(['a']);
    expect(splitLines('a\n')).toEqual(['a']);
    expect(splitLines('a\r\nb\rc\n\nd')).toEqual(['a', 'b', 'c', '', 'd']);
  });
});

describe('diffLines / hunksOf', () => {
  it('gives no hunks for identical texts', () => {
    const a = ['one', 'two', 'three'];
    expect(diffLines(a, [...a]).every((e) => e.op === ' ')).toBe(true);
    expect(hunksOf(diffLines(a, [...a]))).toEqual([]);
    expect(hunksOf(diffLines([], []))).toEqual([]);
  });

  it('writes one change with three lines of context on each side', () => {
    expect(unified(letters('abcdefghij'), letters('abcdEfghij'))).toBe(
      ['@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h'].join('\n'),
    );
  });

  it('puts deletions before insertions and numbers an insertion-only hunk', () => {
    expect(unified(['x', 'old', 'y'], ['x', 'new1', 'new2', 'y'])).toBe(['@@ -1,3 +1,4 @@', ' x', '-old', '+new1', '+new2', ' y'].join('\n'));
    expect(unified(['a', 'b'], ['a', 'inserted', 'b'])).toBe(['@@ -1,2 +1,3 @@', ' a', '+inserted', ' b'].join('\n'));
  });

  it('numbers an empty side from the line before, as diff(1) does', () => {
    expect(unified([], ['a', 'b'])).toBe('@@ -0,0 +1,2 @@\n+a\n+b');
    expect(unified(['a', 'b'], [])).toBe('@@ -1,2 +0,0 @@\n-a\n-b');
  });

  it('joins changes whose context would overlap and splits those further apart', () => {
    // Changes at lines 1 and 8: six unchanged lines between them, so the contexts touch: one hunk.
    const near = letters('abcdefghijkl');
    const nearB = [...near];
    nearB[0] = 'A';
    nearB[7] = 'H';
    expect(hunksOf(diffLines(near, nearB)).map((h) => hunkHeader(h))).toEqual(['@@ -1,11 +1,11 @@']);
    // Changes at lines 1 and 9: seven lines between them: two hunks.
    const farB = [...near];
    farB[0] = 'A';
    farB[8] = 'I';
    expect(hunksOf(diffLines(near, farB)).map((h) => hunkHeader(h))).toEqual(['@@ -1,4 +1,4 @@', '@@ -6,7 +6,7 @@']);
  });

  it('shifts both sides by the line the text starts on', () => {
    expect(unified(['a', 'b'], ['a', 'c'], 40)).toBe('@@ -41,2 +41,2 @@\n a\n-b\n+c');
  });

  it('finds a shortest edit script on random texts, and it rebuilds both sides', () => {
    // A fixed-seed generator: the same cases every run.
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const lcs = (a: string[], b: string[]): number => {
      const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
      return t[0]![0]!;
    };
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: rand(14) }, () => 'xyzw'[rand(4)]!);
      const b = Array.from({ length: rand(14) }, () => 'xyzw'[rand(4)]!);
      const edits: Edit[] = diffLines(a, b);
      expect(edits.filter((e) => e.op !== '+').map((e) => e.text)).toEqual(a);
      expect(edits.filter((e) => e.op !== '-').map((e) => e.text)).toEqual(b);
      for (const e of edits) {
        if (e.op !== '+') expect(a[e.oldIndex]).toBe(e.text);
        if (e.op !== '-') expect(b[e.newIndex]).toBe(e.text);
      }
      expect(edits.filter((e) => e.op !== ' ').length).toBe(a.length + b.length - 2 * lcs(a, b));
    }
  });
});
