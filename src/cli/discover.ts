// Turns the paths a user typed into source trees and the spec files to analyze in each.
// Folders are walked (skipping build output and OS debris), .zip archives are read in memory, and a
// single .xml names one spec inside its own folder. Order is sorted so ids and output are stable.
import { realpathSync, statSync } from 'node:fs';
import { readInputFile } from '../parse/read-file.js';
import path from 'node:path';
import { decodeBytes } from '../parse/decode.js';
import { FolderTree, LIMITS, ZipTree, type SourceTree } from '../parse/source-tree.js';

export interface Candidate {
  tree: SourceTree;
  rel: string;
}

export interface Discovery {
  candidates: Candidate[];
  /** Archives and entries that could not be read; each fails its part of the batch, not the batch. */
  problems: { path: string; message: string }[];
  /** Absolute real paths of the inputs, so the runner can refuse to write inside them. */
  inputRoots: string[];
}

export class UsageError extends Error {}

const isXml = (p: string): boolean => /\.xml$/i.test(p);
const isZip = (p: string): boolean => /\.zip$/i.test(p);
/**
 * Other names a gadget spec is served under (a JSP or page template, `.gadget`, no extension at all):
 * these are specs only when their content says so (root element `Module`).
 */
const MAYBE_SPEC = /(?:\.(?:jsp|jspx|jspf|html?|xhtml|gadget|php|aspx?|tpl|tmpl|vm|ftl|hbs|ejs)|(?:^|\/)[^./]+)$/i;

/** How far into a file the root element is looked for (JSP directives and comments come first). */
const SNIFF_BYTES = 16_384;

/**
 * True when the text's first element is `<Module>` (any prefix), past a BOM, the XML declaration,
 * comments and template markers (`<%@ page %>`, `<%-- --%>`, `<#-- -->`).
 */
export function looksLikeSpec(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const close = text.startsWith('<?', i) ? '?>' : text.startsWith('<!--', i) ? '-->' : text.startsWith('<%', i) ? '%>' : text.startsWith('<#--', i) ? '-->' : undefined;
    if (!close) break;
    const end = text.indexOf(close, i + 2);
    if (end < 0) return false;
    i = end + close.length;
  }
  return /^<(?:[\w.-]+:)?Module[\s>/]/.test(text.slice(i, i + 64));
}

function sniff(read: () => Uint8Array | undefined): boolean {
  const bytes = read();
  if (!bytes) return false;
  const head = bytes.subarray(0, SNIFF_BYTES);
  // UTF-16 specs exist; the decoder the parser uses knows their BOMs.
  return looksLikeSpec(decodeBytes(head).text);
}

/** Whether `rel` of a tree is a spec to analyze: every .xml (non-gadget XML is reported as such), other names by content. */
function isSpecFile(rel: string, read: () => Uint8Array | undefined): boolean {
  if (isXml(rel)) return true;
  return MAYBE_SPEC.test(rel) && sniff(read);
}

function openZip(abs: string, bytes: Uint8Array | undefined, display: string, problems: Discovery['problems']): ZipTree | undefined {
  try {
    const tree = new ZipTree(display, bytes ?? readInputFile(abs, LIMITS.maxZipBytes));
    for (const p of tree.problems) problems.push({ path: tree.displayPath(p.path), message: p.message });
    return tree;
  } catch (e) {
    problems.push({ path: display, message: `cannot read the archive: ${(e as Error).message}` });
    return undefined;
  }
}

/** `--only` / `--ignore` globs, matched against a candidate's path relative to its input (see {@link matchesGlob}). */
export interface DiscoverFilter {
  only?: string[];
  ignore?: string[];
}

// A glob as a regular expression over a `/`-separated path: `*` and `?` stay within a path segment,
// `**` crosses segments (a `**` segment may also stand for no folder at all: `a/**/b` matches `a/b`),
// `[abc]` / `[!abc]` are classes, `{a,b}` alternatives, and `\` escapes the next character.
export function globToRegExp(glob: string): RegExp {
  const literal = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        i++;
        if (atStart && glob[i + 1] === '/') {
          re += '(?:[^/]*/)*';
          i++;
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '\\' && i + 1 < glob.length) re += literal(glob[++i]!);
    else re += literal(c);
  }
  return new RegExp('^' + re + ')'.repeat(braces) + '$');
}

