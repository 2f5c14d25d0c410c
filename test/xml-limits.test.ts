// Issue 13, item 5 (XML part): hostile sibling and attribute counts parse in linear time, and the
// limits (nesting depth, attributes per element, elements per file, repeated warnings) turn into a
// diagnostic naming the file and line: the file fails alone and the batch goes on.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMigration, exitCodeOf, type Report } from '../src/api.js';
import { parseGadgetFile } from '../src/parse/gadget.js';
import { FolderTree } from '../src/parse/source-tree.js';
import { parseXml, XML_LIMITS, type XmlParseResult } from '../src/parse/xml.js';
import { tempDir } from './helpers.js';

// Generous: each case takes well under a second; the bound only has to tell linear from quadratic
// (before the fix: 80k siblings 25 s, 199k siblings > 600 s, 100k attributes 2 min) on 2 busy cores.
const BOUND_MS = 5_000;

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

function issuesOf(r: XmlParseResult): string[] {
  const list = r.ok ? r.doc.issues : r.issues;
  const lines = r.ok ? r.doc.lines : r.lines;
  return list.map((i) => {
    const p = lines.position(i.offset);
    return `${i.severity} ${i.code} ${p.line}:${p.column}`;
  });
}

/** Writes `text` as `g.xml` in a fresh folder and parses it as a gadget, timed. */
function gadgetOf(text: string, name = 'g.xml') {
  const dir = tempDir('fm-xml-limits-');
  writeFileSync(path.join(dir, name), text);
  return timed(() => parseGadgetFile(new FolderTree(dir), name));
}

const HEAD = '<?xml version="1.0"?>\n<Module>\n  <ModulePrefs title="T" />\n';
const TAIL = '  <Content type="html"><![CDATA[<div>x</div>]]></Content>\n</Module>\n';

