// The layout entry of a converted widget (target.md C.7): its element, the bundle that defines it,
// UserPref defaults as attributes, $STORE bindings as properties, and the Desktop's title bar.
import type { LayoutArea } from '../analyze/placement.js';
import type { StoreBinding } from './store-bindings.js';

export interface WidgetFragment {
  comp: string;
  script: string;
  attributes?: Record<string, string>;
  properties?: Record<string, string>;
  wrapper?: { title: string; maximizeAreaName: 'app-maximize-area'; id?: string };
}

/** Where bundles are said to live until the user names their host (--cdn-base / config cdnBase). */
export const CDN_PLACEHOLDER = 'https://cdn.example.invalid/finesse-migrate';

/** `https://host/path/` → `https://host/path` (one form, so URLs never get a double slash). */
export function normalizeCdnBase(base: string): string {
  return base.trim().replace(/\/+$/, '');
}

export function widgetScriptUrl(cdnBase: string, element: string): string {
  return `${normalizeCdnBase(cdnBase)}/${element}/${element}.js`;
}

export function widgetFragment(input: {
  element: string;
  title: string;
  cdnBase: string;
  area: LayoutArea;
  prefs: { attribute: string; defaultValue: string }[];
  bindings: StoreBinding[];
}): WidgetFragment {
  const fragment: WidgetFragment = { comp: input.element, script: widgetScriptUrl(input.cdnBase, input.element) };
  // Attributes carry strings only (guide L55); a pref's default is already its string form.
  if (input.prefs.length) fragment.attributes = Object.fromEntries(input.prefs.map((p) => [p.attribute, p.defaultValue]));
  if (input.bindings.length) fragment.properties = Object.fromEntries(input.bindings.map((b) => [b.property, b.store]));
  // Headless widgets have no UI, and header items no title bar.
  // wrapper.id is the event name gadgets.window.setTitle dispatches (the element's name, see runtime.ts).
  if (input.area === 'navigation' || input.area === 'panel') fragment.wrapper = { title: input.title, maximizeAreaName: 'app-maximize-area', id: input.element };
  return fragment;
}
