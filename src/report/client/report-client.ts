/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The script of report.html. It runs only in the browser (test/report-browser.test.ts runs it in
// Chromium); report/assets.ts bundles it into one IIFE (so nothing leaks into the page's global
// scope but the one function the data files call) and the page inlines it. The page is an index:
// without the script it still shows every number of the summary and one line per gadget. The script
// loads a gadget's details from its data file (report/gadgets/<n>.js) when the gadget is opened and
// highlights their code then; it adds the filters, sorting, the theme and view toggles, the keys and
// the screenshot viewer.
'use strict';

import { GADGET_CALLBACK, SEARCH_CALLBACK } from '../html-parts.js';
import { highlightLines, type Lang } from './highlight.js';

const doc = document;
const root = doc.documentElement;

/** An element the page always has: report/html.ts writes it. */
function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`report.html: #${id} is missing`);
  return el as T;
}

const list = byId('gadget-list');
const gadgets = Array.from(list.querySelectorAll<HTMLDetailsElement>(':scope > details.gadget'));
const search = byId<HTMLInputElement>('search');
const statusFilter = byId<HTMLSelectElement>('filter-status');
const ruleFilter = byId<HTMLSelectElement>('filter-rule');
const sortBy = byId<HTMLSelectElement>('sort');
const shownCount = byId('shown-count');
const noMatch = byId('no-match');
// Searched text, read when first searched: a gadget's line, its words from report/search.js (loaded
// on the first search: source, APIs, rules, messages) and its details once they are loaded.
const haystack = new Map<HTMLElement, string>();
let searchWords: string[] | undefined;
let searchLoad: 'no' | 'loading' | 'done' = 'no';
function searchTextOf(g: HTMLDetailsElement): string {
  let text = haystack.get(g);
  if (text === undefined) {
    text = [
      g.querySelector(':scope > summary')?.textContent ?? '',
      searchWords?.[Number(g.dataset['order'])] ?? '',
      g.dataset['loaded'] === 'yes' ? g.querySelector(':scope > .g-body')?.textContent ?? '' : '',
    ].join('\n').toLowerCase();
    haystack.set(g, text);
  }
  return text;
}
function loadSearchWords(): void {
  if (searchLoad !== 'no') return;
  searchLoad = 'loading';
  const s = doc.createElement('script');
  const done = (): void => {
    searchLoad = 'done';
    s.remove();
  };
  s.onload = done;
  s.onerror = done;
  s.src = search.dataset['src'] ?? '';
  doc.head.appendChild(s);
}
(window as unknown as Record<string, unknown>)[SEARCH_CALLBACK] = (words: unknown): void => {
  if (searchLoad !== 'loading' || !Array.isArray(words)) return;
  searchWords = words.map((w) => (typeof w === 'string' ? w : ''));
  haystack.clear();
  if (search.value.trim()) applyFilters();
};

/** What a data file gives: the details' markup, and the old and new lines of each change. */
interface GadgetData {
  html: string;
  changes: { lang: Lang; old: string[]; new: string[] }[];
}

const loads = new Map<HTMLDetailsElement, Promise<void>>();
const arrived = new Map<HTMLDetailsElement, () => void>();
let expandAll = false;

function fail(g: HTMLDetailsElement, why: string): void {
  g.dataset['loaded'] = 'error';
  const body = g.querySelector(':scope > .g-body');
  if (!body) return;
  const p = doc.createElement('p');
  p.className = 'muted pad';
  p.dataset['testid'] = 'load-error';
  p.textContent = why;
  body.replaceChildren(p);
}

/** Loads a gadget's details from its data file (once), by a script element: fetch() of file:// is blocked. */
function load(g: HTMLDetailsElement): Promise<void> {
  let p = loads.get(g);
  if (p) return p;
  const src = g.dataset['src'] ?? '';
  p = new Promise<void>((resolve) => {
    const s = doc.createElement('script');
    const done = (): void => {
      arrived.delete(g);
      s.remove();
      resolve();
    };
    arrived.set(g, done);
    s.onload = () => {
      if (arrived.has(g)) fail(g, src + ' did not hold this gadget\'s details.');
      done();
    };
    s.onerror = () => {
      fail(g, 'Could not load ' + src + ': it belongs beside this page (report/gadgets/), as migrate wrote it.');
      done();
    };
    s.src = src;
    g.dataset['loaded'] = 'loading';
    doc.head.appendChild(s);
  });
  loads.set(g, p);
  return p;
}

