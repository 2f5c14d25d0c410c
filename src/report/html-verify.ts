// report.html's account of `finesse-migrate verify`: the summary counts, a column in the gadget table,
// and per gadget a panel with why it failed, its first error at the gadget's own file and line, SDK
// misuse, blocked requests, leaks and every session's steps with their screenshots. Nothing here is
// written when no gadget has `verify`, so a migrate run's page is the same as before verify existed.
// Screenshots stay files beside the report (verify/<element>/…png, relative URLs): the page loads them
// from disk, never from the network.
import type { GadgetRecord, Report } from './report.js';
import { badge, esc, table, where } from './html-parts.js';
import type { BlockedRequest, StepResult, VerifyError } from '../verify/result.js';

export type Verification = NonNullable<GadgetRecord['verify']>;
export type VerifyState = 'passed' | 'failed' | 'none';

export const verifyState = (rec: GadgetRecord): VerifyState => (rec.verify ? (rec.verify.passed ? 'passed' : 'failed') : 'none');

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const firstLine = (text: string): string => text.split('\n', 1)[0] ?? '';

/** "3/8 sessions" */
function sessionCount(v: Verification): string {
  return `${v.sessions.filter((s) => s.passed).length}/${v.sessions.length} sessions`;
}

/**
 * A screenshot path from report.json as a URL relative to the report (which sits at the output root),
 * or undefined when it is not a plain relative path under verify/ (nothing else is linked). Each
 * segment is URL-encoded: a session named `a #2` stays one path.
 */
export function shotUrl(screenshot: string | undefined): string | undefined {
  if (!screenshot || !/^verify\/[^\\\u0000-\u001f]+\.png$/i.test(screenshot)) return undefined;
  const parts = screenshot.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return parts.map(encodeURIComponent).join('/');
}

/** Whether the page shows any screenshot: then it gets the viewer, and its policy lets images load from beside it. */
export function hasScreenshots(report: Report): boolean {
  return report.gadgets.some((g) => g.verify?.sessions.some((s) => s.steps.some((st) => shotUrl(st.screenshot))));
}

/** The verification badge of a gadget's summary line: passed or failed with its sessions, or not verified. */
export function verifyBadge(rec: GadgetRecord): string {
  const v = rec.verify;
  if (!v) return badge('none', 'not verified');
  const n = `${v.sessions.filter((s) => s.passed).length}/${v.sessions.length}`;
  return v.passed ? badge('passed', `verified ${n}`) : badge('failed', `verify failed ${n}`);
}

/** The cell of the gadget table's Verification column. */
export function verifyCell(rec: GadgetRecord, id: string): string {
  const v = rec.verify;
  const state = verifyState(rec);
  const label = state === 'none' ? badge('none', 'not verified') : badge(state, state);
  return `<span data-testid="verify-cell-${esc(id)}" data-verify="${state}">${label}${v ? ` <span class="muted nowrap">${sessionCount(v)} passed</span>` : ''}</span>`;
}

/** The summary's Verification panel; empty when the report has no `summary.verify`. */
export function verifySummary(report: Report): string {
  const s = report.summary.verify;
  if (!s) return '';
  const tile = (key: keyof typeof s, label: string, bad = false): string =>
    `<div class="vtile${bad && s[key] > 0 ? ' vbad' : ''}"><dt>${label}</dt><dd data-testid="verify-${key}">${s[key]}</dd></div>`;
  const failed = s.widgets - s.passed;
  return '<section class="panel vsummary" aria-labelledby="verify-h" data-testid="verify-summary">'
    + `<h3 id="verify-h">Verification</h3><p class="muted">${esc(plural(s.widgets, 'widget'))} run by <code>finesse-migrate verify</code> in headless Chromium against the Desktop simulator, through the scripted agent sessions: `
    + `<strong>${s.passed}</strong> passed every session${failed ? `, <strong class="vbad-text">${failed}</strong> did not` : ''}.</p>`
    + '<dl class="vtiles">'
    + tile('widgets', 'widgets') + tile('passed', 'passed') + tile('started', 'started') + tile('rendered', 'rendered')
    + tile('reacted', 'reacted') + tile('misuse', 'misused the SDK', true) + tile('blocked', 'needed a blocked request', true)
    + '</dl></section>';
}

const stepLabel = (v: Verification, session: string, step: number): string => {
  if (step < 0 || !session) return '<span class="muted">before any session</span>';
  const s = v.sessions.find((x) => x.session === session)?.steps.find((x) => x.index === step);
  return `<span class="nowrap">${esc(session)}, step ${step}${s ? ` (<code>${esc(s.do)}</code>)` : ''}</span>`;
};

