// A buildable widget project around a converted gadget. The code that is the same in every widget
// (the element, its runtime, the Finesse adapter, build.mjs) is copied from runtime/widget/, where it
// is type-checked and unit-tested; what differs is data: src/widget.json, package.json, the README,
// and the converted gadget code, markup and styles.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WidgetSource } from '../transform/widget.js';
import type { StoreBinding } from './store-bindings.js';

export const OUTDIAL_PLACEHOLDER = 'REPLACE_WITH_OUTDIAL_ENTRY_POINT_ID';

/** Versions the emitted projects pin; @wxcc-desktop/sdk 2.x is the one whose init takes an object. */
export const WIDGET_DEPENDENCIES = {
  sdk: '2.0.15',
  sdkTypes: '1.0.32',
  jquery: '^3.7.1',
  esbuild: '^0.28.2',
  typescript: '~5.9.3',
};

export interface WidgetProjectOptions {
  widgetProvider: string;
  /** Tenant settings for the Finesse adapter, placeholders filled in. */
  tenant?: { idleCodes: Record<string, string>; cadVariables: Record<string, string>; outdialEntryPointId: string; outdialAni?: string };
  source: string;
  description?: string;
  messages: Record<string, string>;
  locale: string;
  /** Element properties the layout entry binds to $STORE keys (src/emit/store-bindings.ts). */
  storeBindings?: StoreBinding[];
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2020',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2020', 'DOM', 'DOM.Iterable'],
    strict: true,
    // The SDK's own .d.ts files do not compile on their own (they import unpublished packages).
    skipLibCheck: true,
    esModuleInterop: true,
    isolatedModules: true,
    resolveJsonModule: true,
    noEmit: true,
    // Where the SDK's types import unpublished @agentx packages, point them at @wxcc-desktop/sdk-types.
    baseUrl: '.',
    paths: {
      '@agentx/agentx-services': ['node_modules/@wxcc-desktop/sdk-types/agentx-services/index.d.ts'],
      '@agentx/agentx-services/dist/types/src/*': ['node_modules/@wxcc-desktop/sdk-types/agentx-services/src/*'],
      '@agentx/agentx': ['node_modules/@wxcc-desktop/sdk-types/agentx/index.d.ts'],
    },
  },
  include: ['src'],
};

/** Files of runtime/widget/ every widget gets, as they are; widget.json there is only an example. */
export const RUNTIME_FILES: Record<string, string> = {
  'build.mjs': 'build.mjs',
  'src/index.ts': 'index.ts',
  'src/runtime.ts': 'runtime.ts',
  'src/finesse-compat.ts': 'finesse-compat.ts',
  'src/widget-config.ts': 'widget-config.ts',
  'src/gadget.d.cts': 'gadget.d.cts',
  'src/text-modules.d.ts': 'text-modules.d.ts',
};

/** runtime/widget/ of this package: two levels up from this module, in src/emit/ and dist/emit/ alike. */
export const RUNTIME_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'runtime', 'widget');

let runtimeFiles: Map<string, string> | undefined;
function readRuntimeFiles(): Map<string, string> {
  runtimeFiles ??= new Map(Object.entries(RUNTIME_FILES).map(([to, from]) => [to, readFileSync(path.join(RUNTIME_DIR, from), 'utf8')]));
  return runtimeFiles;
}

/** src/widget.json: what the element (runtime/widget/index.ts) reads; see runtime/widget/widget-config.ts. */
function widgetJson(w: WidgetSource, o: WidgetProjectOptions): string {
  const config = {
    name: w.elementName,
    title: w.title,
    provider: o.widgetProvider,
    source: o.source,
    prefs: Object.fromEntries(w.prefs.map((p) => [p.name, { attribute: p.attribute, datatype: p.datatype, defaultValue: p.defaultValue }])),
    messages: o.messages,
    hostAttributes: w.hostAttributes,
    externalScripts: w.dependencies.externalScripts,
    finesse: w.usesFinesseCompat
      ? {
          tenant: o.tenant ?? { idleCodes: {}, cadVariables: {}, outdialEntryPointId: OUTDIAL_PLACEHOLDER },
          store: (o.storeBindings ?? []).map((b) => b.property),
        }
      : null,
  };
  return JSON.stringify(config, null, 2) + '\n';
}

