// A buildable widget project around a converted gadget. The code that is the same in every widget
// (the element, its runtime, the Finesse adapter, the build, the dev page and the smoke test) is
// written once per output, as the local package runtime/ that every widget depends on (issue 14);
// it comes from runtime/widget/, where it is type-checked and unit-tested. A widget holds what
// differs: src/widget.json, package.json, the README, the converted gadget code, markup and styles,
// and five small fixed files (runtime/widget/project/) that call into the shared runtime.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WidgetSource } from '../transform/widget.js';
import type { StoreBinding } from './store-bindings.js';
import { CDN_PLACEHOLDER, normalizeCdnBase, widgetScriptUrl } from './widget-fragment.js';

export const OUTDIAL_PLACEHOLDER = 'REPLACE_WITH_OUTDIAL_ENTRY_POINT_ID';

/** Versions the emitted projects pin; @wxcc-desktop/sdk 2.x is the one whose init takes an object. */
export const WIDGET_DEPENDENCIES = {
  sdk: '2.0.15',
  sdkTypes: '1.0.32',
  jquery: '^3.7.1',
  esbuild: '^0.28.2',
  typescript: '~5.9.3',
  /** The DOM npm test (test/smoke.test.mjs) loads the bundle into. */
  happyDom: '^21.0.4',
};

/** The port npm start serves the dev page on (dev/serve.mjs DEFAULT_PORT). */
export const DEV_PORT = 8700;

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
  /** The gadget's id: its layout entry is layout/fragments/<id>.json of the output. */
  id?: string;
  /** Where the bundles are hosted (--cdn-base / config cdnBase); the placeholder when unset. */
  cdnBase?: string;
  /**
   * Display path of the input root the gadget came from. When it is absolute (an input outside the
   * working directory), paths under it are shown from the root's own name in every file of the
   * project, so nothing names the machine that ran the migration.
   */
  root?: string;
}

/** The package name of the shared runtime (runtime/ of the output), as widgets import and depend on it. */
export const RUNTIME_PACKAGE = 'finesse-migrate-widget-runtime';

/**
 * runtime/tsconfig.json of the output: every widget's tsconfig.json extends it. Paths are relative to
 * runtime/; npm installs the packages of every widget into the output's node_modules/ (workspaces).
 */
const RUNTIME_TSCONFIG = {
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
    baseUrl: '.',
    paths: {
      // What widgets import the shared element by (build.mjs aliases it the same way).
      [RUNTIME_PACKAGE]: ['src/element.ts'],
      // Where the SDK's types import unpublished @agentx packages, point them at @wxcc-desktop/sdk-types.
      '@agentx/agentx-services': ['../node_modules/@wxcc-desktop/sdk-types/agentx-services/index.d.ts'],
      '@agentx/agentx-services/dist/types/src/*': ['../node_modules/@wxcc-desktop/sdk-types/agentx-services/src/*'],
      '@agentx/agentx': ['../node_modules/@wxcc-desktop/sdk-types/agentx/index.d.ts'],
    },
  },
  // Widgets see the text-module declarations through "files", which extending configs inherit.
  files: ['src/text-modules.d.ts'],
  include: ['src'],
};

/** A widget's tsconfig.json: the shared one, over the widget's own src/. */
const WIDGET_TSCONFIG = { extends: '../../runtime/tsconfig.json', include: ['src'] };

/**
 * Files of runtime/widget/ that make up the output's runtime/ folder, shared by every widget: the
 * element, its runtime, the Finesse adapter, the build, the dev page and the smoke test. The dev
 * page's Desktop simulator is finesse-migrate's own (src/verify/desktop-sim/, the one verify runs
 * widgets on). Output path (under runtime/) → path relative to runtime/widget/.
 */
