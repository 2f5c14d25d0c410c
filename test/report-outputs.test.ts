// The review outputs (report.html, migration.patch, todos.sarif): on the samples as the built CLI
// writes them, and on small made-up reviews whose exact result is known.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeSafely } from '../src/analyze/index.js';
import { discover } from '../src/cli/discover.js';
import { planBatch } from '../src/emit/plan.js';
import { splitLines } from '../src/report/diff.js';
import { reviewOutputs } from '../src/report/outputs.js';
import { summarize, type GadgetRecord, type Report } from '../src/report/report.js';
import type { GadgetReview } from '../src/report/review.js';
import { REPORT_ASSETS_DIR } from '../src/report/assets.js';
import { ROOT, runCli, tempDir } from './helpers.js';
import { assembledPage, readGadgetData } from './report-pages.js';
import { verifiedGoldenReport } from './verified-report.js';

const OUTPUTS = ['report.html', 'migration.patch', 'todos.sarif'] as const;

// The pipeline run in-process below hands reviewOutputs the samples' real review changes (their
// before and after texts are in no output file): keep them, and pass the call through.
const captured = vi.hoisted(() => ({ reviews: [] as GadgetReview[] }));
vi.mock('../src/report/outputs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/report/outputs.js')>();
  return {
    reviewOutputs: (report: Report, reviews: GadgetReview[]) => {
      captured.reviews = reviews;
      return real.reviewOutputs(report, reviews);
    },
    // What the pipeline calls (one file at a time).
    reviewFiles: function* (report: Report, reviews: GadgetReview[]) {
      captured.reviews = reviews;
      yield* real.reviewFiles(report, reviews);
    },
  };
});

interface Section {
  /** The change kind, from the `#` line that leads the section. */
  kind: string;
  from: string;
  to: string;
  hunks: { oldStart: number; oldCount: number; newStart: number; newCount: number; lines: string[] }[];
}

/** Reads migration.patch back: `---`/`+++` pairs and their hunks; `#` lines between sections are skipped. */
function parsePatch(text: string): Section[] {
  const sections: Section[] = [];
  const lines = text.split('\n');
  let kind = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('# ')) {
      kind = /^# gadget \S+: (\w+) from /.exec(line)?.[1] ?? '';
    } else if (line.startsWith('--- a/')) {
      expect(lines[i + 1]).toMatch(/^\+\+\+ b\//);
      sections.push({ kind, from: line.slice(6), to: lines[++i]!.slice(6), hunks: [] });
    } else if (line.startsWith('@@')) {
      const m = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(line);
      expect(m, line).not.toBeNull();
      const [oldStart, oldCount, newStart, newCount] = m!.slice(1).map(Number) as [number, number, number, number];
      const hunk = { oldStart, oldCount, newStart, newCount, lines: [] as string[] };
      while (i + 1 < lines.length && /^[ +-]/.test(lines[i + 1]!) && !lines[i + 1]!.startsWith('--- a/')) hunk.lines.push(lines[++i]!);
      expect(hunk.lines.filter((l) => l[0] !== '+').length).toBe(oldCount);
      expect(hunk.lines.filter((l) => l[0] !== '-').length).toBe(newCount);
      sections.at(-1)!.hunks.push(hunk);
    } else {
      expect(line, 'unexpected patch line').toBe('');
    }
  }
  return sections;
}

/**
 * Applies one section's hunks to `lines` (1-based numbering as in the hunk headers), checking each
 * context and removed line is where the header says, as `git apply --check` would. `reverse` undoes it.
 */
function applySection(lines: string[], s: Section, reverse = false): string[] {
  const out = [...lines];
  // From the last hunk back, so earlier line numbers stay valid.
  for (const h of [...s.hunks].reverse()) {
    const [start, count] = reverse ? [h.newStart, h.newCount] : [h.oldStart, h.oldCount];
    const expected = h.lines.filter((l) => l[0] !== (reverse ? '-' : '+')).map((l) => l.slice(1));
    const replacement = h.lines.filter((l) => l[0] !== (reverse ? '+' : '-')).map((l) => l.slice(1));
    const at = count === 0 ? start : start - 1;
    expect(out.slice(at, at + count), `${s.from} @@ -${h.oldStart} (${reverse ? 'reverse' : 'forward'})`).toEqual(expected);
    out.splice(at, count, ...replacement);
  }
  return out;
}

