// The fuzz campaign's generator (issue 13): case N is a pure function of N. It takes a real input
// (a sample gadget, a fixture gadget, a Finesse layout), applies a few mutations drawn from what
// hostile and broken inputs look like in the field (byte damage, truncation, hostile tokens and
// names, re-encoding, huge repeats, symlinks, FIFOs, zips with lying headers), and describes the
// files to write and the command to run. Plain ESM so `npm run fuzz` needs no build of its own.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { deflateSync, zipSync } from 'fflate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

function readFolder(dir) {
  const files = new Map();
  const walk = (abs, rel) => {
    for (const name of readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(a).isDirectory()) walk(a, r);
      else files.set(r, readFileSync(a));
    }
  };
  walk(dir, '');
  return files;
}

/** The seed corpus: every bundled sample and fixture gadget folder, and every Finesse layout. */
function loadCorpus() {
  const gadgets = [];
  const addChildren = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) gadgets.push({ name: path.relative(ROOT, abs), files: readFolder(abs) });
    }
  };
  addChildren(path.join(ROOT, 'samples'));
  for (const sub of ['gadgets', 'field', 'hostile']) addChildren(path.join(ROOT, 'test', 'fixtures', sub));
  const layouts = [readFileSync(path.join(ROOT, 'samples', 'finesse-layout.xml'))];
  const fixtureLayouts = path.join(ROOT, 'test', 'fixtures', 'layouts');
  for (const name of readdirSync(fixtureLayouts).sort()) if (name.endsWith('.xml')) layouts.push(readFileSync(path.join(fixtureLayouts, name)));
  return { gadgets, layouts };
}

let corpus;
export function seedCorpus() {
  corpus ??= loadCorpus();
  return corpus;
}

/** Text that has broken parsers, escapers and code generators before. */
export const HOSTILE_TOKENS = [
  '*/', '/*', '-->', '<!--', ']]>', '<![CDATA[', '</script>', '<script>', '</style>', '`', '${', '"', "'", '\\',
  '&constructor;', '&__proto__;', '&toString;', '&#0;', '&#xD800;', '&#x110000;', '&amp;amp;', '&undefinedEntity;',
  '<!DOCTYPE x [<!ENTITY a "b">]>', '<?xml version="1.0" encoding="UTF-16"?>', '<constructor/>', '<__proto__>x</__proto__>',
  '<toString/>', '<UserPref name="constructor" default_value="1"/>', '<UserPref name="__proto__"/>',
  '<UserPref name="getAttribute" datatype="enum"><EnumValue value="x"/></UserPref>', '<UserPref name="shadowRoot"/>',
  '<UserPref name="connectedCallback" default_value="x"/>', '<Require feature="toString"/>', '<Require feature="__proto__"/>',
  '<Locale messages="../../../../etc/passwd"/>', '<Locale messages="http://169.254.169.254/latest/meta-data"/>',
  '<Locale lang="constructor" messages="messages/ALL_ALL.xml"/>', '<msg name="__proto__">x</msg>',
  '<Content type="url" href="javascript:alert(1)"/>', '<Content type="url" href="file:///etc/passwd"/>',
  '<Content type="html" view="canvas"><![CDATA[<p>second view</p>]]></Content>', '<Content type="html" href="../../../../etc/passwd"/>',
  '__MSG_constructor__', '__MSG___proto____', '__UP_toString__', '__MODULE_ID__', '<%= request.getParameter("x") %>', '${param.x}', '{{x}}',
  '../../../../etc/passwd', 'url(../../../../../etc/passwd)', '<img src="../../../etc/passwd">', '<link rel="stylesheet" href="/etc/passwd">',
  '<script src="../../../../etc/passwd"></script>', '<script src="js/missing.js"></script>', '<script src="http://127.0.0.1:1/x.js"></script>',
  'finesse.restservices.User(', 'new finesse.restservices.Dialogs({', 'gadgets.io.makeRequest(', 'gadgets.Hub.subscribe(',
  'finesse.containerservices.ContainerServices.init(', 'window["fin" + "esse"]', 'eval("finesse.x")', 'with (finesse) {',
  '\u2028', '\u2029', '\u0000', '\u001b[31m', '\u001b]0;title\u0007', '\ufeff', '\ud800', '\uffff', 'é', '🙂', '\r', '\r\n',
  'globalThis.PWN=1;', 'constructor', '__proto__', 'hasOwnProperty', 'prototype', 'valueOf',
];

