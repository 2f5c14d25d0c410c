// The whole CLI, run as a user runs it: samples in, reviewed golden output out, exit codes, and the
// promises about inputs and outputs (never written to, whole or not at all, byte-identical reruns).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { RUNTIME_DIR, RUNTIME_FILES, WIDGET_FILES } from '../src/emit/widget-project.js';
import { fingerprint, FIXTURES, readTree, ROOT, runCli, SAMPLES, tempDir } from './helpers.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'samples');

/**
 * Files copied from runtime/widget (the output's shared runtime/, and the fixed files of every widget):
 * checked to be exact copies, kept out of the golden.
 */
function copiedFrom(rel: string): string | undefined {
  const widget = /^widgets\/[^/]+\/(.*)$/.exec(rel);
  if (widget) return Object.hasOwn(WIDGET_FILES, widget[1]!) ? WIDGET_FILES[widget[1]!] : undefined;
  const shared = /^runtime\/(.*)$/.exec(rel);
  return shared && Object.hasOwn(RUNTIME_FILES, shared[1]!) ? RUNTIME_FILES[shared[1]!] : undefined;
}
function withoutRuntimeCopies(tree: Map<string, Buffer>): Map<string, Buffer> {
  const kept = new Map<string, Buffer>();
  for (const [rel, bytes] of tree) {
    // The re-run merge bases are the generated files' text again, once each (test/rerun.test.ts covers
    // them); the manifest stays.
    if (rel === '.finesse-migrate/base.jsonl') {
      const texts = new Set([...tree.values()].map((b) => b.toString('utf8')));
      const lines = bytes.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { sha256: string; text: string });
      for (const l of lines) expect(texts.has(l.text), l.sha256).toBe(true);
      expect(new Set(lines.map((l) => l.sha256)).size).toBe(lines.length);
      continue;
    }
    const from = copiedFrom(rel);
    if (from) expect(bytes.toString('utf8'), rel).toBe(readFileSync(path.join(RUNTIME_DIR, from), 'utf8'));
    else kept.set(rel, bytes);
  }
  return kept;
}
const work = tempDir();
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('migrate samples', () => {
  const out = path.join(work, 'out');
  const before = fingerprint(SAMPLES);
  const first = runCli(['migrate', 'samples', '--out', out]);

  it('exits 0: every gadget was processed, the ones that need work included; and prints the summary', () => {
    expect(first.stderr).not.toContain('internal error');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('finesse-migrate: 10 spec files, 7 gadgets');
    expect(first.stdout).toContain('status: 3 migrated, 4 need work, 0 failed, 3 skipped');
    expect(first.stdout).toContain('migrated 81/87 call sites (68 rewritten, 13 dropped on purpose, 6 marked TODO by a rule, 0 unmapped)');
  });

  it('writes exactly the reviewed golden output', () => {
    const got = withoutRuntimeCopies(readTree(out));
    if (process.env['UPDATE_GOLDEN'] === '1') {
      rmSync(GOLDEN, { recursive: true, force: true });
      for (const [rel, bytes] of got) {
        mkdirSync(path.dirname(path.join(GOLDEN, rel)), { recursive: true });
        writeFileSync(path.join(GOLDEN, rel), bytes);
      }
    }
    const want = readTree(GOLDEN);
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [rel, bytes] of want) expect(got.get(rel)?.toString('utf8'), rel).toBe(bytes.toString('utf8'));
  });

  it('leaves the input folder untouched', () => {
    expect(fingerprint(SAMPLES)).toBe(before);
  });

  it('gives byte-identical output on a second run, in place or elsewhere', () => {
    const again = runCli(['migrate', 'samples', '--out', out, '--force']);
    expect(again.status).toBe(0);
    const other = path.join(work, 'other');
    runCli(['migrate', 'samples', '--out', other]);
    const a = readTree(out);
    expect(readTree(other)).toEqual(a);
    expect(withoutRuntimeCopies(a)).toEqual(readTree(GOLDEN));
    // Two whole runs of the samples: on a loaded 2-core machine more than the 60 s default.
  }, 180_000);

  it('prints plain progress lines when stderr is not a terminal', () => {
    expect(first.stderr.split('\n').filter((l) => l.startsWith('['))).toEqual([
      '[1/10] widget       samples/agent-state-panel/AgentStatePanel.xml',
      '[2/10] widget       samples/call-popper/CallPopper.xml',
      '[3/10] iframe       samples/crm-embed/CrmEmbed.xml',
      '[4/10] widget       samples/customer-lookup/CustomerLookup.xml',
      '[5/10] not-a-gadget samples/customer-lookup/messages/ALL_ALL.xml',
      '[6/10] not-a-gadget samples/customer-lookup/messages/fr_ALL.xml',
      '[7/10] not-a-gadget samples/finesse-layout.xml',
      '[8/10] iframe       samples/knowledge-base/KnowledgeBase.xml',
      '[9/10] widget       samples/queue-dashboard/QueueDashboard.xml',
      '[10/10] widget       samples/wrapup-notes/WrapUpNotes.xml',
    ]);
  });
});

