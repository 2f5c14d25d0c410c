// report.html: the page (inline style and script, no network) a person reviewing a batch opens from
// disk. It is an index: "Start here", the summary, the filters and one line per gadget with its
// status, verdict and counts, all static HTML. Each gadget's details (facts, marks, diffs,
// diagnostics, verification) are in a data file of their own beside it, report/gadgets/<n>.js, which
// the page script loads when the gadget is opened: a <script> element calling a function the page
// defines with the details as JSON (fetch() of a file:// URL is blocked; a script is not). The code
// in the diffs is highlighted there, in the browser, on opening. So the page of a batch of thousands
// stays small and opens at once. No timestamps or absolute paths: the same report gives the same bytes.
import { confidenceOf, CONFIDENCE_FORMULA, type Confidence } from './confidence.js';
import { diffLines, hunkHeader, hunksOf, splitLines, type Edit, type Hunk } from './diff.js';
import type { Lang } from './client/highlight.js';
import { badge, byCode, dataScript, esc, lineMarker, pathHtml, searchScript, table, where, whereHtml } from './html-parts.js';
import { batchWide, type BatchWide } from './html-start.js';
import { hasScreenshots, SHOT_VIEWER, verifyBadge, verifyCell, verifyPanel, verifyState, verifySummary } from './html-verify.js';
import { reportScript, reportStyle } from './assets.js';
import type { GadgetRecord, GadgetStatus, Report } from './report.js';
import type { GadgetReview, ReviewChange } from './review.js';
import type { Mark } from '../transform/marks.js';

/** Rows of the summary's confidence table; a larger batch shows its lowest scores. */
const MAX_CONFIDENCE_ROWS = 100;

const STATUSES: GadgetStatus[] = ['migrated', 'needs-work', 'failed', 'skipped'];
const OUTCOMES = ['mapped', 'todo', 'dropped', 'unmapped'] as const;
const LANG_OF: Record<ReviewChange['kind'], Lang> = { script: 'js', handler: 'js', style: 'css', markup: 'html' };

/** One review change, diffed, with the anchors its rows get. */
interface ChangeView {
  change: ReviewChange;
  /** Its place among the gadget's changes: the data file's `changes[index]` holds its lines. */
  index: number;
  anchor: string;
  /** Added to 0-based line indices to give the line numbers shown (the original file's). */
  offset: number;
  edits: Edit[];
  hunks: Hunk[];
  oldLines: string[];
  newLines: string[];
  /** For each edit, the original line number it sits before: where a mark's comment was inserted. */
  nextOld: number[];
  adds: number;
  dels: number;
}

function changeView(change: ReviewChange, index: number, anchor: string): ChangeView {
  const oldLines = splitLines(change.before);
  const newLines = splitLines(change.after);
  const edits = diffLines(oldLines, newLines);
  const offset = change.from.line - 1;
  const nextOld: number[] = new Array<number>(edits.length);
  let next = offset + oldLines.length + 1;
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i]!;
    if (e.op !== '+') next = offset + e.oldIndex + 1;
    nextOld[i] = next;
  }
  return {
    change,
    index,
    anchor,
    offset,
    edits,
    hunks: hunksOf(edits),
    oldLines,
    newLines,
    nextOld,
    adds: edits.filter((e) => e.op === '+').length,
    dels: edits.filter((e) => e.op === '-').length,
  };
}

const rowId = (v: ChangeView, editIndex: number): string => `${v.anchor}-e${editIndex}`;

/** Only rows a mark links to get an id (in the side-by-side view with `-s`): ids on every row would double the page. */
const idAttr = (id: string, linked: ReadonlySet<string>, suffix = ''): string => (linked.has(id) ? ` id="${id}${suffix}"` : '');

/**
 * Where a mark's link goes: the inserted comment line carrying its id nearest the original line,
 * else the original line itself, else the change holding that line.
 */
function markTarget(mark: Mark, outFile: string, views: ChangeView[]): string | undefined {
  const intoFile = views.filter((v) => v.change.to === outFile);
  const covering = intoFile.filter((v) => {
    const { file, line } = v.change.from;
    return file === mark.at.file && mark.at.line >= line && mark.at.line <= Math.max(line, v.offset + splitLines(v.change.before).length);
  });
  const candidates = covering.length ? covering : intoFile;
  const tag = `(finesse-migrate) [${mark.id}]`;
  let best: { id: string; distance: number } | undefined;
  for (const v of candidates) {
    for (const h of v.hunks) {
      h.edits.forEach((e, j) => {
        if (e.op !== '+' || !e.text.includes(tag)) return;
        const distance = Math.abs(v.nextOld[h.from + j]! - mark.at.line);
        if (!best || distance < best.distance) best = { id: rowId(v, h.from + j), distance };
      });
    }
  }
  if (best) return best.id;
  for (const v of covering) {
    for (const h of v.hunks) {
      const j = h.edits.findIndex((e) => e.op !== '+' && v.offset + e.oldIndex + 1 === mark.at.line);
      if (j >= 0) return rowId(v, h.from + j);
    }
  }
  return covering[0]?.anchor;
}