export const RUNTIME_FILES: Record<string, string> = {
  'build.mjs': 'build.mjs',
  'dev/bundle.mjs': 'dev/bundle.mjs',
  'dev/index.html': 'dev/index.html',
  'dev/page.js': 'dev/page.js',
  'dev/serve.mjs': 'dev/serve.mjs',
  ...Object.fromEntries(['page', 'payloads', 'protocol', 'sdk', 'shim'].map((f) => [`dev/desktop-sim/${f}.ts`, `../../src/verify/desktop-sim/${f}.ts`])),
  'test/smoke.mjs': 'test/smoke.mjs',
  'src/element.ts': 'element.ts',
  'src/runtime.ts': 'runtime.ts',
  'src/finesse-compat.ts': 'finesse-compat.ts',
  'src/widget-config.ts': 'widget-config.ts',
  'src/text-modules.d.ts': 'text-modules.d.ts',
};

/** Files every widget project gets as they are (runtime/widget/project/): each calls into the shared runtime. */
export const WIDGET_FILES: Record<string, string> = {
  '.gitignore': 'project/gitignore',
  'build.mjs': 'project/build.mjs',
  'src/index.ts': 'project/index.ts',
  'src/gadget.d.cts': 'project/gadget.d.cts',
  'test/smoke.test.mjs': 'project/smoke.test.mjs',
};

/** runtime/widget/ of this package: two levels up from this module, in src/emit/ and dist/emit/ alike. */
export const RUNTIME_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'runtime', 'widget');

const cache = new Map<Record<string, string>, Map<string, string>>();
function read(list: Record<string, string>): Map<string, string> {
  let files = cache.get(list);
  if (!files) cache.set(list, (files = new Map(Object.entries(list).map(([to, from]) => [to, readFileSync(path.join(RUNTIME_DIR, from), 'utf8')]))));
  return files;
}

/** The version the runtime package and the widgets' dependency on it carry: the tool's. */
function runtimePackageJson(version: string): string {
  return JSON.stringify(
    {
      name: RUNTIME_PACKAGE,
      version,
      private: true,
      description: 'The custom element, runtime, Finesse adapter, build, dev page and smoke test every widget of this migration output shares (finesse-migrate)',
      type: 'module',
      dependencies: { '@wxcc-desktop/sdk': WIDGET_DEPENDENCIES.sdk, jquery: WIDGET_DEPENDENCIES.jquery },
      devDependencies: {
        '@wxcc-desktop/sdk-types': WIDGET_DEPENDENCIES.sdkTypes,
        esbuild: WIDGET_DEPENDENCIES.esbuild,
        'happy-dom': WIDGET_DEPENDENCIES.happyDom,
        typescript: WIDGET_DEPENDENCIES.typescript,
      },
    },
    null,
    2,
  ) + '\n';
}

const RUNTIME_README = `# finesse-migrate-widget-runtime

What every widget of this migration output shares, once: the custom element (\`src/element.ts\`), the
runtime that runs a converted gadget in its shadow root (\`src/runtime.ts\`), the Finesse adapter
over the Desktop SDK (\`src/finesse-compat.ts\`), the build (\`build.mjs\`), the dev page on a
simulated Desktop (\`dev/\`) and the smoke test (\`test/smoke.mjs\`). Each widget in \`../widgets/\`
keeps only what is its own (the gadget's code, markup, styles and \`src/widget.json\`) and imports the
element as \`${RUNTIME_PACKAGE}\`.

\`npm install\` in the output folder (or in any widget's folder) installs the packages of every widget
once, into the output's \`node_modules/\` (npm workspaces, \`../package.json\`). A change here changes
every widget: a later finesse-migrate run merges your edits, as it does in the widgets.
`;

/** package.json of the output: npm workspaces, so one install serves the runtime and every widget. */
const WORKSPACE_PACKAGE_JSON = JSON.stringify(
  {
    name: 'finesse-migrate-output',
    private: true,
    description: 'Webex Contact Center Desktop widgets converted from Finesse gadgets by finesse-migrate, and the runtime they share',
    workspaces: ['runtime', 'widgets/*'],
    scripts: { build: 'npm run build --workspaces --if-present', test: 'npm test --workspaces --if-present' },
  },
  null,
  2,
) + '\n';

/**
 * The files of the output that every widget shares, once per output (relative to the output): the
 * runtime/ package and the workspace package.json that installs it with the widgets.
 */
