// A buildable widget project around a converted gadget: package.json, tsconfig.json, build.mjs
// (esbuild, one file dist/<name>.js), the element in src/index.ts, the shared runtime, and a README
// of what was converted and what needs a person. Generated TypeScript is formatted with prettier.
import * as prettier from 'prettier';
import type { WidgetSource } from '../transform/widget.js';
import type { StoreBinding } from './store-bindings.js';
import { className } from '../transform/element-name.js';
import { RUNTIME_TS } from './widget-runtime.js';
import { FINESSE_COMPAT_TS } from './finesse-compat.js';

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

const TEXT_MODULES_D_TS = `// template.html and styles.css are bundled as text (see build.mjs).
declare module "*.html" {
  const text: string;
  export default text;
}
declare module "*.css" {
  const text: string;
  export default text;
}
`;

const GADGET_D_CTS = `// Types for the converted gadget code, which stays plain JavaScript.
import type { GadgetContext } from "./runtime";

declare function runGadget(ctx: GadgetContext): void;
export = runGadget;
`;

function buildMjs(name: string): string {
  return `// Builds dist/${name}.js: the one file the Desktop loads from your CDN (the layout's "script").
// Run with \`npm run build\`. finesse-migrate build calls build() for every widget it emitted.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const NAME = ${JSON.stringify(name)};

const MIME = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
};

// template.html and styles.css become strings, with their ./assets/ files inlined as data URIs:
// a shadow root resolves relative URLs against the Desktop page, not against the bundle.
const textWithAssets = {
  name: "text-with-assets",
  setup(build) {
    build.onLoad({ filter: /\\.(html|css)$/ }, async (args) => {
      const dir = path.dirname(args.path);
      let text = await readFile(args.path, "utf8");
      const refs = [...new Set(text.match(/\\.\\/assets\\/[^"')\\s]+/g) ?? [])];
      for (const ref of refs) {
        const data = await readFile(path.join(dir, ref));
        const mime = MIME[path.extname(ref).toLowerCase()] ?? "application/octet-stream";
        text = text.split(ref).join(\`data:\${mime};base64,\${data.toString("base64")}\`);
      }
      return { contents: text, loader: "text", watchFiles: refs.map((ref) => path.join(dir, ref)) };
    });
  },
};

export async function build({ esbuild, nodePaths = [], alias = {}, outfile = path.join(here, "dist", NAME + ".js") } = {}) {
  esbuild ??= await import("esbuild");
  return esbuild.build({
    entryPoints: [path.join(here, "src", "index.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    outfile,
    sourcemap: true,
    minify: true,
    charset: "utf8",
    legalComments: "eof",
    plugins: [textWithAssets],
    nodePaths,
    alias,
    // The gadget code must stay sloppy-mode JavaScript (Cisco's samples assign implicit globals such
    // as \`clientLogs = ...\`). tsconfig.json's "strict" implies alwaysStrict, and esbuild then puts
    // "use strict" into every module it bundles, gadget.cjs included: keep it for type-checking only.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    logLevel: "silent",
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build();
}
`;
}

