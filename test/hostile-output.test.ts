// Issue 13, items 7 and 8: hostile file names cannot inject hunks into migration.patch nor reach the
// terminal raw, and ordinary I/O conditions on the output (a read-only folder, a full disk, a long
// name, a folder where a file goes) are a one-line error naming the path, never exit 3 with a stack.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputIoError, besideName, outputIoError } from '../src/emit/write.js';
import { quotePath } from '../src/report/patch.js';
import { terminalSafe } from '../src/report/summary.js';
import { BIN, ROOT, runCli, SAMPLES, tempDir } from './helpers.js';

const work = tempDir('fm-hostile-');
afterAll(() => {
  chmodSync(work, 0o755);
  for (const name of readdirSync(work)) {
    try {
      chmodSync(path.join(work, name), 0o755);
    } catch {
      // not ours to fix
    }
  }
  rmSync(work, { recursive: true, force: true });
});

const GADGET = `<?xml version="1.0"?><Module><ModulePrefs title="T"/><Content type="html"><![CDATA[<div id="x">hi</div><script>function go(){ document.getElementById("x").innerHTML = "a"; }
gadgets.util.registerOnLoadHandler(go);</script>]]></Content></Module>`;
const ESC = '\x1b';
const INJECTING = 'Evil\n--- injected.js\n+++ injected.js\n@@ -1 +1 @@\nGadget.xml';

/** The C-style quoted name GNU patch prints with --quoting-style=c, read back. */
function unquoteC(text: string): string {
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  const named: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = text[++i]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(text.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(named[next]!);
  }
  return Buffer.from(bytes).toString('utf8');
}

describe('hostile file names', () => {
  const dir = path.join(work, 'names');
  const folder = path.join(dir, 'in', `${ESC}[31mred`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, INJECTING), GADGET);
  writeFileSync(path.join(folder, `${ESC}]0;title\x07Tab\there.xml`), GADGET);
  // Unreadable as a gadget: its name reaches the summary's error list.
  writeFileSync(path.join(folder, `${ESC}[2JBroken.xml`), '<Module><ModulePrefs title="x"><Content type="html">');
  const run = runCli(['migrate', 'in', '--out', 'out'], dir);
  const patchText = (): string => readFileSync(path.join(dir, 'out', 'migration.patch'), 'utf8');

  it('runs to the end (exit 1: the broken gadget failed)', () => {
    expect(run.stderr).not.toContain('internal error');
    expect(run.status).toBe(1);
  });

  it('writes every header of migration.patch on one line, names quoted the way git does', () => {
    const text = patchText();
    const headers = text.split('\n').filter((l) => /^(---|\+\+\+|@@) /.test(l));
    // Before the fix, the name's own lines stood as headers: `--- injected.js`, `+++ injected.js`, `@@ -1 +1 @@`.
    expect(text.split('\n').filter((l) => /^(---|\+\+\+) injected\.js$/.test(l) || l === '@@ -1 +1 @@')).toEqual([]);
    for (const h of headers.filter((l) => !l.startsWith('@@'))) expect(h).toMatch(/^(--- (a\/|"a\/)|\+\+\+ (b\/|"b\/))/);
    expect(text).not.toContain(ESC);
    expect(text).toContain(`--- "a/in/\\033[31mred/Evil\\n--- injected.js\\n+++ injected.js\\n@@ -1 +1 @@\\nGadget.xml"`);
    expect(text).toContain(`--- "a/in/\\033[31mred/\\033]0;title\\aTab\\there.xml"`);
    // Each section: one comment, one ---, one +++ and its hunks.
    expect(headers.filter((l) => l.startsWith('--- ')).length).toBe(2);
    expect(headers.filter((l) => l.startsWith('+++ ')).length).toBe(2);
  });

  const gnuPatch = spawnSync('patch', ['--version'], { encoding: 'utf8' });
  it.skipIf(gnuPatch.status !== 0 || !/GNU patch/.test(gnuPatch.stdout ?? ''))('patch -p1 --dry-run checks only files the gadgets have', () => {
    const r = spawnSync('patch', ['-p1', '--dry-run', '--force', '--quoting-style=c', '-i', path.join(dir, 'out', 'migration.patch')], { cwd: dir, encoding: 'utf8' });
    const checked = [...r.stdout.matchAll(/^checking file (.*)$/gm)].map((m) => unquoteC(m[1]!));
    expect(checked.length, r.stdout).toBe(2);
    for (const file of checked) expect(existsSync(path.join(dir, file)), file).toBe(true);
    expect(checked.sort()).toEqual([`in/${ESC}[31mred/${ESC}]0;title\x07Tab\there.xml`, `in/${ESC}[31mred/${INJECTING}`].sort());
  });

  it('writes no raw control character to the terminal, names escaped as \\x1b', () => {
    expect(run.stdout).not.toContain(ESC);
    expect(run.stderr).not.toContain(ESC);
    expect(run.stdout).toContain('in/\\x1b[31mred/\\x1b[2JBroken.xml');
    expect(run.stderr).toContain('Evil\\x0a--- injected.js\\x0a');
  });

  it('quotes only names that need it', () => {
    expect(quotePath('a/samples/x y.js')).toBe('a/samples/x y.js');
    expect(quotePath('a/"q"\\b')).toBe('"a/\\"q\\"\\\\b"');
    expect(quotePath('a/café')).toBe('"a/caf\\303\\251"');
    expect(terminalSafe(`a${ESC}[0m\r\n\x9bz`)).toBe('a\\x1b[0m\\x0d\\x0a\\x9bz');
  });
});

