// What we write validates against the schemas we publish: report.json against docs/report.schema.json,
// every layout fragment against schemas/layout-fragment.schema.json, the Desktop layout against
// schemas/desktop-layout.schema.json (draft 2020-12).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { readTree, ROOT, runCli } from './helpers.js';
import { verifiedGoldenReport } from './verified-report.js';

const load = (rel: string): object => JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8'));

function validator() {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addSchema(load('schemas/layout-fragment.schema.json'));
  return {
    report: ajv.compile(load('docs/report.schema.json')),
    layout: ajv.compile(load('schemas/desktop-layout.schema.json')),
    fragment: ajv.getSchema('https://finesse-migrate.dev/schemas/layout-fragment.schema.json')!,
  };
}

describe('published schemas', () => {
  const v = validator();
  it('accept the golden report and every golden layout fragment', () => {
    const golden = readTree(path.join(ROOT, 'test/golden/samples'));
    expect(v.report(JSON.parse(golden.get('report.json')!.toString('utf8'))), JSON.stringify(v.report.errors)).toBe(true);
    const fragments = [...golden.keys()].filter((k) => k.startsWith('layout/fragments/'));
    expect(fragments.length).toBe(7);
    for (const k of fragments) expect(v.fragment(JSON.parse(golden.get(k)!.toString('utf8'))), `${k} ${JSON.stringify(v.fragment.errors)}`).toBe(true);
    expect(v.layout(JSON.parse(golden.get('layout/desktop-layout.json')!.toString('utf8'))), JSON.stringify(v.layout.errors)).toBe(true);
  });
  it('accept the Desktop default layout a generated layout starts from, and the tenant layout fixture', () => {
    for (const rel of ['assets/layout/default-desktop-layout.json', 'test/fixtures/layouts/tenant-desktop-layout.json']) {
      expect(v.layout(load(rel)), `${rel} ${JSON.stringify(v.layout.errors)}`).toBe(true);
    }
  });
  it('accept a report full of failures and diagnostics', () => {
    const r = runCli(['migrate', 'test/fixtures/gadgets', '--dry-run', '--json', '-q']);
    const report = JSON.parse(r.stdout);
    expect(report.summary.diagnostics.error).toBeGreaterThan(5);
    expect(v.report(report), JSON.stringify(v.report.errors)).toBe(true);
  });
  it('accept a report that finesse-migrate verify has written into', () => {
    const report = verifiedGoldenReport();
    expect(report.summary.verify).toEqual({ widgets: 2, passed: 1, started: 1, rendered: 2, reacted: 2, misuse: 1, blocked: 1 });
    expect(v.report(report), JSON.stringify(v.report.errors)).toBe(true);
    // Each verify part is checked, not just let through.
    const broken = (edit: (r: ReturnType<typeof verifiedGoldenReport>) => void): boolean => {
      const r = verifiedGoldenReport();
      edit(r);
      return v.report(r);
    };
    const popper = (r: ReturnType<typeof verifiedGoldenReport>) => r.gadgets.find((g) => g.id === 'call-popper')!.verify!;
    expect(broken((r) => { (popper(r).errors[0] as { kind: string }).kind = 'thrown'; })).toBe(false);
    expect(broken((r) => { delete (popper(r) as { emittedStatus?: string }).emittedStatus; })).toBe(false);
    expect(broken((r) => { popper(r).sessions[0]!.steps[0]!.screenshot = '/etc/shot.png'; })).toBe(false);
    expect(broken((r) => { (r.summary.verify as Record<string, number>)['skipped'] = 0; })).toBe(false);
  });
  it('reject what they should (the schemas are not vacuous)', () => {
    expect(v.fragment({ comp: 'agentx-wc-iframe', attributes: { src: 'https://x.example' }, style: { height: 504 }, extra: 1 })).toBe(false);
    const report = JSON.parse(readFileSync(path.join(ROOT, 'test/golden/samples/report.json'), 'utf8'));
    report.gadgets[0].status = 'done';
    expect(v.report(report)).toBe(false);
  });
});