function errorLine(v: Verification, e: VerifyError, testid = ''): string {
  const at = e.at ? `<code${testid ? ` data-testid="${testid}-at"` : ''}>${where(e.at)}</code>` : '<span class="muted">no location in the gadget\'s files</span>';
  return `${badge('error', e.kind)} <span class="vmsg">${esc(firstLine(e.message))}</span> at ${at} <span class="muted">in</span> ${stepLabel(v, e.session, e.step)}`;
}

/** Blocked requests by host: whether code needed any of them, which kinds, how many, one URL. */
function blockedRows(blocked: BlockedRequest[]): string[][] {
  const byHost = new Map<string, BlockedRequest[]>();
  for (const b of blocked) byHost.set(b.host, [...(byHost.get(b.host) ?? []), b]);
  return [...byHost].map(([host, reqs]) => [
    `<code>${esc(host)}</code>`,
    reqs.some((r) => r.needed) ? badge('failed', 'needed') : badge('none', 'cosmetic'),
    esc([...new Set(reqs.map((r) => r.resourceType))].join(', ')),
    String(reqs.length),
    `<code class="vurl">${esc(reqs[0]!.url)}</code>`,
  ]);
}

/** "10 steps · 3 changed what it shows · 2 pops" */
function sessionFacts(s: Verification['sessions'][number]): string {
  const changed = s.steps.filter((st) => st.changed).length;
  const pops = s.steps.reduce((n, st) => n + st.popups.length, 0);
  return [plural(s.steps.length, 'step'), `${changed} changed what it shows`, pops ? plural(pops, 'pop') : ''].filter(Boolean).join(' · ');
}

/** Calls in first-seen order, repeats counted: `agentContact.addEventListener ×9`. */
function callList(calls: string[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => `<code>${esc(c)}${n > 1 ? ` ×${n}` : ''}</code>`).join(' ');
}

/** One step of a session: its screenshot (or a blank when the session has others), what it did and what came of it. */
function stepCard(v: Verification, session: string, st: StepResult, shots: boolean): string {
  const url = shotUrl(st.screenshot);
  const no = String(st.index).padStart(2, '0');
  const caption = `${v.widget} · ${session} · step ${no}: ${st.do}`;
  const errors = v.errors.filter((e) => e.session === session && e.step === st.index);
  const shot = url
    ? `<a class="shot" href="${esc(url)}" data-caption="${esc(caption)}" title="Open the screenshot"><img loading="lazy" src="${esc(url)}" alt="${esc(caption)}"></a>`
    : shots ? '<div class="noshot muted">no screenshot</div>' : '';
  const calls = st.sdkCalls.length ? `<div class="vcalls"><span class="muted">SDK</span> ${callList(st.sdkCalls)}</div>` : '';
  const pops = st.popups.length ? `<div class="vpops"><span class="muted">pops</span> ${st.popups.map((p) => `<code class="vurl">${esc(p)}</code>`).join(' ')}</div>` : '';
  const errs = errors.length ? `<div class="verrs">${errors.map((e) => `<span class="vmsg">${esc(firstLine(e.message))}</span>`).join('<br>')}</div>` : '';
  return `<li class="vstep${errors.length ? ' verr' : ''}" data-testid="verify-step">${shot}<div class="vcap"><span class="vno">${no}</span> <code>${esc(st.do)}</code>`
    + `${st.changed ? ` ${badge('info', 'changed')}` : ''}${errors.length ? ` ${badge('error', errors.length === 1 ? 'error' : `${errors.length} errors`)}` : ''}</div>${calls}${pops}${errs}</li>`;
}