describe('review outputs of the samples', () => {
  let out: string;
  let report: Report;
  const files = new Map<string, string>();

  beforeAll(() => {
    out = path.join(tempDir('fm-review-'), 'out');
    const r = runCli(['migrate', 'samples', '--out', out, '--force', '-q']);
    expect(r.status, r.stderr).toBe(0);
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
    for (const f of OUTPUTS) files.set(f, readFileSync(path.join(out, f), 'utf8'));
    // report.html's data files, one per spec file.
    for (const f of readdirSync(path.join(out, 'report', 'gadgets'))) files.set(`report/gadgets/${f}`, readFileSync(path.join(out, 'report', 'gadgets', f), 'utf8'));
    files.set('report/search.js', readFileSync(path.join(out, 'report', 'search.js'), 'utf8'));
  });

  it('give report.html one data file per spec file beside it, each calling the page with its number', () => {
    const data = [...files.keys()].filter((f) => f.startsWith('report/gadgets/'));
    expect(files.get('report/search.js')).toMatch(/^__finesseMigrateSearch\(\[/);
    expect(data.sort()).toEqual(report.gadgets.map((_, i) => `report/gadgets/${i + 1}.js`).sort());
    for (const f of data) expect(readGadgetData(files.get(f)!).n, f).toBe(Number(/(\d+)\.js$/.exec(f)![1]));
  });

  it('are written the same byte for byte on a second run, with no absolute path in them', () => {
    const again = path.join(tempDir('fm-review-'), 'elsewhere');
    expect(runCli(['migrate', 'samples', '--out', again, '--force', '-q']).status).toBe(0);
    for (const f of files.keys()) {
      const text = readFileSync(path.join(again, f), 'utf8');
      expect(text, f).toBe(files.get(f));
      for (const abs of [ROOT, out, again, path.dirname(out)]) expect(text.includes(abs), `${f} mentions ${abs}`).toBe(false);
    }
  });

  it('report.html shows the census by class and the coverage figure report.json carries', () => {
    const html = assembledPage(files);
    const cov = report.census.coverage;
    expect(cov.documentedUsed).toBeGreaterThan(20);
    expect(html).toContain(`<p data-testid="coverage"><strong>${cov.withRule}</strong> of <strong>${cov.documentedUsed}</strong> documented Finesse members used have a rule`);
    // Every class of the batch census has its row, and each gadget its own census.
    for (const c of report.census.classes) expect(html).toContain(`<code>${c.cls}</code>`);
    expect(html.match(/data-testid="gadget-coverage"/g)?.length).toBe(report.gadgets.filter((g) => g.census?.classes.length).length);
  });

  it('migration.patch turns every real before text into its after text, and back', async () => {
    const found = discover(['samples']);
    const plan = await planBatch(found.candidates.map((c) => analyzeSafely(c.tree, c.rel, { locale: 'en-US' })), {
      toolVersion: report.tool.version, locale: 'en-US', inputs: ['samples'], problems: found.problems,
    });
    const patch = plan.files.get('migration.patch') as string;
    expect(patch).toBe(files.get('migration.patch'));
    // Rendered here from src (the page script bundled from report/client/report-client.ts) and by the
    // built CLI (from the .js tsc wrote into dist): the same page.
    expect(plan.files.get('report.html')).toBe(files.get('report.html'));
    for (const [f, text] of files) if (f.startsWith('report/')) expect(plan.files.get(f), f).toBe(text);
    // One section per change that changed, in report order.
    const changed = report.gadgets.flatMap((g) => captured.reviews.find((r) => r.id === g.id)?.changes ?? [])
      .filter((c) => splitLines(c.before).join('\n') !== splitLines(c.after).join('\n'));
    const sections = parsePatch(patch);
    expect(sections.length).toBe(changed.length);
    sections.forEach((s, i) => {
      const c = changed[i]!;
      expect([s.from, s.to]).toEqual([c.from.file, c.to]);
      // The hunks are numbered in the original file: put the text where it starts there.
      const pad = Array.from({ length: c.from.line - 1 }, (_, n) => `(line ${n + 1})`);
      expect(applySection([...pad, ...splitLines(c.before)], s)).toEqual([...pad, ...splitLines(c.after)]);
      expect(applySection([...pad, ...splitLines(c.after)], s, true)).toEqual([...pad, ...splitLines(c.before)]);
    });
  });

  it('migration.patch numbers lines as in the original files, and its added lines are in the outputs', () => {
    const sections = parsePatch(files.get('migration.patch')!);
    expect(sections.length).toBeGreaterThan(0);
    // Gadgets in report order.
    const order = report.gadgets.flatMap((g) => (g.widget ? [g.widget.project] : []));
    const seen = [...new Set(sections.map((s) => order.find((p) => s.to.startsWith(`${p}/`))))];
    expect(seen).toEqual(order.filter((p) => seen.includes(p)));
    for (const s of sections) {
      // Scripts are read as whole lines, a handler as its attribute's value: each old line is (in) the
      // numbered line. Style and markup texts are re-indented and their start lines approximate (the
      // <style> tag's line, the <Content> line), so only what they became is checked.
      const original = readFileSync(path.join(ROOT, s.from), 'utf8').split(/\r\n|\r|\n/);
      for (const h of s.kind === 'script' || s.kind === 'handler' ? s.hunks : []) {
        let line = h.oldStart;
        for (const l of h.lines) {
          if (l[0] === '+') continue;
          expect(original[line - 1], `${s.from}:${line}`).toContain(l.slice(1).trim());
          line++;
        }
      }
      const converted = readFileSync(path.join(out, s.to), 'utf8');
      for (const h of s.hunks) for (const l of h.lines) if (l[0] === '+') expect(converted, s.to).toContain(l.slice(1).trim());
    }
  });

  it('todos.sarif is SARIF 2.1.0 with one result per mark and per diagnostic', () => {
    const log = JSON.parse(files.get('todos.sarif')!) as SarifLog;
    const validate = new Ajv.default({ allErrors: true }).compile(SARIF_SUBSET);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);

    const run = log.runs[0]!;
    expect(run.tool.driver.version).toBe(report.tool.version);
    const marks = report.gadgets.flatMap((g) => (g.widget?.marks ?? []).map((m) => ({ m, project: g.widget!.project })));
    const diagnostics = report.gadgets.flatMap((g) => g.diagnostics);
    expect(marks.length).toBeGreaterThan(0);
    expect(run.results.length).toBe(marks.length + diagnostics.length);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([...new Set([...marks.map((x) => x.m.id), ...diagnostics.map((d) => d.code)])].sort());
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);

    // Marks first within each gadget, in report order: match them up in order.
    const markResults = run.results.filter((r) => r.relatedLocations);
    expect(markResults.length).toBe(marks.length);
    markResults.forEach((r, i) => {
      const { m, project } = marks[i]!;
      expect(r.ruleId).toBe(m.id);
      expect(r.level).toBe(m.kind === 'todo' ? 'warning' : 'note');
      expect(r.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: m.at.file, uriBaseId: 'SRCROOT' }, region: { startLine: m.at.line, startColumn: m.at.column } });
      expect(r.relatedLocations![0]!.physicalLocation.artifactLocation.uri).toBe(`${project}/${m.file}`);
    });
    const diagResults = run.results.filter((r) => !r.relatedLocations);
    diagResults.forEach((r, i) => {
      const d = diagnostics[i]!;
      expect([r.ruleId, r.level]).toEqual([d.code, d.severity === 'info' ? 'note' : d.severity]);
      if (d.line !== undefined) expect(r.locations[0]!.physicalLocation.region?.startLine).toBe(d.line);
    });
  });

  it('report.html carries the summary numbers in its static markup and loads nothing from the network', () => {
    const index = files.get('report.html')!;
    const html = assembledPage(files);
    const testid = (id: string): string | undefined => new RegExp(`data-testid="${id}">(\\d+)<`).exec(html)?.[1];
    for (const k of ['total', 'mapped', 'todo', 'dropped', 'unmapped'] as const) expect(testid(`summary-${k}`), k).toBe(String(report.summary.callSites[k]));
    for (const [k, n] of Object.entries(report.summary.byStatus)) expect(testid(`status-${k}`), k).toBe(String(n));
    for (const [k, n] of Object.entries(report.summary.byClassification)) expect(testid(`class-${k}`), k).toBe(String(n));
    expect(html).not.toMatch(/<(link|img|iframe)\b|\b(src|href)="(https?:)?\/\/|@import|url\(/i);
    expect(index).toContain("default-src 'none'");
    // One line per spec file in the index, each naming its data file; every mark listed with a link into its details.
    expect(index.match(/<details class="gadget"/g)?.length).toBe(report.gadgets.length);
    expect([...index.matchAll(/<details class="gadget"[^>]* data-src="([^"]+)"/g)].map((m) => m[1])).toEqual(report.gadgets.map((_, i) => `report/gadgets/${i + 1}.js`));
    expect(index).not.toContain('data-testid="mark-link"');
    const marks = report.gadgets.reduce((n, g) => n + (g.widget?.marks.length ?? 0), 0);
    const links = [...html.matchAll(/<a href="#([^"]+)" data-testid="mark-link">/g)].map((m) => m[1]!);
    expect(links.length).toBe(marks);
    for (const id of links) expect(html, id).toContain(`id="${id}"`);
  });
});

