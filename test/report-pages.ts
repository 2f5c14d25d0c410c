// report.html is an index; each gadget's details are in report/gadgets/<n>.js beside it, loaded by
// the page script. For tests that read the markup without a browser: a data file read back, and the
// page put together as the script shows it with every gadget opened (code cells highlighted by the
// same highlighter the page script bundles).
import { highlightLines, type Lang } from '../src/report/client/highlight.js';
import { GADGET_CALLBACK } from '../src/report/html-parts.js';

export interface GadgetData {
  html: string;
  changes: { lang: Lang; old: string[]; new: string[] }[];
}

/** A data file's number and data; throws when the file is anything but one call of the page's function with JSON. */
export function readGadgetData(text: string): { n: number; data: GadgetData } {
  const m = new RegExp(`^${GADGET_CALLBACK}\\((\\d+),(.*)\\);\\n$`, 's').exec(text);
  if (!m) throw new Error(`not a gadget data file: ${text.slice(0, 80)}`);
  return { n: Number(m[1]), data: JSON.parse(m[2]!) as GadgetData };
}

/** The details' markup with its code cells filled in, as the page script fills them. */
export function detailsHtml(data: GadgetData): string {
  return data.html.split(/(?=<details class="change")/).map((part) => {
    const j = /^<details class="change"[^>]*data-change="(\d+)"/.exec(part)?.[1];
    const c = j === undefined ? undefined : data.changes[Number(j)];
    if (!c) return part;
    const lines = { o: highlightLines(c.old, c.lang), n: highlightLines(c.new, c.lang) };
    return part.replace(/data-l="([on])(\d+)"><\/td>/g, (all, side: 'o' | 'n', i: string) => `data-l="${side}${i}">${lines[side][Number(i)] ?? ''}</td>`);
  }).join('');
}

/** report.html with each gadget's details in place (every data file of `files` read back). */
export function assembledPage(files: ReadonlyMap<string, string | Uint8Array>): string {
  const page = files.get('report.html');
  if (typeof page !== 'string') throw new Error('no report.html');
  return page.replace(/(<details class="gadget" [^>]*data-src="([^"]+)"[^>]*>[^]*?<div class="g-body">)(<\/div><\/details>)/g, (all, head: string, src: string, tail: string) => {
    const text = files.get(src);
    if (typeof text !== 'string') throw new Error(`report.html names ${src}, which is not among the files`);
    return head + detailsHtml(readGadgetData(text).data) + tail;
  });
}