/** Called by each data file: `n` is the gadget's number (its place in report order, from 1). */
function receive(n: unknown, data: unknown): void {
  const g = typeof n === 'number' ? gadgets[n - 1] : undefined;
  const done = g ? arrived.get(g) : undefined;
  const d = data as GadgetData | null;
  if (!g || !done || !d || typeof d.html !== 'string' || !Array.isArray(d.changes)) return;
  const body = g.querySelector<HTMLElement>(':scope > .g-body');
  if (!body) return;
  body.innerHTML = d.html;
  // The code of each change, highlighted now, into the cells of both views.
  const lines = d.changes.map((c) => ({ o: highlightLines(c.old, c.lang), n: highlightLines(c.new, c.lang) }));
  for (const change of Array.from(body.querySelectorAll<HTMLElement>('details.change[data-change]'))) {
    const hl = lines[Number(change.dataset['change'])];
    if (!hl) continue;
    for (const cell of Array.from(change.querySelectorAll<HTMLElement>('td[data-l]'))) {
      const at = cell.dataset['l'] ?? '';
      cell.innerHTML = (at[0] === 'n' ? hl.n : hl.o)[Number(at.slice(1))] ?? '';
    }
  }
  highlightPre(body);
  g.dataset['loaded'] = 'yes';
  haystack.delete(g);
  if (highlighted) markRule(g, highlighted);
  if (expandAll && !g.hidden) for (const c of Array.from(g.querySelectorAll<HTMLDetailsElement>('details.change'))) c.open = true;
  done();
}
(window as unknown as Record<string, unknown>)[GADGET_CALLBACK] = receive;

/** Highlights the code blocks (`<pre data-hl>`, plain text until then) under `root`. */
function highlightPre(under: ParentNode): void {
  for (const pre of Array.from(under.querySelectorAll<HTMLElement>('pre[data-hl]'))) {
    pre.innerHTML = highlightLines((pre.textContent ?? '').split('\n'), (pre.dataset['hl'] ?? 'js') as Lang).join('\n');
    pre.removeAttribute('data-hl');
  }
}
highlightPre(doc);

// A gadget opened (by a click, a key, a link or "Expand all") loads its details.
list.addEventListener('toggle', (e) => {
  const g = e.target;
  if (g instanceof HTMLDetailsElement && g.classList.contains('gadget') && g.open) void load(g);
}, true);

function applyFilters(): void {
  const q = search.value.trim().toLowerCase();
  if (q) loadSearchWords();
  const status = statusFilter.value;
  const rule = ruleFilter.value;
  let shown = 0;
  for (const g of gadgets) {
    const ok = (!status || g.dataset['status'] === status)
      && (!rule || (g.dataset['rules'] ?? '').split(' ').includes(rule))
      && (!q || searchTextOf(g).includes(q));
    g.hidden = !ok;
    if (ok) shown++;
  }
  shownCount.textContent = shown + ' of ' + gadgets.length + ' shown';
  noMatch.hidden = shown > 0;
  highlightRule(rule);
}

// Filtering by a rule marks what the rule left in each gadget shown: its rows in the marks and call
// site tables, the comment lines carrying its id in the diffs, and a count in the gadget's summary.
let highlighted = '';
function highlightRule(rule: string): void {
  if (rule === highlighted) return;
  highlighted = rule;
  for (const el of Array.from(list.querySelectorAll('.rule-hit'))) el.classList.remove('rule-hit');
  for (const el of Array.from(list.querySelectorAll<HTMLElement>('.g-rule'))) el.remove();
  if (!rule) return;
  for (const g of gadgets) {
    // The counts are in the index, in the order of data-rules (`marks:sites ...`); the rows in loaded details.
    const at = (g.dataset['rules'] ?? '').split(' ').indexOf(rule);
    if (at < 0) continue;
    const [marks = 0, sites = 0] = ((g.dataset['ruleCounts'] ?? '').split(' ')[at] ?? '').split(':').map(Number);
    if (g.dataset['loaded'] === 'yes') markRule(g, rule);
    if (marks + sites === 0) continue;
    const note = doc.createElement('span');
    note.className = 'g-rule';
    note.textContent = rule + ': ' + [marks ? marks + (marks === 1 ? ' mark' : ' marks') : '', sites ? sites + (sites === 1 ? ' call site' : ' call sites') : ''].filter(Boolean).join(', ');
    g.querySelector(':scope > summary .g-counts')?.before(note);
  }
}

/** Marks what `rule` left in a gadget's loaded details: its rows in the tables, its comment lines in the diffs. */
function markRule(g: HTMLElement, rule: string): void {
  const tag = '(finesse-migrate) [' + rule + ']';
  for (const row of Array.from(g.querySelectorAll<HTMLElement>('tr[data-rule]'))) {
    if (row.dataset['rule'] === rule) row.classList.add('rule-hit');
  }
  for (const line of Array.from(g.querySelectorAll('tr.hl-todo, tr.hl-review, td.code.hl-todo, td.code.hl-review'))) {
    if ((line.textContent ?? '').includes(tag)) line.classList.add('rule-hit');
  }
}