/** The panel in a gadget's section; empty without `verify`. */
export function verifyPanel(rec: GadgetRecord): string {
  const v = rec.verify;
  if (!v) return '';
  const parts: string[] = [];
  const check = (ok: boolean, name: string): string => `<span class="vcheck ${ok ? 'ok' : 'no'}">${ok ? '✓' : '✗'} ${name}</span>`;
  parts.push(`<p class="vhead">${verifyState(rec) === 'passed' ? badge('passed', 'passed') : badge('failed', 'failed')} `
    + `<span data-testid="verify-sessions">${sessionCount(v)} passed</span> `
    + `<span class="vchecks">${check(v.built, 'built')}${check(v.defined, 'defined')}${check(v.started, 'started')}${check(v.rendered, 'rendered')}${check(v.reacted, 'reacted')}</span>`
    + (v.emittedStatus !== rec.status ? ` <span class="muted">migrate gave it ${badge(v.emittedStatus, v.emittedStatus)}; verification lowered it to ${badge(rec.status, rec.status)}</span>` : '')
    + '</p>');
  if (v.failures.length) parts.push(`<ul class="plain vfailures" data-testid="verify-failures">${v.failures.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`);
  const first = v.errors.find((e) => e.kind === 'uncaught' || e.kind === 'script') ?? v.errors[0];
  if (first) {
    parts.push(`<h4>First error</h4><p class="verror" data-testid="verify-first-error">${errorLine(v, first, 'verify-first-error')}</p>`);
    if (v.errors.length > 1) {
      parts.push(`<details class="change"><summary>All errors (${v.errors.length})</summary><div class="pad">${table(['Kind', 'Message', 'Original', 'Where'], v.errors.map((e) => [
        badge('error', e.kind), `<span class="vmsg">${esc(e.message)}</span>`, e.at ? `<code>${where(e.at)}</code>` : '<span class="muted">unknown</span>', stepLabel(v, e.session, e.step),
      ]))}</div></details>`);
    }
  }
  if (v.misuse.length) {
    parts.push(`<h4>SDK misuse (${v.misuse.length})</h4>`, `<div data-testid="verify-misuse">${table(['API', 'Why', 'Where'], v.misuse.map((m) => [`<code>${esc(m.api)}</code>`, esc(m.reason), stepLabel(v, m.session, m.step)]))}</div>`);
  }
  if (v.blocked.length) {
    parts.push(`<h4>Blocked requests (${v.blocked.length})</h4>`, '<p class="hint">The Desktop page would not answer these. Needed: a script, XHR, fetch, document or socket whose answer the code depends on; images, fonts and styles are cosmetic.</p>',
      `<div data-testid="verify-blocked">${table(['Host', 'Needed', 'Kinds', 'Requests', 'Example'], blockedRows(v.blocked), [3])}</div>`);
  }
  const leaks = [
    v.leakedGlobals.length ? `globals ${v.leakedGlobals.map((g) => `<code>${esc(g)}</code>`).join(', ')}` : '',
    v.leakedTimers ? esc(plural(v.leakedTimers, 'timer')) : '',
  ].filter(Boolean);
  parts.push(leaks.length
    ? `<p class="vleaks" data-testid="verify-leaks">${badge('warning', 'leaks')} Left behind after removal: ${leaks.join('; ')}.</p>`
    : '<p class="muted" data-testid="verify-leaks">Nothing left behind after removal (globals, timers).</p>');
  if (v.sessions.length) {
    const anyShot = v.sessions.some((s) => s.steps.some((st) => shotUrl(st.screenshot)));
    parts.push(`<h4>Sessions (${v.sessions.length})</h4>`, anyShot
      ? '<p class="hint">Click a screenshot to see it full size.</p>'
      : '<p class="hint">No screenshots: the widget shows nothing of its own (headless), or verify ran with <code>--screenshots failed</code> or <code>none</code>.</p>');
    for (const s of v.sessions) {
      parts.push(`<details class="change vsession" data-testid="verify-session" data-session="${esc(s.session)}"${s.passed ? '' : ' open'}>`
        + `<summary>${s.passed ? badge('passed', 'passed') : badge('failed', 'failed')} <code>${esc(s.session)}</code> <span class="muted">${esc(sessionFacts(s))}</span></summary>`
        + (s.failures.length ? `<ul class="plain vfailures pad">${s.failures.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : '')
        + `<ol class="vsteps">${s.steps.map((st) => stepCard(v, s.session, st, s.steps.some((x) => shotUrl(x.screenshot)))).join('')}</ol></details>`);
    }
  }
  return `<h3>Verification</h3><section class="verify" aria-label="Verification in a browser" data-testid="verify-panel" data-verify="${verifyState(rec)}">${parts.join('')}</section>`;
}

/** The screenshot viewer the page script opens (report/client/report-client.ts); a thumbnail's link works without it. */
export const SHOT_VIEWER = '<dialog id="shot-viewer" class="viewer" aria-label="Screenshot"><figure><img alt=""><figcaption></figcaption></figure>'
  + '<p class="hint">← → previous / next step · <kbd>Esc</kbd> close</p><button type="button" data-close>Close</button></dialog>';
