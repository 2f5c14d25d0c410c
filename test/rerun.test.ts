// Re-runs into an existing output keep the user's work (src/emit/rerun.ts through writeOutput).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openOutput, writeOutput } from '../src/emit/write.js';
import { Chunked, chunkedJson, toJson } from '../src/emit/serialize.js';
import { OUTPUT_MARKER } from '../src/parse/source-tree.js';
import { tempDir } from './helpers.js';

const CODE = 'line 1\nline 2\nline 3\nline 4\nline 5\n';
const gen = (code: string, extra: Record<string, string> = {}): Map<string, string> =>
  new Map(Object.entries({ [OUTPUT_MARKER]: 'marker\n', 'report.json': '{}\n', 'widgets/w/src/gadget.cjs': code, 'widgets/w/README.md': 'readme\n', ...extra }));

describe('writeOutput over an earlier output', () => {
  const out = path.join(tempDir('fm-rerun-'), 'out');
  const file = (rel: string): string => readFileSync(path.join(out, rel), 'utf8');
  const edit = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    writeFileSync(path.join(out, rel), text);
  };

  it('regenerates what the user did not touch, keeps what they edited and added', () => {
    expect(writeOutput(out, gen(CODE, { 'widgets/w/old.txt': 'old\n', 'widgets/w/edited-old.txt': 'x\n' }))).toEqual([]);
    expect(existsSync(path.join(out, '.finesse-migrate/manifest.json'))).toBe(true);
    edit('widgets/w/src/gadget.cjs', CODE.replace('line 2', 'line 2 fixed by hand'));
    edit('widgets/w/node_modules/dep/index.js', 'module.exports = 1;\n');
    edit('widgets/w/edited-old.txt', 'mine\n');
    edit('notes.md', 'my notes\n');
    const events = writeOutput(out, gen(CODE, { 'report.json': '{"second": true}\n' }));
    expect(events).toEqual([
      { file: 'widgets/w/src/gadget.cjs', kind: 'kept' },
      { file: 'widgets/w/edited-old.txt', kind: 'kept-stale' },
      { file: 'widgets/w/old.txt', kind: 'removed' },
    ]);
    expect(file('widgets/w/src/gadget.cjs')).toContain('line 2 fixed by hand');
    expect(file('report.json')).toBe('{"second": true}\n');
    expect(file('widgets/w/node_modules/dep/index.js')).toBe('module.exports = 1;\n');
    expect(file('notes.md')).toBe('my notes\n');
    expect(file('widgets/w/edited-old.txt')).toBe('mine\n');
    expect(existsSync(path.join(out, 'widgets/w/old.txt'))).toBe(false);
  });

  it('merges a new generated version into the edited file when they change different lines', () => {
    const events = writeOutput(out, gen(CODE.replace('line 4', 'line 4 from a better rule')));
    expect(events.filter((e) => e.file.endsWith('gadget.cjs'))).toEqual([{ file: 'widgets/w/src/gadget.cjs', kind: 'merged' }]);
    expect(file('widgets/w/src/gadget.cjs')).toBe(CODE.replace('line 2', 'line 2 fixed by hand').replace('line 4', 'line 4 from a better rule'));
  });

  it('keeps the user\'s file and writes the new one beside it when both changed the same lines', () => {
    const events = writeOutput(out, gen(CODE.replace('line 2', 'line 2 from the generator').replace('line 4', 'line 4 from a better rule')));
    expect(events.filter((e) => e.file.endsWith('gadget.cjs'))).toEqual([{ file: 'widgets/w/src/gadget.cjs', kind: 'conflict' }]);
    expect(file('widgets/w/src/gadget.cjs')).toContain('line 2 fixed by hand');
    expect(file('widgets/w/src/gadget.cjs.finesse-new')).toContain('line 2 from the generator');
    // Resolved by the user: the next run with the same generated version keeps their file and drops the sidecar.
    edit('widgets/w/src/gadget.cjs', CODE.replace('line 2', 'line 2 resolved').replace('line 4', 'line 4 from a better rule'));
    const again = writeOutput(out, gen(CODE.replace('line 2', 'line 2 from the generator').replace('line 4', 'line 4 from a better rule')));
    expect(again).toContainEqual({ file: 'widgets/w/src/gadget.cjs', kind: 'kept' });
    expect(again).toContainEqual({ file: 'widgets/w/src/gadget.cjs.finesse-new', kind: 'removed' });
    expect(file('widgets/w/src/gadget.cjs')).toContain('line 2 resolved');
  });

  it('carries generated files of gadgets the run did not touch', () => {
    const first = path.join(tempDir('fm-rerun-keep-'), 'out');
    writeOutput(first, gen(CODE, { 'widgets/other/src/gadget.cjs': 'other\n' }));
    writeOutput(first, gen(CODE), new Set(['widgets/other/src/gadget.cjs']));
    expect(readFileSync(path.join(first, 'widgets/other/src/gadget.cjs'), 'utf8')).toBe('other\n');
    // Still generated as far as the next run is concerned: unedited, so removed when no longer kept.
    expect(writeOutput(first, gen(CODE))).toContainEqual({ file: 'widgets/other/src/gadget.cjs', kind: 'removed' });
  });
});

