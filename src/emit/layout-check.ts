// Every layout entry and Desktop layout we write is checked before it is written: against the JSON
// Schemas we ship (schemas/, draft 2020-12), then for what a schema cannot say (target.md E, F 9-11):
// grid names that exist, grid sizes that match, unique page ids and routes per role.
import type { ValidateFunction } from 'ajv';
import * as generated from '../generated/layout-validators.js';

/**
 * The validators of the two schemas (and of the two forms of a whole layout, for the errors of a layout
 * that fails): Ajv's standalone code, generated from the schemas by scripts/schema-validators.mjs
 * (start-up, issue 14: no Ajv to load and no schema to compile at run time). The schemas are checked
 * against the draft 2020-12 meta-schema by test/schemas.test.ts.
 */
const validators = generated as unknown as Record<'fragment' | 'layout' | 'perRole' | 'singleRole', ValidateFunction>;

type AjvError = NonNullable<ValidateFunction['errors']>[number];
const message = (e: AjvError): string => {
  const extra = e.keyword === 'additionalProperties' ? ` ("${String((e.params as { additionalProperty?: string }).additionalProperty)}")` : '';
  return `${e.instancePath || '(top)'} ${e.message ?? ''}${extra}`.trim();
};
const messages = (v: ValidateFunction): string[] => [...new Set((v.errors ?? []).map(message))];

/**
 * A whole layout is per-role or legacy single-role (a oneOf): the errors of the form the file has (it
 * names a role at the top level, or not), not those of both branches.
 */
function layoutMessages(layout: unknown): string[] {
  const perRole = typeof layout === 'object' && layout !== null && !Array.isArray(layout) && ['agent', 'supervisor', 'supervisorAgent'].some((r) => r in layout);
  const branch = perRole ? validators.perRole : validators.singleRole;
  return !branch(layout) && branch.errors?.length ? messages(branch) : messages(validators.layout);
}

export function checkFragment(fragment: unknown): string[] {
  const v = validators.fragment;
  return v(fragment) ? [] : messages(v);
}

type Grid = { areas: string[][]; size: { cols: number[]; rows: number[] } };
type Container = { widgets: Record<string, unknown>; layout: Grid | Record<string, Grid> };

function checkGrid(where: string, c: Container, problems: string[]): void {
  const grids: [string, Grid][] = 'areas' in c.layout ? [['', c.layout as Grid]] : Object.entries(c.layout as Record<string, Grid>);
  const subNames = new Set(grids.map(([n]) => n));
  for (const [name, g] of grids) {
    const at = `${where}${name ? ` layout.${name}` : ''}`;
    if (g.size.rows.length !== g.areas.length) problems.push(`${at}: ${g.areas.length} rows of areas but ${g.size.rows.length} row sizes`);
    for (const row of g.areas) {
      if (row.length !== g.size.cols.length) problems.push(`${at}: a row of ${row.length} areas but ${g.size.cols.length} column sizes`);
      for (const a of row) if (!(a in c.widgets) && !subNames.has(a)) problems.push(`${at}: area "${a}" names no widget`);
      if (name === 'ROOT' && row.includes('ROOT')) problems.push(`${at}: ROOT inside itself`);
    }
  }
}

/** Schema errors and cross-reference problems of a whole Desktop layout; [] when it is good. */
export function checkDesktopLayout(layout: unknown): string[] {
  const v = validators.layout;
  if (!v(layout)) return layoutMessages(layout);
  const problems: string[] = [];
  // A legacy single-role file is one role layout: linted as such.
  const legacy = !['agent', 'supervisor', 'supervisorAgent'].some((r) => r in (layout as object));
  const roles = (legacy ? { layout } : layout) as Record<string, { area: Record<string, unknown> }>;
  for (const [role, rl] of Object.entries(roles)) {
    const ids = new Set<string>();
    const routes = new Set<string>();
    const nav = (rl.area['navigation'] as { nav: { navigateTo: string }; page: Container & { id: string } }[] | undefined) ?? [];
    for (const item of nav) {
      if (ids.has(item.page.id)) problems.push(`${role}: page id "${item.page.id}" is used twice`);
      if (routes.has(item.nav.navigateTo)) problems.push(`${role}: navigateTo "${item.nav.navigateTo}" is used twice`);
      ids.add(item.page.id);
      routes.add(item.nav.navigateTo);
      if (item.page.layout) checkGrid(`${role} page ${item.page.id}`, item.page, problems);
    }
    for (const key of ['header', 'headless']) {
      const c = rl.area[key] as Container | undefined;
      if (c) checkGrid(`${role} ${key}`, c, problems);
    }
  }
  return problems;
}
