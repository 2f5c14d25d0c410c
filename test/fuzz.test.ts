// The fuzz campaign in CI (issue 13): a fixed slice of the cases `npm run fuzz` runs by the ten
// thousand (test/fuzz/campaign.mjs). Each case is a mutated sample, fixture gadget, zip or layout run
// through the built CLI beside a control gadget; the campaign asserts no exit 3, no hang, peak RSS
// under the cap, the input unchanged, every failure a per-gadget diagnostic, the control migrated.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM without types, shared with `npm run fuzz`
import { formatSummary, runCampaign } from './fuzz/campaign.mjs';
// @ts-expect-error plain ESM without types
import { makeCase } from './fuzz/mutate.mjs';

const CASES = Number(process.env.FUZZ_CASES ?? 200);

describe('fuzz campaign', () => {
  it('cases are a pure function of their number, and mutate what they say', () => {
    const a = makeCase(17);
    const b = makeCase(17);
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
    expect([...a.files.values()].map((v: Buffer) => v.toString('base64'))).toEqual([...b.files.values()].map((v: Buffer) => v.toString('base64')));
    // Over a few hundred cases every kind of case and of mutation comes up.
    const seen = new Set<string>();
    for (let n = 0; n < CASES; n++) {
      const c = makeCase(n);
      seen.add(c.kind);
      for (const m of c.mutations) seen.add(m.replace(/:.*/, ''));
    }
    expect([...seen].sort()).toEqual(
      ['attributeValue', 'deepNesting', 'emptyFile', 'fifo', 'flipBytes', 'hostileToken', 'inspect', 'layout', 'migrate', 'reencode', 'renameFile', 'repeat', 'secondSpec', 'splice', 'symlink', 'truncate', 'zip', 'zipIt'].sort(),
    );
  });

  it(`${CASES} mutated inputs: no crash, no hang, memory capped, input unchanged, failures diagnosed`, async () => {
    const summary = await runCampaign({ cases: CASES, workers: 2, timeoutMs: 60_000, rssCapMb: 512 });
    expect(summary.cases).toBe(CASES);
    expect(summary.failures, formatSummary(summary)).toEqual([]);
    expect(summary.caseRssMb).toBeLessThan(512);
  }, 300_000);
});
