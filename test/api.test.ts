// The programmatic API, and what issue 12 asks of re-runs: stable ids, edits that survive, subsets
// that keep the rest. One migrate per case, in process, over copies of the samples.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES, tempDir } from './helpers.js';

type Api = typeof import('../src/api.js');
// Through the package's own exports, as a user's `import('finesse-migrate')` (dist, built by npm test).
const api = (): Promise<Api> => import('finesse-migrate' as string) as Promise<Api>;

const copyOfSamples = (): string => {
  const dir = path.join(tempDir('fm-api-'), 'gadgets');
  cpSync(SAMPLES, dir, { recursive: true });
  return dir;
};

describe('import("finesse-migrate")', () => {
  it('exports migrate(inputs, options), which resolves to the report object', async () => {
    const { migrate } = await api();
    const report = await migrate([SAMPLES]);
    expect(report.schemaVersion).toBe(1);
    expect(report.gadgets.filter((g) => g.id).map((g) => g.id)).toEqual(['agent-state-panel', 'call-popper', 'crm-embed', 'customer-lookup', 'knowledge-base', 'queue-dashboard', 'wrap-up-notes']);
  });
  it('throws a UsageError for input with no gadget', async () => {
    const { migrate, UsageError } = await api();
    await expect(migrate([tempDir('fm-api-empty-')])).rejects.toBeInstanceOf(UsageError);
  });
});

describe('ids that do not move', () => {
  it('keeps every id when a gadget with the same title is added before the others', async () => {
    const { migrate } = await api();
    const dir = copyOfSamples();
    const rel = (source: string): string => source.slice(source.lastIndexOf('/gadgets/') + '/gadgets/'.length);
    const before = (await migrate([dir])).gadgets.map((g) => [rel(g.source), g.id]);
    mkdirSync(path.join(dir, 'aaa-copy'));
    cpSync(path.join(dir, 'call-popper', 'CallPopper.xml'), path.join(dir, 'aaa-copy', 'CallPopper.xml'));
    const after = (await migrate([dir])).gadgets.map((g) => [rel(g.source), g.id]);
    for (const row of before) expect(after).toContainEqual(row);
    expect(after).toContainEqual(['aaa-copy/CallPopper.xml', 'aaa-copy-call-popper']);
  });
});

describe('re-runs into an existing output', () => {
  it('keep an edited widget file, and report it', async () => {
    const { runMigration } = await api();
    const dir = copyOfSamples();
    const out = path.join(tempDir('fm-api-out-'), 'out');
    await runMigration([dir], { out });
    const code = path.join(out, 'widgets', 'call-popper', 'src', 'gadget.cjs');
    const edited = readFileSync(code, 'utf8').replace('module.exports = function runGadget(fmContext) {', 'module.exports = function runGadget(fmContext) {\n  // checked by hand');
    writeFileSync(code, edited);
    const second = await runMigration([dir], { out });
    expect(readFileSync(code, 'utf8')).toBe(edited);
    expect(second.rerun).toContainEqual({ file: 'widgets/call-popper/src/gadget.cjs', kind: 'kept' });
    expect(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')).rerun).toContainEqual({ file: 'widgets/call-popper/src/gadget.cjs', kind: 'kept' });
  });
  it('of one gadget update it and keep the others, in the report and the layout', async () => {
    const { runMigration } = await api();
    const dir = copyOfSamples();
    const out = path.join(tempDir('fm-api-out-'), 'out');
    const first = await runMigration([dir], { out });
    const widgets = readdirSync(path.join(out, 'widgets')).sort();
    const one = await runMigration([path.join(dir, 'crm-embed')], { out });
    expect(readdirSync(path.join(out, 'widgets')).sort()).toEqual(widgets);
    expect(one.report.gadgets.map((g) => g.id)).toEqual(first.report.gadgets.map((g) => g.id));
    const layout = readFileSync(path.join(out, 'layout', 'desktop-layout.json'), 'utf8');
    for (const w of widgets) expect(layout).toContain(`"comp": "${w}"`);
    expect(existsSync(path.join(out, 'layout', 'fragments', 'call-popper.json'))).toBe(true);
    // A gadget whose file is gone from the run's input goes.
    cpSync(path.join(dir, 'crm-embed'), path.join(dir, 'crm-embed-copy'), { recursive: true });
    await runMigration([dir], { out });
    expect(existsSync(path.join(out, 'layout', 'fragments', 'crm-embed-copy-crm-embed.json')) || existsSync(path.join(out, 'layout', 'fragments', 'crm-embed-copy.json'))).toBe(true);
  });
});