function markerClass(text: string): string {
  const m = lineMarker(text);
  return m ? ` hl-${m}` : '';
}

/**
 * A code cell, empty: the page script fills it with line `line` of the old (`o`) or new (`n`) text
 * of the change, highlighted, when the gadget is opened.
 */
const codeCell = (side: 'o' | 'n', line: number): string => `<td class="code" data-l="${side}${line}"></td>`;

function unifiedTable(v: ChangeView, linked: ReadonlySet<string>): string {
  const rows: string[] = [];
  for (const h of v.hunks) {
    rows.push(`<tr class="d-hunk"><td colspan="4">${esc(hunkHeader(h, v.offset))}</td></tr>`);
    h.edits.forEach((e, j) => {
      const cls = e.op === '+' ? 'd-add' : e.op === '-' ? 'd-del' : 'd-ctx';
      const oldNo = e.op === '+' ? '' : String(v.offset + e.oldIndex + 1);
      const newNo = e.op === '-' ? '' : String(v.offset + e.newIndex + 1);
      const code = e.op === '+' ? codeCell('n', e.newIndex) : codeCell('o', e.oldIndex);
      rows.push(`<tr${idAttr(rowId(v, h.from + j), linked)} class="${cls}${markerClass(e.text)}"><td class="ln">${oldNo}</td><td class="ln">${newNo}</td><td class="sg">${e.op === ' ' ? '' : e.op}</td>${code}</tr>`);
    });
  }
  return `<table class="diff-u" data-testid="diff-unified"><tbody>${rows.join('')}</tbody></table>`;
}

function splitTable(v: ChangeView, linked: ReadonlySet<string>): string {
  const rows: string[] = [];
  /** One side of a changed row: the edit at `index` of the script, or an empty cell. */
  const cell = (index: number | undefined): string => {
    const e = index === undefined ? undefined : v.edits[index];
    if (!e || index === undefined) return '<td class="ln d-empty"></td><td class="code d-empty"></td>';
    const [cls, no, side, line] = e.op === '+'
      ? ['d-add', v.offset + e.newIndex + 1, 'n', e.newIndex]
      : ['d-del', v.offset + e.oldIndex + 1, 'o', e.oldIndex];
    return `<td class="ln ${cls}">${no}</td><td${idAttr(rowId(v, index), linked, '-s')} class="code ${cls}${markerClass(e.text)}" data-l="${side}${line}"></td>`;
  };
  for (const h of v.hunks) {
    rows.push(`<tr class="d-hunk"><td colspan="4">${esc(hunkHeader(h, v.offset))}</td></tr>`);
    let j = 0;
    while (j < h.edits.length) {
      const e = h.edits[j]!;
      if (e.op === ' ') {
        const marker = markerClass(e.text);
        rows.push(`<tr${idAttr(rowId(v, h.from + j), linked, '-s')} class="d-ctx${marker}"><td class="ln">${v.offset + e.oldIndex + 1}</td>${codeCell('o', e.oldIndex)}<td class="ln">${v.offset + e.newIndex + 1}</td>${codeCell('n', e.newIndex)}</tr>`);
        j++;
        continue;
      }
      // A run of changes: deletions on the left, insertions on the right, paired line by line.
      const dels: number[] = [];
      const adds: number[] = [];
      for (; j < h.edits.length && h.edits[j]!.op !== ' '; j++) (h.edits[j]!.op === '-' ? dels : adds).push(h.from + j);
      for (let r = 0; r < Math.max(dels.length, adds.length); r++) {
        rows.push(`<tr>${cell(dels[r])}${cell(adds[r])}</tr>`);
      }
    }
  }
  return `<table class="diff-s" data-testid="diff-split"><tbody>${rows.join('')}</tbody></table>`;
}