// Whether `rel` (relative to its input, `/`-separated) matches `pattern`, the way .gitignore reads
// patterns: one that names a folder matches everything in it, one without a `/` matches a file or
// folder name at any depth (`*.jsp`, `legacy`), and one with a `/` is anchored at the input root
// (`crm-*/**`, `team/Gadget.xml`, `./Gadget.xml`).
export function matchesGlob(rel: string, pattern: string): boolean {
  let p = pattern.replace(/\/+$/, '');
  const anchored = p.includes('/');
  p = p.replace(/^\.?\/+/, '');
  if (!p) return false;
  const re = globToRegExp(p);
  const segs = rel.split('/');
  for (let start = 0; start < (anchored ? 1 : segs.length); start++) {
    for (let end = start + 1; end <= segs.length; end++) if (re.test(segs.slice(start, end).join('/'))) return true;
  }
  return false;
}

export function discover(inputs: string[], filter: DiscoverFilter = {}): Discovery {
  const problems: Discovery['problems'] = [];
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const inputRoots: string[] = [];
  const only = filter.only ?? [];
  const ignore = filter.ignore ?? [];
  /** `relToInput`: the path --only/--ignore see (inside an archive: the archive's path, then the entry's). */
  const add = (key: string, c: Candidate, relToInput: string): void => {
    if (seen.has(key)) return;
    if (only.length && !only.some((g) => matchesGlob(relToInput, g))) return;
    if (ignore.some((g) => matchesGlob(relToInput, g))) return;
    seen.add(key);
    candidates.push(c);
  };

  for (const input of [...new Set(inputs)].sort()) {
    const abs = path.resolve(input);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`input not found: ${input}`);
    }
    const real = realpathSync(abs);
    inputRoots.push(real);

    if (st.isDirectory()) {
      const tree = new FolderTree(abs);
      for (const rel of tree.files()) {
        if (isZip(rel)) {
          // Archives inside a folder are gadget bundles too (the Cisco samples ship that way).
          const zipAbs = path.join(abs, rel);
          const size = statSync(zipAbs).size;
          if (size > LIMITS.maxZipBytes) {
            problems.push({ path: tree.displayPath(rel), message: `archive is ${size} bytes, over the ${LIMITS.maxZipBytes}-byte limit; not read` });
            continue;
          }
          const zip = openZip(zipAbs, undefined, zipAbs, problems);
          if (zip) for (const e of zip.files()) if (isSpecFile(e, () => zip.read(e))) add(`${path.join(real, rel)}!/${e}`, { tree: zip, rel: e }, `${rel}/${e}`);
        } else if (isSpecFile(rel, () => tree.read(rel))) add(path.join(real, rel), { tree, rel }, rel);
      }
      for (const p of tree.problems) problems.push({ path: tree.displayPath(p.path), message: p.message });
    } else if (st.isFile() && isZip(abs)) {
      const zip = openZip(abs, undefined, abs, problems);
      if (zip) for (const e of zip.files()) if (isSpecFile(e, () => zip.read(e))) add(`${real}!/${e}`, { tree: zip, rel: e }, e);
    } else if (st.isFile() && (isXml(abs) || looksLikeSpec(decodeBytes(readInputFile(abs, LIMITS.maxFileBytes, SNIFF_BYTES)).text))) {
      // A single spec: its folder is its root, so sibling scripts resolve and nothing above it is read.
      const tree = new FolderTree(path.dirname(abs));
      add(real, { tree, rel: path.basename(abs) }, path.basename(abs));
    } else {
      throw new UsageError(`not a folder, gadget spec (.xml, or any file whose root element is <Module>) or .zip archive: ${input}`);
    }
  }
  candidates.sort((a, b) => cmp(a.tree.displayPath(a.rel), b.tree.displayPath(b.rel)));
  return { candidates, problems, inputRoots };
}

/** Code-unit order, the same on every machine and locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
