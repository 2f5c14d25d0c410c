// Re-runs into an existing output keep the user's work (src/emit/rerun.ts through writeOutput).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutput } from '../src/emit/write.js';
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