export function sharedRuntimeFiles(toolVersion: string): Map<string, string> {
  const files = new Map<string, string>([['package.json', WORKSPACE_PACKAGE_JSON]]);
  files.set('runtime/.gitignore', 'node_modules/\n.out/\n');
  files.set('runtime/README.md', RUNTIME_README);
  files.set('runtime/package.json', runtimePackageJson(toolVersion));
  files.set('runtime/tsconfig.json', JSON.stringify(RUNTIME_TSCONFIG, null, 2) + '\n');
  for (const [rel, text] of read(RUNTIME_FILES)) files.set(`runtime/${rel}`, text);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** src/widget.json: what the element (runtime/widget/index.ts) reads; see runtime/widget/widget-config.ts. */
function widgetJson(w: WidgetSource, o: WidgetProjectOptions): string {
  const config = {
    name: w.elementName,
    title: w.title,
    provider: o.widgetProvider,
    source: o.source,
    prefs: Object.fromEntries(w.prefs.map((p) => [p.name, { attribute: p.attribute, ...(p.property !== p.name ? { property: p.property } : {}), datatype: p.datatype, defaultValue: p.defaultValue }])),
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
  // The shared runtime is a local package (the output's runtime/); npm links it.
  const dependencies: Record<string, string> = { [RUNTIME_PACKAGE]: 'file:../../runtime', '@wxcc-desktop/sdk': WIDGET_DEPENDENCIES.sdk, jquery: WIDGET_DEPENDENCIES.jquery };
  // Libraries the gadget loaded from the Finesse server, at the version its path named.
  for (const d of w.dependencies.npm) if (d.version) dependencies[d.name] ??= d.version;
  return JSON.stringify(
    {
      name: w.elementName,
      version: '0.1.0',
      private: true,
      description: `${w.title}: Webex Contact Center Desktop widget converted from the Finesse gadget ${o.source}`,
      type: 'module',
      scripts: {
        build: 'node build.mjs',
        watch: 'node build.mjs --watch',
        start: 'node ../../runtime/dev/serve.mjs',
        test: 'node --test',
        typecheck: 'tsc --noEmit',
      },
      dependencies,
      devDependencies: {
        '@wxcc-desktop/sdk-types': WIDGET_DEPENDENCIES.sdkTypes,
        esbuild: WIDGET_DEPENDENCIES.esbuild,
        'happy-dom': WIDGET_DEPENDENCIES.happyDom,
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

function devSection(w: WidgetSource): string[] {
  const el = `\`<${w.elementName}>\``;
  return [
    '## Develop and test',
    '',
    `\`npm start\` serves a page with ${el} on a simulated Desktop: the widget is bundled as \`npm run build\` bundles it,`,
    'with `@wxcc-desktop/sdk` replaced by `../../runtime/dev/desktop-sim/` (a copy of the simulator `finesse-migrate verify` runs widgets',
    'on), and mounted as its layout entry mounts it (attributes and `$STORE`-bound properties from `dev/entry.json`). The',
    "agent is signed in; the page's buttons change the agent's state, play a call (offer, answer, hold, resume, end, wrap",
    'up) and remove and mount the element again, and its log lists every SDK call the widget makes, what it logs and any',
    `misuse of the SDK. Reload the page to rebuild from \`src/\`. \`npm start -- --port 9000\` (or \`PORT=9000\`) picks another port.`,
    '',
    "`npm test` runs every `*.test.mjs` in `test/` with Node's test runner. `test/smoke.test.mjs` bundles the widget as the",
    `dev page does, loads it into happy-dom (a DOM for Node, no browser) on the simulated Desktop and checks that ${el} is`,
    'defined, renders, starts with `Desktop.config.init` and gets through a call and its removal without errors or SDK',
    'misuse. No request leaves the machine: each fails as if offline (what the widget logs about those is not counted)',
    "unless the test's `NETWORK` table answers it. A widget that still needs work can fail it until its TODO marks are",
    'dealt with. Add your own tests beside it: `../../runtime/dev/bundle.mjs` bundles the widget and the simulator for them.',
    '',
  ];
}

function hostingSection(w: WidgetSource, o: WidgetProjectOptions): string[] {
  const base = normalizeCdnBase(o.cdnBase ?? CDN_PLACEHOLDER);
  const url = widgetScriptUrl(base, w.elementName);
  const lines = [
    '## Host the bundle',
    '',
    'Its layout entry loads the widget from',
    '',
    `    ${url}`,
    '',
    `Run \`npm run build\` and upload \`dist/${w.elementName}.js\` to that address (with \`dist/${w.elementName}.js.map\` beside it if you`,
    "want the gadget's own files in the browser's developer tools). The Desktop is an https page: the host must serve the",
    "file over https to the agents' browsers (a plain `<script>` load needs no CORS headers).",
  ];
  if (base === normalizeCdnBase(CDN_PLACEHOLDER)) {
    lines.push(
      '',
      `That host is a placeholder. Migrate again with \`--cdn-base https://<your host>/<path>\` (or set \`cdnBase\` in`,
      `finesse-migrate.config.json): the entry then loads \`<cdn-base>/${w.elementName}/${w.elementName}.js\`.`,
    );
  }
  lines.push(
    '',
    `Keep that URL when you ship a new version: browsers cache it, and a page defines ${`\`<${w.elementName}>\``} once.`,
    '',
  );
  return lines;
}

function layoutSection(w: WidgetSource, o: WidgetProjectOptions): string[] {
  const fragment = o.id ? `layout/fragments/${o.id}.json` : undefined;
  return [
    '## Add it to the Desktop layout',
    '',
    fragment
      ? `Its layout entry is \`${fragment}\` of the migration output (\`../../${fragment}\` from this folder): \`comp\``
      : `Its layout entry is in \`layout/fragments/\` of the migration output (the one whose \`comp\` is \`${w.elementName}\`): \`comp\``,
    `\`${w.elementName}\`, \`script\` the URL above, UserPrefs' defaults as \`attributes\` and \`$STORE\` bindings as \`properties\`.`,
    '`layout/desktop-layout.json` beside it is a Desktop layout with every migrated gadget placed for each role; the',
    "gadget's `placement` in `report.json` says where this one goes and why. To add it to your tenant's layout, download",
    'the layout your teams use in Control Hub (Contact Center → Desktop Layouts) and either migrate again with',
    '`--base-layout <that file>`, which makes `layout/desktop-layout.json` your layout with the migrated entries added, or',
    'copy the entry yourself to where `layout/desktop-layout.json` puts it (a page of `area.navigation`, a tab of',
    '`area.persistent` or an entry of `area.headless`). Upload the layout and assign it to the teams; agents see the widget',
    'after they reload the Desktop.',
    '',
  ];
}

function readme(w: WidgetSource, o: WidgetProjectOptions): string {
  const lines: string[] = [];
  lines.push(`# ${w.title} — \`<${w.elementName}>\``, '');
  lines.push(`Converted by finesse-migrate from the Finesse gadget \`${o.source}\`. Review this file and every`);
  lines.push('`TODO(finesse-migrate)` comment in `src/` before you ship.', '');
  if (o.description) lines.push(`> ${o.description.replace(/\s+/g, ' ')}`, '');
  lines.push('`src/gadget.cjs` (the gadget\'s code), `src/template.html`, `src/styles.css` and `src/widget.json` (name, UserPrefs,');
  lines.push(`messages for ${o.locale}, tenant settings) are this widget's own, as is \`dev/entry.json\`. The element, its runtime,`);
  lines.push(`the Finesse adapter, the build, the dev page and the smoke test are in \`../../runtime/\` (the package \`${RUNTIME_PACKAGE}\`),`);
  lines.push('once for every widget of the migration output; `build.mjs`, `src/index.ts` and `test/smoke.test.mjs` here call into it.', '');
  lines.push(
    '```sh',
    'npm install          # once, here or in the output folder: installs every widget\'s packages into ../../node_modules',
    `npm start            # the widget on a simulated Desktop: http://127.0.0.1:${DEV_PORT}/`,
    'npm test             # smoke test: the bundle on the simulated Desktop, in happy-dom',
    `npm run build        # dist/${w.elementName}.js (and its source map): the file to host`,
    'npm run watch        # the same, again on every change',
    'npm run typecheck',
    '```',
    '',
  );
  lines.push(...devSection(w), ...hostingSection(w, o), ...layoutSection(w, o));
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
  const renamed = w.prefs.filter((p) => p.property !== p.name);
  if (renamed.length) lines.push(`  - Named like a member of the element (or not an identifier), so the element's property for it has another name: ${renamed.map((p) => `\`${p.name}\` → \`${p.property}\``).join(', ')}. The gadget code reads them by their own names through gadgets.Prefs.`);
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

/**
 * dev/entry.json: what the dev page (npm start) and test/smoke.test.mjs set on the element, as its
 * layout entry does: UserPref defaults as attributes, $STORE bindings as properties.
 */
function devEntry(w: WidgetSource, o: WidgetProjectOptions): string {
  const entry: { comp: string; attributes?: Record<string, string>; properties?: Record<string, string> } = { comp: w.elementName };
  if (w.prefs.length) entry.attributes = Object.fromEntries(w.prefs.map((p) => [p.attribute, p.defaultValue]));
  if (o.storeBindings?.length) entry.properties = Object.fromEntries(o.storeBindings.map((b) => [b.property, b.store]));
  return JSON.stringify(entry, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// No path of the machine that ran the migration in the project

/** A display path that is absolute: the input was outside the working directory. */
const ABSOLUTE = /^(?:\/|[A-Za-z]:\/)/;

/** `a/b/c` → `a/b`; `/x` → `` (the caller keeps the leading slash out of the shown name). */
function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '' : p.slice(0, i);
}

function mapSources(w: WidgetSource): string[] {
  const out: string[] = [];
  for (const [k, v] of w.files) {
    if (!k.endsWith('.map') || typeof v !== 'string') continue;
    try {
      const map = JSON.parse(v) as { sources?: unknown };
      if (Array.isArray(map.sources)) out.push(...map.sources.filter((x): x is string => typeof x === 'string'));
    } catch {
      /* not a source map */
    }
  }
  return out;
}

/**
 * The absolute folder whose path the project must not carry, and the name it is shown by: the input
 * root, shown by its own name (`<elsewhere>/gadgets/x/X.xml` → `gadgets/x/X.xml`). Without the root, the
 * deepest folder holding every absolute path the gadget's files name. None when the paths are relative.
 */
function machineFolder(w: WidgetSource, o: WidgetProjectOptions): { from: string; to: string } | undefined {
  let folder: string;
  if (o.root !== undefined) {
    if (!ABSOLUTE.test(o.root)) return undefined;
    folder = o.root.replace(/\/+$/, '');
  } else {
    const paths = [o.source, ...w.marks.map((m) => m.at.file), ...mapSources(w)].filter((p) => ABSOLUTE.test(p));
    if (!paths.length) return undefined;
    folder = dirOf(paths[0]!);
    while (folder && !paths.every((p) => p.startsWith(folder + '/'))) folder = dirOf(folder);
  }
  const name = folder.slice(folder.lastIndexOf('/') + 1);
  // A root at the top of the file system (`/`, `C:`) keeps its paths as they are, less the slash.
  return folder.includes('/') ? { from: folder, to: name } : { from: folder + '/', to: '' };
}

interface PathEdit {
  /** Column of the replaced text in the original line. */
  at: number;
  /** Its length there. */
  length: number;
  /** The length of what replaced it. */
  now: number;
}

/** `text` with every path under `folder.from` shown from `folder.to`; the edits by line for a source map. */
function rewritePaths(text: string, folder: { from: string; to: string }): { text: string; edits: Map<number, PathEdit[]> } {
  const edits = new Map<number, PathEdit[]>();
  if (!text.includes(folder.from)) return { text, edits };
  const escaped = folder.from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Where the folder starts a path (not inside a longer name) and a path under it follows.
  const pattern = new RegExp(`(?<![\\w.~-])${escaped}${folder.from.endsWith('/') ? '' : '(?=[/!])'}`, 'g');
  const lines = text.split('\n').map((line, i) =>
    line.replace(pattern, (found: string, offset: number) => {
      const list = edits.get(i) ?? [];
      list.push({ at: offset, length: found.length, now: folder.to.length });
      edits.set(i, list);
      return folder.to;
    }),
  );
  return { text: lines.join('\n'), edits };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlq(value: number): string {
  let n = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = n & 31;
    n >>>= 5;
    if (n) digit |= 32;
    out += BASE64[digit];
  } while (n);
  return out;
}

/** The first value of a mapping segment, and the rest of it as it is. */
function firstVlq(segment: string): [number, string] {
  let result = 0;
  let shift = 0;
  let i = 0;
  for (;;) {
    const digit = BASE64.indexOf(segment[i++] ?? 'A');
    result += (digit & 31) * 2 ** shift;
    shift += 5;
    if (!(digit & 32)) break;
  }
  return [result & 1 ? -Math.floor(result / 2) : Math.floor(result / 2), segment.slice(i)];
}

/** A source map's generated columns moved left where its file's lines got shorter. */
function shiftMappings(mappings: string, edits: Map<number, PathEdit[]>): string {
  return mappings
    .split(';')
    .map((line, i) => {
      const list = edits.get(i);
      if (!list || !line) return line;
      const moved = (column: number): number => {
        let out = column;
        // Past a replaced path: shorter by what it lost; inside one: no further than what replaced it.
        for (const e of list) {
          if (column >= e.at + e.length) out -= e.length - e.now;
          else if (column > e.at + e.now) out -= column - e.at - e.now;
        }
        return out;
      };
      let column = 0;
      let previous = 0;
      return line
        .split(',')
        .map((segment) => {
          const [delta, rest] = firstVlq(segment);
          column += delta;
          const next = moved(column);
          const out = vlq(next - previous) + rest;
          previous = next;
          return out;
        })
        .join(',');
    })
    .join(';');
}

/** Every path under the machine's folder in the project's text files, shown from the folder's name. */
function withoutMachinePaths(files: Map<string, string | Uint8Array>, folder: { from: string; to: string }): void {
  for (const [rel, content] of files) {
    if (typeof content !== 'string' || rel.endsWith('.map')) continue;
    const { text, edits } = rewritePaths(content, folder);
    if (text === content) continue;
    files.set(rel, text);
    const mapRel = `${rel}.map`;
    const map = files.get(mapRel);
    if (typeof map === 'string' && edits.size) {
      const parsed = JSON.parse(map) as { mappings?: string };
      if (typeof parsed.mappings === 'string') parsed.mappings = shiftMappings(parsed.mappings, edits);
      files.set(mapRel, JSON.stringify(parsed) + (map.endsWith('\n') ? '\n' : ''));
    }
  }
  for (const [rel, content] of files) {
    if (typeof content !== 'string' || !rel.endsWith('.map')) continue;
    const parsed = JSON.parse(content) as { file?: string; sources?: unknown[] };
    const shown = (p: unknown): unknown => (typeof p === 'string' ? rewritePaths(p, folder).text : p);
    if (!Array.isArray(parsed.sources) || !parsed.sources.some((p) => typeof p === 'string' && p.includes(folder.from))) continue;
    parsed.sources = parsed.sources.map(shown);
    files.set(rel, JSON.stringify(parsed) + (content.endsWith('\n') ? '\n' : ''));
  }
}

export async function widgetProjectFiles(w: WidgetSource, o: WidgetProjectOptions): Promise<Map<string, string | Uint8Array>> {
  const files = new Map<string, string | Uint8Array>(read(WIDGET_FILES));
  files.set('package.json', packageJson(w, o));
  files.set('tsconfig.json', JSON.stringify(WIDGET_TSCONFIG, null, 2) + '\n');
  files.set('README.md', readme(w, o));
  files.set('src/widget.json', widgetJson(w, o));
  files.set('src/libraries.cjs', librariesCjs(w));
  files.set('dev/entry.json', devEntry(w, o));
  for (const [k, v] of w.files) files.set(k, v);
  const folder = machineFolder(w, o);
  if (folder) {
    // The files copied from runtime/widget/project/ are the same in every widget: they name no input.
    const own = new Map([...files].filter(([k]) => !Object.hasOwn(WIDGET_FILES, k)));
    withoutMachinePaths(own, folder);
    for (const [k, v] of own) files.set(k, v);
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