describe('review outputs of made-up reviews', () => {
  const rec = (over: Partial<GadgetRecord>): GadgetRecord => ({ source: 'in/g.xml', root: 'in', status: 'needs-work', reasons: [], outputs: [], actions: [], diagnostics: [], ...over });
  const widget = (marks: NonNullable<GadgetRecord['widget']>['marks']): GadgetRecord['widget'] => ({
    element: 'evil-gadget', project: 'widgets/evil-gadget', script: 'widgets/evil-gadget/dist/evil-gadget.js', marks,
    dependencies: { externalScripts: [], externalStyles: [], npm: [], unresolved: [], finesseLibrary: [] },
    unmapped: [], tenantSettings: [],
    callSites: { total: 1, mapped: 0, todo: 1, dropped: 0, unmapped: 0, sites: [{ api: 'finesse.x', rule: 'DLG-99', outcome: 'todo', at: { file: 'in/g.js', line: 12, column: 1 } }] },
  });
  const gadgets: GadgetRecord[] = [
    rec({
      id: 'evil', title: 'Evil </script><img src=x onerror=alert(1)> & co', classification: 'widget',
      widget: widget([{ id: 'DLG-99', kind: 'todo', message: 'use <b>the SDK</b> </script>', at: { file: 'in/g.js', line: 12, column: 1 }, file: 'src/gadget.cjs' }]),
      diagnostics: [{ severity: 'warning', code: 'odd-thing', message: 'a "quoted" <thing> \u2028<!-- --> \u2029end', file: 'in/g.xml', line: 3, column: 7 }],
    }),
    rec({ source: 'in/messages.xml', status: 'skipped', classification: 'not-a-gadget' }),
  ];
  const report: Report = {
    schemaVersion: 1, tool: { name: 'finesse-migrate', version: '9.9.9' }, options: { locale: 'en-US' }, inputs: ['in'],
    summary: summarize(gadgets), gadgets, census: {} as Report['census'], problems: [],
  };
  const before = ['var a = 1;', 'var b = "</script>";', 'x();', 'y();', 'z();', 'finesse.x();', 'done();', 'one();', 'two();', 'three();', 'four();', 'five();', 'six();', 'seven();'].join('\n');
  const after = before
    .replace('finesse.x();', '/* TODO(finesse-migrate) [DLG-99] use <b>the SDK</b> </script> */\nfinesse.x();')
    .replace('seven();', 'seven(root);');
  const reviews: GadgetReview[] = [{
    id: 'evil',
    changes: [
      { kind: 'script', from: { file: 'in/g.js', line: 7 }, to: 'widgets/evil-gadget/src/gadget.cjs', before, after },
      { kind: 'handler', from: { file: 'in/g.xml', line: 3 }, to: 'widgets/evil-gadget/src/gadget.cjs', before: 'go()', after: 'go()' },
    ],
  }];
  const files = reviewOutputs(report, reviews);

  it('writes exactly the three review files and the page\'s data file of each spec file', () => {
    expect([...files.keys()]).toEqual(['report.html', 'migration.patch', 'todos.sarif', 'report/search.js', 'report/gadgets/1.js', 'report/gadgets/2.js']);
  });

  it('writes the patch with original line numbers, and applying it gives the converted text', () => {
    expect(files.get('migration.patch')).toBe([
      '# gadget evil: script from in/g.js:7 into widgets/evil-gadget/src/gadget.cjs',
      '--- a/in/g.js',
      '+++ b/widgets/evil-gadget/src/gadget.cjs',
      '@@ -9,6 +9,7 @@',
      ' x();',
      ' y();',
      ' z();',
      '+/* TODO(finesse-migrate) [DLG-99] use <b>the SDK</b> </script> */',
      ' finesse.x();',
      ' done();',
      ' one();',
      '@@ -17,4 +18,4 @@',
      ' four();',
      ' five();',
      ' six();',
      '-seven();',
      '+seven(root);',
      '',
    ].join('\n'));
    const [section] = parsePatch(files.get('migration.patch')!);
    // The fragment sits at line 7 of its file: pad so the patch's numbers address it.
    const pad = Array.from({ length: 6 }, (_, i) => `line ${i + 1}`);
    expect(applySection([...pad, ...before.split('\n')], section!)).toEqual([...pad, ...after.split('\n')]);
  });

  it('escapes code and text in report.html, and links the mark to its comment line', () => {
    const html = assembledPage(files);
    // The only </script> is the page's own closing tag; the data files have none (nor comment openers).
    expect(html.match(/<\/script>/gi)?.length).toBe(1);
    for (const f of ['report/gadgets/1.js', 'report/gadgets/2.js', 'report/search.js']) expect(files.get(f)!, f).not.toMatch(/<\/script|<!--|-->|[\u2028\u2029]/i);
    // The same text, read back: the escapes are JSON's.
    expect(readGadgetData(files.get('report/gadgets/1.js')!).data.html).toContain('a &#34;quoted&#34; &#60;thing&#62; \u2028&#60;!-- --&#62; \u2029end');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>the SDK');
    expect(html).toContain('Evil &#60;/script&#62;&#60;img src=x onerror=alert(1)&#62; &#38; co');
    const link = /<a href="#([^"]+)" data-testid="mark-link">/.exec(html)?.[1];
    expect(link).toBeDefined();
    const row = new RegExp(`<tr id="${link}" class="d-add hl-todo">.*?</tr>`).exec(html)?.[0];
    expect(row).toContain('TODO(finesse-migrate)');
    // The inserted comment sits before original line 12 (the fragment's sixth line, starting at 7).
    expect(row).toMatch(/<td class="ln"><\/td><td class="ln">12<\/td>/);
    expect(html).toContain('data-rules="DLG-99"');
    expect(html).toContain('The conversion left this text as it was.');
  });

  it('writes SARIF levels and locations for marks and diagnostics', () => {
    const log = JSON.parse(files.get('todos.sarif')!) as SarifLog;
    const [mark, diag] = log.runs[0]!.results;
    expect(mark).toMatchObject({ ruleId: 'DLG-99', level: 'warning', message: { text: 'use <b>the SDK</b> </script>' } });
    expect(diag).toMatchObject({ ruleId: 'odd-thing', level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'in/g.xml' }, region: { startLine: 3, startColumn: 7 } } }] });
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'finesse-migrate', version: '9.9.9' });
  });
});

