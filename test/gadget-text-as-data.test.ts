// Gadget text reaches generated code only as data (issue 13): a gadget that carries one payload in
// every field it has (title, description, UserPrefs, messages, views, file names, ids, markup) is
// converted, and every file of the output that is code or holds code is parsed: the payload's
// `PWN` may appear in strings, JSON and escaped comments, never as code.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze/index.js';
import { planBatch } from '../src/emit/plan.js';
import { FolderTree } from '../src/parse/source-tree.js';
import { tempDir } from './helpers.js';

/** Ends a block comment, a line comment, a string of each quote, a template, a script element and a CDATA section. */
const PAYLOAD = '*/ globalThis.PWN=1; /* \n globalThis.PWN=1 // \' globalThis.PWN=1 " globalThis.PWN=1 ` ${globalThis.PWN=1} </script><script>globalThis.PWN=1</script> \u2028 globalThis.PWN=1';
const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/\n/g, '&#10;');
const text = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** In the gadget's own script, `</script>` would end it in Finesse too: written as a gadget author must. */
const inScript = (s: string): string => s.replace(/<\/script/g, '<\\/script');

let files: Map<string, string | Uint8Array>;

beforeAll(async () => {
  const dir = path.join(tempDir('fm-as-data-'), 'everywhere');
  mkdirSync(path.join(dir, 'messages'), { recursive: true });
  // A file name cannot hold `/` or NUL: the rest of the payload goes into one.
  const scriptName = `x \u2028 globalThis.PWN=1; \n'" ${'`'}.js`;
  writeFileSync(path.join(dir, scriptName), 'var loaded = finesse.utilities.Utilities.getUserAuthString;\n');
  // A message used in markup is content, substituted raw as Shindig does (it ran in Finesse too): the
  // payload goes into messages the markup does not use, and into message names.
  writeFileSync(path.join(dir, 'messages', 'ALL_ALL.xml'), `<messagebundle><msg name="greeting">Hello</msg><msg name="other">${text(PAYLOAD)}</msg><msg name="${attr(PAYLOAD)}">x</msg></messagebundle>`);
  writeFileSync(
    path.join(dir, 'Everywhere.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<Module>
  <ModulePrefs title="${attr(PAYLOAD)}" description="${attr(PAYLOAD)}" author="${attr(PAYLOAD)}">
    <Require feature="${attr(PAYLOAD)}"/>
    <Locale messages="messages/ALL_ALL.xml"/>
  </ModulePrefs>
  <UserPref name="queue" display_name="${attr(PAYLOAD)}" default_value="${attr(PAYLOAD)}" datatype="enum">
    <EnumValue value="${attr(PAYLOAD)}" display_value="${attr(PAYLOAD)}"/>
  </UserPref>
  <UserPref name="${attr(PAYLOAD)}" default_value="${attr(PAYLOAD)}"/>
  <Content type="html"><![CDATA[
    <div id="${attr(PAYLOAD)}" class="${attr(PAYLOAD)}" title="__MSG_greeting__">${text(PAYLOAD)} __UP_queue__</div>
    <a href="#" onclick="refresh(); return false;">refresh</a>
    <script src="${attr(scriptName)}"></script>
    <script type="text/javascript">
      // ${inScript(PAYLOAD).replace(/[\n\u2028]/g, ' ')}
      var label = "${inScript(PAYLOAD).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\u2028/g, '\\u2028').replace(/]]>/g, ']]" + ">')}";
      function refresh() { document.getElementById("board").textContent = label; }
      gadgets.HubSettings.onConnect = function () { refresh(); };
    </script>
  ]]></Content>
</Module>
`,
  );
  const tree = new FolderTree(dir);
  const plan = await planBatch([analyzeFile(tree, 'Everywhere.xml')], { toolVersion: 'test', locale: 'en-US', inputs: [], problems: [] });
  files = plan.files;
  expect(plan.report.gadgets[0]!.widget, 'the gadget becomes a widget').toBeDefined();
});

/** Identifiers of a script, or its parse errors (a payload that breaks the syntax breaks out too). */
function identifiersOf(name: string, code: string): { names: Set<string>; errors: string[] } {
  const kind = name.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(name, code, ts.ScriptTarget.Latest, true, kind);
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const errors = ((sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  return { names, errors };
}

function scriptsOf(html: string): string[] {
  const out: string[] = [];
  const visit = (n: T.ParentNode): void => {
    for (const c of n.childNodes) {
      if ('tagName' in c && c.tagName === 'script' && !c.attrs.some((a) => a.name === 'type' && !/javascript|module/.test(a.value))) {
        out.push(c.childNodes.map((t) => ('value' in t ? (t as T.TextNode).value : '')).join(''));
      }
      if ('childNodes' in c) visit(c as T.ParentNode);
      if ('content' in c) visit((c as T.Template).content);
    }
  };
  visit(parse(html));
  return out;
}

describe('gadget text in every field of a gadget', () => {
  it('reaches the output (the test would prove nothing otherwise)', () => {
    const all = [...files.values()].filter((v): v is string => typeof v === 'string').join('\n');
    expect(all).toContain('PWN');
  });

  it('is never code in the generated scripts and modules', () => {
    const code = [...files].filter(([k, v]) => typeof v === 'string' && /\.(ts|js|cjs|mjs)$/.test(k) && !k.endsWith('.d.ts'));
    expect(code.length).toBeGreaterThan(3);
    for (const [name, content] of code) {
      const { names, errors } = identifiersOf(name, content as string);
      // The gadget's own script is code by design; the payload sits in its string and comment.
      expect(names.has("PWN"), name).toBe(false);
      expect(errors, name).toEqual([]);
    }
  });

  it('stays data in JSON files', () => {
    for (const [name, content] of files) if (name.endsWith('.json') && typeof content === 'string') expect(() => JSON.parse(content), name).not.toThrow();
  });

  it('never runs as script in the HTML outputs (report, dev page, template)', () => {
    const pages = [...files].filter(([k, v]) => typeof v === 'string' && k.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(1);
    for (const [name, html] of pages) {
      for (const script of scriptsOf(html as string)) expect(identifiersOf(`${name}.js`, script).names.has('PWN'), name).toBe(false);
    }
  });
});