function changeSection(v: ChangeView, linked: ReadonlySet<string>): string {
  const c = v.change;
  const stats = v.hunks.length
    ? `<span class="stat-add">+${v.adds}</span> <span class="stat-del">−${v.dels}</span>`
    : '<span class="muted">unchanged</span>';
  const body = v.hunks.length
    ? `<div class="diff">${unifiedTable(v, linked)}${splitTable(v, linked)}</div>`
    : '<p class="muted pad">The conversion left this text as it was.</p>';
  return `<details class="change" id="${v.anchor}" data-testid="change" data-change="${v.index}"><summary><span class="badge b-kind">${esc(c.kind)}</span> <code>${pathHtml(c.from.file)}:${c.from.line}</code> → <code>${pathHtml(c.to)}</code> ${stats}</summary>${body}</details>`;
}

function confidenceBadge(c: Confidence | undefined): string {
  return c ? badge(c.band, `${c.score} · ${c.band}`) : badge('none', 'no score');
}

/** Rule ids a gadget is filtered by: the rules its call sites went through and the ids of its marks. */
function rulesOf(rec: GadgetRecord): string[] {
  const ids = new Set<string>();
  for (const s of rec.widget?.callSites.sites ?? []) if (s.rule) ids.add(s.rule);
  for (const m of rec.widget?.marks ?? []) ids.add(m.id);
  return [...ids].sort(byCode);
}

interface GadgetView {
  rec: GadgetRecord;
  anchor: string;
  label: string;
  confidence: Confidence | undefined;
  /** The gadget's review changes; their diff views (changeViews) are made only for its data file. */
  reviewChanges: readonly ReviewChange[];
}

/** A gadget's changes as diffs: made for one gadget at a time, as its data file is written (issue 14). */
function changeViews(g: GadgetView): ChangeView[] {
  return g.reviewChanges.map((c, j) => changeView(c, j, `${g.anchor}-c${j}`));
}

/** TODO marks before REVIEW notes (a person must act on those), each kind in the order of the code. */
const MARK_ORDER: Record<Mark['kind'], number> = { todo: 0, review: 1 };

/** What a gadget's data file holds: its details' markup, and the lines of each change for the code cells. */
interface GadgetData {
  html: string;
  changes: { lang: Lang; old: string[]; new: string[] }[];
}

/** Where the data file of the gadget at `index` (0-based, report order) is, relative to report.html. */
export const gadgetDataPath = (index: number): string => `report/gadgets/${index + 1}.js`;

/** Where the search text of every gadget is (report/search.js), loaded by the page on the first search. */
export const SEARCH_DATA_PATH = 'report/search.js';

/**
 * What the search box finds in a gadget besides its line in the index, whose details are not
 * loaded: its source, element, APIs, rules, marks, reasons and diagnostics (the code of its diffs
 * is searched once it is opened).
 */
function searchText(rec: GadgetRecord): string {
  const w = rec.widget;
  const words = new Set<string>([rec.source, rec.classification ?? 'unparsed']);
  if (rec.embeddedUrl) words.add(rec.embeddedUrl);
  if (w) words.add(w.element);
  for (const s of w?.callSites.sites ?? []) words.add(s.api);
  for (const u of w?.unmapped ?? []) words.add(u.api);
  for (const m of w?.marks ?? []) words.add(`${m.id} ${m.message}`);
  for (const r of rec.reasons) words.add(`${r.code} ${r.message}`);
  for (const d of rec.diagnostics) words.add(`${d.code} ${d.message}`);
  return [...words].join('\n').toLowerCase();
}

/** For each rule of rulesOf, in its order, the gadget's marks and call sites with it: `1:2` (one mark, two call sites), space-separated. */
function ruleCounts(rec: GadgetRecord): string {
  return rulesOf(rec).map((id) => {
    const marks = (rec.widget?.marks ?? []).filter((m) => m.id === id).length;
    const sites = (rec.widget?.callSites.sites ?? []).filter((s) => s.rule === id).length;
    return `${marks}:${sites}`;
  }).join(' ');
}

