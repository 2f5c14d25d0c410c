// The emit step as a pure function: analyzed spec files in, the output folder's files (path → text)
// and the report out. The runner (src/cli) owns writing them.
import type { AnalyzedFile } from '../analyze/index.js';
import type { LayoutParameter } from '../model.js';
import { gadgetTitle, iframeFragment } from './iframe.js';
import { assignIds, baseName } from './names.js';
import { modelForJson, toJson } from './serialize.js';
import { mergeMessages } from '../parse/gadget.js';
import type { MigrateConfig } from '../config.js';
import { convertWidget, prefRenaming } from '../transform/widget.js';
import { loadRuleTable } from '../rules/table.js';
import type { CallSite } from '../transform/marks.js';
import { OUTDIAL_PLACEHOLDER, WIDGET_DEPENDENCIES, widgetProjectFiles } from './widget-project.js';
import type { GadgetReview } from '../report/review.js';
import { placeGadget, supervisorOnly, type LayoutArea } from '../analyze/placement.js';
import { gadgetScripts } from '../analyze/scan.js';
import { storeBindings } from './store-bindings.js';
import { CDN_PLACEHOLDER, normalizeCdnBase, widgetFragment } from './widget-fragment.js';
import type { Entry, Role } from './desktop-layout.js';
import { checkFragment } from './layout-check.js';
import {
  DEFAULT_WIDGET_PROVIDER, failEmit, finishBatch, gadgetSettings, inReadingOrder, keptIds, keptRecords, missingPage, nameElements, recordHead, takesElementName,
  type ElementNaming, type GadgetEmit, type Placement, type Plan, type PlanOptions,
} from './batch.js';

export * from './batch.js';

/** What emitting one gadget needs of the batch's settings. */
export interface EmitContext {
  config?: MigrateConfig;
  cdnBase: string;
  rules: ReturnType<typeof loadRuleTable>;
}

export function emitContext(options: Pick<PlanOptions, 'config' | 'cdnBase'>, rules = loadRuleTable()): EmitContext {
  return { ...(options.config ? { config: options.config } : {}), cdnBase: normalizeCdnBase(options.cdnBase ?? options.config?.cdnBase ?? CDN_PLACEHOLDER), rules };
}


export async function planBatch(analyzed: AnalyzedFile[], options: PlanOptions): Promise<Plan> {
  const emits: GadgetEmit[] = [];
  // A copy: emitBatch consumes the array it is given.
  await emitBatch([...analyzed], options, (e) => void emits.push(e));
  return finishBatch(emits, options);
}

/**
 * The gadgets of `analyzed` emitted one at a time, in source order, each handed to `sink`. Each
 * analysis is let go of (its slot in `analyzed` emptied) once its gadget is emitted: the caller's
 * array is consumed.
 */
export async function emitBatch(analyzed: (AnalyzedFile | undefined)[], options: PlanOptions, sink: (e: GadgetEmit) => void): Promise<void> {
  const files = analyzed as AnalyzedFile[];
  const kept = keptRecords(options);
  const ids = assignIds(files, keptIds(kept));
  const namings = nameElements(files.map((f) => ({ id: ids.get(f), takes: takesElementName(f) })), kept, options.config);
  const ctx = emitContext(options);
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    analyzed[i] = undefined;
    const id = ids.get(f);
    ids.delete(f);
    sink(await emitGadget(f, id, namings[i], ctx));
  }
}


/**
 * One gadget's record, files, review and layout entries. It shares nothing with the other gadgets
 * of the batch (ids and element names are chosen before), so gadgets can be emitted in any order, or
 * in worker threads, and merged by finishBatch in source order.
 */