describe('I/O conditions on the output', () => {
  it('a 250-character output name works (the staging name is kept within 255 bytes)', () => {
    const name = 'o'.repeat(250);
    const r = runCli(['migrate', SAMPLES, '--out', path.join(work, name), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(path.join(work, name, 'report.json'))).toBe(true);
    expect(readdirSync(work).filter((n) => n.includes('staging') || n.includes('.old-'))).toEqual([]);
    expect(Buffer.byteLength(besideName(name, 'staging', '123456-abcdefgh'))).toBeLessThanOrEqual(255);
    expect(besideName('out', 'staging', '1-a')).toBe('.out.staging-1-a');
  });

  it('a read-only parent folder: exit 2 naming the path, no stack', () => {
    const parent = path.join(work, 'readonly');
    mkdirSync(parent);
    chmodSync(work, 0o755);
    chmodSync(parent, 0o555);
    const out = path.join(parent, 'out');
    const args = ['migrate', SAMPLES, '--out', out, '--quiet'];
    // As root, chmod does not stop a write: run as nobody when setpriv is there, else skip.
    const root = process.getuid?.() === 0;
    let r: { status: number | null; stderr: string };
    if (!root) r = runCli(args);
    else {
      const setpriv = spawnSync('setpriv', ['--version']);
      if (setpriv.status !== 0) return;
      const s = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
      r = { status: s.status, stderr: s.stderr };
      if (/cannot open|No such file|EACCES.*dist|Cannot find module/.test(r.stderr) && !r.stderr.includes(out)) return; // nobody cannot read the tool here
    }
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(out);
    expect(r.stderr).toMatch(/permission denied \(EACCES\)/);
    expect(existsSync(out)).toBe(false);
  });

  it('a full disk, or any errno of the kind, becomes a one-line OutputIoError naming the output', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/data/.out.staging-1-a/report.json' });
    const e = outputIoError(full, '/data/out');
    expect(e).toBeInstanceOf(OutputIoError);
    expect((e as Error).message).toBe('cannot write /data/out: no space left on the device (ENOSPC) (at /data/.out.staging-1-a/report.json)');
    for (const code of ['EACCES', 'EROFS', 'ENAMETOOLONG', 'EISDIR', 'ENOTDIR', 'EEXIST']) {
      expect(outputIoError(Object.assign(new Error(code), { code }), '/x')).toBeInstanceOf(OutputIoError);
    }
    const bug = new TypeError('x is undefined');
    expect(outputIoError(bug, '/x')).toBe(bug);
  });

  describe('layout --out', () => {
    const gadgets = path.join(work, 'layout-gadgets');
    const migrated = runCli(['migrate', SAMPLES, '--out', gadgets, '--quiet']);
    const layoutFile = path.join(SAMPLES, 'finesse-layout.xml');

    it('an existing folder: a clear error, exit 2, the folder untouched', () => {
      expect(migrated.status).toBe(0);
      const folder = path.join(work, 'a-folder');
      mkdirSync(folder);
      for (const extra of [[], ['--force']]) {
        const r = runCli(['layout', layoutFile, '--gadgets', gadgets, '--out', folder, ...extra]);
        expect(r.stderr).not.toContain('internal error');
        expect(r.status).toBe(2);
        expect(r.stderr).toContain(`--out ${folder} is a folder`);
        expect(readdirSync(folder)).toEqual([]);
      }
    });

    it('a path through a file: exit 2 naming the path, no stack', () => {
      const file = path.join(work, 'a-file');
      writeFileSync(file, 'x');
      const target = path.join(file, 'layout.json');
      const r = runCli(['layout', layoutFile, '--gadgets', gadgets, '--out', target]);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`cannot write ${target}`);
    });

    it('never onto one of its own inputs, even with --force: the layout (or a link to it), the report, the base layout', () => {
      const own = path.join(work, 'own-inputs');
      mkdirSync(own);
      const layout = path.join(own, 'finesse-layout.xml');
      writeFileSync(layout, readFileSync(layoutFile));
      const base = path.join(own, 'base.json');
      writeFileSync(base, readFileSync(path.join(ROOT, 'assets', 'layout', 'default-desktop-layout.json')));
      const link = path.join(own, 'link.xml');
      spawnSync('ln', ['-s', layout, link]);
      const report = path.join(gadgets, 'report.json');
      const before = [layout, base, report].map((f) => readFileSync(f));
      for (const [target, what] of [[layout, 'the Finesse layout it converts'], [link, 'the Finesse layout it converts'], [path.join(own, '..', 'layout-gadgets', 'report.json'), 'the report of --gadgets'], [base, 'the --base-layout']]) {
        const r = runCli(['layout', layout, '--gadgets', gadgets, '--base-layout', base, '--out', target!, '--force']);
        expect(r.status, target).toBe(2);
        expect(r.stderr).toContain(`is ${what}: this command never writes onto its own input`);
      }
      expect([layout, base, report].map((f) => readFileSync(f))).toEqual(before);
    });

    it('a missing parent folder is created, and a long file name works', () => {
      const target = path.join(work, 'new-parent', `${'l'.repeat(245)}.json`);
      const r = runCli(['layout', layoutFile, '--gadgets', gadgets, '--out', target, '--quiet']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1); // two gadgets of the samples' layout are not among the samples
      expect(JSON.parse(readFileSync(target, 'utf8'))).toBeTruthy();
      expect(readdirSync(path.dirname(target))).toEqual([path.basename(target)]);
    });
  });
});