/** A gadget's data file (report/gadgets/<n>.js): the body its section shows when opened. */
function gadgetData(g: GadgetView, index: number, batch: BatchWide): string {
  const { rec } = g;
  const w = rec.widget;
  const parts: string[] = [];
  const changes = changeViews(g);

  const facts: [string, string][] = [['Source', `<code>${pathHtml(rec.source)}</code>`]];
  if (rec.id) facts.push(['Id', `<code>${esc(rec.id)}</code>`]);
  facts.push(['Classification', esc(rec.classification ?? 'unparsed')], ['Status', badge(rec.status, rec.status)]);
  facts.push(['Confidence', g.confidence ? `${confidenceBadge(g.confidence)} <span class="muted">${esc(g.confidence.explain)}</span>` : '<span class="muted">not scored (skipped)</span>']);
  if (rec.embeddedUrl) facts.push(['Embedded URL', `<code>${esc(rec.embeddedUrl)}</code>`]);
  if (w) facts.push(['Element', `<code>&lt;${esc(w.element)}&gt;</code>`], ['Project', `<code>${pathHtml(w.project)}</code>`], ['Bundle', `<code>${pathHtml(w.script)}</code>`]);
  parts.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`);

  if (rec.reasons.length) {
    parts.push('<h3>Reasons</h3>', `<ul class="plain">${rec.reasons.map((r) => `<li><code>${esc(r.code)}</code> ${esc(r.message)}${r.at ? ` <span class="muted">(${whereHtml(r.at)})</span>` : ''}</li>`).join('')}</ul>`);
  }
  // Actions the "Start here" section says for the whole batch are left out here (report.json keeps them).
  const own = rec.actions.filter((a) => !batch.covers(rec, a));
  if (rec.actions.length) {
    parts.push('<h3>Actions</h3>');
    if (own.length) parts.push(`<ol class="plain" data-testid="actions">${own.map((a) => `<li>${esc(a)}</li>`).join('')}</ol>`);
    if (own.length < rec.actions.length) parts.push('<p class="hint">Building, hosting and tenant settings: see <a href="#start-here">Start here</a>.</p>');
  }
  parts.push(verifyPanel(rec));

  const targets = (w?.marks ?? []).map((m) => markTarget(m, `${w!.project}/${m.file}`, changes));
  const linked = new Set(targets.filter((t): t is string => t !== undefined));
  if (w && w.marks.length) {
    const order = w.marks.map((_, i) => i).sort((a, b) => MARK_ORDER[w.marks[a]!.kind] - MARK_ORDER[w.marks[b]!.kind] || a - b);
    // Paths relative to the gadget's folder and its widget project (both in the facts above); the whole path is the title.
    const folder = rec.source.includes('/') ? rec.source.replace(/\/[^/]*$/, '/') : '';
    const rows = order.map((i) => {
      const m = w.marks[i]!;
      const original = folder && m.at.file.startsWith(folder) ? { ...m.at, file: m.at.file.slice(folder.length) } : m.at;
      return [
        `<code class="nowrap">${esc(m.id)}</code>`,
        badge(m.kind, m.kind),
        esc(m.message),
        `<code title="${where(m.at)}">${whereHtml(original)}</code>`,
        `<code title="${esc(`${w.project}/${m.file}`)}">${esc(m.file)}</code>`,
        targets[i] ? `<a href="#${targets[i]}" data-testid="mark-link">Show in diff</a>` : '<span class="muted">not in a diff</span>',
      ];
    });
    const attrs = order.map((i) => `class="mark" data-rule="${esc(w.marks[i]!.id)}" data-kind="${w.marks[i]!.kind}"`);
    const todos = w.marks.filter((m) => m.kind === 'todo').length;
    parts.push(`<h3>Marks (${w.marks.length}${todos && todos < w.marks.length ? `: ${todos} TODO first` : ''})</h3>`, `<div data-testid="marks">${table(['Id', 'Kind', 'Message', 'Original', 'Converted file', ''], rows, [], attrs)}</div>`);
  }
  if (w && w.tenantSettings.length) {
    parts.push('<h3>Tenant settings</h3>', table(['Setting', 'Used by', 'Configured'], w.tenantSettings.map((t) => [
      `<code>${esc(t.setting)}</code>`, `<code>${esc(t.usedBy)}</code>`, t.configured ? badge('migrated', 'yes') : badge('needs-work', 'no: placeholder or as written'),
    ])));
  }
  if (w && w.unmapped.length) {
    parts.push('<h3>Unmapped APIs</h3>', table(['API', 'Uses'], w.unmapped.map((u) => [`<code>${esc(u.api)}</code>`, String(u.count)]), [1]));
  }
  if (w && w.callSites.sites.length) {
    const rows = w.callSites.sites.map((s) => [`<code>${esc(s.api)}</code>`, s.rule ? `<code>${esc(s.rule)}</code>` : '<span class="muted">none</span>', badge(s.outcome, s.outcome), `<code>${whereHtml(s.at)}</code>`]);
    const attrs = w.callSites.sites.map((s) => (s.rule ? `data-rule="${esc(s.rule)}"` : ''));
    parts.push(`<details class="change"><summary>Call sites (${w.callSites.total}): ${OUTCOMES.map((o) => `${w.callSites[o]} ${o}`).join(', ')}</summary><div class="pad">${table(['API', 'Rule', 'Outcome', 'Original'], rows, [], attrs)}</div></details>`);
  }
  if (rec.census?.classes?.length) {
    parts.push(`<details class="change"><summary>API census: uses by class</summary><div class="pad">${censusView(rec.census, false)}</div></details>`);
  }
  if (changes.length) {
    parts.push(
      `<h3>Changes (${changes.length})</h3>`,
      '<p class="hint">Line numbers are the original file\'s; the converted side is numbered as if it replaced the original in place, as in migration.patch.</p>',
      ...changes.map((v) => changeSection(v, linked)),
    );
  }
  if (rec.diagnostics.length) {
    parts.push(`<h3>Diagnostics (${rec.diagnostics.length})</h3>`, table(['Severity', 'Code', 'Message', 'Where'], rec.diagnostics.map((d) => [
      badge(d.severity, d.severity), `<code>${esc(d.code)}</code>`, esc(d.message), `<code>${whereHtml(d)}</code>`,
    ])));
  }
  if (rec.layoutFragment) {
    parts.push('<h3>Layout fragment</h3>', `<pre class="json" data-testid="layout-fragment" data-hl="js">${esc(JSON.stringify(rec.layoutFragment, null, 2))}</pre>`);
  }

  const details: GadgetData = {
    html: parts.join(''),
    // Only a change shown as a diff needs its lines.
    changes: changes.map((v) => (v.hunks.length ? { lang: LANG_OF[v.change.kind], old: v.oldLines, new: v.newLines } : { lang: LANG_OF[v.change.kind], old: [], new: [] })),
  };
  return dataScript(index + 1, details);
}

/** A gadget's section of report.html: its summary line (the body is loaded from its data file). */
function gadgetSection(g: GadgetView, index: number, anyVerify: boolean): string {
  const { rec } = g;
  const w = rec.widget;
  const counts = [
    w ? `${w.marks.length} mark${w.marks.length === 1 ? '' : 's'}` : '',
    w ? `${w.callSites.total} call site${w.callSites.total === 1 ? '' : 's'}` : '',
    g.reviewChanges.length ? `${g.reviewChanges.length} change${g.reviewChanges.length === 1 ? '' : 's'}` : '',
    rec.diagnostics.length ? `${rec.diagnostics.length} diagnostic${rec.diagnostics.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean).join(' · ');
  const data = [
    `data-testid="gadget"`,
    `data-id="${esc(rec.id ?? '')}"`,
    `data-status="${rec.status}"`,
    `data-title="${esc(g.label)}"`,
    `data-confidence="${g.confidence?.score ?? -1}"`,
    `data-order="${index}"`,
    `data-rules="${esc(rulesOf(rec).join(' '))}"`,
    `data-rule-counts="${esc(ruleCounts(rec))}"`,
    ...(anyVerify ? [`data-verify="${verifyState(rec)}"`] : []),
    `data-src="${gadgetDataPath(index)}"`,
  ].join(' ');
  const html = `<details class="gadget" id="${g.anchor}" ${data}><summary>`
    + `<span class="g-title">${esc(g.label)}</span>${rec.id ? ` <code class="g-id">${esc(rec.id)}</code>` : ''} `
    + `${badge(rec.status, rec.status)} ${badge(rec.classification ?? 'none', rec.classification ?? 'unparsed')} ${confidenceBadge(g.confidence)}`
    + (anyVerify && (rec.verify || rec.widget) ? ` ${verifyBadge(rec)}` : '')
    + `<span class="g-counts">${esc(counts)}</span></summary><div class="g-body"></div></details>`;
  return html;
}

