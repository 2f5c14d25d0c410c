// Issue 13, item 1: a widget's build inlines only files of its own src/assets/. Text such as
// `./assets/../../../../etc/passwd` in a gadget's markup or CSS (a url(), an img src, a style
// attribute, plain text, a comment) is reported at migrate time (ASSET-MISSING) and never read at
// build time: no byte of a file outside the widget project reaches the bundle meant for a CDN.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/api.js';
import { buildWidget, type WidgetBuild } from '../src/build/build.js';
import type { Report } from '../src/report/report.js';
import { FIXTURES, ROOT, tempDir } from './helpers.js';

const SDK_STUB = path.join(ROOT, 'test/stubs/wxcc-desktop-sdk.js');
// The fixture's references climb from <work>/out/widgets/<name>/src/assets to <work>/canary.txt.
const work = tempDir('fm-asset-escape-');
const out = path.join(work, 'out');
const CANARY = `FM-CANARY-${process.pid}-${Date.now()}-do-not-ship`;
const canaryBytes = Buffer.from(`${CANARY}\n`);
const PASSWD = existsSync('/etc/passwd') ? readFileSync('/etc/passwd') : undefined;

let report: Report;
let widgetDir: string;
let built: WidgetBuild;
let bundle: string;
let map: string;
let template: string;
let styles: string;

beforeAll(async () => {
  writeFileSync(path.join(work, 'canary.txt'), canaryBytes);
  const input = path.join(work, 'in', 'asset-escape');
  cpSync(path.join(FIXTURES, 'hostile', 'asset-escape'), input, { recursive: true });
  report = await migrate([path.join(work, 'in')], { out });
  const g = report.gadgets.find((x) => x.title === 'Asset Escape')!;
  expect(g.widget).toBeDefined();
  widgetDir = path.join(out, 'widgets', g.widget!.element);
  template = readFileSync(path.join(widgetDir, 'src', 'template.html'), 'utf8');
  styles = readFileSync(path.join(widgetDir, 'src', 'styles.css'), 'utf8');
  built = await buildWidget(widgetDir, { alias: { '@wxcc-desktop/sdk': SDK_STUB } });
  bundle = readFileSync(built.outfile, 'utf8');
  map = readFileSync(built.outfile + '.map', 'utf8');
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The ways a file's bytes could show in a bundle: as text, or base64 in a data URI. */
function traces(bytes: Buffer): string[] {
  return [bytes.toString('base64'), bytes.toString('base64').slice(0, 24), bytes.toString('utf8').trim()].filter((t) => t.length >= 8);
}

describe('a gadget whose markup and CSS reference files outside its folder', () => {
  it('builds, with none of the outside files in the bundle or its source map', () => {
    expect(built.errors).toEqual([]);
    expect(built.ok).toBe(true);
    for (const text of [bundle, map]) {
      for (const t of traces(canaryBytes)) expect(text).not.toContain(t);
      if (PASSWD) for (const t of traces(PASSWD)) expect(text).not.toContain(t);
      expect(text).not.toMatch(/root:[^:]*:0:0:/);
    }
    // Nothing was inlined in place of an escaping reference: each stays as written.
    expect(bundle).toContain('./assets/../../../../../canary.txt');
    expect(bundle).not.toContain('data:application/octet-stream');
  });

  it('warns, at build time, of each reference that leads out of src/assets/', () => {
    expect(built.warnings.some((w) => w.includes('./assets/../../../../../canary.txt') && w.includes("outside this widget's src/assets/"))).toBe(true);
    expect(built.warnings.some((w) => w.includes('/etc/passwd'))).toBe(true);
  });

  it('still inlines the gadget’s own asset (CSS url, img src, style attribute)', () => {
    const logo = readFileSync(path.join(widgetDir, 'src', 'assets', 'images', 'logo.svg'));
    expect(template).toContain('src="./assets/images/logo.svg"');
    expect(template).toContain("url('./assets/images/logo.svg')");
    expect(styles).toContain('url("./assets/images/logo.svg")');
    const uri = `data:image/svg+xml;base64,${logo.toString('base64')}`;
    // Once for template.html (img and style attribute) and once for styles.css, at least.
    expect(bundle.split(uri).length - 1).toBeGreaterThanOrEqual(2);
    expect(bundle).not.toContain('./assets/images/logo.svg');
  });

  it('is migrated with an ASSET-MISSING mark for each escaping reference, none for comments', () => {
    const g = report.gadgets.find((x) => x.title === 'Asset Escape')!;
    const marks = g.widget!.marks.filter((m) => m.id === 'ASSET-MISSING');
    const inTemplate = marks.filter((m) => m.file === 'src/template.html').map((m) => m.message);
    const inStyles = marks.filter((m) => m.file === 'src/styles.css').map((m) => m.message);
    // img src and style attribute (the same text), the link and the paragraph (the same text).
    expect(inTemplate).toEqual([
      './assets/../../../../../canary.txt in the markup is not in the gadget folder',
      './assets/../../../../../canary.txt in the markup is not in the gadget folder',
      './assets/../../../../../../../../../../../../etc/passwd in the markup is not in the gadget folder',
    ]);
    // The inline <style>'s url(), the stylesheet's two url()s; the comments in both are not references.
    expect(inStyles).toHaveLength(3);
    expect(inStyles.filter((m) => m.includes('url(./assets/../../../../../canary.txt)'))).toHaveLength(2);
    expect(inStyles.filter((m) => m.includes('etc/passwd'))).toHaveLength(1);
    // Nothing of it was copied into the widget.
    expect(existsSync(path.join(widgetDir, 'src', 'canary.txt'))).toBe(false);
    expect(readFileSync(path.join(out, 'report.json'), 'utf8')).not.toContain(CANARY);
  });
});
