// `finesse-migrate check`: emitted widgets type-check under strict against the real SDK types, and a
// widget that misuses the SDK is caught (here, the positional init the Desktop guide still shows).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

const work = tempDir('fm-check-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('passes every sample widget, and fails one that calls Desktop.config.init the 1.x way', () => {
  const out = path.join(work, 'out');
  expect(runCli(['migrate', 'samples', '--out', out, '-q']).status).toBe(1);
  const ok = runCli(['check', out]);
  expect(ok.stdout).toBe('finesse-migrate check: 5 of 5 widgets type-check\n');
  expect(ok.status).toBe(0);

  const index = path.join(out, 'widgets', 'queue-dashboard', 'src', 'index.ts');
  writeFileSync(index, readFileSync(index, 'utf8').replace('Desktop.config.init({ widgetName: WIDGET_NAME, widgetProvider: WIDGET_PROVIDER })', 'Desktop.config.init(WIDGET_NAME, WIDGET_PROVIDER)'));
  const bad = runCli(['check', out]);
  expect(bad.status).toBe(1);
  expect(bad.stdout).toBe('finesse-migrate check: 4 of 5 widgets type-check\n');
  expect(bad.stderr).toMatch(/FAILED queue-dashboard\n  src\/index\.ts:\d+:\d+: TS2554: Expected 1 arguments, but got 2\./);
}, 120_000);
