// The positioned XML parser and the Shindig substitution rules, on the inputs that trip parsers up.
import { describe, expect, it } from 'vitest';
import { parseXml, childElements, textContent } from '../src/parse/xml.js';
import { Substituter } from '../src/parse/substitute.js';

const issues = (src: string): string[] => {
  const r = parseXml(src);
  const list = r.ok ? r.doc.issues : r.issues;
  const lines = r.ok ? r.doc.lines : r.lines;
  return list.map((i) => {
    const p = lines.position(i.offset);
    return `${i.severity} ${i.code} ${p.line}:${p.column}`;
  });
};

describe('parseXml', () => {
  it('keeps element offsets so diagnostics can point into the file', () => {
    const src = '<Module>\n  <ModulePrefs title="a &amp; b"/>\n  <Content><![CDATA[<p>x</p>]]></Content>\n</Module>';
    const r = parseXml(src);
    if (!r.ok) throw new Error('expected a document');
    const [prefs, content] = childElements(r.doc.root);
    expect(prefs!.attrs['title']).toBe('a & b');
    expect(r.doc.lines.position(prefs!.start)).toEqual({ line: 2, column: 3 });
    expect(textContent(content!)).toBe('<p>x</p>');
    expect(src.slice(content!.innerStart, content!.innerEnd)).toBe('<![CDATA[<p>x</p>]]>');
  });
  it('decodes character references and the five predefined entities only', () => {
    const r = parseXml('<a t="&#x41;&#66;&lt;&quot;">&apos;&gt;&unknown;</a>');
    if (!r.ok) throw new Error('expected a document');
    expect(r.doc.root.attrs['t']).toBe('AB<"');
    expect(textContent(r.doc.root)).toBe("'>&unknown;");
    expect(issues('<a>&unknown;</a>')).toEqual(['warning undefined-entity 1:4']);
  });
  it('keeps a bare ampersand as text with a warning', () => {
    expect(issues('<a href="x?a=1&b=2">R&D</a>')).toEqual(['warning bare-ampersand 1:15', 'warning bare-ampersand 1:22']);
  });
  it('refuses DOCTYPE and ENTITY declarations wherever they appear', () => {
    expect(issues('<!DOCTYPE a><a/>')).toEqual(['error doctype-refused 1:1']);
    expect(issues('<?xml version="1.0"?>\n<!DOCTYPE a SYSTEM "http://evil.example/a.dtd">\n<a/>')).toEqual(['error doctype-refused 2:1']);
    expect(issues('<a><!ENTITY x "y"></a>')).toEqual(['error doctype-refused 1:4']);
  });
  it('ignores a second root and trailing text, with warnings', () => {
    expect(issues('<a/>\n<b/>')).toEqual(['warning content-after-root 2:1']);
    expect(issues('<a/>\ntrailing')).toEqual(['warning content-after-root 2:1']);
  });
  it('rejects what no recovery can make sense of', () => {
    expect(issues('<a t="<b>"/>')).toEqual(['error xml-syntax 1:7']);
    expect(issues('<a t=x/>')).toEqual(['error xml-syntax 1:6']);
    expect(issues('<a t="1" t="2"/>')).toEqual(['error xml-syntax 1:10']);
    expect(issues('just text')).toEqual(['error xml-no-root 1:1']);
    expect(issues('')).toEqual(['error xml-no-root 1:1']);
    expect(issues('<a><![CDATA[x</a>')).toEqual(['error xml-syntax 1:4']);
  });
  it('stops at a nesting depth no gadget reaches, without overflowing the stack', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(issues(deep)[0]).toBe('error xml-too-deep 1:769');
  });
  it('treats a BOM, even as a character reference, as no content', () => {
    expect(issues('\uFEFF<a/>')).toEqual([]);
    expect(issues('&#xFEFF;<a/>')).toEqual([]);
  });
});

describe('Substituter (Shindig order: MSG, UP, MODULE, BIDI)', () => {
  const sub = new Substituter({
    messages: new Map([
      ['hello', 'Hello __MSG_name__'],
      ['name', 'World'],
      ['dir', 'goes __BIDI_START_EDGE__'],
    ]),
    prefs: [{ name: 'url', value: 'https://x.example/?a=1&b=<2>' }, { name: 'label', value: '__MSG_name__' }],
    moduleId: '0',
    direction: 'rtl',
  });
  it('substitutes messages but does not expand a message inside a message', () => {
    expect(sub.apply('__MSG_hello__!')).toBe('Hello __MSG_name__!');
    expect(sub.apply('__MSG_dir__')).toBe('goes right');
  });
  it('HTML-escapes user pref values and resolves messages in their defaults', () => {
    expect(sub.apply('__UP_url__')).toBe('https://x.example/?a=1&amp;b=&lt;2&gt;');
    expect(sub.apply('__UP_label__')).toBe('World');
  });
  it('resolves module id and bidi tokens, and leaves unknown tokens as written', () => {
    expect(sub.apply('m__MODULE_ID__ __BIDI_DIR__ __UP_nope__ __X_y__')).toBe('m0 rtl __UP_nope__ __X_y__');
    expect(sub.apply('___MODULE_ID__')).toBe('_0');
  });
  it('maps output offsets back to the input', () => {
    const r = sub.run('ab__MSG_name__cd');
    expect(r.text).toBe('abWorldcd');
    expect(r.map.toInput(7)).toBe(14);
    expect(r.map.toInput(1)).toBe(1);
  });
});
