// The few lines a person reads at the end of a run; report.json holds the rest.
import { formatPosition } from '../diagnostics.js';
import type { Report } from './report.js';

const MAX_LISTED = 15;

export function humanSummary(report: Report, where: string | undefined): string {
  const s = report.summary;
  const c = s.byClassification;
  const st = s.byStatus;
  const lines: string[] = [];
  lines.push(`finesse-migrate: ${s.specFiles} spec file${s.specFiles === 1 ? '' : 's'}, ${s.gadgets} gadget${s.gadgets === 1 ? '' : 's'}`);
  lines.push(`  iframe        ${pad(c.iframe)}  ${count(report, 'iframe', 'migrated')} written as agentx-wc-iframe layout entries`);
  lines.push(`  widget        ${pad(c.widget)}  converted to widget projects in widgets/, ${marks(report)} marked spots to review`);
  lines.push(`  not-a-gadget  ${pad(c['not-a-gadget'])}  skipped`);
  if (c.unparsed) lines.push(`  unparsed      ${pad(c.unparsed)}  could not be read`);
  lines.push(`  status: ${st.migrated} migrated, ${st['needs-work']} need work, ${st.failed} failed, ${st.skipped} skipped`);
  lines.push(`  diagnostics: ${s.diagnostics.error} errors, ${s.diagnostics.warning} warnings, ${s.diagnostics.info} notes`);
  lines.push(`  API uses found: ${s.apiUses.finesse} finesse.*, ${s.apiUses.gadgets} gadgets.*`);
  const cs = s.callSites;
  if (cs.total) {
    lines.push(`  migrated ${cs.mapped + cs.dropped}/${cs.total} call sites (${cs.mapped} rewritten, ${cs.dropped} dropped on purpose, ${cs.todo} marked TODO by a rule, ${cs.unmapped} unmapped)`);
  }

  const errors = report.gadgets.flatMap((g) => g.diagnostics.filter((d) => d.severity === 'error'));
  const problems = report.problems.map((p) => `${p.path}: ${p.message}`);
  const listed = [...problems, ...errors.map((d) => `${formatPosition(d)}: error ${d.code}: ${d.message}`)];
  if (listed.length) {
    lines.push('');
    for (const l of listed.slice(0, MAX_LISTED)) lines.push(l);
    if (listed.length > MAX_LISTED) lines.push(`... and ${listed.length - MAX_LISTED} more in report.json`);
  }
  lines.push('');
  lines.push(where ? `Wrote ${where}: report.html to review, report.json, migration.patch, todos.sarif, layout/desktop-layout.json and layout/fragments/, widgets/, models/.` : 'Dry run: nothing written.');
  if (where && c.widget) {
    lines.push(`Build the widgets with: finesse-migrate build ${where.replace(/\/$/, '')}`);
    // A widget's status says what was emitted; only a browser run says it works.
    lines.push(`Run them against a simulated Desktop before you ship (a widget that fails loses "migrated"): finesse-migrate verify ${where.replace(/\/$/, '')}`);
  }
  return lines.map(terminalSafe).join('\n') + '\n';
}

/**
 * A line for the terminal with its control characters written out (`\x1b`, `\x0a`, ...): a file
 * name or message from the inputs cannot move the cursor, recolour the terminal or start a line of
 * its own. C1 controls (U+0080 to U+009F) count too, some terminals act on them.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function marks(report: Report): number {
  return report.gadgets.reduce((n, g) => n + (g.widget?.marks.length ?? 0), 0);
}

function pad(n: number): string {
  return String(n).padStart(4);
}

function count(report: Report, classification: string, status: string): number {
  return report.gadgets.filter((g) => g.classification === classification && g.status === status).length;
}