function indexTs(w: WidgetSource, o: WidgetProjectOptions): string {
  const cls = className(w.elementName);
  const prefs = Object.fromEntries(w.prefs.map((p) => [p.name, { attribute: p.attribute, datatype: p.datatype, defaultValue: p.defaultValue }]));
  const accessors = w.prefs
    .filter((p) => /^[A-Za-z_$][\w$]*$/.test(p.name) && !RESERVED_MEMBERS.has(p.name))
    .map((p) => {
      const type = p.datatype === 'bool' ? 'boolean' : p.datatype === 'number' ? 'number' : 'string';
      const get = type === 'boolean'
        ? `return /^(true|1)$/i.test(this.getAttribute(${JSON.stringify(p.attribute)}) ?? PREFS[${JSON.stringify(p.name)}]!.defaultValue);`
        : type === 'number'
          ? `return Number(this.getAttribute(${JSON.stringify(p.attribute)}) ?? PREFS[${JSON.stringify(p.name)}]!.defaultValue);`
          : `return this.getAttribute(${JSON.stringify(p.attribute)}) ?? PREFS[${JSON.stringify(p.name)}]!.defaultValue;`;
      return `/** UserPref "${p.name}" (${p.datatype}), attribute "${p.attribute}". */\nget ${p.name}(): ${type} { ${get} }\nset ${p.name}(value: ${type}) { this.setAttribute(${JSON.stringify(p.attribute)}, String(value)); }\n`;
    })
    .join('\n');
  const bindings = o.storeBindings ?? [];
  const storeAccessors = bindings
    .map((b) => `/** ${b.store}, kept current by the Desktop (layout entry "properties"); read by the Finesse adapter (${b.rules.join(', ')}). */\nget ${b.property}(): ${b.type} | undefined { return this.store.${b.property}; }\nset ${b.property}(value: ${b.type} | undefined) { this.store.${b.property} = value; }\n`)
    .join('\n');
  const hostAttrs = Object.keys(w.hostAttributes).length
    ? `\n/** Attributes of the gadget's <body>: the element stands in for it. */\nconst HOST_ATTRIBUTES: Record<string, string> = ${JSON.stringify(w.hostAttributes)};\n`
    : '';
  const applyHost = hostAttrs
    ? `for (const [name, value] of Object.entries(HOST_ATTRIBUTES)) {
      if (name === "class") this.classList.add(...value.split(/\\s+/).filter(Boolean));
      else if (!this.hasAttribute(name)) this.setAttribute(name, value);
    }\n`
    : '';
  const external = w.dependencies.externalScripts.length
    ? `\n/** Scripts the gadget loaded from other hosts; loaded in order before its own code runs. */\nconst EXTERNAL_SCRIPTS: string[] = ${JSON.stringify(w.dependencies.externalScripts)};\n`
    : '';
  const loadExternal = external ? `await loadScripts(EXTERNAL_SCRIPTS, log);\n    if (this.runtime !== runtime) return;\n` : '';
  return `/**
 * ${w.title} (<${w.elementName}>): a Webex Contact Center Desktop widget converted by finesse-migrate
 * from the Finesse gadget ${o.source}.${o.description ? `\n * ${o.description}` : ''}
 * README.md lists what was converted and what needs a person.
 */
import { Desktop } from "@wxcc-desktop/sdk";
import runGadget from "./gadget.cjs";
import { GadgetRuntime, ${external ? 'loadScripts, ' : ''}type PrefSpec } from "./runtime";${w.usesFinesseCompat ? '\nimport { createFinesseCompat, type DesktopStore, type TenantSettings } from "./finesse-compat";' : ''}
import styles from "./styles.css";
import template from "./template.html";

const WIDGET_NAME = ${JSON.stringify(w.elementName)};
const WIDGET_PROVIDER = ${JSON.stringify(o.widgetProvider)};

/** The gadget's UserPrefs: the layout sets them as attributes; these are the gadget's defaults. */
const PREFS: Record<string, PrefSpec> = ${JSON.stringify(prefs)};

/** Messages of the gadget's <Locale> bundles for ${o.locale}, for prefs.getMsg(). */
const MESSAGES: Record<string, string> = ${JSON.stringify(o.messages)};
${hostAttrs}${external}${w.usesFinesseCompat ? `\n/** Tenant settings (finesse-migrate.config.json "tenant"); REPLACE_WITH_* values are placeholders the report lists. */\nconst TENANT: TenantSettings = ${JSON.stringify(o.tenant ?? { idleCodes: {}, cadVariables: {}, outdialEntryPointId: OUTDIAL_PLACEHOLDER })};\n` : ''}
const log = Desktop.logger.createLogger(WIDGET_NAME);

export class ${cls} extends HTMLElement {
  private runtime: GadgetRuntime | undefined;${w.usesFinesseCompat ? '\n  /** $STORE values the layout binds to this element\'s properties. */\n  private readonly store: DesktopStore = {};' : ''}

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
  }

${accessors}${storeAccessors ? `${accessors ? '\n' : ''}${storeAccessors}` : ''}
  async connectedCallback(): Promise<void> {
    if (this.runtime) return;
    const root = this.shadowRoot!;
    ${applyHost}root.innerHTML = \`<style>\${styles}</style>\${template}\`;
    const runtime = new GadgetRuntime(this, root, PREFS, MESSAGES, log, WIDGET_NAME);
    this.runtime = runtime;${w.usesFinesseCompat ? '\n    // The Finesse objects the gadget code uses (User, Dialogs, ContainerServices), over the Desktop SDK (rules USR-*, DLG-*, CTR-*).\n    runtime.context.finesse = createFinesseCompat({ log, widgetName: WIDGET_NAME, tenant: TENANT, store: this.store, onCleanup: (cleanup) => runtime.onCleanup(cleanup) });' : ''}
    ${loadExternal}// The gadget's scripts, in document order, scoped to this element's shadow root.
    runGadget(runtime.context);
    try {
      await Desktop.config.init({ widgetName: WIDGET_NAME, widgetProvider: WIDGET_PROVIDER });
    } catch (error) {
      log.error("Desktop.config.init failed; the gadget starts without the Desktop SDK", error);
    }
    // Removed while the SDK started: do not run the start-up handlers of a stale instance.
    if (this.runtime !== runtime) return;
    runtime.start();
  }

  disconnectedCallback(): void {
    this.runtime?.stop();
    this.runtime = undefined;
    this.shadowRoot!.innerHTML = "";
  }
}

if (!customElements.get(WIDGET_NAME)) customElements.define(WIDGET_NAME, ${cls});
`;
}

