// A small, strict, positioned XML parser for gadget specs, message bundles and layouts.
//
// Why our own: every node needs its source offset (diagnostics name file:line:column, and the HTML
// inside <Content> is mapped back to the gadget file), and the hardening must be exact: no DTD, no
// entity but the five predefined ones and character references, nothing fetched. Real gadgets are
// sloppy, so where the intent is clear the parser recovers and reports a warning instead of failing:
// text or comments before the XML declaration, JSP/ASP template markers, a bare `&`, elements left
// open at the end of the file, text after the root element.
import { nullProto, type NullProtoRecord } from '../null-proto.js';
import { LineMap } from '../diagnostics.js';

export interface XmlText {
  type: 'text' | 'cdata';
  /** Decoded value (entities expanded for text; literal for CDATA). */
  value: string;
  /** Offsets of the raw source of this node (for CDATA: the content between the markers). */
  start: number;
  end: number;
}

export interface XmlComment {
  type: 'comment';
  start: number;
  end: number;
}

export interface XmlElement {
  type: 'element';
  /** Qualified name as written. */
  name: string;
  local: string;
  prefix?: string;
  /** Attribute values by qualified name: a null-prototype object, so `attrs['constructor']` is undefined. */
  attrs: NullProtoRecord<string>;
  /** Offsets of each attribute's value (inside the quotes); null-prototype like `attrs`. */
  attrAt: NullProtoRecord<number>;
  children: XmlNode[];
  parent?: XmlElement;
  /** Offset of `<`. */
  start: number;
  /** Offset just after `>` of the start tag (equal to `end` for `<x/>`). */
  innerStart: number;
  /** Offset of `</` of the end tag (equal to `end` for `<x/>` or an element closed by recovery). */
  innerEnd: number;
  end: number;
}

export type XmlNode = XmlElement | XmlText | XmlComment;

export interface XmlIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  offset: number;
}

export interface XmlDocument {
  text: string;
  lines: LineMap;
  root: XmlElement;
  issues: XmlIssue[];
}

export type XmlParseResult = { ok: true; doc: XmlDocument } | { ok: false; lines: LineMap; issues: XmlIssue[] };

/**
 * Limits no real gadget, bundle or layout comes near; past one the file fails alone with a
 * diagnostic (the caller turns a failed parse into a failed gadget, and the batch goes on).
 * `maxRepeatedWarnings` caps how many warnings of one code a file gets; the rest are summed up in
 * one closing warning, so 199k stray siblings cost one line of report, not 199k.
 */
export const XML_LIMITS = { maxDepth: 256, maxElements: 200_000, maxAttributes: 1_000, maxRepeatedWarnings: 20 };