/** The census against the library: coverage of the documented members used, and uses by class. */
function censusView(c: { classes?: { cls: string; uses: number; gadgets?: number; members: { member: string; uses: number; documented: boolean; rule?: string }[] }[]; coverage?: { documentedUsed: number; withRule: number; withoutRule: string[]; undocumented: number; untyped: number } } | undefined, batch: boolean): string {
  if (!c?.classes?.length || !c.coverage) return '<p class="muted">No finesse.* / gadgets.* use.</p>';
  const cov = c.coverage;
  const figure = `<p data-testid="${batch ? 'coverage' : 'gadget-coverage'}"><strong>${cov.withRule}</strong> of <strong>${cov.documentedUsed}</strong> documented Finesse members used have a rule`
    + (cov.withoutRule.length ? `; without one: ${cov.withoutRule.map((w) => `<code>${esc(w)}</code>`).join(', ')}` : '')
    + `. ${cov.undocumented} use${cov.undocumented === 1 ? '' : 's'} of undocumented members, ${cov.untyped} untyped.</p>`;
  const members = (ms: { member: string; uses: number; documented: boolean; rule?: string }[]): string =>
    ms.map((m) => `<code>${esc(m.member || '(class)')}</code>×${m.uses}${m.rule ? ` <span class="muted">${esc(m.rule)}</span>` : m.documented ? ' <span class="muted">no rule</span>' : ''}`).join(', ');
  const rows = c.classes.map((k) => [`<code>${esc(k.cls)}</code>`, String(k.uses), ...(batch ? [String(k.gadgets ?? '')] : []), members(k.members)]);
  return figure + table(['Class', 'Uses', ...(batch ? ['Gadgets'] : []), 'Members (uses, rule)'], rows, batch ? [1, 2] : [1]);
}

