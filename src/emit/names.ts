// Stable, unique, file-system-safe ids for the gadgets of a batch. The id names every output of a
// gadget (layout fragment, model, later the widget project), so it must not depend on run order.
import type { AnalyzedFile } from '../analyze/index.js';
import { gadgetTitle } from './iframe.js';

/** Letters NFKD does not decompose into ASCII. */
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th' };

export function slugify(text: string): string {
  return text
    .replace(/[ßæœøłđþ]/gi, (c) => FOLD[c.toLowerCase()] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

export function baseName(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  // A spec served as .jsp, .gadget or .html is named for what it is, like an .xml one.
  return name.replace(/\.(?:xml|jspx?|gadget|html?|php|aspx?)$/i, '');
}

/** File names that say nothing about the gadget: its title names it instead. */
const GENERIC = new Set(['gadget', 'index', 'main', 'default', 'widget', 'spec', 'app', 'module', 'content']);

/**
 * The id of one gadget, from its path under its input root (and its title where the file name says
 * nothing): `crm-embed/CrmEmbed.xml` → `crm-embed`, `tools/gadget.xml` titled "Team Tools" →
 * `tools-team-tools`. It does not depend on the other gadgets of the batch, so adding, removing or
 * reordering them never moves it (config keys and output paths stay put).
 */
export function gadgetIdOf(f: AnalyzedFile): string {
  const parts = f.rel.split('/');
  const file = baseName(parts.pop()!);
  // A spec inside an archive is under the archive's name.
  const archive = f.tree.kind === 'zip' ? [f.tree.display.slice(f.tree.display.lastIndexOf('/') + 1).replace(/\.zip$/i, '')] : [];
  const title = f.gadget ? slugify(gadgetTitle(f.gadget, '')) : '';
  const last = GENERIC.has(file.toLowerCase()) && title ? title : slugify(file);
  const segments: string[] = [];
  for (const s of [...archive, ...parts, last].map(slugify).filter(Boolean)) {
    // `wrapup-notes/WrapUpNotes.xml` names one thing twice.
    if (segments[segments.length - 1]?.replace(/-/g, '') === s.replace(/-/g, '')) segments[segments.length - 1] = s;
    else segments.push(s);
  }
  // The most specific end of the path, at most 60 characters, cut at a segment.
  let id = segments.pop() ?? 'gadget';
  while (segments.length && id.length + segments[segments.length - 1]!.length + 1 <= 60) id = `${segments.pop()}-${id}`;
  return id.slice(0, 60).replace(/-+$/, '') || 'gadget';
}

/**
 * Ids for a batch. Each is its own gadgetIdOf; only gadgets that share one (the same path under two
 * input roots) are told apart, by their root's name and then a number in source order.
 */
export function assignIds(files: AnalyzedFile[], reserved: ReadonlySet<string> = new Set()): Map<AnalyzedFile, string> {
  return assignIdsOf(files.map((f) => ({ key: f, ...(f.gadget ? { wanted: gadgetIdOf(f) } : {}), root: f.tree.display })), reserved);
}

/**
 * `assignIds` over what it needs of each file: its own id (`gadgetIdOf`, for the files with a gadget)
 * and its root's display path, in source order. The worker pool (src/emit/pool.ts) gets these from
 * its workers and assigns the ids on the main thread.
 */
export function assignIdsOf<K>(items: { key: K; wanted?: string; root: string }[], reserved: ReadonlySet<string> = new Set()): Map<K, string> {
  const wanted = items.filter((x): x is { key: K; wanted: string; root: string } => x.wanted !== undefined);
  const count = new Map<string, number>();
  for (const x of wanted) count.set(x.wanted, (count.get(x.wanted) ?? 0) + 1);
  const ids = new Map<K, string>();
  // Ids of gadgets an earlier run wrote into the same output and this run keeps.
  const taken = new Set<string>(reserved);
  for (const { key, wanted: id, root: display } of wanted) {
    let chosen = id;
    if ((count.get(id) ?? 0) > 1) {
      const root = slugify(display.replace(/\/+$/, '').slice(display.lastIndexOf('/') + 1));
      chosen = root && !id.startsWith(`${root}-`) ? `${root}-${id}` : id;
    }
    const base = chosen;
    for (let n = 2; taken.has(chosen); n++) chosen = `${base}-${n}`;
    taken.add(chosen);
    ids.set(key, chosen);
  }
  return ids;
}
