// Inputs that are not files: nothing hangs, nothing crashes, the user is told (issue 13, item 5).
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../src/analyze/index.js';
import { planBatch } from '../src/emit/plan.js';
import { FolderTree } from '../src/parse/source-tree.js';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './helpers.js';

// A hang fails the test by the timeout instead of stalling the suite.
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, input: '' });

describe('inputs that are not regular files', () => {
  it('inspect of a FIFO or /dev/zero is a usage error, not a hang or a crash', () => {
    const fifo = path.join(tempDir('fm-fifo-'), 'spec.xml');
    execFileSync('mkfifo', [fifo]);
    for (const target of [fifo, '/dev/zero']) {
      const r = run(['inspect', target]);
      expect(r.signal, target).toBeNull();
      expect(r.status, target).toBe(2);
      expect(r.stderr).toContain(`not a readable file: ${target}`);
    }
  });
  it('every other file a verb reads is a regular file checked by size first: layout, --gadgets report, --base-layout, --network', () => {
    const dir = tempDir('fm-fifo-');
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const out = path.join(dir, 'out');
    expect(spawnSync(process.execPath, [BIN, 'migrate', 'samples', '--out', out, '-q'], { cwd: ROOT }).status).toBe(0);
    const cases: [string[], string][] = [
      [['layout', fifo, '--gadgets', out], `not a readable file: ${fifo}: not a regular file`],
      [['layout', '/dev/zero', '--gadgets', out], 'not a readable file: /dev/zero: not a regular file'],
      [['layout', 'samples/finesse-layout.xml', '--gadgets', out, '--base-layout', fifo], `--base-layout ${fifo}: not a readable file (not a regular file)`],
      [['migrate', 'samples', '--dry-run', '-q', '--base-layout', '/dev/zero'], '--base-layout /dev/zero: not a readable file (not a regular file)'],
      [['verify', out, '--network', fifo], `cannot read the --network file ${fifo}: not a regular file`],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.signal, args.join(' ')).toBeNull();
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
  }, 180_000);
  it('--config /dev/stdin is refused without reading it', () => {
    const r = run(['migrate', 'samples', '--dry-run', '-q', '--config', '/dev/stdin']);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot read the config file /dev/stdin: not a regular file');
  });
});

describe('gadget text in generated code', () => {
  it('a line break in a script\'s file name cannot end the comment that names it', async () => {
    const dir = tempDir('fm-name-');
    writeFileSync(path.join(dir, 'Evil.xml'), '<Module><ModulePrefs title="Evil"/><Content type="html"><![CDATA[<p>x</p><script src="a&#10;globalThis.PWN=1;.js"></script>]]></Content></Module>');
    writeFileSync(path.join(dir, 'a\nglobalThis.PWN=1;.js'), 'var ok = 1;\n');
    const plan = await planBatch([analyzeFile(new FolderTree(dir), 'Evil.xml')], { toolVersion: 't', locale: 'en-US', inputs: [], problems: [] });
    const code = plan.files.get('widgets/evil-widget/src/gadget.cjs') as string;
    expect(code).toContain('var ok = 1;');
    expect(code.split('\n').filter((l) => /^\s*globalThis\.PWN/.test(l))).toEqual([]);
  });
});

describe('names from gadget data never find Object.prototype members', () => {
  it('an element named <constructor> in a gadget\'s markup is markup like any other', async () => {
    const dir = tempDir('fm-proto-');
    writeFileSync(path.join(dir, 'Proto.xml'), '<Module><ModulePrefs title="Proto"/><Content type="html"><![CDATA[<constructor src="x.js">hi</constructor><toString></toString><p>x</p>]]></Content></Module>');
    const f = analyzeFile(new FolderTree(dir), 'Proto.xml');
    expect(f.failed).toBe(false);
    expect(f.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
    expect(f.gadget!.views[0]!.html!.bodyMarkup).toContain('<constructor src="x.js">hi</constructor>');
  });
});

describe('symlinks in an input folder', () => {
  it('two links back to the folder neither hang the walk nor read a gadget twice', () => {
    const dir = tempDir('fm-loop-');
    writeFileSync(path.join(dir, 'Loop.xml'), '<Module><ModulePrefs title="Loop"/><Content type="html"><![CDATA[<p>x</p>]]></Content></Module>');
    symlinkSync('.', path.join(dir, 'again'));
    symlinkSync('.', path.join(dir, 'and-again'));
    const started = Date.now();
    expect(new FolderTree(dir).files()).toEqual(['Loop.xml']);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('encodings', () => {
  it('reads a UTF-16 spec without a byte-order mark, and says so', () => {
    const dir = tempDir('fm-utf16-');
    const xml = '<?xml version="1.0" encoding="UTF-16"?><Module><ModulePrefs title="Grüße"/><Content type="html"><![CDATA[<p>x</p>]]></Content></Module>';
    writeFileSync(path.join(dir, 'Le.xml'), Buffer.from(xml, 'utf16le'));
    writeFileSync(path.join(dir, 'Be.xml'), Buffer.from(xml, 'utf16le').swap16());
    for (const name of ['Le.xml', 'Be.xml']) {
      const f = analyzeFile(new FolderTree(dir), name);
      expect(f.gadget?.modulePrefs.title, name).toBe('Grüße');
      expect(f.diagnostics.map((d) => d.code), name).toContain('encoding');
    }
  });
  it('takes a config file saved with a BOM', () => {
    const dir = tempDir('fm-bom-');
    writeFileSync(path.join(dir, 'c.json'), '\uFEFF{ "widgetProvider": "acme" }');
    const r = run(['migrate', 'samples/crm-embed', '--dry-run', '-q', '--config', path.join(dir, 'c.json')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('one mistake repeated', () => {
  it('30,000 references to one missing script: 50 diagnostics and a count (found by the fuzz campaign)', async () => {
    const dir = tempDir('fm-repeat-');
    const scripts = '<script src="x.js"></script>'.repeat(30_000);
    writeFileSync(path.join(dir, 'Repeat.xml'), `<Module><ModulePrefs title="Repeat"/><Content type="html"><![CDATA[<p>x</p>${scripts}]]></Content></Module>`);
    const file = analyzeFile(new FolderTree(dir), 'Repeat.xml');
    const missing = file.diagnostics.filter((d) => d.code === 'script-missing');
    expect(missing).toHaveLength(50);
    const folded = file.diagnostics.filter((d) => d.code === 'diagnostics-folded');
    expect(folded).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringContaining('29950 more "script-missing"'), line: 1 })]);
  });
});