function packageJson(w: WidgetSource, o: WidgetProjectOptions): string {
  const dependencies: Record<string, string> = { '@wxcc-desktop/sdk': WIDGET_DEPENDENCIES.sdk, jquery: WIDGET_DEPENDENCIES.jquery };
  // Libraries the gadget loaded from the Finesse server, at the version its path named.
  for (const d of w.dependencies.npm) if (d.version) dependencies[d.name] ??= d.version;
  return JSON.stringify(
    {
      name: w.elementName,
      version: '0.1.0',
      private: true,
      description: `${w.title}: Webex Contact Center Desktop widget converted from the Finesse gadget ${o.source}`,
      type: 'module',
      scripts: { build: 'node build.mjs', typecheck: 'tsc --noEmit' },
      dependencies,
      devDependencies: {
        '@wxcc-desktop/sdk-types': WIDGET_DEPENDENCIES.sdkTypes,
        esbuild: WIDGET_DEPENDENCIES.esbuild,
        typescript: WIDGET_DEPENDENCIES.typescript,
      },
    },
    null,
    2,
  ) + '\n';
}

/** The Finesse server's libraries the widget takes from npm instead (src/transform/server-libraries.ts). */
function serverLibraries(w: WidgetSource): { name: string; replaces: string; version: string; file: string }[] {
  return w.dependencies.npm.filter((d): d is typeof d & { version: string; file: string } => !!d.version && !!d.file);
}

/**
 * src/libraries.cjs, which index.ts requires before any gadget code: the scripts among them, in the
 * gadget's order, evaluated while window.jQuery is the widget's own jQuery (the `$` of gadget.cjs), so
 * jQuery plugins attach to it; the page's jQuery, if it has one, is put back afterwards.
 */
function librariesCjs(w: WidgetSource): string {
  const scripts = serverLibraries(w).filter((d) => !/\.css$/i.test(d.file));
  const head = `// Libraries the gadget loaded from the Finesse server, bundled from npm instead (package.json;
// run npm install before building). index.ts requires this file before any gadget code runs.
`;
  if (!scripts.length) return `${head}// The gadget loaded none.
`;
  return `${head}// jQuery plugins attach to window.jQuery as they are evaluated: while they are, that is this
// widget's own jQuery (the $ of gadget.cjs), and the page's own, if any, is put back afterwards.
var jQuery = require("jquery");

var page = { jQuery: window.jQuery, $: window.$ };
var had = { jQuery: "jQuery" in window, $: "$" in window };
window.jQuery = window.$ = jQuery;
try {
${scripts.map((d) => `  // ${d.replaces.replace(/[\r\n\u2028\u2029]+/g, ' ')}: ${d.name}@${d.version}
  require(${JSON.stringify(`${d.name}/${d.file}`)});
`).join('')}} finally {
  for (var name in page) {
    if (had[name]) window[name] = page[name];
    else delete window[name];
  }
}
// Plugins that start on window's load (Bootstrap 3's carousel, scrollspy, affix) look for their
// elements in the page's document, not in this widget's shadow root, and the Desktop page has loaded
// before the widget anyway: their handlers go.
jQuery(window).off("load");
`;
}