function summarySection(report: Report, views: GadgetView[], ruleTitles: ReadonlyMap<string, string>, anyVerify: boolean): string {
  const s = report.summary;
  const cs = s.callSites;
  const kv = (rows: [string, number, string][]): string =>
    `<dl class="kv">${rows.map(([k, n, id]) => `<dt>${k}</dt><dd data-testid="${id}">${n}</dd>`).join('')}</dl>`;

  const gadgetsCard = `<div class="card"><h3>Gadgets</h3><div class="big" data-testid="summary-gadgets">${s.gadgets}</div><div class="muted">of <span data-testid="summary-spec-files">${s.specFiles}</span> spec files</div>`
    + kv([['iframe', s.byClassification.iframe, 'class-iframe'], ['widget', s.byClassification.widget, 'class-widget'], ['not a gadget', s.byClassification['not-a-gadget'], 'class-not-a-gadget'], ['unparsed', s.byClassification.unparsed, 'class-unparsed']])
    + '</div>';
  const statusCard = '<div class="card"><h3>Status</h3>'
    + `<dl class="kv">${STATUSES.map((st) => `<dt>${badge(st, st)}</dt><dd data-testid="status-${st}">${s.byStatus[st]}</dd>`).join('')}</dl></div>`;
  const share = (n: number): string => (cs.total ? `${((100 * n) / cs.total).toFixed(1)}%` : '0%');
  const callCard = `<div class="card"><h3>Call sites</h3><div class="big" data-testid="summary-total">${cs.total}</div><div class="muted">finesse.* / gadgets.* uses in widget code</div>`
    + `<div class="stack" role="img" aria-label="${OUTCOMES.map((o) => `${cs[o]} ${o}`).join(', ')}">${OUTCOMES.map((o) => (cs[o] ? `<span class="bar-${o}" style="width:${share(cs[o])}"></span>` : '')).join('')}</div>`
    + `<dl class="kv">${OUTCOMES.map((o) => `<dt><span class="legend bar-${o}"></span>${o}</dt><dd><span data-testid="summary-${o}">${cs[o]}</span> <span class="muted">(${share(cs[o])})</span></dd>`).join('')}</dl></div>`;
  const diagCard = '<div class="card"><h3>Diagnostics</h3>'
    + `<dl class="kv">${(['error', 'warning', 'info'] as const).map((d) => `<dt>${badge(d, d)}</dt><dd data-testid="diag-${d}">${s.diagnostics[d]}</dd>`).join('')}</dl>`
    + `<dl class="kv"><dt>finesse.* uses</dt><dd>${s.apiUses.finesse}</dd><dt>gadgets.* uses</dt><dd>${s.apiUses.gadgets}</dd></dl></div>`;

  // A large batch lists the gadgets to look at first, the lowest scores; the gadget list sorts them all.
  const allScored = views.filter((v) => v.confidence);
  const capped = allScored.length > MAX_CONFIDENCE_ROWS;
  const scored = capped
    ? [...allScored].sort((a, b) => a.confidence!.score - b.confidence!.score || views.indexOf(a) - views.indexOf(b)).slice(0, MAX_CONFIDENCE_ROWS)
    : allScored;
  const confidenceRows = scored.map((v) => [
    `<a href="#${v.anchor}">${esc(v.label)}</a>${v.rec.id ? ` <code class="g-id">${esc(v.rec.id)}</code>` : ''}`,
    badge(v.rec.status, v.rec.status),
    `<span class="meter"><span class="m-${v.confidence!.band}" style="width:${v.confidence!.score}%"></span></span><strong data-testid="confidence-${esc(v.rec.id ?? v.anchor)}">${v.confidence!.score}</strong>`,
    ...(anyVerify ? [verifyCell(v.rec, v.rec.id ?? v.anchor)] : []),
  ]);
  const confidencePanel = `<section class="panel" aria-labelledby="confidence-h"><h3 id="confidence-h">Confidence${anyVerify ? ' and verification' : ''} by gadget</h3>`
    + (capped ? `<p class="muted" data-testid="confidence-capped">The ${MAX_CONFIDENCE_ROWS} lowest scores of ${allScored.length}; sort the gadgets below by confidence for all of them.</p>` : '')
    + (scored.length ? table(['Gadget', 'Status', 'Score', ...(anyVerify ? ['Verification'] : [])], confidenceRows) : '<p class="muted">No gadget to score.</p>')
    + `<details class="change formula"><summary>How the score is computed</summary><div class="pad"><p><code>${esc(CONFIDENCE_FORMULA.formula)}</code></p>`
    + `<ul class="plain">${CONFIDENCE_FORMULA.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`
    + '<p class="muted">It ranks gadgets for review from what report.json records; it does not say the widget works.</p></div></details></section>';

  // The rules that fired most: call sites per rule id across the batch.
  const perRule = new Map<string, { uses: number; gadgets: Set<string>; outcomes: Record<string, number> }>();
  views.forEach((v) => {
    for (const site of v.rec.widget?.callSites.sites ?? []) {
      if (!site.rule) continue;
      const r = perRule.get(site.rule) ?? { uses: 0, gadgets: new Set<string>(), outcomes: {} };
      r.uses++;
      r.gadgets.add(v.anchor);
      r.outcomes[site.outcome] = (r.outcomes[site.outcome] ?? 0) + 1;
      perRule.set(site.rule, r);
    }
  });
  const top = [...perRule].sort(([a, x], [b, y]) => y.uses - x.uses || byCode(a, b)).slice(0, 10);
  const rulesPanel = '<section class="panel" aria-labelledby="rules-h"><h3 id="rules-h">Rules that fired most</h3>'
    + (top.length
      ? table(['Rule', 'Uses', 'Gadgets', 'Outcomes', ''], top.map(([id, r]) => [
        `<code>${esc(id)}</code>${ruleTitles.has(id) ? `<div class="muted rule-title" title="${esc(ruleTitles.get(id)!)}">${esc(ruleTitles.get(id)!)}</div>` : ''}`,
        `<span data-testid="rule-uses-${esc(id)}">${r.uses}</span>`,
        String(r.gadgets.size),
        OUTCOMES.filter((o) => r.outcomes[o]).map((o) => badge(o, `${r.outcomes[o]} ${o}`)).join(' '),
        `<button type="button" class="link" data-filter-rule="${esc(id)}" aria-label="Show the gadgets using ${esc(id)}">Filter</button>`,
      ]), [1, 2])
      : '<p class="muted">No rule fired.</p>')
    + (perRule.size > top.length ? `<p class="muted">${perRule.size - top.length} more in the rule filter below.</p>` : '')
    + '</section>';

  const problems = report.problems.length
    ? `<section class="panel problems" aria-labelledby="problems-h"><h3 id="problems-h">Inputs that could not be read (${report.problems.length})</h3><ul class="plain">${report.problems.map((p) => `<li><code>${esc(p.path)}</code>: ${esc(p.message)}</li>`).join('')}</ul></section>`
    : '';
  const censusPanel = '<section class="panel" aria-labelledby="census-h"><h3 id="census-h">Finesse API census</h3>'
    + censusView(report.census, true) + '</section>';
  return `<section class="block" id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><div class="cards">${gadgetsCard}${statusCard}${callCard}${diagCard}</div>${verifySummary(report)}<div class="grid2">${confidencePanel}${rulesPanel}</div>${censusPanel}${problems}</section>`;
}