describe('report.html of a verified report', () => {
  const report = verifiedGoldenReport();
  const html = assembledPage(reviewOutputs(report, []));
  /** The markup of one gadget's section. */
  const section = (id: string): string => new RegExp(`<details class="gadget" id="g-${id}"[^]*?</div></details>\\n`).exec(html)?.[0] ?? '';
  /** The page without its script (which looks for the verification parts on every page). */
  const markup = (page: string): string => page.slice(0, page.lastIndexOf('<script>'));
  const testid = (id: string, within = html): string | undefined => new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(within)?.[1];

  it('shows summary.verify in the summary and a verification column in the gadget table', () => {
    for (const [k, n] of Object.entries(report.summary.verify!)) expect(testid(`verify-${k}`), k).toBe(String(n));
    expect(html).toContain('Confidence and verification by gadget');
    const cell = (id: string): string | undefined => new RegExp(`data-testid="verify-cell-${id}" data-verify="(\\w+)"`).exec(html)?.[1];
    expect([cell('call-popper'), cell('wrap-up-notes'), cell('agent-state-panel'), cell('crm-embed')]).toEqual(['failed', 'passed', 'none', 'none']);
    expect(html).toContain('0/1 sessions passed');
    expect(section('call-popper')).toContain('data-verify="failed"');
  });

  it('shows a failing widget\'s failures, first error at its original line, misuse, blocked requests, leaks and steps', () => {
    const popper = section('call-popper');
    const v = report.gadgets.find((g) => g.id === 'call-popper')!.verify!;
    expect(v.failures.length).toBeGreaterThan(3);
    for (const f of v.failures) expect(popper).toContain(f.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/"/g, '&#34;').replace(/'/g, '&#39;'));
    expect(testid('verify-first-error-at', popper)).toBe('samples/call-popper/CallPopper.xml:41:13');
    expect(popper).toContain('All errors (2)');
    expect(popper).toMatch(/data-testid="verify-misuse">.*agentContact\.addEventListener.*called before Desktop\.config\.init &#60;b&#62;early/);
    expect(popper).toMatch(/<code>api\.acme\.example<\/code><\/td><td><span class="badge b-failed">needed<\/span>/);
    expect(popper).toMatch(/<code>cdn\.acme\.example<\/code><\/td><td><span class="badge b-none">cosmetic<\/span>/);
    expect(popper).toMatch(/data-testid="verify-leaks">.*<code>acmePopper<\/code>; 2 timers/);
    expect(popper).toContain('https://crm.example/records?ani=1408555');
    expect(popper).toContain('<code>agentContact.addEventListener ×2</code>');
    expect(popper.match(/data-testid="verify-step"/g)?.length).toBe(6);
    // Headless: no screenshots, and no blanks standing in for them.
    expect(popper).not.toContain('<img');
    expect(popper).not.toContain('no screenshot');
    // Migrate gave it migrated; verification lowered it.
    expect(popper).toMatch(/migrate gave it <span class="badge b-migrated">migrated<\/span>; verification lowered it to <span class="badge b-needs-work">needs-work/);
  });

  it('links every screenshot as a lazy thumbnail relative to the page, and lets only such images load', () => {
    const shots = report.gadgets.flatMap((g) => g.verify?.sessions.flatMap((s) => s.steps.flatMap((st) => (st.screenshot ? [st.screenshot] : []))) ?? []);
    expect(shots.length).toBe(5);
    const imgs = [...html.matchAll(/<img loading="lazy" src="([^"]+)"/g)].map((m) => m[1]);
    expect(imgs).toEqual(shots);
    for (const s of shots) expect(html).toContain(`<a class="shot" href="${s}"`);
    expect(html).toContain("img-src data: 'self' file:;");
    expect(html).toContain('<dialog id="shot-viewer"');
    // Still escaped: the only </script> is the page's own, the made-up <img> and <b> are text.
    expect(html.match(/<\/script>/gi)?.length).toBe(1);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>early');
  });

  it('links no screenshot path that leaves verify/, and without screenshots keeps images to data: URLs', () => {
    const odd = verifiedGoldenReport();
    const steps = odd.gadgets.find((g) => g.id === 'wrap-up-notes')!.verify!.sessions[0]!.steps;
    ['verify/../../secret.png', 'javascript:alert(1)//x.png', '/etc/x.png', 'verify\\w\\x.png', 'verify/w/x.svg'].forEach((p, i) => { steps[i]!.screenshot = p; });
    const page = markup(assembledPage(reviewOutputs(odd, [])));
    expect(page).not.toMatch(/secret|javascript:|\/etc\/x|x\.svg|w\\x/);
    expect([...page.matchAll(/<img loading="lazy" src="([^"]+)"/g)].length).toBe(0);
    expect(page).toContain("img-src data:; base-uri");
    expect(page).not.toContain('shot-viewer');
    // Names are URL-encoded, so an odd session name stays one relative path.
    steps[0]!.screenshot = 'verify/wrap-up-notes/voice call #2-00-mount.png';
    expect(assembledPage(reviewOutputs(odd, []))).toContain('src="verify/wrap-up-notes/voice%20call%20%232-00-mount.png"');
  });

  it('is the plain page when no gadget has verify data', () => {
    const plain = JSON.parse(readFileSync(path.join(ROOT, 'test/golden/samples/report.json'), 'utf8')) as Report;
    const page = markup(assembledPage(reviewOutputs(plain, [])));
    expect(page).not.toMatch(/data-verify|verify-summary|Verification|\.vstep|shot-viewer|'self'/);
  });
});

describe('report.html "Start here" and per-gadget actions', () => {
  const PLACEHOLDER = 'https://cdn.example.invalid/finesse-migrate';
  const settingAction = 'Check tenant.idleCodes in finesse-migrate.config.json: without it, Finesse ids and names are used as written (rule USR-04).';
  const own = 'Resolve the 1 TODO(finesse-migrate) mark in widgets/x/src (listed under widget.marks and in widgets/x/README.md).';
  const gadget = (id: string, cdn: string, configured: boolean): GadgetRecord => ({
    id, title: 'Same Title', source: `in/${id}/g.xml`, root: 'in', classification: 'widget', status: 'needs-work', reasons: [], outputs: [], diagnostics: [],
    actions: [
      ...(configured ? [] : [settingAction]),
      `Build the widget: finesse-migrate build <out> (or npm install && npm run build in widgets/x-${id}), host widgets/x-${id}/dist/x-${id}.js on your CDN, and run again with --cdn-base <https URL>.`,
      own,
    ],
    widget: {
      element: `x-${id}`, project: `widgets/x-${id}`, script: `widgets/x-${id}/dist/x-${id}.js`, marks: [],
      dependencies: { externalScripts: [], externalStyles: [], npm: [], unresolved: [], finesseLibrary: [] },
      unmapped: [], callSites: { total: 0, mapped: 0, todo: 0, dropped: 0, unmapped: 0, sites: [] },
      tenantSettings: [{ setting: 'tenant.idleCodes', usedBy: 'USR-04', configured }],
    },
    layoutFragment: { comp: `x-${id}`, script: `${cdn}/x-${id}/x-${id}.js` },
  });
  const page = (gadgets: GadgetRecord[], inputs = ['in']): string => assembledPage(reviewOutputs({
    schemaVersion: 1, tool: { name: 'finesse-migrate', version: '9.9.9' }, options: { locale: 'en-US' }, inputs,
    summary: summarize(gadgets), gadgets, census: {} as Report['census'], problems: [],
  }, []));
  const textOf = (html: string, testid: string): string | undefined =>
    new RegExp(`data-testid="${testid}"[^>]*>([^]*?)</(pre|strong)>`).exec(html)?.[1]?.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

  it('says the placeholder CDN and the missing tenant settings once, with the config to paste, and no gadget repeats them', () => {
    const html = page([gadget('a', PLACEHOLDER, false), gadget('b', PLACEHOLDER, false)], ['in', 'my gadgets']);
    expect(html.indexOf('id="start-here"')).toBeLessThan(html.indexOf('id="summary"'));
    expect(textOf(html, 'start-cdn-count')).toBe('2 of 2');
    expect(JSON.parse(textOf(html, 'start-config-json')!)).toEqual({ tenant: { idleCodes: { '<Finesse Not Ready reason code id>': '<Desktop idle code id>' } } });
    const commands = textOf(html, 'start-commands')!;
    expect(commands).toContain("finesse-migrate migrate in 'my gadgets' --out <out> --cdn-base <https-url>");
    expect(commands).toContain('finesse-migrate build <out>');
    expect(commands).toContain('finesse-migrate verify <out>');
    expect(commands).toContain('finesse-migrate layout <finesse-layout.xml> --gadgets <out>');
    // Each gadget keeps only its own action, and points to the section for the rest.
    const lists = [...html.matchAll(/<ol class="plain" data-testid="actions">(.*?)<\/ol>/g)].map((m) => m[1]);
    expect(lists).toEqual([`<li>${own}</li>`, `<li>${own}</li>`]);
    expect(html.match(/see <a href="#start-here">Start here<\/a>/g)?.length).toBe(2);
    // Alike titles, told apart by their ids.
    expect(html).toContain('<span class="g-title">Same Title</span> <code class="g-id">a</code>');
    expect(html).toContain('<span class="g-title">Same Title</span> <code class="g-id">b</code>');
  });

  it('with a real CDN and every setting configured: says where to host, migrating again is not needed', () => {
    const html = page([gadget('a', 'https://cdn.acme.example/widgets', true)]);
    expect(html).not.toContain('data-testid="start-config"');
    expect(html).not.toContain('data-testid="start-cdn-count"');
    expect(html).toContain('<code>https://cdn.acme.example/widgets/&lt;element&gt;/&lt;element&gt;.js</code>');
    const commands = textOf(html, 'start-commands')!;
    expect(commands).not.toContain('finesse-migrate migrate');
    expect(commands).toContain('finesse-migrate build <out>');
    expect(html).not.toContain('Build the widget: finesse-migrate build');
  });

  it('says there is nothing batch-wide when no gadget was converted', () => {
    const skipped: GadgetRecord = { source: 'in/messages.xml', root: 'in', status: 'skipped', classification: 'not-a-gadget', reasons: [], outputs: [], actions: [], diagnostics: [] };
    const html = page([skipped]);
    expect(html).toContain('Nothing to do for the batch as a whole');
    expect(html).not.toContain('data-testid="start-commands"');
  });
});

describe('report.html assets', () => {
  it('writes the dark colours once for the system theme and once for the toggle, the same both times', () => {
    const css = readFileSync(path.join(REPORT_ASSETS_DIR, 'report.css'), 'utf8');
    const system = /@media \(prefers-color-scheme: dark\) \{ :root:not\(\[data-theme="light"\]\) \{([^}]*)\} \}/.exec(css)?.[1];
    const forced = /:root\[data-theme="dark"\] \{([^}]*)\}/.exec(css)?.[1];
    expect(system).toContain('--bg: #0d1117');
    expect(forced).toBe(system);
  });
});

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn?: number } };
}
interface SarifLog {
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: SarifLocation[]; relatedLocations?: SarifLocation[] }[];
  }[];
}