/** Names that have broken path handling, patch headers and terminals. */
export const HOSTILE_NAMES = [
  'a*b.js', 'a?b.js', 'a b.js', 'a\nb.js', 'a\rb.js', '\u001b[2Jx.js', 'con.js', '.hidden.js', '-rf.js', '--out.xml', 'é.js', '🙂.js',
  'x'.repeat(200) + '.js', 'constructor', '__proto__', 'toString.xml', 'a"b.js', "a'b.js", 'a\\b.js', 'a%2e%2e.js', 'a\tb.xml',
];

const ATTRIBUTE_VALUES = [
  '', ' ', 'constructor', '__proto__', '*/ globalThis.PWN=1; /*', '</script><script>globalThis.PWN=1</script>', '${globalThis.PWN}',
  '../../../../etc/passwd', 'javascript:alert(1)', 'http://169.254.169.254/', 'https://', 'x'.repeat(5000), '\u001b[31mred',
  'a\nb', '&quot;', '-1', '1e999', 'NaN', 'true', 'hidden', 'list', 'enum', 'canvas,home,default', 'url', 'html-inline',
];

function insertAt(buf, at, bytes) {
  return Buffer.concat([buf.subarray(0, at), bytes, buf.subarray(at)]);
}

/** Each mutation edits the case's files in place; `r` is the case's random source. */
const MUTATIONS = {
  flipBytes(c, r) {
    const name = pickFile(c, r);
    const buf = Buffer.from(c.files.get(name));
    if (buf.length === 0) return;
    for (let i = 1 + r.int(8); i > 0; i--) buf[r.int(buf.length)] = r.int(256);
    c.files.set(name, buf);
  },
  truncate(c, r) {
    const name = pickFile(c, r);
    const buf = c.files.get(name);
    c.files.set(name, buf.subarray(0, r.int(buf.length + 1)));
  },
  splice(c, r) {
    const from = c.files.get(pickFile(c, r));
    const name = pickFile(c, r);
    const to = c.files.get(name);
    const start = r.int(from.length + 1);
    const slice = from.subarray(start, start + r.int(400));
    c.files.set(name, insertAt(to, r.int(to.length + 1), slice));
  },
  hostileToken(c, r) {
    const name = r.chance(0.7) ? c.spec : pickFile(c, r);
    const buf = c.files.get(name);
    const token = Buffer.from(r.pick(HOSTILE_TOKENS), 'utf8');
    c.files.set(name, insertAt(buf, tagBoundary(buf, r), token));
  },
  attributeValue(c, r) {
    const text = c.files.get(c.spec).toString('latin1');
    const attrs = [...text.matchAll(/="[^"]*"/g)];
    if (!attrs.length) return;
    const m = r.pick(attrs);
    const value = Buffer.from(r.pick(ATTRIBUTE_VALUES).replace(/"/g, '&quot;'), 'utf8').toString('latin1');
    c.files.set(c.spec, Buffer.from(text.slice(0, m.index) + `="${value}"` + text.slice(m.index + m[0].length), 'latin1'));
  },
  renameFile(c, r) {
    const name = pickFile(c, r);
    const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
    let next = dir + r.pick(HOSTILE_NAMES);
    if (name === c.spec && !next.endsWith('.xml')) next += '.xml';
    if (c.files.has(next)) return;
    c.files.set(next, c.files.get(name));
    c.files.delete(name);
    if (name === c.spec) c.spec = next;
  },
  reencode(c, r) {
    const text = c.files.get(c.spec).toString('utf8');
    const bom = r.chance(0.5);
    const kind = r.pick(['utf16le', 'utf16be', 'latin1', 'bom8']);
    if (kind === 'utf16le') c.files.set(c.spec, Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]));
    else if (kind === 'utf16be') c.files.set(c.spec, Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), Buffer.from(text, 'utf16le').swap16()]));
    else if (kind === 'latin1') c.files.set(c.spec, Buffer.from(text.replace(/[\u0100-\uffff]/g, '?'), 'latin1'));
    else c.files.set(c.spec, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
  },
  repeat(c, r) {
    const unit = r.pick([
      '<UserPref name="p" default_value="v"/>', '<a>', '<a/>', '&undefinedEntity;', '<Require feature="dynamic-height"/>',
      '<Content type="html"><![CDATA[<p>x</p>]]></Content>', ' a="1"', '<![CDATA[x]]>', '<!-- c -->', '<script src="x.js"></script>',
    ]);
    const count = r.pick([10, 300, 3000, 30000]);
    const numbered = unit.includes(' a="1"') ? Array.from({ length: count }, (_, i) => ` a${i}="1"`).join('') : unit.repeat(count);
    const buf = c.files.get(c.spec);
    c.files.set(c.spec, insertAt(buf, tagBoundary(buf, r), Buffer.from(numbered)));
  },
  deepNesting(c, r) {
    const depth = r.pick([100, 300, 3000]);
    const buf = c.files.get(c.spec);
    c.files.set(c.spec, insertAt(buf, tagBoundary(buf, r), Buffer.from('<d>'.repeat(depth) + '</d>'.repeat(r.chance(0.5) ? depth : 1))));
  },
  emptyFile(c, r) {
    c.files.set(pickFile(c, r), Buffer.alloc(0));
  },
  symlink(c, r) {
    const [name, target] = r.pick([
      ['loop', '.'], ['up', '..'], ['js/self', '..'], ['passwd.js', '/etc/passwd'], ['zero.js', '/dev/zero'],
      ['dangling.js', 'does-not-exist.js'], ['root', '/'], ['deep/a/b', '../../..'],
    ]);
    c.links.set(name, target);
    if (r.chance(0.5)) addScriptRef(c, name);
  },
  fifo(c, r) {
    const name = r.pick(['pipe.js', 'js/pipe.js', 'Pipe.xml', 'pipe.css']);
    c.fifos.add(name);
    if (name.endsWith('.js')) addScriptRef(c, name);
    else if (name.endsWith('.css')) addStyleRef(c, name);
  },
  secondSpec(c, r) {
    const other = r.pick(seedCorpus().gadgets);
    for (const [name, data] of other.files) if (!c.files.has(`second/${name}`)) c.files.set(`second/${name}`, data);
  },
  zipIt(c, r) {
    c.zip = r.pick(['plain', 'plain', 'stored', 'damaged', 'lying', 'overlap', 'clash', 'duplicate', 'nested']);
  },
};

