#!/usr/bin/env node
// The read+parse floor of a migrate run (issue 14): one process that reads every file the tool would
// read in <folder> (approximated as every .xml, .js, .css and .html file outside node_modules, .git and
// __MACOSX) and parses what the tool parses: XML with fast-xml-parser, HTML with parse5 (.html files and
// the HTML of every <Content> of a spec), JavaScript with TypeScript's ts.createSourceFile (.js files and
// every inline <script> of that HTML). CSS is read only. bench/estate.mjs runs it under the same CPU and
// memory measurement as migrate, so "migrate CPU / floor CPU" says how far the tool is from the cost
// of just looking at its input. Prints one JSON line: what was read and parsed.
// Usage: node bench/floor.mjs <folder>
//
// fast-xml-parser is a devDependency for this floor only (the tool has its own XML parser); when it
// cannot be imported (a production install) the floor falls back to the tool's parser
// (dist/parse/xml.js, built by `npm run build`) and says so ("xmlParser").
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseHtml } from 'parse5';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = process.argv[2];
if (!folder) {
  console.error('usage: node bench/floor.mjs <folder>');
  process.exit(2);
}

let xmlParser;
let parseXml;
try {
  const { XMLParser } = await import('fast-xml-parser');
  const p = new XMLParser({ ignoreAttributes: false, processEntities: false });
  parseXml = (text) => p.parse(text);
  xmlParser = 'fast-xml-parser';
} catch {
  const own = await import(pathToFileURL(path.join(root, 'dist', 'parse', 'xml.js')).href);
  parseXml = (text) => own.parseXml(text);
  xmlParser = 'finesse-migrate dist/parse/xml.js (fast-xml-parser not installed)';
}

const SKIP = new Set(['node_modules', '.git', '__MACOSX']);
const counts = { xml: 0, html: 0, js: 0, css: 0, contents: 0, inlineScripts: 0, bytes: 0, parseErrors: 0 };

/** The text of every inline <script> under a parse5 node. */
function inlineScripts(node, out = []) {
  if (node.nodeName === 'script' && !node.attrs.some((a) => a.name === 'src')) out.push(node.childNodes.map((c) => c.value ?? '').join(''));
  for (const c of node.childNodes ?? []) inlineScripts(c, out);
  if (node.content) inlineScripts(node.content, out);
  return out;
}

/** A gadget's views are HTML: parse each <Content>'s text, and each inline script in it, as the tool must. */
function parseContents(file, text) {
  for (const m of text.matchAll(/<Content\b[^>]*>([\s\S]*?)<\/Content>/g)) {
    counts.contents++;
    const html = m[1].replace(/^\s*<!\[CDATA\[/, '').replace(/\]\]>\s*$/, '');
    for (const code of inlineScripts(parseHtml(html, { sourceCodeLocationInfo: true }))) {
      counts.inlineScripts++;
      ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    }
  }
}
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(p);
      continue;
    }
    if (!e.isFile()) continue;
    const ext = path.extname(e.name).toLowerCase();
    if (ext !== '.xml' && ext !== '.js' && ext !== '.css' && ext !== '.html' && ext !== '.htm') continue;
    const text = readFileSync(p, 'utf8');
    counts.bytes += text.length;
    try {
      if (ext === '.xml') {
        counts.xml++;
        const r = parseXml(text);
        if (r && r.ok === false) counts.parseErrors++;
        parseContents(p, text);
      } else if (ext === '.js') {
        counts.js++;
        ts.createSourceFile(p, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      } else if (ext === '.css') {
        counts.css++;
      } else {
        counts.html++;
        parseHtml(text, { sourceCodeLocationInfo: true });
      }
    } catch {
      counts.parseErrors++;
    }
  }
}
walk(path.resolve(folder));
console.log(JSON.stringify({ ...counts, files: counts.xml + counts.html + counts.js + counts.css, xmlParser }));
