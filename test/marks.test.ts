// A mark is written once: the record in report.json and the comment in the emitted file come from one
// call, so they say the same thing. Checked on the reviewed golden output of the samples.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const GOLDEN = path.join(import.meta.dirname, 'golden', 'samples');

it('every mark in report.json is the comment its file carries, with the same id and message', () => {
  const report = JSON.parse(readFileSync(path.join(GOLDEN, 'report.json'), 'utf8')) as {
    gadgets: { widget?: { project: string; marks: { id: string; kind: string; message: string; file: string }[] } }[];
  };
  const missing: string[] = [];
  let checked = 0;
  for (const g of report.gadgets) {
    for (const m of g.widget?.marks ?? []) {
      const file = path.join(GOLDEN, g.widget!.project, m.file);
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      const tag = m.kind === 'todo' ? 'TODO' : 'REVIEW';
      const body = m.message.replace(/\*\//g, '* /');
      checked++;
      // JS/CSS comments carry the message as is; HTML comments with `--` broken up.
      if (!text.includes(`${tag}(finesse-migrate) [${m.id}] ${body}`) && !text.includes(`${tag}(finesse-migrate) [${m.id}] ${body.replace(/--/g, '- -')}`)) missing.push(`${m.id} in ${m.file}`);
    }
  }
  expect(checked).toBeGreaterThan(20);
  expect(missing).toEqual([]);
});
