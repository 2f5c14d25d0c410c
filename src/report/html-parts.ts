// Small pieces of report.html markup shared by its sections (html.ts, html-verify.ts).

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

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

/** How the page marks a whole line: a TODO or REVIEW comment of the conversion, or one of its notes. */
export function lineMarker(line: string): 'todo' | 'review' | 'note' | undefined {
  if (line.includes('TODO(finesse-migrate)')) return 'todo';
  if (line.includes('REVIEW(finesse-migrate)')) return 'review';
  if (/\/\* finesse-migrate \[/.test(line)) return 'note';
  return undefined;
}

/** The function a gadget's data file calls (report/gadgets/<n>.js); the page script defines it. */
export const GADGET_CALLBACK = '__finesseMigrateGadget';
/** The function report/search.js calls with the search text of every gadget. */
export const SEARCH_CALLBACK = '__finesseMigrateSearch';

const DATA_ESCAPES = new Map([['</', '<\\/'], ['<!', '\\u003c!'], ['-->', '--\\u003e'], ['\u2028', '\\u2028'], ['\u2029', '\\u2029']]);

/**
 * A gadget's data file: one call of GADGET_CALLBACK with the gadget's number (from 1) and its data
 * as JSON. `</` is written `<\/`, `<!` and `-->` and the line and paragraph separators with \u
 * escapes, so no text of the gadget can close a script element, open or close an HTML comment or end a line
 * of the script, wherever the file is read from (the JSON stays the same data).
 */
export function dataScript(index: number, data: unknown): string {
  return `${GADGET_CALLBACK}(${index},${safeJson(data)});\n`;
}

/** report/search.js: one call of SEARCH_CALLBACK with each gadget's search text, in report order; escaped alike. */
export function searchScript(texts: readonly string[]): string {
  return `${SEARCH_CALLBACK}(${safeJson(texts)});\n`;
}

function safeJson(data: unknown): string {
  return JSON.stringify(data).replace(/<\/|<!|-->|[\u2028\u2029]/g, (c) => DATA_ESCAPES.get(c) ?? c);
}
