// The CLI conventions people expect (issue 12): -h/-V everywhere, `help <verb>`, examples, options
// checked before any work (exit 2, nothing written, "did you mean"), usage errors for missing
// arguments, EPIPE, "no gadget found", --only/--ignore, and exit codes 0/1/2 with --fail-on.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { globToRegExp, matchesGlob } from '../src/cli/discover.js';
import { closest, editDistance } from '../src/cli/main.js';
import { BIN, fingerprint, readTree, ROOT, runCli, SAMPLES, tempDir } from './helpers.js';

const work = tempDir('fm-cli-conv-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const VERBS = ['migrate', 'verify', 'layout', 'build', 'check', 'inspect'];
/** A stack trace line, as an unhandled error prints it. */
const STACK = /^\s+at .+[:(]/m;

/** Sources of a dry run's report, relative to the repository. */
function sources(args: string[]): string[] {
  const r = runCli(['migrate', ...args, '--dry-run', '--json', '-q']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { gadgets: { source: string }[] }).gadgets.map((g) => g.source);
}

describe('options are checked before any work', () => {
  it('an unknown option exits 2, writes nothing, and names the option meant', () => {
    const out = path.join(work, 'typo');
    const before = fingerprint(SAMPLES);
    const r = runCli(['migrate', 'samples', '--out', out, '--cdn-bse', 'https://cdn.example.com/w']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --cdn-bse (did you mean --cdn-base?)');
    expect(r.stderr).toContain('finesse-migrate help migrate');
    expect(r.stderr).not.toMatch(STACK);
    // Nothing ran: no progress lines, no output folder, inputs untouched.
    expect(r.stderr).not.toMatch(/^\[\d+\/\d+\]/m);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(fingerprint(SAMPLES)).toBe(before);
  });

  it('an unknown option leaves an earlier output as it was, even with --force', () => {
    const out = path.join(work, 'earlier');
    expect(runCli(['migrate', 'samples/knowledge-base', '--out', out, '-q']).status).toBe(0);
    const before = readTree(out);
    const r = runCli(['migrate', 'samples', '--out', out, '--force', '--dryrun']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --dryrun (did you mean --dry-run?)');
    expect(readTree(out)).toEqual(before);
  });

  it.each([
    [['build', 'out', '--quite'], 'unknown option --quite (did you mean --quiet?)'],
    [['verify', 'out', '--screenshot', 'none'], 'unknown option --screenshot (did you mean --screenshots?)'],
    [['migrate', 'samples', '--dry-run', '--fial-on', 'needs-work'], 'unknown option --fial-on (did you mean --fail-on?)'],
    [['migrat', 'samples'], 'unknown command "migrat" (did you mean migrate?)'],
    [['build', 'out', 'extra'], 'unexpected argument "extra"'],
    [['migrate', 'samples', '--dry-run', '--fail-on', 'sometimes'], 'Choices: "failed", "needs-work"'],
  ])('%j is a usage error (exit 2): %s', (args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(STACK);
  });

  it.each([
    ['build', 'missing <out>'],
    ['check', 'missing <out>'],
    ['verify', 'missing <out>'],
    ['layout', 'missing <file>'],
    ['inspect', 'missing <gadget>'],
    ['migrate', 'name at least one folder'],
  ])('%s without its argument is a usage error with the verb usage, not a stack trace', (verb, message) => {
    const r = runCli([verb]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`finesse-migrate: ${verb}: ${message}`);
    expect(r.stderr).toMatch(new RegExp(`^finesse-migrate ${verb} <\\w+`, 'm'));
    expect(r.stderr).toContain('Examples:');
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toMatch(STACK);
  });

  it('layout without --gadgets names the missing option', () => {
    const r = runCli(['layout', 'samples/finesse-layout.xml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('layout: missing required option --gadgets');
  });
});

describe('help and version', () => {
  it.each([[[]], ...VERBS.map((v) => [[v]])])('%j -h / --help print the help with examples, exit 0', (verb) => {
    for (const flag of ['-h', '--help']) {
      const r = runCli([...verb, flag]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^finesse-migrate ${verb.length ? `${verb[0]} <` : '<command>'}`));
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain('-h, --help');
      expect(r.stdout).toContain('-V, --version');
      expect(r.stdout).not.toContain('[default: []]');
    }
  });

  it.each([[[]], ...VERBS.map((v) => [[v]])])('%j -V / --version print the version, exit 0', (verb) => {
    for (const flag of ['-V', '--version']) {
      const r = runCli([...verb, flag]);
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(VERSION);
    }
  });

  it('help <verb> prints that verb help; help alone the overview; an unknown verb is a usage error', () => {
    const help = runCli(['help', 'migrate']);
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(runCli(['migrate', '--help']).stdout);
    expect(help.stdout).toContain('--only');
    expect(help.stdout).toContain('--fail-on');
    expect(help.stdout).toContain('inputs  folders, gadget .xml files or .zip archives');
    expect(runCli(['help']).stdout).toBe(runCli(['--help']).stdout);
    for (const verb of VERBS) expect(runCli(['help', verb]).stdout).toBe(runCli([verb, '-h']).stdout);
    const unknown = runCli(['help', 'migrat']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "migrat" (did you mean migrate?)');
  });

  it('the overview lists the exit codes', () => {
    expect(runCli(['--help']).stdout).toMatch(/Exit codes: 0 .*1 .*2 usage error/s);
  });
});

describe('inputs', () => {
  it('an empty input folder exits 2 with "no gadget found", writing nothing', () => {
    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    const out = path.join(work, 'empty-out');
    const r = runCli(['migrate', empty, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`no gadget found in ${empty}`);
    expect(existsSync(out)).toBe(false);
  });

  it('a folder with no gadget spec in it exits 2 too', () => {
    const notes = path.join(work, 'notes');
    mkdirSync(notes);
    writeFileSync(path.join(notes, 'README.txt'), 'gadgets are elsewhere');
    writeFileSync(path.join(notes, 'page.html'), '<html><body>not a gadget</body></html>');
    const r = runCli(['migrate', notes, '--dry-run']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`no gadget found in ${notes}`);
  });
});

describe('--only and --ignore', () => {
  it('keep the specs whose path inside the input matches', () => {
    expect(sources(['samples', '--only', 'crm-embed'])).toEqual(['samples/crm-embed/CrmEmbed.xml']);
    expect(sources(['samples', '--only', 'crm-*/**', 'knowledge-base/*.xml'])).toEqual(['samples/crm-embed/CrmEmbed.xml', 'samples/knowledge-base/KnowledgeBase.xml']);
    expect(sources(['samples', '--only', '*Dashboard.xml'])).toEqual(['samples/queue-dashboard/QueueDashboard.xml']);
  });

  it('leave out the specs whose path matches, and combine with --only', () => {
    expect(sources(['samples', '--ignore', 'messages', 'finesse-layout.xml', '{call,agent}-*'])).toEqual([
      'samples/crm-embed/CrmEmbed.xml',
      'samples/customer-lookup/CustomerLookup.xml',
      'samples/knowledge-base/KnowledgeBase.xml',
      'samples/queue-dashboard/QueueDashboard.xml',
      'samples/wrapup-notes/WrapUpNotes.xml',
    ]);
    expect(sources(['samples', '--only', 'customer-lookup/**', '--ignore', '**/messages/**'])).toEqual(['samples/customer-lookup/CustomerLookup.xml']);
  });

  it('match entries of an archive by their path inside it', () => {
    const zip = path.join(work, 'bundle.zip');
    const files: Record<string, Uint8Array> = {};
    for (const [rel, bytes] of readTree(SAMPLES)) files[`bundle/${rel}`] = new Uint8Array(bytes);
    files['bundle/notes.txt'] = strToU8('x');
    writeFileSync(zip, zipSync(files));
    const got = sources([zip, '--only', 'bundle/wrapup-notes/**']);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/bundle\.zip!\/bundle\/wrapup-notes\/WrapUpNotes\.xml$/);
  });

  it('that leave nothing exit 2, writing nothing', () => {
    const out = path.join(work, 'filtered-out');
    const r = runCli(['migrate', 'samples', '--out', out, '--only', 'no-such-gadget']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no gadget found in samples matching --only/--ignore');
    expect(existsSync(out)).toBe(false);
  });

  it('read globs the way .gitignore does', () => {
    const yes: [string, string][] = [
      ['a/b/C.xml', 'a'],
      ['a/b/C.xml', 'b'],
      ['a/b/C.xml', '*.xml'],
      ['a/b/C.xml', 'a/**'],
      ['a/b/C.xml', 'a/**/C.xml'],
      ['a/C.xml', 'a/**/C.xml'],
      ['a/b/C.xml', '**/C.xml'],
      ['a/b/C.xml', 'a/b/'],
      ['a/b/C.xml', './a/b/C.xml'],
      ['a/b/C.xml', '/a'],
      ['a/b/C.xml', 'a/?/C.xml'],
      ['a/b/C.xml', 'a/[abc]/*'],
      ['a/b/C.xml', '{x,a}/b'],
      ['x.zip/bundle/G.xml', '*.zip'],
    ];
    const no: [string, string][] = [
      ['a/b/C.xml', 'b/**'],
      ['a/b/C.xml', 'a/*.xml'],
      ['a/b/C.xml', '*.jsp'],
      ['a/b/C.xml', 'a/[!b]/*'],
      ['a/b/C.xml', 'a/b/C.xm'],
      ['ab/C.xml', 'a'],
      ['a/b/C.xml', './C.xml'],
      ['a/b/Cxxml', '*.xml'],
      ['a/b/C.xml', ''],
    ];
    for (const [rel, glob] of yes) expect(matchesGlob(rel, glob), `${glob} matches ${rel}`).toBe(true);
    for (const [rel, glob] of no) expect(matchesGlob(rel, glob), `${glob} does not match ${rel}`).toBe(false);
    expect(globToRegExp('a\\*b').test('a*b')).toBe(true);
    expect(globToRegExp('a\\*b').test('axb')).toBe(false);
    expect(globToRegExp('\\d').test('d')).toBe(true);
  });
});

describe('exit codes', () => {
  it("the README's first command exits 0 on the samples", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const first = /```sh\n([^\n]*)\n/.exec(readme)![1]!;
    const cmd = /npx finesse-migrate ([^&|;]+)/.exec(first)![1]!.trim().split(/\s+/);
    expect(cmd.slice(0, 2)).toEqual(['migrate', 'samples']);
    const out = path.join(work, 'readme-out');
    const r = runCli(cmd.map((a, i) => (cmd[i - 1] === '--out' || cmd[i - 1] === '-o' ? out : a)));
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/need work, 0 failed/);
  });

  it('--fail-on needs-work exits 1 while a gadget needs work, 0 once all migrated', () => {
    expect(runCli(['migrate', 'samples', '--dry-run', '-q']).status).toBe(0);
    expect(runCli(['migrate', 'samples', '--dry-run', '-q', '--fail-on', 'failed']).status).toBe(0);
    expect(runCli(['migrate', 'samples', '--dry-run', '-q', '--fail-on', 'needs-work']).status).toBe(1);
    // The iframe samples migrate fully: the gate passes.
    expect(runCli(['migrate', 'samples/crm-embed', 'samples/knowledge-base', '--dry-run', '-q', '--fail-on', 'needs-work']).status).toBe(0);
  });

  it('1 when a gadget failed, whatever --fail-on says', () => {
    expect(runCli(['migrate', 'test/fixtures/gadgets/bad-xml', '--dry-run', '-q']).status).toBe(1);
    expect(runCli(['migrate', 'test/fixtures/gadgets/bad-xml', '--dry-run', '-q', '--fail-on', 'needs-work']).status).toBe(1);
  });
});

describe('a reader that stops early', () => {
  /** Runs the CLI with stdout piped, and closes the pipe after the first chunk (as `| head -1` does). */
  function firstChunkOnly(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; got: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
      let stderr = '';
      let got = 0;
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.once('data', (d: Buffer) => {
        got = d.length;
        child.stdout.destroy();
      });
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stderr, got }));
    });
  }

  it('migrate --json | head -1 ends quietly with the run status', async () => {
    const r = await firstChunkOnly(['migrate', 'samples', '--dry-run', '--json', '-q']);
    expect(r.got).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|internal error|Unhandled/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
  });

  it('and with the human summary on stderr', async () => {
    const r = await firstChunkOnly(['migrate', 'samples', '--dry-run', '--json']);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toContain('Dry run: nothing written.');
    expect(r.code).not.toBe(3);
  });
});

describe('did you mean', () => {
  it('measures edit distance and picks only a close choice', () => {
    expect(editDistance('cdn-bse', 'cdn-base')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('cdn-bse', ['out', 'cdn-base', 'config'])).toBe('cdn-base');
    expect(closest('cdn', ['out', 'cdn-base'])).toBe('cdn-base');
    expect(closest('frobnicate', ['migrate', 'verify', 'layout'])).toBeUndefined();
    expect(closest('ot', ['out', 'only'])).toBe('out');
  });
});
