// The "Start here" section of report.html: what applies to the whole batch, said once (the host of
// the widget bundles, the tenant settings no config gave, the commands to run next) instead of in
// every gadget's actions. Those actions stay in report.json as they are; the page leaves the ones
// this section covers out of each gadget's list.
import { CDN_PLACEHOLDER } from '../emit/widget-fragment.js';
import { byCode, esc } from './html-parts.js';
import type { GadgetRecord, Report } from './report.js';

/** The config file migrate reads by default (src/cli/main.ts), and where its keys are described. */
const CONFIG_FILE = 'finesse-migrate.config.json';
const CONFIG_SCHEMA = 'schemas/config.schema.json';

/** What to write for a tenant setting the config lacks: a value to fill in, and what it is. */
const TENANT_VALUES: Record<string, { value: unknown; what: string }> = {
  'tenant.idleCodes': {
    value: { '<Finesse Not Ready reason code id>': '<Desktop idle code id>' },
    what: 'Finesse Not Ready reason code id → Desktop idle code id',
  },
  'tenant.cadVariables': {
    value: { '<Finesse call variable or ECC name>': '<CAD variable name in the flow>' },
    what: 'Finesse call variable or ECC name → CAD variable name of the flow',
  },
  'tenant.outdial.entryPointId': {
    value: '<outdial entry point id>',
    what: 'the outdial entry point id calls are placed through',
  },
};

export interface BatchWide {
  /** The section's markup. */
  html: string;
  /** Whether `action` of `rec` is one the section says for the whole batch (and its list leaves out). */
  covers(rec: GadgetRecord, action: string): boolean;
}

/** A word for a POSIX shell: as it is when it needs no quoting, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function scriptOf(rec: GadgetRecord): string | undefined {
  const script = (rec.layoutFragment as { script?: unknown } | undefined)?.script;
  return typeof script === 'string' ? script : undefined;
}

/** `https://host/path` from `https://host/path/<element>/<element>.js`. */
function cdnBaseOf(rec: GadgetRecord): string | undefined {
  const script = scriptOf(rec);
  const tail = rec.widget ? `/${rec.widget.element}/${rec.widget.element}.js` : undefined;
  return script && tail && script.endsWith(tail) ? script.slice(0, -tail.length) : undefined;
}

/** The config object that gives every setting in `settings` (dotted paths), each with a value to fill in. */
function configSnippet(settings: readonly string[]): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const setting of settings) {
    const keys = setting.split('.');
    let at = config;
    keys.forEach((k, i) => {
      if (i === keys.length - 1) at[k] = TENANT_VALUES[setting]?.value ?? '<value>';
      else at = (at[k] ??= {}) as Record<string, unknown>;
    });
  }
  return config;
}

/** Gadgets linked per tenant setting; more are counted. */
const MAX_LINKS = 20;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The section, and which per-gadget actions it makes redundant. `anchorOf` gives the id of a gadget's
 * section on the page (for links to it).
 */