describe('linear time on hostile counts', () => {
  it('199k top-level siblings after the root (a 1 MB file): parsed quickly, one capped run of warnings', () => {
    const src = HEAD + TAIL + '<a/>'.repeat(199_000);
    expect(src.length).toBeGreaterThan(790_000);
    const { value: r, ms } = timed(() => parseXml(src));
    expect(ms).toBeLessThan(BOUND_MS);
    if (!r.ok) throw new Error('expected a document');
    const after = r.doc.issues.filter((i) => i.code === 'content-after-root');
    expect(after).toHaveLength(XML_LIMITS.maxRepeatedWarnings + 1);
    expect(issuesOf(r)[0]).toBe('warning content-after-root 6:1');
    expect(after.at(-1)!.message).toBe('198980 more "content-after-root" warnings like the ones above, from here on, were not listed (199000 in all)');

    const g = gadgetOf(src);
    expect(g.ms).toBeLessThan(BOUND_MS);
    expect(g.value.kind).toBe('gadget');
    expect(g.value.diagnostics.items.filter((d) => d.code === 'content-after-root')).toHaveLength(XML_LIMITS.maxRepeatedWarnings + 1);
  });

  it('199k text-and-element runs after the root stay linear too', () => {
    const { value: r, ms } = timed(() => parseXml('<a/>' + 'x<b/>'.repeat(199_000)));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(r.ok && r.doc.issues.length).toBe(XML_LIMITS.maxRepeatedWarnings + 1);
  });

  it('100k attributes on one element: the file fails at the attribute limit, naming file and line', () => {
    const attrs = Array.from({ length: 100_000 }, (_, i) => `a${i}="v"`).join(' ');
    const src = `<?xml version="1.0"?>\n<Module>\n  <ModulePrefs ${attrs} />\n${TAIL}`;
    const { value: r, ms } = timed(() => parseXml(src));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(r.ok).toBe(false);
    const [issue] = issuesOf(r);
    expect(issue).toMatch(/^error xml-too-many-attributes 3:\d+$/);
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual([`<ModulePrefs> has more than ${XML_LIMITS.maxAttributes} attributes`]);

    const g = gadgetOf(src, 'Attrs.xml');
    expect(g.ms).toBeLessThan(BOUND_MS);
    expect(g.value.kind).toBe('failed');
    const [d] = g.value.diagnostics.items;
    expect(d).toMatchObject({ severity: 'error', code: 'xml-too-many-attributes', line: 3 });
    expect(d!.file.endsWith('Attrs.xml')).toBe(true);
  });

  it('1,000 attributes (the limit) still parse, and 100k attributes over many elements stay linear', () => {
    const at = (n: number, p = 'a'): string => Array.from({ length: n }, (_, i) => `${p}${i}="v"`).join(' ');
    const r = parseXml(`<Module><ModulePrefs ${at(XML_LIMITS.maxAttributes)}/></Module>`);
    expect(r.ok).toBe(true);
    const many = '<Module>' + Array.from({ length: 100 }, () => `<X ${at(1_000)}/>`).join('\n') + '</Module>';
    const { value, ms } = timed(() => parseXml(many));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(value.ok).toBe(true);
  });

  it('80k sibling <UserPref>s inside Module: the gadget parses, in linear time', () => {
    const prefs = Array.from({ length: 80_000 }, (_, i) => `  <UserPref name="p${i}" display_name="P ${i}" default_value="${i}" />\n`).join('');
    const src = HEAD + prefs + TAIL;
    const { value: r, ms } = timed(() => parseXml(src));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(r.ok).toBe(true);
    const g = gadgetOf(src);
    expect(g.ms).toBeLessThan(BOUND_MS);
    if (g.value.kind !== 'gadget') throw new Error(`expected a gadget, got ${g.value.kind}`);
    expect(g.value.gadget.userPrefs).toHaveLength(80_000);
    expect(g.value.gadget.userPrefs.at(-1)!.name).toBe('p79999');
  });

  it('nesting 100k deep: the file fails at the depth limit, naming file and line', () => {
    const src = '<?xml version="1.0"?>\n<Module>\n' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '\n</Module>\n';
    const { value: r, ms } = timed(() => parseXml(src));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(issuesOf(r)).toEqual([`error xml-too-deep 3:${(XML_LIMITS.maxDepth - 1) * 3 + 1}`]);
    const g = gadgetOf(src, 'Deep.xml');
    expect(g.value.kind).toBe('failed');
    expect(g.value.diagnostics.items[0]).toMatchObject({ code: 'xml-too-deep', line: 3 });
    expect(g.value.diagnostics.items[0]!.file.endsWith('Deep.xml')).toBe(true);
  });

  it('more elements than the per-file limit: the file fails, naming the line', () => {
    const src = '<Module>\n' + '<a/>'.repeat(XML_LIMITS.maxElements) + '\n</Module>';
    const { value: r, ms } = timed(() => parseXml(src));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(issuesOf(r)).toEqual([`error xml-too-large 2:${(XML_LIMITS.maxElements - 1) * 4 + 1}`]);
  });

  it('100k undefined entity references: kept as written, warnings capped', () => {
    const { value: r, ms } = timed(() => parseXml('<a t="&x;">' + '&y;'.repeat(100_000) + '</a>'));
    expect(ms).toBeLessThan(BOUND_MS);
    if (!r.ok) throw new Error('expected a document');
    expect(r.doc.issues.filter((i) => i.code === 'undefined-entity')).toHaveLength(XML_LIMITS.maxRepeatedWarnings + 1);
    expect(r.doc.issues.at(-1)!.message).toContain('(100001 in all)');
  });

  it('20k server template markers, one a line, in a .jsp gadget: positions found in one pass', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `<div><%= v${i} %></div>\n`).join('');
    const src = `<%@ page contentType="text/xml" %>\n${HEAD}  <Content type="html"><![CDATA[\n${lines}]]></Content>\n</Module>\n`;
    const g = gadgetOf(src, 'g.jsp');
    expect(g.ms).toBeLessThan(BOUND_MS);
    expect(g.value.kind).toBe('gadget');
    const values = g.value.diagnostics.items.filter((d) => d.code === 'template-value');
    // Every marker is found (gadget.templateValues); the report lists 50 and counts the rest.
    if (g.value.kind === 'gadget') expect(g.value.gadget.templateValues?.at(-1)?.at).toMatchObject({ line: 20_005, column: 6 });
    expect(values).toHaveLength(50);
    expect(values[0]).toMatchObject({ line: 6, column: 6 });
    expect(values.at(-1)).toMatchObject({ line: 55, column: 6 });
    expect(g.value.diagnostics.items.filter((d) => d.code === 'diagnostics-folded')).toEqual([expect.objectContaining({ line: 56, message: expect.stringContaining('19950 more "template-value"') })]);
  });

  it('template markers in attributes are still skipped after the search for them became cached', () => {
    const src = '<M><a x="1" y="<% q("\\"") %>z"/><b v="2"/><c w="<%= "\'" %>" u="3"/><d k="4"/></M>';
    const r = parseXml(src);
    if (!r.ok) throw new Error(issuesOf(r).join());
    const [a, b, c, d] = r.doc.root.children.filter((n) => n.type === 'element');
    expect(a!.attrs).toEqual(Object.assign(Object.create(null), { x: '1', y: 'z' }));
    expect(b!.attrs['v']).toBe('2');
    expect(c!.attrs['w']).toBe('');
    expect(c!.attrs['u']).toBe('3');
    expect(d!.attrs['k']).toBe('4');
  });
});

describe('a file over a limit fails alone; the batch goes on', () => {
  it('migrates the good gadget next to one with 100k attributes and one nested 100k deep', async () => {
    const dir = tempDir('fm-xml-limits-batch-');
    const write = (rel: string, text: string): void => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    write('good/Good.xml', HEAD + TAIL);
    write('attrs/Attrs.xml', `<?xml version="1.0"?>\n<Module>\n  <ModulePrefs ${Array.from({ length: 100_000 }, (_, i) => `a${i}="v"`).join(' ')} />\n${TAIL}`);
    write('deep/Deep.xml', '<?xml version="1.0"?>\n<Module>\n' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '\n</Module>\n');
    const out = path.join(tempDir('fm-xml-limits-out-'), 'out');
    const { report } = await runMigration([dir], { out });
    expect([0, 1]).toContain(exitCodeOf(report));
    const record = (rel: string): Report['gadgets'][number] => {
      const r = report.gadgets.find((g) => g.source.endsWith(rel));
      expect(r, `no record for ${rel}`).toBeDefined();
      return r!;
    };
    expect(record('good/Good.xml').status).toBe('migrated');
    expect(record('attrs/Attrs.xml').status).toBe('failed');
    expect(record('deep/Deep.xml').status).toBe('failed');
    expect(JSON.stringify(record('attrs/Attrs.xml'))).toContain('xml-too-many-attributes');
    expect(JSON.stringify(record('deep/Deep.xml'))).toContain('xml-too-deep');
  });
});
