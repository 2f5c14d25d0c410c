// `finesse-migrate check`: emitted widgets type-check under strict against the real SDK types, and a
// widget that misuses the SDK is caught (here, the positional init the Desktop guide still shows);
// the gadget code is held to the runtime and the Finesse adapter it calls, and to nothing else.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

const work = tempDir('fm-check-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('passes every sample widget; fails the 1.x init and gadget code that calls members the adapter lacks', { timeout: 120_000 }, () => {
  const out = path.join(work, 'out');
  expect(runCli(['migrate', 'samples', '--out', out, '-q']).status).toBe(0);
  const ok = runCli(['check', out]);
  expect(ok.stdout).toBe('finesse-migrate check: 5 of 5 widgets type-check\n');
  expect(ok.status).toBe(0);

  const edit = (rel: string, from: string, to: string): void => {
    const file = path.join(out, 'widgets', rel);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, to));
  };
  // The widget's own entry (the element is the output's shared runtime/) calls the SDK as the guide shows.
  edit(
    'queue-dashboard/src/index.ts',
    'defineGadgetWidget({ config, runGadget, template, styles });',
    'defineGadgetWidget({ config, runGadget, template, styles });\nimport { Desktop } from "@wxcc-desktop/sdk";\nvoid Desktop.config.init("queue-dashboard", "finesse-migrate");',
  );
  // Members the adapter and runtime do not have fail, on the adapter's objects and on callback parameters it types.
  edit(
    'agent-state-panel/src/gadget.cjs',
    'states = fmContext.finesse.UserStates;',
    'states = fmContext.finesse.UserStates; fmContext.finesse.ContainerServices.openTab(); fmContext.prefs.getStrin("x");',
  );
  edit('agent-state-panel/src/gadget.cjs', 'onChange: handleUserChange', 'onChange: function (u) { u.getStat(); }');
  // The gadget's own loose JavaScript is not judged: an expando on a plain object passes.
  edit('call-popper/src/gadget.cjs', 'var clientLogs;', 'var clientLogs; var loose = {}; loose.anything = 1; loose.more.deeply = 2;');

  const bad = runCli(['check', out]);
  expect(bad.status).toBe(1);
  expect(bad.stdout).toBe('finesse-migrate check: 3 of 5 widgets type-check\n');
  expect(bad.stderr).toMatch(/FAILED queue-dashboard\n  src\/index\.ts:\d+:\d+: TS2554: Expected 1 arguments, but got 2\./);
  expect(bad.stderr).toMatch(/src\/gadget\.cjs:\d+:\d+: TS2339: Property 'openTab' does not exist/);
  expect(bad.stderr).toMatch(/src\/gadget\.cjs:\d+:\d+: TS2551: Property 'getStrin' does not exist on type 'GadgetPrefs'/);
  expect(bad.stderr).toMatch(/src\/gadget\.cjs:\d+:\d+: TS2551: Property 'getStat' does not exist on type 'User'/);
  expect(bad.stderr).toContain('ok     call-popper');
});