/** The part of the SARIF 2.1.0 schema todos.sarif uses, with its required properties; unknown keys are errors (typos). */
const location = {
  type: 'object',
  required: ['physicalLocation'],
  properties: {
    id: { type: 'integer', minimum: 0 },
    message: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
    physicalLocation: {
      type: 'object',
      required: ['artifactLocation'],
      additionalProperties: false,
      properties: {
        artifactLocation: {
          type: 'object',
          required: ['uri'],
          additionalProperties: false,
          // Relative: no scheme, no leading slash, no backslashes.
          properties: { uri: { type: 'string', pattern: '^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!/)[^\\\\]+$' }, uriBaseId: { type: 'string' } },
        },
        region: {
          type: 'object',
          required: ['startLine'],
          additionalProperties: false,
          properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 } },
        },
      },
    },
  },
  additionalProperties: false,
};
const SARIF_SUBSET = {
  type: 'object',
  required: ['$schema', 'version', 'runs'],
  properties: {
    $schema: { const: 'https://json.schemastore.org/sarif-2.1.0.json' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'version', 'rules'],
                properties: {
                  name: { const: 'finesse-migrate' },
                  version: { type: 'string', minLength: 1 },
                  rules: {
                    type: 'array',
                    uniqueItems: true,
                    items: {
                      type: 'object',
                      required: ['id', 'shortDescription'],
                      additionalProperties: false,
                      properties: { id: { type: 'string', minLength: 1 }, shortDescription: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } } },
                    },
                  },
                },
              },
            },
          },
          originalUriBaseIds: { type: 'object', additionalProperties: { type: 'object' } },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'ruleIndex', 'level', 'message', 'locations'],
              additionalProperties: false,
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } },
                locations: { type: 'array', minItems: 1, items: location },
                relatedLocations: { type: 'array', items: { ...location, required: ['physicalLocation', 'id'] } },
                properties: { type: 'object' },
              },
            },
          },
        },
      },
    },
  },
};
