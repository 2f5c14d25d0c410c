// What makes one widget differ from another: finesse-migrate writes it as src/widget.json, and the
// element (index.ts) reads it. Data only, so nothing a gadget says (titles, names, prefs) ever
// becomes code.
import type { PrefSpec } from "./runtime";
import type { TenantSettings } from "./finesse-compat";

export interface WidgetConfig {
  /** The custom element's name: also the widgetName given to Desktop.config.init and the wrapper.id of its layout entry. */
  name: string;
  /** The gadget's title. */
  title: string;
  /** widgetProvider given to Desktop.config.init. */
  provider: string;
  /** The gadget spec it was converted from, relative to the migration's input. */
  source: string;
  /** UserPrefs by name: the layout sets them as attributes; these are the gadget's defaults. */
  prefs: Record<string, PrefSpec>;
  /** Messages of the gadget's <Locale> bundle, for prefs.getMsg(). */
  messages: Record<string, string>;
  /** Attributes of the gadget's <body>: the element stands in for it. */
  hostAttributes: Record<string, string>;
  /** Scripts the gadget loaded from other hosts, loaded in order before its own code runs. */
  externalScripts: string[];
  /** The Finesse adapter (finesse-compat.ts), for gadgets that used the Finesse REST objects; else null. */
  finesse: {
    tenant: TenantSettings;
    /** Element properties the layout entry binds to $STORE keys, read by the adapter. */
    store: string[];
  } | null;
}
