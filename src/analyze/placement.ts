// Where a migrated gadget goes in the Desktop layout (target.md A.1, A.4, C.3). Finesse showed every
// gadget on a tab; the Desktop has pages (unmounted when the agent leaves them), the auxiliary pane
// beside the task, the header, and headless widgets that are always mounted.
import type { CallSite } from '../transform/marks.js';

export type LayoutArea = 'navigation' | 'panel' | 'header' | 'headless';

export interface Placement {
  area: LayoutArea;
  /** Why, for the report. */
  reason: string;
  /** The roles whose layout gets the gadget, when not every role (a supervisor-only gadget). */
  roles?: ('agent' | 'supervisor' | 'supervisorAgent')[];
  rolesReason?: string;
}

/** APIs only a supervisor can use: teams, their members and reason codes, silent monitoring, barge-in. */
const SUPERVISOR_API = /^finesse\.restservices\.(Team|Teams|Users|TeamNotReadyReasonCodes?|TeamSignOutReasonCodes?)([#.]|$)|#(getSupervisedTeams|makeSMCall|makeBargeCall)$/;

/** A gadget built on supervisor APIs goes to the supervisor roles alone; an agent could not use it. */
export function supervisorOnly(sites: CallSite[], code = ''): { roles: ['supervisor', 'supervisorAgent']; rolesReason: string } | undefined {
  const site = sites.find((s) => SUPERVISOR_API.test(s.api));
  if (site) return { roles: ['supervisor', 'supervisorAgent'], rolesReason: `it uses ${site.api}, which only a supervisor can use, so only the supervisor layouts get it` };
  // `if (!user.hasSupervisorRole()) { return; }` (or hiding itself): an agent gets nothing from it.
  const check = SUPERVISOR_GUARD.exec(code);
  return check ? { roles: ['supervisor', 'supervisorAgent'], rolesReason: `it stops or hides itself for anyone without the supervisor role (${check[0].replace(/\s+/g, ' ').slice(0, 80)}), so only the supervisor layouts get it` } : undefined;
}

const SUPERVISOR_GUARD = /if\s*\(\s*!\s*[\w$.]+\.hasSupervisorRole\(\)\s*\)\s*\{?\s*(?:return\b|[\w$]+\([^)]*\)\.hide\(\)|[\w$.]+\.style\.display\s*=\s*['"]none['"])/;

export interface PlacementInput {
  classification: 'iframe' | 'widget';
  /** The widget's template (absent for iframe gadgets). */
  templateHtml?: string;
  sites?: CallSite[];
  /** The widget's converted gadget code, to see whether it builds UI of its own. */
  code?: string;
  /** finesse-migrate.config.json gadgets[id].placement. */
  configured?: LayoutArea;
}

/** Rules whose use means the gadget works on the agent's current contact. */
const CONTACT_RULE = /^(DLG-|USR-11$|WRP-)/;

/**
 * Markup a person would see: anything but scripts, styles, templates, comments, white space and
 * anonymous empty containers. A container with an id counts: the script fills it (a screen pop's
 * `<div id="agentout">`).
 */
export function hasVisibleMarkup(html: string): boolean {
  const rest = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(\w+)\b[^>]*\shidden\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(div|span|p|section)\b(?![^>]*\sid\s*=)[^>]*>/gi, '')
    .replace(/<\/(div|span|p|section)\s*>/gi, '')
    .trim();
  return rest.length > 0;
}

/** Code that builds its own UI: it writes into the document rather than only listening. */
const BUILDS_UI = /\bdocument\.(body|write|createElement)\b|\.(appendChild|insertAdjacentHTML)\s*\(|\.innerHTML\s*=|\$\(\s*(["'])(body|<)|\.(append|prepend|html)\s*\(/;

export function placeGadget(input: PlacementInput): Placement {
  if (input.configured) return { area: input.configured, reason: 'set in finesse-migrate.config.json' };
  if (input.classification === 'iframe') {
    return { area: 'navigation', reason: 'an embedded web application gets a page of its own' };
  }
  if (input.templateHtml !== undefined && !hasVisibleMarkup(input.templateHtml) && !(input.code !== undefined && BUILDS_UI.test(input.code))) {
    return {
      area: 'headless',
      reason: 'the gadget shows nothing: it only listens and acts, so it must stay mounted on every page (area.headless)',
    };
  }
  const contact = (input.sites ?? []).find((s) => s.rule && CONTACT_RULE.test(s.rule) && s.outcome !== 'unmapped');
  if (contact) {
    return {
      area: 'panel',
      reason: `it works on the agent's current contact (${contact.api}, rule ${contact.rule}), so it goes beside the task as a tab of the auxiliary pane (area.persistent: shown while a contact is active)`,
    };
  }
  return { area: 'navigation', reason: 'a gadget with its own screen gets a navigation page' };
}