/** Mutations by weight: byte-level damage and hostile text most often, costly shapes less. */
const WEIGHTS = [
  ['flipBytes', 6], ['truncate', 3], ['splice', 4], ['hostileToken', 12], ['attributeValue', 6], ['renameFile', 4],
  ['reencode', 2], ['repeat', 2], ['deepNesting', 1], ['emptyFile', 1], ['symlink', 2], ['fifo', 1], ['secondSpec', 2], ['zipIt', 4],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((n, [, w]) => n + w, 0);

function pickMutation(r) {
  let x = r.int(TOTAL_WEIGHT);
  for (const [name, w] of WEIGHTS) {
    if (x < w) return name;
    x -= w;
  }
  return WEIGHTS[0][0];
}

function pickFile(c, r) {
  const names = [...c.files.keys()];
  return r.chance(0.5) ? c.spec : r.pick(names);
}

/** A position just before a `<` half of the time (where markup goes), anywhere otherwise. */
function tagBoundary(buf, r) {
  if (r.chance(0.5)) {
    const starts = [];
    for (let i = buf.indexOf(60); i >= 0 && starts.length < 2000; i = buf.indexOf(60, i + 1)) starts.push(i);
    if (starts.length) return r.pick(starts);
  }
  return r.int(buf.length + 1);
}

function addScriptRef(c, name) {
  const text = c.files.get(c.spec).toString('latin1');
  const at = text.lastIndexOf(']]>');
  if (at >= 0) c.files.set(c.spec, Buffer.from(`${text.slice(0, at)}<script src="${name}"></script>${text.slice(at)}`, 'latin1'));
}

function addStyleRef(c, name) {
  const text = c.files.get(c.spec).toString('latin1');
  const at = text.indexOf('<![CDATA[');
  if (at >= 0) c.files.set(c.spec, Buffer.from(`${text.slice(0, at + 9)}<link rel="stylesheet" href="${name}">${text.slice(at + 9)}`, 'latin1'));
}

/** A gadget that must come through every case: one bad file never takes the batch down. */
export const CONTROL_SPEC = `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="Fuzz control" description="Must migrate whatever its neighbour does">
    <Require feature="settitle"/>
  </ModulePrefs>
  <Content type="url" href="https://crm.example.com/agent"/>
</Module>
`;

/**
 * Case `n`: { n, kind: 'migrate' | 'layout' | 'inspect', base, mutations, files: Map<rel, Buffer>,
 * links: Map<rel, target>, fifos: Set<rel>, spec (the mutated spec's path, relative to the input) }.
 */
export function makeCase(n, seed = 1) {
  const r = prng((seed * 0x9e3779b1) ^ (n * 0x85ebca6b));
  const { gadgets, layouts } = seedCorpus();
  const roll = r.next();
  if (roll < 0.08) return layoutCase(n, r, layouts);
  const base = r.pick(gadgets);
  const names = [...base.files.keys()];
  const spec = names.find((f) => f.endsWith('.xml') && !f.includes('/')) ?? names.find((f) => f.endsWith('.xml')) ?? names[0];
  const c = { n, kind: roll < 0.14 ? 'inspect' : 'migrate', base: base.name, mutations: [], files: new Map(base.files), links: new Map(), fifos: new Set(), spec, zip: undefined };
  for (let i = 1 + r.int(3); i > 0; i--) {
    const m = pickMutation(r);
    MUTATIONS[m](c, r);
    c.mutations.push(m);
  }
  if (c.kind === 'inspect') {
    // inspect reads one spec file: no zips, links or pipes around it.
    c.zip = undefined;
    c.links.clear();
    c.fifos.clear();
  }
  if (c.zip) {
    c.files = new Map([[`gadget.zip`, zipOf(c, r)]]);
    c.links.clear();
    c.fifos.clear();
    c.mutations.push(`zip:${c.zip}`);
  }
  // The case's own files live in a subfolder; the control gadget beside it.
  const files = new Map();
  for (const [name, data] of c.files) files.set(`case/${name}`, data);
  if (c.kind === 'migrate') files.set('control/Control.xml', Buffer.from(CONTROL_SPEC));
  c.files = files;
  c.links = new Map([...c.links].map(([k, v]) => [`case/${k}`, v]));
  c.fifos = new Set([...c.fifos].map((k) => `case/${k}`));
  c.spec = c.zip ? 'case/gadget.zip' : `case/${c.spec}`;
  return c;
}

function layoutCase(n, r, layouts) {
  const c = { n, kind: 'layout', base: 'layout', mutations: [], files: new Map([['finesse-layout.xml', r.pick(layouts)]]), links: new Map(), fifos: new Set(), spec: 'finesse-layout.xml' };
  for (let i = 1 + r.int(3); i > 0; i--) {
    const m = r.pick(['flipBytes', 'truncate', 'splice', 'hostileToken', 'hostileToken', 'attributeValue', 'repeat', 'deepNesting', 'reencode']);
    MUTATIONS[m](c, r);
    c.mutations.push(m);
  }
  return c;
}

/** Packs the case's files into a zip, then damages the archive the way `c.zip` says. */
function zipOf(c, r) {
  const entries = Object.fromEntries([...c.files].map(([k, v]) => [k, new Uint8Array(v)]));
  switch (c.zip) {
    case 'plain':
      return Buffer.from(zipSync(entries, { mtime: new Date('2020-01-01T00:00:00Z') }));
    case 'stored':
      return Buffer.from(zipSync(entries, { level: 0, mtime: new Date('2020-01-01T00:00:00Z') }));
    case 'damaged': {
      const buf = Buffer.from(zipSync(entries, { mtime: new Date('2020-01-01T00:00:00Z') }));
      for (let i = 1 + r.int(6); i > 0; i--) buf[r.int(buf.length)] = r.int(256);
      return buf;
    }
    case 'nested':
      return Buffer.from(zipSync({ 'inner.zip': zipSync(entries, { mtime: new Date('2020-01-01T00:00:00Z') }) }, { mtime: new Date('2020-01-01T00:00:00Z') }));
    default: {
      const raw = [...c.files].map(([name, data]) => ({ name, data: new Uint8Array(data), method: 8 }));
      if (c.zip === 'duplicate' && raw.length) raw.push({ ...raw[0], data: new Uint8Array(Buffer.from('<Module/>')) });
      if (c.zip === 'clash' && raw.length) raw.push({ name: `${raw[0].name}/inner.js`, data: new Uint8Array(Buffer.from('var x;')), method: 8 });
      return rawZip(raw, c.zip, r);
    }
  }
}

/**
 * A zip written byte by byte, so headers can lie: 'lying' declares random sizes and CRCs;
 * 'overlap' points every central entry at the first local header with a declared size of 0.
 */
function rawZip(entries, how, r) {
  const locals = [];
  const central = [];
  let offset = 0;
  const offsets = [];
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const stored = e.method === 8 ? Buffer.from(deflateSync(e.data)) : Buffer.from(e.data);
    let crc = crc32(Buffer.from(e.data));
    let size = e.data.length;
    if (how === 'lying') {
      if (r.chance(0.5)) size = r.pick([0, 1, 0xffffffff, size * 1000]);
      if (r.chance(0.5)) crc = r.int(0xffffffff);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    locals.push(local, name, stored);
    offset += 30 + name.length + stored.length;
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(e.method, 10);
    cen.writeUInt32LE(crc >>> 0, 16);
    cen.writeUInt32LE(stored.length, 20);
    cen.writeUInt32LE(how === 'overlap' ? 0 : size >>> 0, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(how === 'overlap' ? 0 : offsets[offsets.length - 1], 42);
    central.push(Buffer.concat([cen, name]));
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