function readme(w: WidgetSource, o: WidgetProjectOptions): string {
  const lines: string[] = [];
  lines.push(`# ${w.title} — \`<${w.elementName}>\``, '');
  lines.push(`Converted by finesse-migrate from the Finesse gadget \`${o.source}\`. Review this file and every`);
  lines.push('`TODO(finesse-migrate)` comment in `src/` before you ship.', '');
  if (o.description) lines.push(`> ${o.description.replace(/\s+/g, ' ')}`, '');
  lines.push('`src/gadget.cjs` (the gadget\'s code), `src/template.html`, `src/styles.css` and `src/widget.json` (name, UserPrefs,');
  lines.push(`messages for ${o.locale}, tenant settings) are this widget's own; \`src/index.ts\`, \`src/runtime.ts\` and \`src/finesse-compat.ts\``);
  lines.push('are the same in every widget finesse-migrate emits.', '');
  lines.push('```sh', 'npm install', `npm run build        # dist/${w.elementName}.js, the file to host on your CDN`, 'npm run typecheck', '```', '');
  lines.push('## What was converted', '');
  lines.push(`- Markup: the gadget's body is \`src/template.html\`${w.otherViews.length ? ` (view "default"; the other views, ${w.otherViews.map((v) => `"${v}"`).join(', ')}, were not converted)` : ''}.`);
  lines.push('- Styles: `src/styles.css`, with selectors on `html`/`body`/`:root` rewritten to `:host`. Colours are kept; the Desktop\'s light and dark themes are not applied to them yet.');
  lines.push(`- Scripts: ${w.scripts} script${w.scripts === 1 ? '' : 's'} in \`src/gadget.cjs\`, in document order, with document look-ups scoped to the shadow root (source map: \`src/gadget.cjs.map\`).`);
  lines.push(`- Inline event handlers: ${w.handlers}, bound by the element and removed when it is removed.`);
  lines.push(`- Start-up: ${w.bootstraps} handler${w.bootstraps === 1 ? '' : 's'} (onConnect, onload, ready) run after \`Desktop.config.init\`.`);
  const libs = serverLibraries(w);
  if (libs.length) {
    lines.push(`- Libraries from the Finesse server, bundled from npm at the version the gadget loaded (run \`npm install\` before building; \`finesse-migrate build\` carries only jQuery and the Desktop SDK):`);
    for (const d of libs) {
      lines.push(`  - \`${d.replaces}\` → \`${d.name}@${d.version}\` \`${d.file}\`, ${/\.css$/i.test(d.file) ? 'inlined into `src/styles.css` by `build.mjs`' : "required by `src/libraries.cjs` on the widget's own jQuery"}.`);
    }
    if (libs.some((d) => !/\.css$/i.test(d.file))) lines.push("  - Plugins started from markup alone (`data-toggle` and the like, which listen on the page's document) do not see into the widget's shadow root: start them from code.");
  }
  if (w.prefs.length) lines.push(`- UserPrefs: ${w.prefs.map((p) => `\`${p.attribute}\``).join(', ')} are attributes (and properties) of the element, with the gadget's defaults.`);
  lines.push('');
  lines.push('## What needs a person', '');
  const unmappedTotal = [...w.unmapped.values()].reduce((a, b) => a + b, 0);
  const sites = w.sites;
  const count = (o: string): number => sites.filter((x) => x.outcome === o).length;
  if (sites.length) {
    lines.push(`- Call sites of the Finesse library and the Shindig container: ${sites.length}; ${count('mapped')} rewritten by a rule, ${count('dropped')} dropped on purpose, ${count('todo')} marked TODO by a rule, ${unmappedTotal} with no rule yet.`);
  }
  if (unmappedTotal) {
    lines.push(`- No rule covers these yet; they are left as written and marked \`[NO-RULE]\` (the Desktop loads neither library, so they fail at run time until rewritten with the Desktop SDK):`);
    for (const [api, n] of [...w.unmapped].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) lines.push(`  - \`${api}\`${n > 1 ? ` (${n})` : ''}`);
  }
  const d = w.dependencies;
  for (const u of d.unresolved) lines.push(`- \`${u.url}\`: ${u.why}.`);
  if (d.externalScripts.length) lines.push(`- Scripts loaded from other hosts at start-up: ${d.externalScripts.map((u) => `\`${u}\``).join(', ')}. Check they allow the Desktop's origin and are served over https.`);
  if (d.externalStyles.length) lines.push(`- Stylesheets imported from other hosts: ${d.externalStyles.map((u) => `\`${u}\``).join(', ')}.`);
  const byId = new Map<string, number>();
  for (const m of w.marks) if (m.kind === 'todo' && m.id !== 'NO-RULE') byId.set(m.id, (byId.get(m.id) ?? 0) + 1);
  if (byId.size) lines.push(`- Other TODO marks: ${[...byId].map(([id, n]) => `\`[${id}]\` × ${n}`).join(', ')}.`);
  const reviews = w.marks.filter((m) => m.kind === 'review').length;
  if (reviews) lines.push(`- ${reviews} REVIEW note${reviews === 1 ? '' : 's'}: approximate rewrites whose behaviour differs from Finesse; check each.`);
  if (!unmappedTotal && !d.unresolved.length && !byId.size && !reviews) lines.push('- Nothing was marked.');
  lines.push('');
  lines.push('## Marks', '');
  if (w.marks.length === 0) lines.push('None.');
  for (const m of w.marks) lines.push(`- ${m.kind === 'review' ? 'REVIEW' : 'TODO'} \`[${m.id}]\` ${m.at.file}:${m.at.line}:${m.at.column} → \`${m.file}\`: ${m.message}`);
  lines.push('');
  return lines.join('\n');
}

export async function widgetProjectFiles(w: WidgetSource, o: WidgetProjectOptions): Promise<Map<string, string | Uint8Array>> {
  const files = new Map<string, string | Uint8Array>(readRuntimeFiles());
  files.set('package.json', packageJson(w, o));
  files.set('tsconfig.json', JSON.stringify(TSCONFIG, null, 2) + '\n');
  files.set('README.md', readme(w, o));
  files.set('src/widget.json', widgetJson(w, o));
  files.set('src/libraries.cjs', librariesCjs(w));
  for (const [k, v] of w.files) files.set(k, v);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