export async function emitGadget(f: AnalyzedFile, id: string | undefined, naming: ElementNaming | undefined, ctx: EmitContext): Promise<GadgetEmit> {
  const rec = recordHead({ ...f, ...(f.gadget ? { title: gadgetTitle(f.gadget, baseName(f.rel)) } : {}) }, f.tree.display, id);
  const files = new Map<string, string | Uint8Array>();
  const placements: Placement[] = [];
  let review: GadgetReview | undefined;
  const place = (id: string, title: string, area: LayoutArea, entry: Entry, only?: readonly Role[]): void => {
    placements.push({ id, title, area, entry, ...(only ? { only } : {}) });
  };

  if (f.failed || !f.decision) {
    rec.actions.push('Fix the errors listed in diagnostics and run again.');
  } else if (f.decision.classification === 'not-a-gadget') {
    rec.status = 'skipped';
  } else if (f.gadget && missingPage(f.gadget)) {
    // <Content href> names a page that is not here: there is nothing to convert until it is.
    const ref = missingPage(f.gadget)!;
    rec.status = 'needs-work';
    rec.actions.push(ref.kind === 'missing' && ref.build
      ? `Run ${ref.build.command} in ${f.tree.displayPath(ref.build.dir || '.')} so that the page ${ref.url} exists, then migrate again.`
      : ref.kind === 'missing'
        ? `Put the page ${ref.url} that <Content href> names next to the gadget (or point href at it), then migrate again.`
        : `<Content href="${ref.url}"> is ${ref.why}: give it the URL of the application or a page of the gadget folder, then migrate again.`);
  } else if (f.gadget && f.gadget.views.length === 0) {
    rec.actions.push('The gadget has no usable <Content>: fix the errors listed in diagnostics and run again.');
  } else if (f.gadget && id) {
    // One gadget never fails the batch: a bug met while emitting it fails this gadget alone, and
    // nothing half-made of it stays in the output.
    try {
      const modelPath = `models/${id}.json`;
      files.set(modelPath, toJson({ source: f.source, decision: f.decision, census: f.census, gadget: modelForJson(f.gadget) }));
      rec.outputs.push(modelPath);
      if (f.decision.classification === 'iframe') {
        const emitted = iframeFragment(f.gadget, f.decision, id);
        if (emitted.ok) {
          const placement = placeGadget({ classification: 'iframe', ...configuredPlacement(ctx.config, id) });
          rec.placement = placement;
          place(id, emitted.fragment.wrapper.title, placement.area, emitted.fragment as unknown as Entry);
          const fragmentPath = `layout/fragments/${id}.json`;
          files.set(fragmentPath, toJson(emitted.fragment));
          rec.outputs.push(fragmentPath);
          rec.layoutFragment = emitted.fragment;
          rec.actions.push(...emitted.actions);
          for (const w of emitted.warnings) rec.diagnostics = [...rec.diagnostics, { severity: 'warning', code: 'insecure-embed', message: w, file: f.source }];
          // An application agents' browsers cannot reach from the Desktop is not migrated, however well-formed its entry.
          rec.status = emitted.unreachable || unfilled(f.decision) ? 'needs-work' : 'migrated';
          if (unfilled(f.decision)) rec.actions.unshift(layoutParameterAction(f.decision.layoutParameters!));
          if (emitted.unreachable) rec.actions.unshift(`Serve the application where agents' browsers reach it over https, and set that URL in the layout entry's attributes.src: ${emitted.unreachable}.`);
        } else {
          rec.diagnostics = [...rec.diagnostics, { severity: 'error', code: 'embed-url', message: emitted.error, file: f.source }];
          rec.actions.push('Give the embedded application an absolute https URL (or convert the gadget as a widget).');
        }
      } else {
        // Named before, in source order, by nameElements.
        if (!naming) throw new Error(`no element name was chosen for ${id}`);
        const elementName = naming.element;
        if (naming.taken) rec.diagnostics = [...rec.diagnostics, { severity: 'warning', code: 'element-name-taken', message: `the config asks for <${naming.taken}>, which another gadget of this batch already has; using <${elementName}>`, file: f.source }];
        const widget = convertWidget(f, elementName, rec.title ?? id, ctx.rules);
        for (const p of widget.prefs) {
          const why = prefRenaming(p);
          if (why) rec.diagnostics = [...rec.diagnostics, { severity: 'warning', code: 'userpref-renamed', message: why, file: p.at.file, line: p.at.line, column: p.at.column }];
        }
        const g = f.gadget;
        // Only the Finesse adapter reads bound values; a UserPref of the same name keeps its property.
        const bindings = widget.usesFinesseCompat ? storeBindings(widget.sites).filter((b) => !widget.prefs.some((p) => p.property === b.property)) : [];
        // Tenant settings the widget's code needs, and which of them the config left out.
        const tenant = ctx.config?.tenant;
        const used = new Set(widget.sites.map((x) => x.rule));
        const tenantSettings: { setting: string; usedBy: string; configured: boolean }[] = [];
        if (used.has('USR-15')) tenantSettings.push({ setting: 'tenant.outdial.entryPointId', usedBy: 'USR-15', configured: Boolean(tenant?.outdial?.entryPointId) });
        const idleRule = ['USR-04', 'USR-14', 'USR-23'].find((r) => used.has(r));
      if (idleRule) tenantSettings.push({ setting: 'tenant.idleCodes', usedBy: idleRule, configured: Boolean(tenant?.idleCodes && Object.keys(tenant.idleCodes).length) });
        if (used.has('DLG-07') || used.has('DLG-13')) tenantSettings.push({ setting: 'tenant.cadVariables', usedBy: used.has('DLG-13') ? 'DLG-13' : 'DLG-07', configured: Boolean(tenant?.cadVariables && Object.keys(tenant.cadVariables).length) });
        const project = await widgetProjectFiles(widget, {
          id,
          cdnBase: ctx.cdnBase,
          root: f.tree.display,
          tenant: {
            idleCodes: tenant?.idleCodes ?? {},
            cadVariables: tenant?.cadVariables ?? {},
            outdialEntryPointId: tenant?.outdial?.entryPointId ?? OUTDIAL_PLACEHOLDER,
            ...(tenant?.outdial?.ani ? { outdialAni: tenant.outdial.ani } : {}),
          },
          widgetProvider: ctx.config?.widgetProvider ?? DEFAULT_WIDGET_PROVIDER,
          source: f.source,
          ...(g.modulePrefs.description ? { description: g.modulePrefs.description } : {}),
          messages: Object.fromEntries([...mergeMessages(g.modulePrefs.locales, g.locale.lang, g.locale.country)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
          locale: `${g.locale.lang}-${g.locale.country}`,
          storeBindings: bindings,
        });
        const dir = `widgets/${elementName}`;
        review = { id, changes: widget.changes.map((c) => ({ ...c, to: `${dir}/${c.to}` })) };
        for (const [rel, content] of project) {
          files.set(`${dir}/${rel}`, content);
          rec.outputs.push(`${dir}/${rel}`);
        }
        const unmapped = [...widget.unmapped].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([api, count]) => ({ api, count }));
        const templateHtml = widget.files.get('src/template.html');
        const gadgetCode = widget.files.get('src/gadget.cjs');
        const placement = placeGadget({
          classification: 'widget',
          ...(typeof templateHtml === 'string' ? { templateHtml } : {}),
          ...(typeof gadgetCode === 'string' ? { code: gadgetCode } : {}),
          sites: widget.sites,
          ...configuredPlacement(ctx.config, id),
        });
        // Query parameters the gadget read from its layout URL become attributes the layout verb fills.
        const layoutAttributes = (f.decision.layoutParameters ?? [])
          .map((p) => ({ attribute: p.target.replace(/^attributes\./, ''), defaultValue: '' }))
          .filter((a) => !widget.prefs.some((p) => p.attribute === a.attribute));
        const fragment = widgetFragment({
          element: elementName,
          title: rec.title ?? id,
          cdnBase: ctx.cdnBase,
          area: placement.area,
          prefs: [...widget.prefs, ...layoutAttributes],
          bindings,
        });
        if (f.decision.layoutParameters?.length) {
          rec.actions.push(`Its code read ${f.decision.layoutParameters.map((p) => `"${p.name}"`).join(', ')} from the query string of its gadget URL in the Finesse layout: finesse-migrate layout fills the entry's attributes of the same names from each <gadget> URL; read them with host.getAttribute(name) where the code read the page URL (marks PAGE-URL).`);
        }
        const fragmentProblems = checkFragment(fragment);
        if (fragmentProblems.length) throw new Error(`the layout entry of ${id} breaks schemas/layout-fragment.schema.json: ${fragmentProblems.join('; ')}`);
        const fragmentPath = `layout/fragments/${id}.json`;
        files.set(fragmentPath, toJson(fragment));
        rec.outputs.push(fragmentPath);
        rec.layoutFragment = fragment;
        rec.placement = placement;
        // A supervisor-only gadget goes to the supervisor layouts alone (unless the config names its roles).
      const supervisor = gadgetSettings(ctx.config, id)?.roles ? undefined : supervisorOnly(widget.sites, gadgetScripts(g).map((x) => x.code ?? '').join('\n'));
      if (supervisor) Object.assign(placement, supervisor);
      place(id, rec.title ?? id, placement.area, fragment as unknown as Entry, supervisor?.roles);
        rec.widget = {
          element: elementName,
          project: dir,
          script: `${dir}/dist/${elementName}.js`,
          marks: widget.marks,
          dependencies: widget.dependencies,
          unmapped,
          callSites: coverage(widget.sites),
          tenantSettings,
        };
        const hasErrors = rec.diagnostics.some((d) => d.severity === 'error');
        const todos = widget.marks.filter((m) => m.kind === 'todo');
        // An unconfigured tenant setting is a guess (ids and names used as written, or a placeholder).
        const placeholders = tenantSettings.filter((t) => !t.configured);
        rec.status = todos.length === 0 && placeholders.length === 0 && widget.dependencies.unresolved.length === 0 && !hasErrors ? 'migrated' : 'needs-work';
        for (const t of tenantSettings.filter((x) => !x.configured)) {
          rec.actions.push(t.setting === 'tenant.outdial.entryPointId'
            ? `Set ${t.setting} in finesse-migrate.config.json (the widget carries the placeholder ${OUTDIAL_PLACEHOLDER}; rule ${t.usedBy}).`
            : `Check ${t.setting} in finesse-migrate.config.json: without it, Finesse ids and names are used as written (rule ${t.usedBy}).`);
        }
        rec.actions.push(ctx.cdnBase === CDN_PLACEHOLDER
          ? `Build the widget: finesse-migrate build <out> (or npm install && npm run build in ${dir}), host ${dir}/dist/${elementName}.js on your CDN, and run again with --cdn-base <https URL> so the layout entry's script points there (it now says ${fragment.script}).`
          : `Build the widget: finesse-migrate build <out> (or npm install && npm run build in ${dir}), then host ${dir}/dist/${elementName}.js at ${fragment.script}.`);
        if (todos.length) rec.actions.push(`Resolve the ${todos.length} TODO(finesse-migrate) mark${todos.length === 1 ? '' : 's'} in ${dir}/src (listed under widget.marks and in ${dir}/README.md).`);
        const reviews = widget.marks.length - todos.length;
        if (reviews) rec.actions.push(`Check the ${reviews} REVIEW(finesse-migrate) note${reviews === 1 ? '' : 's'}: approximate rewrites whose behaviour differs from Finesse.`);
        for (const u of widget.dependencies.unresolved) rec.actions.push(`Supply ${u.url}: ${u.why}.`);
        // The gadget's own jQuery gives way to the widget's (the one its plugins now attach to, too).
        for (const d of widget.dependencies.npm.filter((x) => x.name === 'jquery')) {
          // jquery-1.12.4.min.js, or a CDN's .../jquery/1.12.4/jquery.min.js
          const asked = /jquery[-./]?(\d+(?:\.\d+){1,2})/i.exec(d.replaces)?.[1];
          const gets = WIDGET_DEPENDENCIES.jquery.replace(/^\^/, '');
          // Only where the gadget named a version: the Finesse server's own copy is unversioned and everywhere.
          if (asked && asked !== gets) rec.actions.push(`The gadget loaded jQuery ${asked} (${d.replaces}); the widget bundles jQuery ${gets} from npm, which its scripts and plugins share: check code written for jQuery ${asked} (.live, .size, .andSelf, $.browser are gone since 1.9 and 3.0).`);
        }
        // Libraries of the Finesse server the widget takes from npm (src/transform/server-libraries.ts).
        for (const d of widget.dependencies.npm.filter((x) => x.file)) rec.actions.push(`The gadget loaded ${d.replaces} from the Finesse server; the widget bundles ${d.name}@${d.version} from npm (${d.file}) in its place, ${/\.css$/i.test(d.file!) ? 'in its shadow-root styles' : "on the widget's own jQuery"}: run npm install in ${dir} before building.`);
      }
      const page = f.gadget.views.find((v) => v.name === f.gadget!.primaryView)?.contentRef;
      if (page?.kind === 'page' && page.build) rec.actions.push(`The widget was converted from ${page.page}, the output of ${page.build.command} in ${f.tree.displayPath(page.build.dir || '.')}: after changing the application's sources, build it and migrate again.`);
      // A server template value (a JSP `<%= %>`, `${}`) is unknown here: where it reached the output, the
      // token standing for it must be replaced by hand.
      const emitted = rec.outputs.filter((o) => !o.startsWith('models/')).map((o) => files.get(o)).filter((v): v is string => typeof v === 'string');
      const unknown = (f.gadget.templateValues ?? []).filter((t) => emitted.some((text) => text.includes(t.token)));
      if (unknown.length && rec.status === 'migrated') rec.status = 'needs-work';
      for (const t of unknown) rec.actions.push(`Replace ${t.token} in the output: it stands for the server template value ${t.marker} (${t.at.file}:${t.at.line}), which the server that served the spec filled in.`);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      // Nothing of it leaves this function: no file, review or layout entry.
      files.clear();
      review = undefined;
      placements.length = 0;
      failEmit(rec, err);
    }
  }
  rec.outputs.sort();
  return { record: inReadingOrder(rec), ...(review ? { review } : {}), files: [...files], placements };
}


/** An iframe gadget whose URL only the Finesse layout gives (`gadget.xml?url=...`) and no default names. */
function unfilled(d: AnalyzedFile['decision']): boolean {
  return Boolean(d && !d.embeddedUrl && d.layoutParameters?.some((p) => p.required));
}

function layoutParameterAction(params: LayoutParameter[]): string {
  const url = params.find((p) => p.required)!;
  const others = params.filter((p) => p !== url);
  return `Its URL is the "${url.name}" parameter of its gadget URL in the Finesse layout (gadget.xml?${url.name}=...): run finesse-migrate layout <finesse-layout.xml> --gadgets <this output>, which fills attributes.src${others.length ? ` (and ${others.map((p) => p.target).join(', ')})` : ''} from each <gadget> URL, one entry per URL; or set attributes.src in layout/fragments yourself.`;
}

function configuredPlacement(config: MigrateConfig | undefined, id: string): { configured?: NonNullable<NonNullable<MigrateConfig['gadgets']>[string]['placement']> } {
  const p = gadgetSettings(config, id)?.placement;
  return p ? { configured: p } : {};
}

/** Call-site coverage: how many finesse.* / gadgets.* uses were mapped, marked, dropped or left unmapped. */
export function coverage(sites: CallSite[]): { total: number; mapped: number; todo: number; dropped: number; unmapped: number; sites: CallSite[] } {
  const c = { total: sites.length, mapped: 0, todo: 0, dropped: 0, unmapped: 0 };
  for (const s of sites) c[s.outcome]++;
  return { ...c, sites };
}