// A Map, not an object literal: `&constructor;` must not find Object.prototype.constructor.
const PREDEFINED = new Map<string, string>([['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"]]);
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;

class Fatal extends Error {
  constructor(readonly code: string, message: string, readonly offset: number) {
    super(message);
  }
}

export function parseXml(input: string): XmlParseResult {
  // A BOM that survived decoding, or written as a character reference, is not content (Shindig strips both).
  let text = input;
  if (text.startsWith('\uFEFF')) text = ' ' + text.slice(1);
  else if (/^&#[xX]0*[fF][eE][fF][fF];/.test(text)) text = text.replace(/^&#[xX]0*[fF][eE][fF][fF];/, (m) => ' '.repeat(m.length));
  const lines = new LineMap(text);
  const issues: XmlIssue[] = [];
  try {
    const root = new Parser(text, lines, issues).parse();
    return { ok: true, doc: { text, lines, root, issues } };
  } catch (e) {
    if (e instanceof Fatal) {
      issues.push({ severity: 'error', code: e.code, message: e.message, offset: e.offset });
      return { ok: false, lines, issues };
    }
    throw e;
  }
}

class Parser {
  private i = 0;
  private elements = 0;
  private bareAmpWarned = 0;
  /** Warnings of a repeatable kind given so far, by code (see `warnRepeated`). */
  private readonly repeated = new Map<string, { count: number; firstUnlisted: number }>();
  /** Offset of the next `<%` at or after `markerFrom`, or -1 for none: cached so attribute scans stay linear. */
  private markerAt = -2;
  private markerFrom = 0;

  constructor(private readonly s: string, private readonly lines: LineMap, private readonly issues: XmlIssue[]) {}

  private warn(code: string, message: string, offset: number): void {
    this.issues.push({ severity: 'warning', code, message, offset });
  }

  /** A warning that hostile input can repeat without bound: the first few are kept, the rest counted. */
  private warnRepeated(code: string, message: string, offset: number): void {
    const seen = this.repeated.get(code) ?? { count: 0, firstUnlisted: -1 };
    this.repeated.set(code, seen);
    if (++seen.count <= XML_LIMITS.maxRepeatedWarnings) this.warn(code, message, offset);
    else if (seen.firstUnlisted < 0) seen.firstUnlisted = offset;
  }

  private summarizeRepeated(): void {
    for (const [code, { count, firstUnlisted }] of this.repeated) {
      const more = count - XML_LIMITS.maxRepeatedWarnings;
      if (more > 0) this.warn(code, `${more} more "${code}" warnings like the ones above, from here on, were not listed (${count} in all)`, firstUnlisted);
    }
  }

  private lineOf(offset: number): number {
    return this.lines.position(offset).line;
  }

  /** The first `<%` at or after `from` (-1 if none). Calls come with `from` rising, so each search starts past the last. */
  private nextMarker(from: number): number {
    if (this.markerAt === -2 || from < this.markerFrom || (this.markerAt >= 0 && this.markerAt < from)) {
      this.markerAt = this.s.indexOf('<%', from);
      this.markerFrom = from;
    }
    return this.markerAt;
  }

  parse(): XmlElement {
    try {
      return this.parseDocument();
    } finally {
      this.summarizeRepeated();
    }
  }

  private parseDocument(): XmlElement {
    const s = this.s;
    let root: XmlElement | undefined;
    let sawDecl = false;
    let strayBefore = -1;
    let commentBeforeDecl = -1;
    let sawAnything = false;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '<') {
        if (s.startsWith('<?xml', this.i) && /[\s?]/.test(s[this.i + 5] ?? '')) {
          if (root) throw new Fatal('xml-syntax', 'XML declaration after the root element', this.i);
          if (sawDecl) throw new Fatal('xml-syntax', 'a second XML declaration', this.i);
          if (strayBefore >= 0) {
            this.warn('stray-text-before-declaration', `text before the XML declaration (line ${this.lineOf(strayBefore)}) was ignored`, strayBefore);
            strayBefore = -1;
          }
          if (commentBeforeDecl >= 0) {
            this.warn('stray-text-before-declaration', 'a comment before the XML declaration was ignored', commentBeforeDecl);
          }
          sawDecl = true;
          this.skipPI();
        } else if (s.startsWith('<?', this.i)) {
          this.skipPI();
        } else if (s.startsWith('<!--', this.i)) {
          if (!sawDecl && !sawAnything && commentBeforeDecl < 0) commentBeforeDecl = this.i;
          this.skipComment();
        } else if (s.startsWith('<%', this.i)) {
          this.skipTemplateMarker();
        } else if (s.startsWith('<!', this.i)) {
          this.refuseMarkup();
        } else if (s[this.i + 1] === '/') {
          throw new Fatal('xml-syntax', 'end tag with no open element', this.i);
        } else if (root) {
          const at = this.i;
          this.parseElement(undefined, 0);
          this.warnRepeated('content-after-root', `a second top-level element (line ${this.lineOf(at)}) was ignored`, at);
        } else {
          if (strayBefore >= 0) {
            this.warn('stray-text-before-root', 'text before the root element was ignored', strayBefore);
            strayBefore = -1;
          }
          sawAnything = true;
          root = this.parseElement(undefined, 0);
          commentBeforeDecl = -1;
        }
      } else if (/\s/.test(c)) {
        this.i++;
      } else {
        const at = this.i;
        const next = s.indexOf('<', this.i);
        this.i = next < 0 ? s.length : next;
        if (root) this.warnRepeated('content-after-root', 'text after the root element was ignored', at);
        else if (strayBefore < 0) strayBefore = at;
      }
    }
    if (!root) {
      throw new Fatal('xml-no-root', strayBefore >= 0 ? 'no XML element found, only text' : 'the file holds no XML element', strayBefore >= 0 ? strayBefore : 0);
    }
    return root;
  }

  private refuseMarkup(): never {
    const s = this.s;
    if (/^<!DOCTYPE/i.test(s.slice(this.i, this.i + 9))) {
      throw new Fatal('doctype-refused', 'a <!DOCTYPE> in gadget XML is refused: DTDs and entity declarations are never processed (XXE, entity expansion)', this.i);
    }
    if (s.startsWith('<!ENTITY', this.i)) {
      throw new Fatal('doctype-refused', 'an <!ENTITY> declaration is refused: entities are never expanded', this.i);
    }
    if (s.startsWith('<![CDATA[', this.i)) throw new Fatal('xml-syntax', 'CDATA section outside the root element', this.i);
    throw new Fatal('xml-syntax', `unexpected markup "${s.slice(this.i, this.i + 12)}"`, this.i);
  }

  private skipPI(): void {
    const end = this.s.indexOf('?>', this.i + 2);
    if (end < 0) throw new Fatal('xml-syntax', 'processing instruction is not closed with "?>"', this.i);
    this.i = end + 2;
  }

  private skipComment(): void {
    const end = this.s.indexOf('-->', this.i + 4);
    if (end < 0) throw new Fatal('xml-syntax', 'comment is not closed with "-->"', this.i);
    this.i = end + 3;
  }

  /** JSP/ASP markers (`<% %>`, `<%= %>`, `<%@ %>`) left in a spec served by a template engine. */
  private skipTemplateMarker(): void {
    const at = this.i;
    const end = this.s.indexOf('%>', this.i + 2);
    if (end < 0) throw new Fatal('xml-syntax', 'template marker "<%" is not closed with "%>"', at);
    this.warn('template-marker', `template marker ${JSON.stringify(abbreviate(this.s.slice(at, end + 2)))} ignored: the spec is served through a template engine; check the value it produced`, at);
    this.i = end + 2;
  }

  private readName(): string {
    const s = this.s;
    const start = this.i;
    if (!NAME_START.test(s[this.i] ?? '')) throw new Fatal('xml-syntax', `expected a name, found ${JSON.stringify(s[this.i] ?? 'end of file')}`, this.i);
    this.i++;
    while (this.i < s.length && NAME_CHAR.test(s[this.i]!)) this.i++;
    return s.slice(start, this.i);
  }

  private skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  private parseElement(parent: XmlElement | undefined, depth: number): XmlElement {
    const s = this.s;
    const start = this.i;
    if (depth >= XML_LIMITS.maxDepth) throw new Fatal('xml-too-deep', `elements nest deeper than ${XML_LIMITS.maxDepth} levels`, start);
    if (++this.elements > XML_LIMITS.maxElements) throw new Fatal('xml-too-large', `more than ${XML_LIMITS.maxElements} elements`, start);
    this.i++; // '<'
    const name = this.readName();
    const colon = name.indexOf(':');
    const el: XmlElement = {
      type: 'element',
      name,
      local: colon >= 0 ? name.slice(colon + 1) : name,
      attrs: nullProto<string>(),
      attrAt: nullProto<number>(),
      children: [],
      start,
      innerStart: 0,
      innerEnd: 0,
      end: 0,
    };
    if (colon >= 0) el.prefix = name.slice(0, colon);
    if (parent) el.parent = parent;
    let attrCount = 0;
    for (;;) {
      const before = this.i;
      this.skipSpace();
      const c = s[this.i];
      if (c === undefined) throw new Fatal('xml-syntax', `start tag <${name}> is not closed`, start);
      if (c === '>') {
        this.i++;
        break;
      }
      if (c === '/' && s[this.i + 1] === '>') {
        this.i += 2;
        el.innerStart = el.innerEnd = el.end = this.i;
        return el;
      }
      if (s.startsWith('<%', this.i)) {
        this.skipTemplateMarker();
        continue;
      }
      if (this.i === before) throw new Fatal('xml-syntax', `expected whitespace before attribute in <${name}>`, this.i);
      const attrStart = this.i;
      if (++attrCount > XML_LIMITS.maxAttributes) {
        throw new Fatal('xml-too-many-attributes', `<${name}> has more than ${XML_LIMITS.maxAttributes} attributes`, attrStart);
      }
      const attr = this.readName();
      this.skipSpace();
      if (s[this.i] !== '=') throw new Fatal('xml-syntax', `attribute "${attr}" of <${name}> has no value`, attrStart);
      this.i++;
      this.skipSpace();
      const q = s[this.i];
      if (q !== '"' && q !== "'") throw new Fatal('xml-syntax', `value of attribute "${attr}" is not quoted`, this.i);
      const vStart = this.i + 1;
      let vEnd = s.indexOf(q, vStart);
      // A template marker may hold the quote character: skip whole markers while looking for the close.
      let scan = vStart;
      for (;;) {
        const m = this.nextMarker(scan);
        if (m < 0 || vEnd < 0 || m > vEnd) break;
        const mEnd = s.indexOf('%>', m + 2);
        if (mEnd < 0) break;
        scan = mEnd + 2;
        if (vEnd < scan) vEnd = s.indexOf(q, scan);
      }
      if (vEnd < 0) throw new Fatal('xml-syntax', `value of attribute "${attr}" is not closed`, attrStart);
      if (Object.hasOwn(el.attrs, attr)) throw new Fatal('xml-syntax', `attribute "${attr}" appears twice in <${name}>`, attrStart);
      let raw = s.slice(vStart, vEnd);
      if (raw.includes('<%')) {
        this.warn('template-marker', `template marker in attribute "${attr}" of <${name}> removed; check the value the template engine produced`, vStart);
        raw = raw.replace(/<%[\s\S]*?%>/g, '');
      }
      if (raw.includes('<')) throw new Fatal('xml-syntax', `"<" in the value of attribute "${attr}"`, vStart + raw.indexOf('<'));
      // XML attribute-value normalisation: each whitespace character becomes a space.
      el.attrs[attr] = this.decodeEntities(raw, vStart).replace(/[\t\n\r]/g, ' ');
      el.attrAt[attr] = vStart;
      this.i = vEnd + 1;
    }
    el.innerStart = this.i;
    for (;;) {
      if (this.i >= s.length) {
        // Unclosed at end of file: the intent (close everything) is clear, so close and warn.
        el.innerEnd = el.end = s.length;
        this.warn('unclosed-element', `<${name}> opened at line ${this.lineOf(start)} is never closed; closed at the end of the file`, start);
        return el;
      }
      const c = s[this.i]!;
      if (c !== '<') {
        const tStart = this.i;
        let next = s.indexOf('<', this.i);
        if (next < 0) next = s.length;
        this.i = next;
        el.children.push({ type: 'text', value: this.decodeEntities(s.slice(tStart, next), tStart), start: tStart, end: next });
      } else if (s.startsWith('</', this.i)) {
        const closeAt = this.i;
        this.i += 2;
        const closeName = this.readName();
        this.skipSpace();
        if (s[this.i] !== '>') throw new Fatal('xml-syntax', `end tag </${closeName}> is not closed with ">"`, closeAt);
        if (closeName !== name) {
          throw new Fatal('xml-syntax', `expected </${name}> (opened at line ${this.lineOf(start)}) but found </${closeName}>`, closeAt);
        }
        this.i++;
        el.innerEnd = closeAt;
        el.end = this.i;
        return el;
      } else if (s.startsWith('<![CDATA[', this.i)) {
        const cStart = this.i + 9;
        const cEnd = s.indexOf(']]>', cStart);
        if (cEnd < 0) throw new Fatal('xml-syntax', 'CDATA section is not closed with "]]>"', this.i);
        el.children.push({ type: 'cdata', value: s.slice(cStart, cEnd), start: cStart, end: cEnd });
        this.i = cEnd + 3;
      } else if (s.startsWith('<!--', this.i)) {
        const cStart = this.i;
        this.skipComment();
        el.children.push({ type: 'comment', start: cStart, end: this.i });
      } else if (s.startsWith('<%', this.i)) {
        this.skipTemplateMarker();
      } else if (s.startsWith('<?', this.i)) {
        this.skipPI();
      } else if (s.startsWith('<!', this.i)) {
        this.refuseMarkup();
      } else {
        el.children.push(this.parseElement(el, depth + 1));
      }
    }
  }

  private decodeEntities(raw: string, offset: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&(#[xX][0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*)?(;?)/g, (m, body: string | undefined, semi: string, at: number) => {
      if (body && semi) {
        if (body[0] === '#') {
          const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
          if (cp > 0 && cp <= 0x10ffff) return String.fromCodePoint(cp);
        } else {
          const predefined = PREDEFINED.get(body);
          if (predefined !== undefined) return predefined;
        }
        this.warnRepeated('undefined-entity', `entity "&${body};" is not defined in XML; kept as written`, offset + at);
        return m;
      }
      if (this.bareAmpWarned++ < 3) this.warn('bare-ampersand', '"&" not starting an entity (write "&amp;"); kept as a literal "&"', offset + at);
      return m;
    });
  }
}

function abbreviate(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? one.slice(0, 37) + '...' : one;
}

/** Child elements by local name, in order. */
export function childElements(el: XmlElement, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.type === 'element' && (local === undefined || c.local === local)) out.push(c);
  return out;
}

/** Descendant elements by local name at any depth (Shindig's getElementsByTagName). */
export function descendants(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.type !== 'element') continue;
      if (c.local === local) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

/** DOM textContent: text and CDATA of all descendants, joined. */
export function textContent(el: XmlElement): string {
  let out = '';
  for (const c of el.children) {
    if (c.type === 'text' || c.type === 'cdata') out += c.value;
    else if (c.type === 'element') out += textContent(c);
  }
  return out;
}
