// Issue 13, item 3 and part of 9: names taken from gadget data (root elements, UserPref names,
// entity names, attribute names, zip entry names) that collide with Object.prototype members never
// take the batch down. Each hostile file fails or is skipped alone, with a diagnostic naming it,
// while the other gadgets of the batch migrate and the run ends with exit 0 or 1.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runMigration, exitCodeOf, type Report } from '../src/api.js';
import { analyzeFile } from '../src/analyze/index.js';
import { FolderTree, ZipTree } from '../src/parse/source-tree.js';
import { parseXml } from '../src/parse/xml.js';
import { tempDir } from './helpers.js';

const GOOD = (title: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="${title}" />
  <Content type="html"><![CDATA[<div>${title}</div>]]></Content>
</Module>
`;

const withPref = (name: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="Pref ${name}" />
  <UserPref name="${name}" display_name="Hostile" default_value="x" />
  <Content type="html"><![CDATA[<div>__UP_${name}__</div>]]></Content>
</Module>
`;

function write(dir: string, rel: string, text: string | Uint8Array): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

/** Migrates `dir` into a fresh output folder; the run must resolve (a throw is exit 3). */
async function migrateFolder(dir: string): Promise<Report> {
  const out = path.join(tempDir('fm-hostile-out-'), 'out');
  const { report } = await runMigration([dir], { out });
  expect([0, 1]).toContain(exitCodeOf(report));
  return report;
}

const record = (report: Report, rel: string) => {
  const r = report.gadgets.find((g) => g.source.endsWith(rel));
  expect(r, `no record for ${rel}`).toBeDefined();
  return r!;
};

describe('root elements named after Object.prototype members', () => {
  for (const root of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    it(`<${root}> is not a gadget, and the batch goes on`, async () => {
      const dir = tempDir('fm-hostile-root-');
      write(dir, 'good/Good.xml', GOOD('Good One'));
      write(dir, `hostile/${root}.xml`, `<?xml version="1.0"?>\n<${root}><Module/></${root}>\n`);
      const report = await migrateFolder(dir);
      expect(record(report, 'good/Good.xml').status).toBe('migrated');
      const bad = record(report, `hostile/${root}.xml`);
      expect(bad.status).toBe('skipped');
      expect(bad.reasons).toEqual([{ code: 'root-not-module', message: `the root element is <${root}>, not <Module>` }]);
    });
  }
});

describe('UserPref names that collide with Object.prototype members', () => {
  it('each gadget migrates on its own, and the batch goes on', async () => {
    const dir = tempDir('fm-hostile-pref-');
    write(dir, 'good/Good.xml', GOOD('Good One'));
    const names = ['constructor', '__proto__', 'hasOwnProperty', 'toString'];
    for (const n of names) write(dir, `pref-${n}/Pref.xml`, withPref(n));
    const report = await migrateFolder(dir);
    expect(record(report, 'good/Good.xml').status).toBe('migrated');
    for (const n of names) {
      const r = record(report, `pref-${n}/Pref.xml`);
      // Not an internal error: either converted, or failed with a diagnostic that names the file.
      expect(r.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
      if (r.status === 'failed') expect(r.diagnostics.some((d) => d.severity === 'error' && d.file.endsWith(`pref-${n}/Pref.xml`))).toBe(true);
    }
  });
  it('the model keeps the pref with its own name and value', () => {
    const dir = tempDir('fm-hostile-pref-model-');
    for (const n of ['constructor', '__proto__', 'hasOwnProperty']) write(dir, `${n}.xml`, withPref(n));
    const tree = new FolderTree(dir);
    for (const n of ['constructor', '__proto__', 'hasOwnProperty']) {
      const f = analyzeFile(tree, `${n}.xml`);
      expect(f.failed).toBe(false);
      expect(f.gadget!.userPrefs.map((p) => p.name)).toEqual([n]);
      // `__UP___proto____` is not a token Shindig resolves either (a pref name holding "__").
      if (n !== '__proto__') expect(f.gadget!.views[0]!.html!.bodyMarkup).toContain('<div>x</div>');
    }
  });
});

describe('entity and attribute names that collide with Object.prototype members', () => {
  it('&constructor; and &__proto__; stay as written, with the undefined-entity warning', () => {
    const r = parseXml('<a t="&constructor;">&constructor; &__proto__; &toString; &hasOwnProperty;</a>');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const text = r.doc.root.children[0]!;
    expect(text.type === 'text' && text.value).toBe('&constructor; &__proto__; &toString; &hasOwnProperty;');
    expect(r.doc.root.attrs['t']).toBe('&constructor;');
    expect(r.doc.issues.filter((i) => i.code === 'undefined-entity').map((i) => i.message)).toEqual([
      'entity "&constructor;" is not defined in XML; kept as written',
      'entity "&constructor;" is not defined in XML; kept as written',
      'entity "&__proto__;" is not defined in XML; kept as written',
      'entity "&toString;" is not defined in XML; kept as written',
      'entity "&hasOwnProperty;" is not defined in XML; kept as written',
    ]);
  });
  it('attrs is a null-prototype table: absent names read as undefined, __proto__ is an ordinary attribute', () => {
    const r = parseXml('<a __proto__="p" x="1"/>');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { attrs, attrAt } = r.doc.root;
    expect(attrs['constructor']).toBeUndefined();
    expect(attrs['toString']).toBeUndefined();
    expect(attrs['__proto__']).toBe('p');
    expect(Object.keys(attrs)).toEqual(['__proto__', 'x']);
    expect(attrAt['constructor']).toBeUndefined();
    expect(typeof attrAt['__proto__']).toBe('number');
  });
  it('a gadget whose text holds &constructor; migrates next to the others', async () => {
    const dir = tempDir('fm-hostile-entity-');
    write(dir, 'good/Good.xml', GOOD('Good One'));
    write(dir, 'entity/Entity.xml', `<?xml version="1.0"?>
<Module>
  <ModulePrefs title="T &constructor;" description="&__proto__;" />
  <Content type="html">&lt;div&gt;&constructor; &amp;__proto__;&lt;/div&gt;</Content>
</Module>
`);
    const report = await migrateFolder(dir);
    expect(record(report, 'good/Good.xml').status).toBe('migrated');
    const r = record(report, 'entity/Entity.xml');
    expect(r.status).not.toBe('failed');
    expect(r.title).toBe('T &constructor;');
    expect(r.diagnostics.filter((d) => d.code === 'undefined-entity').length).toBe(3);
    expect(JSON.stringify(r)).not.toContain('native code');
  });
});

describe('zip entry names that clash', () => {
  it('a file and a folder of the same name, and duplicate names, are reported per entry; the batch goes on', async () => {
    const dir = tempDir('fm-hostile-zip-');
    write(dir, 'good/Good.xml', GOOD('Good One'));
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    // fflate's zipSync takes an object, so the duplicate entry is made by renaming one in the bytes.
    const zip = zipSync({
      'z/Zipped.xml': enc(ZIPPED),
      'z/a.png': png,
      'z/a.png/b.png': png,
      'z/dup.txt': enc('first'),
      'z/dUp.txt': enc('second'),
      'constructor.xml': enc(GOOD('Constructor Named')),
      'toString/P.xml': enc(GOOD('ToString Folder')),
      'zzproto__': enc('proto'), // renamed to "__proto__" below: fflate's zipSync reads it as options

    }, { level: 0 });
    const bytes = renameAll(renameAll(zip, 'z/dUp.txt', 'z/dup.txt'), 'zzproto__', '__proto__');
    write(dir, 'bundle.zip', bytes);

    const tree = new ZipTree(path.join(dir, 'bundle.zip'));
    const problems = tree.problems.map((p) => p.path).sort();
    expect(problems).toEqual(['z/a.png', 'z/dup.txt']);
    expect(tree.problems.find((p) => p.path === 'z/dup.txt')!.message).toBe('entry name appears more than once in the archive; only the first is read');
    expect(tree.problems.find((p) => p.path === 'z/a.png')!.message).toBe('entry is a file and also a folder of other entries (z/a.png/b.png); the file is not read');
    expect(tree.read('z/dup.txt')).toEqual(enc('first'));
    expect(tree.has('z/a.png')).toBe(false);
    expect(tree.read('z/a.png/b.png')).toEqual(png);
    // An entry named exactly `__proto__` is an ordinary file, not lost to fflate's result object.
    expect(tree.read('__proto__')).toEqual(enc('proto'));
    expect(tree.files()).toContain('constructor.xml');
    expect(tree.files()).toContain('toString/P.xml');

    const report = await migrateFolder(dir);
    expect(record(report, 'good/Good.xml').status).toBe('migrated');
    // Its a.png was left out of the tree, so it has work left; it is converted all the same.
    expect(['migrated', 'needs-work']).toContain(record(report, 'bundle.zip!/z/Zipped.xml').status);
    expect(record(report, 'bundle.zip!/constructor.xml').status).toBe('migrated');
    expect(record(report, 'bundle.zip!/toString/P.xml').status).toBe('migrated');
    const reported = report.problems.map((p) => p.path);
    for (const p of ['bundle.zip!/z/a.png', 'bundle.zip!/z/dup.txt']) expect(reported.filter((r) => r.endsWith(p))).toHaveLength(1);
  });
});

const ZIPPED = `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="Zipped" />
  <Content type="html"><![CDATA[<div>Zipped</div><img src="a.png"><img src="a.png/b.png"><script src="dup.txt"></script>]]></Content>
</Module>
`;

/** Replaces every occurrence of `from` (same length as `to`) in the zip's names: local headers and central directory. */
function renameAll(zip: Uint8Array, from: string, to: string): Uint8Array {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  expect(a.length).toBe(b.length);
  const out = Buffer.from(zip);
  for (let i = out.indexOf(a); i >= 0; i = out.indexOf(a, i + 1)) b.copy(out, i);
  return new Uint8Array(out);
}

describe('markup names that collide with Object.prototype members (found by test/data-keys.test.ts)', () => {
  it('a <constructor> element in the markup and a <body __proto__> attribute: the gadget converts, the attribute is kept', async () => {
    const dir = tempDir('fm-hostile-markup-');
    write(dir, 'good/Good.xml', GOOD('Good One'));
    write(dir, 'markup/Markup.xml', `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="Markup Names" />
  <Content type="html"><![CDATA[<html><body __proto__="p" class="c"><constructor src="x.png">a</constructor><toString>b</toString></body></html>]]></Content>
</Module>
`);
    const f = analyzeFile(new FolderTree(dir), 'markup/Markup.xml');
    const body = f.gadget!.views[0]!.html!.bodyAttributes;
    expect(Object.keys(body)).toEqual(['__proto__', 'class']);
    expect(body['__proto__']).toBe('p');
    const report = await migrateFolder(dir);
    expect(record(report, 'good/Good.xml').status).toBe('migrated');
    const r = record(report, 'markup/Markup.xml');
    expect(r.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
    expect(r.status).not.toBe('failed');
  });
});
