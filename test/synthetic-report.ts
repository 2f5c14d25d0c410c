// A synthetic batch of any size for the report-at-scale test and figures: the golden samples'
// report.json and review.json (7 gadgets with real diffs, marks and call sites, 3 skipped files)
// copied until there are `n` records, each copy under a folder of its own with ids made unique.
// Made here, not by migrating thousands of gadgets: only report.html's rendering is measured.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { summarize, type GadgetRecord, type Report } from '../src/report/report.js';
import type { GadgetReview } from '../src/report/review.js';
import { ROOT } from './helpers.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'samples');

export function syntheticBatch(n: number): { report: Report; reviews: GadgetReview[] } {
  const base = JSON.parse(readFileSync(path.join(GOLDEN, 'report.json'), 'utf8')) as Report;
  const baseReviews = JSON.parse(readFileSync(path.join(GOLDEN, 'review.json'), 'utf8')) as GadgetReview[];
  const gadgets: GadgetRecord[] = [];
  const reviews: GadgetReview[] = [];
  for (let i = 0; i < n; i++) {
    const copy = Math.floor(i / base.gadgets.length);
    const folder = `batch-${String(copy).padStart(4, '0')}`;
    const move = (p: string): string => (p.startsWith('samples/') ? `${folder}/${p}` : p);
    const rec = JSON.parse(JSON.stringify(base.gadgets[i % base.gadgets.length])) as GadgetRecord;
    const oldId = rec.id;
    rec.source = move(rec.source);
    if (rec.id) rec.id = `${rec.id}-${copy}`;
    // Every fifth copy of a converted gadget failed, so that each status has some.
    if (rec.status === 'needs-work' && copy % 5 === 4) rec.status = 'failed';
    gadgets.push(rec);
    const review = oldId ? baseReviews.find((r) => r.id === oldId) : undefined;
    if (review && rec.id) reviews.push({ id: rec.id, changes: review.changes.map((c) => ({ ...c, from: { ...c.from, file: move(c.from.file) } })) });
  }
  const report: Report = { ...base, inputs: ['batch'], summary: summarize(gadgets), gadgets };
  return { report, reviews };
}