export function batchWide(report: Report, anchorOf: (rec: GadgetRecord) => string): BatchWide {
  const widgets = report.gadgets.filter((g) => g.widget);
  const onPlaceholder = widgets.filter((g) => scriptOf(g)?.startsWith(`${CDN_PLACEHOLDER}/`));
  const hosted = widgets.map(cdnBaseOf).find((b) => b !== undefined && b !== CDN_PLACEHOLDER);

  // Tenant settings some widget relies on and the config did not give, with who relies on them.
  const missing = new Map<string, { rules: Set<string>; gadgets: GadgetRecord[] }>();
  for (const g of widgets) {
    for (const t of g.widget!.tenantSettings) {
      if (t.configured) continue;
      const m = missing.get(t.setting) ?? { rules: new Set<string>(), gadgets: [] };
      m.rules.add(t.usedBy);
      if (!m.gadgets.includes(g)) m.gadgets.push(g);
      missing.set(t.setting, m);
    }
  }
  const settings = [...missing.keys()].sort(byCode);
  const needingSettings = new Set([...missing.values()].flatMap((m) => m.gadgets));
  const finesseLayout = report.gadgets.find((g) => g.reasons.some((r) => r.code === 'finesse-layout'))?.source;
  const anyEntry = report.gadgets.some((g) => g.layoutFragment);

  // In a batch of thousands a setting can concern them all: the first ones are linked, the rest counted.
  const gadgetLinks = (gs: readonly GadgetRecord[]): string =>
    gs.slice(0, MAX_LINKS).map((g) => `<a href="#${anchorOf(g)}"><code>${esc(g.id ?? g.source)}</code></a>`).join(', ')
    + (gs.length > MAX_LINKS ? ` and ${gs.length - MAX_LINKS} more` : '');
  const steps: string[] = [];

  if (settings.length) {
    const json = JSON.stringify(configSnippet(settings), null, 2);
    const rows = settings.map((s) => {
      const m = missing.get(s)!;
      return `<tr data-setting="${esc(s)}"><td><code>${esc(s)}</code></td><td>${esc(TENANT_VALUES[s]?.what ?? `see ${CONFIG_SCHEMA}`)}</td>`
        + `<td>${[...m.rules].sort(byCode).map((r) => `<code class="nowrap">${esc(r)}</code>`).join(', ')}</td><td>${gadgetLinks(m.gadgets)}</td></tr>`;
    }).join('');
    steps.push(`<li data-testid="start-config"><strong>Give the tenant settings ${plural(needingSettings.size, 'widget')} rely on.</strong> `
      + `No config gave ${settings.length === 1 ? 'it' : 'them'}: the widgets use Finesse ids and names as written, or a placeholder. `
      + `Put this in <code>${CONFIG_FILE}</code> (in the folder you run finesse-migrate from, or name the file with <code class="nowrap">--config</code>; merge it into the one you have; `
      + `the keys are described in <code>${CONFIG_SCHEMA}</code>), replace each <code>&lt;…&gt;</code> with your tenant's values, and migrate again:`
      + `<table class="data"><thead><tr><th scope="col">Setting</th><th scope="col">What to give</th><th scope="col">Rule</th><th scope="col">Gadgets</th></tr></thead><tbody>${rows}</tbody></table>`
      + `<div class="snippet"><pre class="json" data-testid="start-config-json" data-hl="js">${esc(json)}</pre>`
      + '<button type="button" class="copy" data-copy="start-config-json">Copy</button></div></li>');
  }

  if (onPlaceholder.length) {
    steps.push(`<li data-testid="start-cdn"><strong>Name the host of the widget bundles.</strong> `
      + `The layout entries of <strong data-testid="start-cdn-count">${onPlaceholder.length} of ${widgets.length}</strong> widgets load their script from the placeholder <code>${esc(CDN_PLACEHOLDER)}</code>. `
      + `Host the bundles <code>finesse-migrate build</code> writes (<code>widgets/&lt;element&gt;/dist/&lt;element&gt;.js</code>) under one https URL, as <code>&lt;https-url&gt;/&lt;element&gt;/&lt;element&gt;.js</code>, `
      + `and migrate again with <code class="nowrap">--cdn-base &lt;https-url&gt;</code> (or <code>"cdnBase"</code> in <code>${CONFIG_FILE}</code>): the commands below.</li>`);
  } else if (widgets.length) {
    steps.push(`<li data-testid="start-cdn"><strong>Host the widget bundles</strong> where their layout entries load them: `
      + (hosted ? `each <code>widgets/&lt;element&gt;/dist/&lt;element&gt;.js</code> at <code>${esc(hosted)}/&lt;element&gt;/&lt;element&gt;.js</code>.` : 'each bundle at the <code>script</code> URL of its entry.')
      + '</li>');
  }

  // The commands, in the order to run them; <out> stands for this page's folder.
  const commands: [string, string][] = [];
  const cdnFlag = onPlaceholder.length ? ' --cdn-base <https-url>' : hosted ? ` --cdn-base ${shellWord(hosted)}` : '';
  if (settings.length || onPlaceholder.length) {
    commands.push([
      `Migrate again${settings.length ? ` with ${CONFIG_FILE} filled in (add --config <file> if it is elsewhere)` : ''}${onPlaceholder.length ? ', naming the bundles\' host' : ''}`,
      `finesse-migrate migrate ${report.inputs.map(shellWord).join(' ') || '<inputs>'} --out <out>${cdnFlag}`,
    ]);
  }
  if (widgets.length) {
    commands.push(
      [`Build ${widgets.length === 1 ? 'the widget' : `the ${widgets.length} widgets`} into widgets/<element>/dist/<element>.js`, 'finesse-migrate build <out>'],
      ['Run them in a browser against a simulated Desktop (status follows the result; --network answers your backends)', 'finesse-migrate verify <out>'],
    );
  }
  if (anyEntry) {
    commands.push([
      finesseLayout
        ? 'Convert the Finesse desktop layout of the inputs, placing these gadgets'
        : 'Convert your Finesse desktop layout, placing these gadgets (without one, layout/desktop-layout.json holds every entry)',
      `finesse-migrate layout ${finesseLayout ? shellWord(finesseLayout) : '<finesse-layout.xml>'} --gadgets <out> --out desktop-layout.json`,
    ]);
  }
  if (commands.length) {
    const lines = commands.map(([why, cmd], i) => `<span class="c"># ${i + 1}. ${esc(why)}</span>\n${esc(cmd)}`).join('\n');
    steps.push('<li><strong>Then run</strong>, where <code>&lt;out&gt;</code> is the folder holding this page:'
      + `<div class="snippet"><pre class="cmds" data-testid="start-commands">${lines}</pre><button type="button" class="copy" data-copy="start-commands">Copy</button></div></li>`);
  }

  const body = steps.length
    ? `<ol class="steps">${steps.join('')}</ol><p class="hint">Each gadget below lists only its own actions; TODO marks come before REVIEW notes.</p>`
    : '<p class="muted">Nothing to do for the batch as a whole: each gadget below lists its own actions.</p>';
  return {
    html: `<section class="block start" id="start-here" aria-labelledby="start-h" data-testid="start-here"><h2 id="start-h">Start here</h2>${body}</section>`,
    covers(rec, action) {
      if (!rec.widget) return false;
      if (action.startsWith('Build the widget') || action.includes('finesse-migrate build <out>')) return true;
      return rec.widget.tenantSettings.some((t) => !t.configured && action.includes(`${t.setting} in ${CONFIG_FILE}`));
    },
  };
}