function toolbar(views: GadgetView[]): string {
  const statusOptions = STATUSES.map((st) => `<option value="${st}">${st} (${views.filter((v) => v.rec.status === st).length})</option>`).join('');
  const ruleUse = new Map<string, number>();
  for (const v of views) for (const id of rulesOf(v.rec)) ruleUse.set(id, (ruleUse.get(id) ?? 0) + 1);
  const ruleOptions = [...ruleUse].sort(([a], [b]) => byCode(a, b)).map(([id, n]) => `<option value="${esc(id)}">${esc(id)} (${n})</option>`).join('');
  return '<div class="toolbar" role="search" aria-label="Filter and sort gadgets">'
    + `<label>Search <input type="search" id="search" placeholder="Title, id, API, message…" aria-keyshortcuts="/" autocomplete="off" data-src="${SEARCH_DATA_PATH}"></label>`
    + `<label>Status <select id="filter-status"><option value="">Any status</option>${statusOptions}</select></label>`
    + `<label>Rule or mark <select id="filter-rule"><option value="">Any rule</option>${ruleOptions}</select></label>`
    + '<label>Sort <select id="sort"><option value="order">Report order</option><option value="title">Title</option><option value="status">Status (worst first)</option><option value="confidence-asc">Confidence (lowest first)</option><option value="confidence-desc">Confidence (highest first)</option></select></label>'
    + '<div class="seg" role="group" aria-label="Diff view"><button type="button" data-view="unified" aria-pressed="true">Unified</button><button type="button" data-view="split" aria-pressed="false">Side by side</button></div>'
    + '<button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button>'
    + '</div>';
}

