// Small pieces of report.html markup shared by its sections (html.ts, html-verify.ts).
import { escapeHtml as esc } from './highlight.js';

export { esc };

/** Code-unit order, not locale order: the page must not depend on the machine that wrote it. */
export const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const badge = (cls: string, text: string, testid?: string): string =>
  `<span class="badge b-${cls}"${testid ? ` data-testid="${testid}"` : ''}>${esc(text)}</span>`;

export const where = (p: { file: string; line?: number; column?: number }): string =>
  esc(p.line === undefined ? p.file : p.column === undefined ? `${p.file}:${p.line}` : `${p.file}:${p.line}:${p.column}`);

/** A file path, escaped, that may wrap after each `/` (a long path must not widen its table or card). */
export const pathHtml = (p: string): string => esc(p).replace(/\//g, '/<wbr>');

/** `where` for a cell: the path may wrap after each `/`. */
export const whereHtml = (p: { file: string; line?: number; column?: number }): string =>
  pathHtml(p.line === undefined ? p.file : p.column === undefined ? `${p.file}:${p.line}` : `${p.file}:${p.line}:${p.column}`);

/** `rowAttrs[i]`, when given, is written into row i's `<tr>` as is (attributes, already escaped). */
export function table(head: string[], rows: string[][], numeric: number[] = [], rowAttrs: readonly string[] = []): string {
  const th = head.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''} scope="col">${h}</th>`).join('');
  const tr = rows.map((r, j) => `<tr${rowAttrs[j] ? ` ${rowAttrs[j]}` : ''}>${r.map((d, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${d}</td>`).join('')}</tr>`).join('');
  return `<table class="data"><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}
