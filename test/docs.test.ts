// Every diagnostic and reason code the source can emit is documented in docs/diagnostics.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

it('documents every code the tool emits', () => {
  const doc = readFileSync(path.join(ROOT, 'docs/diagnostics.md'), 'utf8');
  const codes = new Set<string>();
  for (const file of sources(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:sink\.(?:error|warn|info)|this\.warn|new Fatal)\('([a-z0-9-]+)'/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/\bcode: '([a-z0-9-]+)'/g)) codes.add(m[1]!);
  }
  expect(codes.size).toBeGreaterThan(50);
  const missing = [...codes].filter((c) => !doc.includes('`' + c + '`')).sort();
  expect(missing).toEqual([]);
});

it('documents every mark id the widget conversion emits', () => {
  const doc = readFileSync(path.join(ROOT, 'docs/marks.md'), 'utf8');
  const ids = new Set<string>();
  for (const file of sources(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:[mM]ark\([\w.]+, |id: |todoComment\()'([A-Z]+(?:-[A-Z]+)*)'/g)) ids.add(m[1]!);
  }
  expect(ids.size).toBeGreaterThanOrEqual(10);
  expect([...ids].filter((id) => !doc.includes('`' + id + '`')).sort()).toEqual([]);
  // Marks a rule leaves carry the rule's id, documented in rules/README.md.
  expect(doc).toContain('rules/README.md');
});
