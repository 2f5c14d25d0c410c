// Sloppy and hostile gadget XML from test/fixtures/gadgets: recover where the intent is clear,
// refuse DTD tricks, and always name file, line and column.
import { describe, expect, it } from 'vitest';
import { analyzeFile, type AnalyzedFile } from '../src/analyze/index.js';
import { FolderTree } from '../src/parse/source-tree.js';
import { FIXTURES } from './helpers.js';
import path from 'node:path';

const tree = new FolderTree(path.join(FIXTURES, 'gadgets'));
const analyze = (rel: string): AnalyzedFile => analyzeFile(tree, rel);
const diag = (f: AnalyzedFile): string[] =>
  f.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file.replace(/^.*fixtures\/gadgets\//, '')}:${d.line}:${d.column}`);

describe('recovered with a warning', () => {
  it('ignores text and comments before the XML declaration', () => {
    const f = analyze('stray-prolog/StrayProlog.xml');
    expect(f.failed).toBe(false);
    expect(f.gadget!.modulePrefs.title).toBe('Stray Prolog');
    expect(diag(f)).toEqual([
      'warning stray-text-before-declaration stray-prolog/StrayProlog.xml:1:1',
      'warning stray-text-before-declaration stray-prolog/StrayProlog.xml:2:1',
    ]);
  });
  it('closes elements left open at the end of the file', () => {
    const f = analyze('unclosed-end/UnclosedEnd.xml');
    expect(f.failed).toBe(false);
    expect(f.gadget!.views[0]!.html!.bodyMarkup).toContain('The closing Content and Module tags were lost');
    expect(diag(f)).toEqual([
      'warning unclosed-element unclosed-end/UnclosedEnd.xml:4:5',
      'warning unclosed-element unclosed-end/UnclosedEnd.xml:2:1',
    ]);
  });
  it('skips JSP scriptlets around and inside the spec', () => {
    const f = analyze('jsp-markers/JspMarkers.xml');
    expect(f.failed).toBe(false);
    // A <%@ page %> directive says a JSP engine serves it: every marker is masked, a value by a token.
    expect(f.gadget!.modulePrefs.title).toBe('__TEMPLATE_1__');
    expect(f.gadget!.templateValues).toEqual([{ token: '__TEMPLATE_1__', marker: '<%= gadgetTitle %>', at: { file: expect.stringMatching(/jsp-markers\/JspMarkers.xml$/), line: 4, column: 25 } }]);
    expect(f.gadget!.views[0]!.html!.bodyMarkup).toContain('Server-rendered gadget');
    expect(diag(f)).toEqual(['warning template-code jsp-markers/JspMarkers.xml:1:1', 'warning template-value jsp-markers/JspMarkers.xml:4:25']);
  });
  it('reads Content written as raw elements instead of CDATA', () => {
    const f = analyze('raw-elements/RawElements.xml');
    expect(f.gadget!.contents[0]!.encoding).toBe('raw-elements');
    expect(f.gadget!.views[0]!.html!.bodyMarkup).toContain('<button id="go">Go</button>');
    expect(diag(f)).toEqual(['warning content-raw-elements raw-elements/RawElements.xml:4:5']);
  });
  it('takes an HTML fragment (no html/body) as the body', () => {
    const html = analyze('fragment-html/FragmentHtml.xml').gadget!.views[0]!.html!;
    expect(html.isDocument).toBe(false);
    expect(html.bodyMarkup).toBe(`<div class="note" onclick="alert('hi')">A fragment, no html or body element.</div>`);
    expect(html.styles.map((s) => s.code)).toEqual(['.note { color: red; }']);
    expect(html.scripts.map((s) => s.code)).toEqual(['var x = 1;']);
    expect(html.handlers).toMatchObject([{ element: 'div', event: 'click', code: "alert('hi')", at: { line: 6 } }]);
  });
});

describe('encodings', () => {
  it('reads a spec declared ISO-8859-1 and an undeclared windows-1252 script', () => {
    const f = analyze('latin1/Latin1.xml');
    expect(f.gadget!.modulePrefs.title).toBe('Grüße aus Köln');
    expect(f.gadget!.views[0]!.html!.bodyMarkup).toBe('<p>Café</p>');
    const script = f.gadget!.views[0]!.html!.scripts[0]!;
    expect(script.encoding).toBe('windows-1252');
    expect(script.code).toContain('var greeting = "Grüß Gott";');
    expect(diag(f)).toEqual(['warning encoding latin1/latin1.js:1:1']);
    // The census still finds calls in the re-decoded file, at the right line.
    expect(f.census!.entries[0]).toMatchObject({ api: 'gadgets.window.adjustHeight', sites: [{ line: 3, column: 1 }] });
  });
  it('strips a UTF-8 byte order mark from the spec and the script', () => {
    const f = analyze('bom/Bom.xml');
    expect(f.gadget!.modulePrefs.title).toBe('Bom été');
    const script = f.gadget!.views[0]!.html!.scripts[0]!;
    expect(script.encoding).toBe('utf-8-bom');
    expect(script.code!.charCodeAt(0)).not.toBe(0xfeff);
    expect(diag(f)).toEqual([]);
  });
});

describe('refused, never expanded', () => {
  it('refuses an external entity (XXE) with a diagnostic at the DOCTYPE', () => {
    const f = analyze('doctype-xxe/DoctypeXxe.xml');
    expect(f.failed).toBe(true);
    expect(f.gadget).toBeUndefined();
    expect(diag(f)).toEqual(['error doctype-refused doctype-xxe/DoctypeXxe.xml:2:1']);
    expect(JSON.stringify(f)).not.toContain('root:');
  });
  it('refuses entity expansion (billion laughs) at once', () => {
    const started = performance.now();
    const f = analyze('billion-laughs/BillionLaughs.xml');
    expect(f.failed).toBe(true);
    expect(diag(f)).toEqual(['error doctype-refused billion-laughs/BillionLaughs.xml:2:1']);
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('does not read a script outside the gadget root', () => {
    const f = analyze('path-escape/PathEscape.xml');
    const html = f.gadget!.views[0]!.html!;
    expect(html.scripts[0]!.code).toBeUndefined();
    expect(diag(f)).toContain('error path-escape path-escape/PathEscape.xml:5:40');
  });
});

describe('errors that keep the batch going', () => {
  it('reports a mismatched end tag with its position and builds no model', () => {
    const f = analyze('bad-xml/BadXml.xml');
    expect(f.failed).toBe(true);
    expect(f.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'xml-syntax',
        message: 'expected </Require> (opened at line 4) but found </ModulePrefs>',
        file: expect.stringMatching(/bad-xml\/BadXml\.xml$/),
        line: 5,
        column: 5,
      },
    ]);
  });
  it('reports a gadget without Content', () => {
    const f = analyze('missing-content/MissingContent.xml');
    expect(f.gadget!.views).toEqual([]);
    expect(diag(f)).toEqual(['error missing-content missing-content/MissingContent.xml:2:1']);
  });
  it('reports a missing local script once, at its tag, and skips a missing library silently', () => {
    const f = analyze('missing-script/MissingScript.xml');
    expect(diag(f)).toEqual(['error script-missing missing-script/MissingScript.xml:6:9']);
  });
  it('reports mixed Content types in one view and keeps the first', () => {
    const f = analyze('mixed-views/MixedViews.xml');
    expect(f.gadget!.views[0]!.type).toBe('html');
    expect(diag(f)).toEqual(['error mixed-content-types mixed-views/MixedViews.xml:5:5']);
  });
  it('skips XML that is not a gadget', () => {
    const f = analyze('not-a-gadget/pom.xml');
    expect(f.failed).toBe(false);
    expect(f.decision).toMatchObject({ classification: 'not-a-gadget', reasons: [{ code: 'root-not-module' }] });
  });
});

describe('vendored third-party scripts', () => {
  const minified = (body: string): string => `/*! lib v1 */\n${'var a=function(b){return b*2};'.repeat(2000)}${body}`;
  it('are recognised by shape when large, minified and free of Finesse/Shindig calls', async () => {
    const { looksVendored } = await import('../src/parse/gadget.js');
    expect(looksVendored(minified(''))).toBe(true);
    // A gadget's own minified bundle that calls Finesse is gadget code: it must be scanned.
    expect(looksVendored(minified('finesse.restservices.User({})'))).toBe(false);
    expect(looksVendored('var small = 1;\n')).toBe(false);
    // Large but readable code (short lines) is not a vendored build.
    expect(looksVendored('var x = 1;\n'.repeat(10_000))).toBe(false);
  });
});

describe('a bug met on one gadget', () => {
  it('fails that gadget with internal-error instead of stopping the batch', async () => {
    const { analyzeSafely } = await import('../src/analyze/index.js');
    const f = analyzeSafely(tree, 'bom/Bom.xml', {}, () => {
      throw new TypeError('boom');
    });
    expect(f.failed).toBe(true);
    expect(f.diagnostics).toMatchObject([{ severity: 'error', code: 'internal-error', message: expect.stringContaining('boom') }]);
    expect(f.source).toMatch(/bom\/Bom\.xml$/);
  });
});