/** Members of HTMLElement a UserPref name must not shadow. */
const RESERVED_MEMBERS = new Set(['title', 'id', 'lang', 'dir', 'hidden', 'style', 'className', 'slot', 'runtime', 'role', 'tabIndex', 'innerHTML', 'textContent']);

function packageJson(w: WidgetSource, o: WidgetProjectOptions): string {
  const dependencies: Record<string, string> = { '@wxcc-desktop/sdk': WIDGET_DEPENDENCIES.sdk, jquery: WIDGET_DEPENDENCIES.jquery };
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

function readme(w: WidgetSource, o: WidgetProjectOptions): string {
  const lines: string[] = [];
  lines.push(`# ${w.title} — \`<${w.elementName}>\``, '');
  lines.push(`Converted by finesse-migrate from the Finesse gadget \`${o.source}\`. Review this file and every`);
  lines.push('`TODO(finesse-migrate)` comment in `src/` before you ship.', '');
  lines.push('```sh', 'npm install', `npm run build        # dist/${w.elementName}.js, the file to host on your CDN`, 'npm run typecheck', '```', '');
  lines.push('## What was converted', '');
  lines.push(`- Markup: the gadget's body is \`src/template.html\`${w.otherViews.length ? ` (view "default"; the other views, ${w.otherViews.map((v) => `"${v}"`).join(', ')}, were not converted)` : ''}.`);
  lines.push('- Styles: `src/styles.css`, with selectors on `html`/`body`/`:root` rewritten to `:host`. Colours are kept; the Desktop\'s light and dark themes are not applied to them yet.');
  lines.push(`- Scripts: ${w.scripts} script${w.scripts === 1 ? '' : 's'} in \`src/gadget.cjs\`, in document order, with document look-ups scoped to the shadow root (source map: \`src/gadget.cjs.map\`).`);
  lines.push(`- Inline event handlers: ${w.handlers}, bound by the element and removed when it is removed.`);
  lines.push(`- Start-up: ${w.bootstraps} handler${w.bootstraps === 1 ? '' : 's'} (onConnect, onload, ready) run after \`Desktop.config.init\`.`);
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

// Files that are the same in every widget (or differ only by the name) are formatted once per run.
let runtimeFormatted: Promise<string> | undefined;
let buildFormatted: Promise<string> | undefined;
let compatFormatted: Promise<string> | undefined;
const NAME_SLOT = '__FINESSE_MIGRATE_WIDGET_NAME__';

export async function widgetProjectFiles(w: WidgetSource, o: WidgetProjectOptions): Promise<Map<string, string | Uint8Array>> {
  const files = new Map<string, string | Uint8Array>();
  const ts = (text: string): Promise<string> => prettier.format(text, { parser: 'babel-ts', printWidth: 110 });
  runtimeFormatted ??= ts(RUNTIME_TS);
  buildFormatted ??= prettier.format(buildMjs(NAME_SLOT), { parser: 'babel', printWidth: 110 });
  files.set('package.json', packageJson(w, o));
  files.set('tsconfig.json', JSON.stringify(TSCONFIG, null, 2) + '\n');
  files.set('build.mjs', (await buildFormatted).split(NAME_SLOT).join(w.elementName));
  files.set('README.md', readme(w, o));
  files.set('src/index.ts', await ts(indexTs(w, o)));
  files.set('src/runtime.ts', await runtimeFormatted);
  if (w.usesFinesseCompat) {
    compatFormatted ??= ts(FINESSE_COMPAT_TS);
    files.set('src/finesse-compat.ts', await compatFormatted);
  }
  files.set('src/gadget.d.cts', GADGET_D_CTS);
  files.set('src/text-modules.d.ts', TEXT_MODULES_D_TS);
  for (const [k, v] of w.files) files.set(k, v);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