const STATUS_ORDER = ['failed', 'needs-work', 'migrated', 'skipped'];
function applySort(): void {
  const key = sortBy.value;
  const num = (g: HTMLElement, k: string): number => Number(g.dataset[k] ?? '-1');
  const text = (g: HTMLElement): string => g.dataset['title'] ?? '';
  const sorted = gadgets.slice().sort((a, b) => {
    let d = 0;
    if (key === 'title') d = text(a).localeCompare(text(b));
    else if (key === 'status') d = STATUS_ORDER.indexOf(a.dataset['status'] ?? '') - STATUS_ORDER.indexOf(b.dataset['status'] ?? '');
    // Skipped files have no score (-1): keep them last either way.
    else if (key === 'confidence-asc') d = (num(a, 'confidence') < 0 ? 1 : 0) - (num(b, 'confidence') < 0 ? 1 : 0) || num(a, 'confidence') - num(b, 'confidence');
    else if (key === 'confidence-desc') d = num(b, 'confidence') - num(a, 'confidence');
    return d || num(a, 'order') - num(b, 'order');
  });
  for (const g of sorted) list.appendChild(g);
}

function visibleGadgets(): HTMLDetailsElement[] {
  return Array.from(list.querySelectorAll<HTMLDetailsElement>(':scope > details.gadget')).filter((g) => !g.hidden);
}

// Theme: follows the system until the toggle picks one; the choice is kept where storage works.
const themeButton = byId<HTMLButtonElement>('theme-toggle');
const media = window.matchMedia('(prefers-color-scheme: dark)');
function setTheme(theme: string | null): void {
  if (theme === 'dark' || theme === 'light') root.dataset['theme'] = theme;
  else delete root.dataset['theme'];
  const dark = root.dataset['theme'] ? root.dataset['theme'] === 'dark' : media.matches;
  themeButton.setAttribute('aria-pressed', String(dark));
}
let stored: string | null = null;
try {
  stored = localStorage.getItem('finesse-migrate-theme');
} catch {
  // file:// storage can be disabled; the system theme is used.
}
setTheme(stored);
media.addEventListener('change', () => setTheme(root.dataset['theme'] ?? null));
themeButton.addEventListener('click', () => {
  const next = themeButton.getAttribute('aria-pressed') === 'true' ? 'light' : 'dark';
  setTheme(next);
  try {
    localStorage.setItem('finesse-migrate-theme', next);
  } catch {
    // Not kept; fine for this page.
  }
});

const viewButtons = Array.from(doc.querySelectorAll<HTMLButtonElement>('button[data-view]'));
function setView(view: string): void {
  root.dataset['diff'] = view;
  for (const b of viewButtons) b.setAttribute('aria-pressed', String(b.dataset['view'] === view));
}
for (const b of viewButtons) b.addEventListener('click', () => setView(b.dataset['view'] ?? 'unified'));

function setOpen(open: boolean): void {
  // Details loaded later open their changes too.
  expandAll = open;
  for (const g of visibleGadgets()) {
    g.open = open;
    for (const c of Array.from(g.querySelectorAll<HTMLDetailsElement>('details.change'))) c.open = open;
  }
}
byId('expand-all').addEventListener('click', () => setOpen(true));
byId('collapse-all').addEventListener('click', () => setOpen(false));

// Rule buttons in the summary filter the list by that rule.
for (const b of Array.from(doc.querySelectorAll<HTMLButtonElement>('button[data-filter-rule]'))) {
  b.addEventListener('click', () => {
    ruleFilter.value = b.dataset['filterRule'] ?? '';
    applyFilters();
    byId('gadgets').scrollIntoView({ block: 'start' });
    ruleFilter.focus({ preventScroll: true });
  });
}

/** The element an anchor names; a diff row is looked up in the current view. */
function target(id: string): HTMLElement | null {
  const split = root.dataset['diff'] === 'split';
  return (split ? doc.getElementById(id + '-s') : null) ?? doc.getElementById(id);
}

/** The gadget whose details hold an anchor not on the page yet (its anchor starts with the gadget's). */
function gadgetHolding(id: string): HTMLDetailsElement | undefined {
  let best: HTMLDetailsElement | undefined;
  for (const g of gadgets) if (id.startsWith(g.id + '-') && (!best || g.id.length > best.id.length)) best = g;
  return best;
}

/**
 * Opens what holds an anchor target and brings it into view. A target in details not loaded yet is
 * shown once they are: true when there is (or will be) something to show.
 */