describe('merge bases (.finesse-migrate/base.jsonl)', () => {
  const pack = (out: string): { sha256: string; text: string }[] =>
    readFileSync(path.join(out, '.finesse-migrate/base.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { sha256: string; text: string });

  it('keep each distinct text once, for the files a person may edit only', () => {
    const out = path.join(tempDir('fm-rerun-pack-'), 'out');
    // The same fixed file in two widgets, and a report (not merged, so not kept).
    writeOutput(out, gen(CODE, { 'widgets/x/src/gadget.cjs': CODE, 'widgets/x/README.md': 'readme\n' }));
    expect(pack(out).map((e) => e.text)).toEqual([CODE, 'readme\n']);
    expect(existsSync(path.join(out, '.finesse-migrate/base'))).toBe(false);
  });

  it('of a gadget this run did not touch go along, so a later run still merges it', () => {
    const out = path.join(tempDir('fm-rerun-pack-keep-'), 'out');
    writeOutput(out, gen(CODE, { 'widgets/other/src/gadget.cjs': 'a\nb\nc\nd\n' }));
    writeOutput(out, gen('changed\n'), new Set(['widgets/other/src/gadget.cjs']));
    expect(pack(out).map((e) => e.text)).toContain('a\nb\nc\nd\n');
    writeFileSync(path.join(out, 'widgets/other/src/gadget.cjs'), 'a by hand\nb\nc\nd\n');
    const events = writeOutput(out, gen('changed\n', { 'widgets/other/src/gadget.cjs': 'a\nb\nc\nd from a better rule\n' }));
    expect(events).toContainEqual({ file: 'widgets/other/src/gadget.cjs', kind: 'merged' });
    expect(readFileSync(path.join(out, 'widgets/other/src/gadget.cjs'), 'utf8')).toBe('a by hand\nb\nc\nd from a better rule\n');
  });

  it('of an output written before the pack (one copy per file under .finesse-migrate/base/) are still read', () => {
    const out = path.join(tempDir('fm-rerun-legacy-'), 'out');
    writeOutput(out, gen(CODE));
    // As an earlier version left it: the base as a file of its own, no pack.
    const legacy = path.join(out, '.finesse-migrate/base/widgets/w/src/gadget.cjs');
    mkdirSync(path.dirname(legacy), { recursive: true });
    writeFileSync(legacy, CODE);
    renameSync(path.join(out, '.finesse-migrate/base.jsonl'), path.join(out, '.finesse-migrate/old-pack'));
    writeFileSync(path.join(out, 'widgets/w/src/gadget.cjs'), CODE.replace('line 2', 'line 2 fixed by hand'));
    const events = writeOutput(out, gen(CODE.replace('line 4', 'line 4 from a better rule')));
    expect(events).toContainEqual({ file: 'widgets/w/src/gadget.cjs', kind: 'merged' });
    expect(readFileSync(path.join(out, 'widgets/w/src/gadget.cjs'), 'utf8')).toBe(CODE.replace('line 2', 'line 2 fixed by hand').replace('line 4', 'line 4 from a better rule'));
    // The new output keeps its bases in the pack only.
    expect(existsSync(path.join(out, '.finesse-migrate/base'))).toBe(false);
  });
});

describe('around the output (issue 13, item 6)', () => {
  it('refuses a second run while another holds the output, and takes over a dead run\'s lock', () => {
    const parent = tempDir('fm-lock-');
    const out = path.join(parent, 'out');
    // A live process holds it: this one's parent (the test runner) stands in for another run.
    writeFileSync(path.join(parent, '.out.lock-finesse-migrate'), `${process.ppid}\n`);
    expect(() => writeOutput(out, gen(CODE))).toThrow(/another finesse-migrate run \(pid \d+\) is writing/);
    expect(existsSync(out)).toBe(false);
    // A pid no process has: a run that was killed.
    writeFileSync(path.join(parent, '.out.lock-finesse-migrate'), '2147483646\n');
    writeOutput(out, gen(CODE));
    expect(existsSync(path.join(out, 'widgets/w/src/gadget.cjs'))).toBe(true);
    expect(existsSync(path.join(parent, '.out.lock-finesse-migrate'))).toBe(false);
  });
  it('puts back the previous output a run killed between its renames left aside, and clears its staging', () => {
    const parent = tempDir('fm-recover-');
    const out = path.join(parent, 'out');
    writeOutput(out, gen(CODE));
    edit0(out, 'notes.md', 'mine\n');
    renameSync(out, path.join(parent, '.out.old-123-abc'));
    mkdirSync(path.join(parent, '.out.staging-123-abc'));
    writeOutput(out, gen(CODE));
    expect(readFileSync(path.join(out, 'notes.md'), 'utf8')).toBe('mine\n');
    expect(readdirSync(parent).sort()).toEqual(['out']);
  });
});

describe('files created while a run works', () => {
  it('come along into the new output', () => {
    const out = path.join(tempDir('fm-late-'), 'out');
    writeOutput(out, gen(CODE));
    // amend runs after the run has looked at the old output and before it swaps: the user saves a file then.
    writeOutput(out, gen(CODE), new Set(), () => {
      edit0(out, 'widgets/w/notes-while-running.md', 'saved during the run\n');
      return undefined;
    });
    expect(readFileSync(path.join(out, 'widgets/w/notes-while-running.md'), 'utf8')).toBe('saved during the run\n');
  });
});

function edit0(out: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
  writeFileSync(path.join(out, rel), text);
}

describe('openOutput: the output written file by file (issue 14)', () => {
  const siblings = (out: string): string[] => readdirSync(path.dirname(out)).sort();

  it('writes each put file into staging at once, and the output appears only at finish', () => {
    const out = path.join(tempDir('fm-stream-'), 'out');
    const writer = openOutput(out);
    writer.put('widgets/w/src/gadget.cjs', CODE);
    // Written already (into the staging folder beside the output), not yet swapped in.
    const staging = siblings(out).find((n) => n.startsWith('.out.staging-'))!;
    expect(readFileSync(path.join(path.dirname(out), staging, 'widgets/w/src/gadget.cjs'), 'utf8')).toBe(CODE);
    expect(existsSync(out)).toBe(false);
    expect(writer.finish(new Map([[OUTPUT_MARKER, 'marker\n'], ['report.json', '{}\n']]))).toEqual([]);
    expect(readFileSync(path.join(out, 'widgets/w/src/gadget.cjs'), 'utf8')).toBe(CODE);
    const bases = readFileSync(path.join(out, '.finesse-migrate/base.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text);
    expect(bases).toEqual([CODE]);
    expect(JSON.parse(readFileSync(path.join(out, '.finesse-migrate/manifest.json'), 'utf8')).files).toHaveProperty(['widgets/w/src/gadget.cjs']);
    expect(siblings(out)).toEqual(['out']);
  });

  it('abort leaves the previous output as it was, with no staging folder and no lock', () => {
    const out = path.join(tempDir('fm-stream-abort-'), 'out');
    writeOutput(out, gen(CODE));
    const writer = openOutput(out);
    writer.put('widgets/w/src/gadget.cjs', 'replaced\n');
    writer.put('widgets/new/README.md', 'new\n');
    writer.abort();
    writer.abort();
    expect(readFileSync(path.join(out, 'widgets/w/src/gadget.cjs'), 'utf8')).toBe(CODE);
    expect(existsSync(path.join(out, 'widgets/new'))).toBe(false);
    expect(siblings(out)).toEqual(['out']);
    expect(() => writer.put('x', 'y')).toThrow(/already finished or aborted/);
    // The lock is free: another run can write.
    expect(writeOutput(out, gen(CODE))).toEqual([]);
  });

  it('a re-run through put and finish keeps the user\'s edits as writeOutput does', () => {
    const base = tempDir('fm-stream-rerun-');
    const viaMap = path.join(base, 'a');
    const viaPut = path.join(base, 'b');
    const first = gen(CODE, { 'widgets/w/old.txt': 'old\n', 'layout/fragments/w.json': '{\n  "a": 1\n}\n' });
    const second = gen(CODE.replace('line 4', 'line 4 from a better rule'), { 'layout/fragments/w.json': '{\n  "a": 2\n}\n' });
    for (const out of [viaMap, viaPut]) {
      writeOutput(out, first);
      edit0(out, 'widgets/w/src/gadget.cjs', CODE.replace('line 2', 'line 2 fixed by hand'));
      edit0(out, 'layout/fragments/w.json', '{\n  "a": 1,\n  "mine": true\n}\n');
      edit0(out, 'notes.md', 'my notes\n');
    }
    const expected = writeOutput(viaMap, second);
    const writer = openOutput(viaPut);
    const batchLevel = new Map([...second].filter(([rel]) => rel === OUTPUT_MARKER || rel === 'report.json'));
    for (const [rel, content] of second) if (!batchLevel.has(rel)) writer.put(rel, content);
    const events = writer.finish(batchLevel);
    expect(expected).toContainEqual({ file: 'widgets/w/src/gadget.cjs', kind: 'merged' });
    expect(expected).toContainEqual({ file: 'widgets/w/old.txt', kind: 'removed' });
    expect([...events].sort((x, y) => x.file.localeCompare(y.file))).toEqual([...expected].sort((x, y) => x.file.localeCompare(y.file)));
    const tree = (dir: string): Record<string, string> => {
      const out: Record<string, string> = {};
      const walk = (rel: string): void => {
        for (const name of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
          const r = rel ? `${rel}/${name.name}` : name.name;
          if (name.isDirectory()) walk(r);
          else out[r] = readFileSync(path.join(dir, r), 'utf8');
        }
      };
      walk('');
      return out;
    };
    expect(tree(viaPut)).toEqual(tree(viaMap));
    expect(readFileSync(path.join(viaPut, 'widgets/w/src/gadget.cjs'), 'utf8')).toContain('line 2 fixed by hand');
    expect(readFileSync(path.join(viaPut, 'notes.md'), 'utf8')).toBe('my notes\n');
  });
});

describe('files written piece by piece (Chunked)', () => {
  it('chunkedJson is toJson, byte for byte, at any depth', () => {
    const values: unknown[] = [{}, [], 'x', 3, null, [[[]]], { a: [], b: {}, c: [1, undefined, () => 1], d: undefined, e: { f: [1, { g: 'line\nbreak', h: '\u2028é' }] }, 'odd"key': null, t: new Date(0) }];
    for (const v of values) for (const depth of [0, 1, 2, 3, 8]) expect(chunkedJson(v, depth).text()).toBe(toJson(v));
  });

  it('are reconciled like whole files: an edited report.json with a new generated one is a conflict, the same as through writeOutput', () => {
    const base = tempDir('fm-chunked-');
    const viaMap = path.join(base, 'a');
    const viaChunks = path.join(base, 'b');
    const report = (n: number): { gadgets: { id: string }[] } => ({ gadgets: Array.from({ length: n }, (_, i) => ({ id: `g${i}` })) });
    for (const out of [viaMap, viaChunks]) {
      writeOutput(out, gen(CODE, { 'report.json': toJson(report(2)) }));
      edit0(out, 'report.json', 'my own report\n');
    }
    const expected = writeOutput(viaMap, gen(CODE, { 'report.json': toJson(report(3)) }));
    const writer = openOutput(viaChunks);
    const events = writer.finish(new Map<string, string | Chunked>([...gen(CODE)].map(([rel, text]) => [rel, rel === 'report.json' ? chunkedJson(report(3)) : text])));
    expect(expected).toContainEqual({ file: 'report.json', kind: 'conflict' });
    expect(events).toEqual(expected);
    for (const rel of ['report.json', 'report.json.finesse-new', '.finesse-migrate/manifest.json']) {
      expect(readFileSync(path.join(viaChunks, rel), 'utf8'), rel).toBe(readFileSync(path.join(viaMap, rel), 'utf8'));
    }
  });
});
