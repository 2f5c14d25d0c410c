// One gadget never fails the batch: a bug met while emitting one gadget fails that gadget alone, with
// an internal-error diagnostic, and leaves nothing of it in the output (files, review, layout).
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { analyzeFile } from '../src/analyze/index.js';
import { discover } from '../src/cli/discover.js';
import { planBatch } from '../src/emit/plan.js';
import { ROOT } from './helpers.js';

vi.mock('../src/transform/widget.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/transform/widget.js')>();
  return {
    ...real,
    convertWidget: (...args: Parameters<typeof real.convertWidget>) => {
      if (args[1] === 'call-popper') throw new Error('a bug met on purpose');
      return real.convertWidget(...args);
    },
  };
});

it('fails the gadget whose emission throws, and converts the others', async () => {
  const found = discover([path.join(ROOT, 'samples')]);
  const analyzed = found.candidates.map((c) => analyzeFile(c.tree, c.rel, { locale: 'en-US' }));
  const plan = await planBatch(analyzed, { toolVersion: 'test', locale: 'en-US', inputs: [], problems: [] });
  const broken = plan.report.gadgets.find((g) => g.id === 'call-popper')!;
  expect(broken).toMatchObject({ status: 'failed', outputs: [] });
  expect(broken.diagnostics.at(-1)).toMatchObject({ severity: 'error', code: 'internal-error', message: expect.stringContaining('a bug met on purpose') });
  expect([...plan.files.keys()].filter((k) => k.includes('call-popper'))).toEqual([]);
  // The rest of the batch is there as in any run.
  expect(plan.report.gadgets.filter((g) => g.status === 'failed').map((g) => g.id)).toEqual(['call-popper']);
  expect(plan.report.gadgets.filter((g) => g.widget).length).toBe(4);
  expect(plan.files.has('widgets/agent-state-panel/src/gadget.cjs')).toBe(true);
});