/** An id attribute from a gadget id (which may hold any character a file name can). */
function anchorFor(rec: GadgetRecord, index: number, taken: Set<string>): string {
  let a = rec.id ? `g-${rec.id.replace(/[^A-Za-z0-9_-]/g, '_')}` : `file-${index + 1}`;
  while (taken.has(a)) a += '_';
  taken.add(a);
  return a;
}

/**
 * The page, and each gadget's data file (output-relative path → text, in report order): written
 * together through the output's file map, so a run writes all of them or none.
 */
export function reportHtml(report: Report, reviews: readonly GadgetReview[], ruleTitles: ReadonlyMap<string, string>): { html: string; gadgets: Iterable<[string, string]> } {
  const byId = new Map(reviews.map((r) => [r.id, r]));
  const taken = new Set<string>();
  const views: GadgetView[] = report.gadgets.map((rec, i) => {
    const anchor = anchorFor(rec, i, taken);
    const reviewChanges = rec.id === undefined ? [] : byId.get(rec.id)?.changes ?? [];
    return { rec, anchor, label: rec.title ?? rec.source.replace(/^.*\//, ''), confidence: confidenceOf(rec), reviewChanges };
  });
  const anchors = new Map(views.map((v) => [v.rec, v.anchor]));
  const batch = batchWide(report, (rec) => anchors.get(rec) ?? '');

  const anyVerify = report.gadgets.some((g) => g.verify);
  // Screenshots are files beside the page: only a page showing some lets images load from there.
  const shots = hasScreenshots(report);
  const t = report.tool;
  const sections = views.map((v, i) => gadgetSection(v, i, anyVerify));
  const meta = `${esc(t.name)} ${esc(t.version)} · inputs ${report.inputs.map((i) => `<code>${pathHtml(i)}</code>`).join(', ') || '<span>none</span>'} · locale ${esc(report.options.locale)} · report schema ${report.schemaVersion}`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline' file:; img-src data:${shots ? " 'self' file:" : ''}; base-uri 'none'; form-action 'none'">
<meta name="color-scheme" content="light dark">
<title>Migration review · finesse-migrate</title>
<style>${reportStyle('report.css')}${anyVerify ? reportStyle('verify.css') : ''}</style>
</head>
<body>
<a class="skip" href="#gadgets">Skip to the gadgets</a>
<header class="top"><div><h1>Migration review</h1><p class="meta">${meta}</p></div><button type="button" id="theme-toggle" aria-pressed="false">Dark theme</button></header>
<main>
${batch.html}
${summarySection(report, views, ruleTitles, anyVerify)}
<section class="block" id="gadgets" aria-labelledby="gadgets-h">
<h2 id="gadgets-h">Gadgets <span class="muted" id="shown-count" aria-live="polite">${views.length} of ${views.length} shown</span></h2>
${toolbar(views)}
<p class="hint">Keys: <kbd>/</kbd> search · <kbd>j</kbd> / <kbd>k</kbd> next / previous gadget · <kbd>Enter</kbd> open or close · <kbd>Esc</kbd> leave the search box</p>
<noscript><p class="hint">A gadget's details (its marks, diffs and diagnostics) are loaded from report/gadgets/ beside this page by its script: they need JavaScript, as do the filters, sorting and toggles. Without it, migration.patch, todos.sarif and report.json have them.</p></noscript>
<div id="gadget-list">
${sections.join('\n')}
</div>
<p id="no-match" class="muted" hidden>No gadget matches the filters.</p>
</section>
</main>
${shots ? `${SHOT_VIEWER}\n` : ''}<footer>Rendered from report.json by ${esc(t.name)} ${esc(t.version)}. The same input gives the same file. See also migration.patch and todos.sarif beside it.</footer>
<script>${reportScript()}</script>
</body>
</html>
`;
  return {
    html,
    // Made as they are iterated, one gadget at a time: the diffs of every gadget at once are the
    // biggest thing the report would hold (issue 14).
    gadgets: (function* (): Generator<[string, string]> {
      yield [SEARCH_DATA_PATH, searchScript(views.map((v) => searchText(v.rec)))];
      for (let i = 0; i < views.length; i++) yield [gadgetDataPath(i), gadgetData(views[i]!, i, batch)];
    })(),
  };
}
