// finesse-migrate.config.json: validated on load, applied to element names and the widget provider.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './helpers.js';

const work = tempDir('fm-config-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('config', () => {
  it('sets element names and the widget provider, and reports ids that match no gadget', () => {
    const file = path.join(work, 'good.json');
    const example = JSON.parse(readFileSync(path.join(ROOT, 'docs/finesse-migrate.config.example.json'), 'utf8'));
    example.gadgets['not-in-batch'] = {};
    writeFileSync(file, JSON.stringify(example));
    const out = path.join(work, 'out');
    const r = runCli(['migrate', 'samples', '--out', out, '-q', '--config', file]);
    expect(r.status).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.gadgets.map((g: { widget?: { element: string } }) => g.widget?.element).filter(Boolean)).toEqual([
      'agent-state-panel', 'call-popper', 'acme-customer-lookup', 'queue-dashboard', 'acme-wrap-up-notes',
    ]);
    expect(report.problems).toEqual([{ path: expect.stringMatching(/good\.json$/), message: 'gadgets["not-in-batch"] names no gadget of this batch (ids are listed in report.json)' }]);
    const widget = JSON.parse(readFileSync(path.join(out, 'widgets/acme-wrap-up-notes/src/widget.json'), 'utf8'));
    expect(widget).toMatchObject({ name: 'acme-wrap-up-notes', provider: 'acme-contact-center' });
    // Tenant mappings reach the Finesse adapter; the report says which ones the widget relies on.
    expect(widget.finesse.tenant.cadVariables).toMatchObject({ callVariable5: 'wrapUpNotes' });
    const wrap = report.gadgets.find((g: { id?: string }) => g.id === 'wrap-up-notes');
    expect(wrap.widget.tenantSettings).toEqual([{ setting: 'tenant.cadVariables', usedBy: 'DLG-13', configured: true }]);
  });
  it('refuses an invalid file with exit 2, naming file and line', () => {
    const file = path.join(work, 'bad.json');
    writeFileSync(file, '{\n  "widgetProvider": "acme",\n  "gadgets": {\n    "wrap-up-notes": { "elementName": "NoHyphen" }\n  },\n  "colour": "blue"\n}\n');
    const r = runCli(['migrate', 'samples', '--dry-run', '--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.json:6: (top level) must NOT have additional properties "colour"');
    expect(r.stderr).toContain('bad.json:4: /gadgets/wrap-up-notes/elementName must match pattern');
  });
  it('refuses a file that is not JSON', () => {
    const file = path.join(work, 'broken.json');
    writeFileSync(file, '{ "widgetProvider": ');
    const r = runCli(['migrate', 'samples', '--dry-run', '--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('broken.json: not valid JSON');
  });
});