describe('exit codes', () => {
  it('0 when every gadget migrated', () => {
    const r = runCli(['migrate', 'samples/crm-embed', 'samples/knowledge-base', '--out', path.join(work, 'iframes')]);
    expect(r.status).toBe(0);
    expect(readTree(path.join(work, 'iframes')).has('layout/fragments/knowledge-base.json')).toBe(true);
  });
  it('1 when gadgets fail, after finishing the rest of the batch', () => {
    const out = path.join(work, 'fixtures-out');
    const r = runCli(['migrate', 'test/fixtures/gadgets', '--out', out]);
    expect(r.status).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.summary.byStatus).toEqual({ migrated: 6, 'needs-work': 4, failed: 4, skipped: 1 });
    // The human summary names each error with file:line:column.
    expect(r.stdout).toContain('test/fixtures/gadgets/bad-xml/BadXml.xml:5:5: error xml-syntax: expected </Require> (opened at line 4) but found </ModulePrefs>');
    expect(r.stdout).toContain('test/fixtures/gadgets/doctype-xxe/DoctypeXxe.xml:2:1: error doctype-refused');
  });
  it.each([
    [[], 'name a command'],
    [['migrate'], 'name at least one folder'],
    [['migrate', 'samples'], '--out <dir> is required'],
    [['migrate', 'no/such/folder', '--out', 'x'], 'input not found: no/such/folder'],
    [['migrate', 'package.json', '--out', 'x'], 'not a folder, gadget spec (.xml, or any file whose root element is <Module>) or .zip archive'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['migrate', 'samples', '--out', 'samples/out'], 'is inside the input'],
    [['migrate', 'samples/crm-embed', '--out', 'samples'], 'is inside the output folder'],
  ])('2 on usage error: %j', (args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('the output folder', () => {
  it('is never written into when it is not ours, with or without --force', () => {
    const foreign = path.join(work, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'keep.txt'), 'mine');
    const noForce = runCli(['migrate', 'samples/knowledge-base', '--out', foreign]);
    expect(noForce.status).toBe(2);
    expect(noForce.stderr).toContain('was not written by finesse-migrate');
    const forced = runCli(['migrate', 'samples/knowledge-base', '--out', foreign, '--force']);
    expect(forced.status).toBe(2);
    expect(forced.stderr).toContain('was not written by finesse-migrate');
    expect(readTree(foreign)).toEqual(new Map([['keep.txt', Buffer.from('mine')]]));
  });
  it('keeps the previous output when a later run stops on a usage error', () => {
    const out = path.join(work, 'kept');
    runCli(['migrate', 'samples/knowledge-base', '--out', out]);
    const before = readTree(out);
    expect(runCli(['migrate', 'samples/knowledge-base', 'missing-input', '--out', out, '--force']).status).toBe(2);
    expect(readTree(out)).toEqual(before);
  });
  it('--dry-run writes nothing and --json prints the report that would be written', () => {
    const out = path.join(work, 'dry');
    const r = runCli(['migrate', 'samples', '--out', out, '--dry-run', '--json']);
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(false);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual(JSON.parse(readFileSync(path.join(GOLDEN, 'report.json'), 'utf8')));
    expect(r.stderr).toContain('Dry run: nothing written.');
  });
  it('leaves no staging folders behind', () => {
    const names = readTree(work);
    expect([...names.keys()].filter((k) => k.includes('.staging-') || k.includes('.old-'))).toEqual([]);
  });
});

describe('zip archives', () => {
  const files: Record<string, Uint8Array> = {};
  for (const [rel, bytes] of readTree(SAMPLES)) files[`bundle/${rel}`] = new Uint8Array(bytes);
  files['__MACOSX/bundle/._CrmEmbed.xml'] = strToU8('junk');
  const zipPath = path.join(work, 'gadgets.zip');
  writeFileSync(zipPath, zipSync(files, { mtime: new Date('2020-01-01T00:00:00Z') }));

  it('are read in memory and classify like the folder', () => {
    const r = runCli(['migrate', zipPath, '--dry-run', '--json', '-q']);
    const report = JSON.parse(r.stdout);
    expect(report.gadgets.map((g: { source: string; classification: string }) => [g.source.replace(/^.*gadgets\.zip/, 'gadgets.zip'), g.classification])).toEqual([
      ['gadgets.zip!/bundle/agent-state-panel/AgentStatePanel.xml', 'widget'],
      ['gadgets.zip!/bundle/call-popper/CallPopper.xml', 'widget'],
      ['gadgets.zip!/bundle/crm-embed/CrmEmbed.xml', 'iframe'],
      ['gadgets.zip!/bundle/customer-lookup/CustomerLookup.xml', 'widget'],
      ['gadgets.zip!/bundle/customer-lookup/messages/ALL_ALL.xml', 'not-a-gadget'],
      ['gadgets.zip!/bundle/customer-lookup/messages/fr_ALL.xml', 'not-a-gadget'],
      ['gadgets.zip!/bundle/finesse-layout.xml', 'not-a-gadget'],
      ['gadgets.zip!/bundle/knowledge-base/KnowledgeBase.xml', 'iframe'],
      ['gadgets.zip!/bundle/queue-dashboard/QueueDashboard.xml', 'widget'],
      ['gadgets.zip!/bundle/wrapup-notes/WrapUpNotes.xml', 'widget'],
    ]);
    expect(report.gadgets[3].title).toBe('Customer Lookup');
  });
  it('refuse entries that leave the archive, and report them', () => {
    const evil = path.join(work, 'evil.zip');
    writeFileSync(evil, zipSync({ '../escape.xml': strToU8('<Module/>'), 'ok/Gadget.xml': readFileSync(path.join(SAMPLES, 'knowledge-base/KnowledgeBase.xml')) }));
    const r = runCli(['migrate', evil, '--dry-run', '--json', '-q']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.problems).toEqual([{ path: expect.stringMatching(/evil\.zip!\/\.\.\/escape\.xml$/), message: 'entry name leaves the archive root (absolute or ../); not read' }]);
    expect(report.gadgets).toHaveLength(1);
    expect(existsSync(path.join(work, 'escape.xml'))).toBe(false);
  });
  it('report an archive that cannot be read, and go on', () => {
    const bad = path.join(work, 'zips');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'broken.zip'), 'not a zip');
    writeFileSync(path.join(bad, 'Gadget.xml'), readFileSync(path.join(SAMPLES, 'knowledge-base/KnowledgeBase.xml')));
    const r = runCli(['migrate', bad, '--dry-run', '--json', '-q']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.problems[0].message).toMatch(/^cannot read the archive/);
    expect(report.summary.byStatus.migrated).toBe(1);
  });
});

describe('inspect', () => {
  it('prints one gadget model and decision as JSON', () => {
    const r = runCli(['inspect', 'samples/knowledge-base/KnowledgeBase.xml']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.decision.classification).toBe('iframe');
    expect(j.gadget.contents[0]).toMatchObject({ type: 'url', rawTextChars: 0 });
  });
  it('reads an entry of an archive', () => {
    const zipPath = path.join(work, 'one.zip');
    writeFileSync(zipPath, zipSync({ 'x/Gadget.xml': readFileSync(path.join(SAMPLES, 'wrapup-notes/WrapUpNotes.xml')) }));
    const r = runCli(['inspect', `${zipPath}!/x/Gadget.xml`]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).decision.classification).toBe('widget');
  });
  it('exits 1 for a gadget that cannot be parsed, 2 for a missing file', () => {
    expect(runCli(['inspect', path.join(FIXTURES, 'gadgets/bad-xml/BadXml.xml')]).status).toBe(1);
    expect(runCli(['inspect', 'nope.xml']).status).toBe(2);
  });
});