function reveal(id: string): boolean {
  const el = target(id);
  if (!el) {
    const g = gadgetHolding(id);
    if (!g || g.dataset['loaded'] === 'yes') return false;
    void load(g).then(() => {
      if (target(id)) reveal(id);
    });
    return true;
  }
  const gadget = el.closest<HTMLDetailsElement>('details.gadget');
  if (gadget?.hidden) {
    search.value = '';
    statusFilter.value = '';
    ruleFilter.value = '';
    applyFilters();
  }
  for (let p: HTMLElement | null = el; p; p = p.parentElement) if (p instanceof HTMLDetailsElement) p.open = true;
  el.scrollIntoView({ block: 'center' });
  // Reading a layout property between remove and add restarts the highlight animation.
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
  if (!el.hasAttribute('tabindex') && !(el instanceof HTMLDetailsElement)) el.setAttribute('tabindex', '-1');
  (el instanceof HTMLDetailsElement ? el.querySelector('summary') ?? el : el).focus({ preventScroll: true });
  return true;
}
doc.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[href^="#"]') : null;
  if (!a) return;
  const id = decodeURIComponent((a.getAttribute('href') ?? '#').slice(1));
  if (id && reveal(id)) {
    e.preventDefault();
    try {
      history.replaceState(null, '', '#' + encodeURIComponent(id));
    } catch {
      // Some file:// contexts refuse history changes; the jump already happened.
    }
  }
});

// Screenshots of a verification: a thumbnail links to its file (opened as is without the script);
// here it opens in a viewer on the page, where the arrow keys step through its session.
const viewer = doc.getElementById('shot-viewer') as HTMLDialogElement | null;
if (viewer) {
  const image = viewer.querySelector('img') as HTMLImageElement;
  const caption = viewer.querySelector('figcaption') as HTMLElement;
  let strip: HTMLAnchorElement[] = [];
  let at = 0;
  const show = (i: number): void => {
    const a = strip[i];
    if (!a) return;
    at = i;
    image.src = a.href;
    image.alt = a.dataset['caption'] ?? '';
    caption.textContent = (a.dataset['caption'] ?? '') + (strip.length > 1 ? ' (' + (i + 1) + ' of ' + strip.length + ')' : '');
  };
  doc.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>('a.shot') : null;
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    const row = a.closest('.vsteps');
    strip = row ? Array.from(row.querySelectorAll<HTMLAnchorElement>('a.shot')) : [a];
    show(Math.max(0, strip.indexOf(a)));
    if (!viewer.open) viewer.showModal();
  });
  viewer.addEventListener('click', (e) => {
    // A click on the backdrop or the close button closes it; one on the picture does not.
    const t = e.target as Element;
    if (t === viewer || t.closest('[data-close]')) viewer.close();
  });
  viewer.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      show(Math.min(strip.length - 1, Math.max(0, at + (e.key === 'ArrowRight' ? 1 : -1))));
    }
  });
  viewer.addEventListener('close', () => {
    image.removeAttribute('src');
    strip[at]?.focus({ preventScroll: true });
  });
}

// Keyboard: "/" searches, j / k move between gadgets, Escape leaves the search box.
doc.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || viewer?.open) return;
  const target = e.target as Element;
  if (target.matches('input, select, textarea')) {
    if (e.key === 'Escape' && target === search) {
      search.value = '';
      applyFilters();
      search.blur();
    }
    return;
  }
  if (e.key === '/') {
    e.preventDefault();
    search.focus();
    search.select();
  } else if (e.key === 'j' || e.key === 'k') {
    const shown = visibleGadgets();
    if (shown.length === 0) return;
    const current = shown.findIndex((g) => g.contains(doc.activeElement));
    const next = current < 0 ? (e.key === 'j' ? 0 : shown.length - 1) : Math.min(shown.length - 1, Math.max(0, current + (e.key === 'j' ? 1 : -1)));
    const summary = shown[next]?.querySelector('summary');
    if (!summary) return;
    summary.focus();
    summary.scrollIntoView({ block: 'nearest' });
    e.preventDefault();
  }
});

// Copy buttons of the "Start here" snippets: the clipboard where the page may use it, else the text selected.
for (const b of Array.from(doc.querySelectorAll<HTMLButtonElement>('button[data-copy]'))) {
  b.addEventListener('click', () => {
    const pre = doc.querySelector<HTMLElement>('[data-testid="' + (b.dataset['copy'] ?? '') + '"]');
    if (!pre) return;
    const select = (): void => {
      const range = doc.createRange();
      range.selectNodeContents(pre);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      b.textContent = 'Selected';
    };
    const text = pre.textContent ?? '';
    if (navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(text).then(() => {
        b.textContent = 'Copied';
      }, select);
    } else {
      select();
    }
  });
}

search.addEventListener('input', applyFilters);
statusFilter.addEventListener('change', applyFilters);
ruleFilter.addEventListener('change', applyFilters);
sortBy.addEventListener('change', applySort);
setView('unified');
applyFilters();
if (location.hash.length > 1) reveal(decodeURIComponent(location.hash.slice(1)));
