// The custom element of a converted Finesse gadget, shared by every widget of a migration output
// (runtime/src/element.ts there): each widget's src/index.ts hands it what makes that widget differ,
// its data (widget.json), markup, styles and converted gadget code (gadget.cjs).
//
// Start-up follows the Desktop's contract: the SDK drops listeners registered before
// Desktop.config.init resolves, and agentStateInfo fills in after it. So the element renders the
// gadget's markup at once, then awaits init and the agent's data, and only then runs the gadget code.
import { Desktop } from "@wxcc-desktop/sdk";
import jQuery from "jquery";
import { GadgetRuntime, loadScripts, type GadgetContext, type PrefSpec } from "./runtime";
import { createFinesseCompat, type DesktopStore } from "./finesse-compat";
import type { WidgetConfig } from "./widget-config";

export type { GadgetContext, WidgetConfig };

/** What one widget brings: the rest is the same in every widget. */
export interface GadgetWidgetParts {
  /** src/widget.json; its inferred JSON type is looser than WidgetConfig, which finesse-migrate writes it against. */
  config: unknown;
  /** src/gadget.cjs: the gadget's scripts, in document order, as one function of the gadget context. */
  runGadget: (ctx: GadgetContext) => void;
  /** src/template.html and src/styles.css, as text. */
  template: string;
  styles: string;
}

/** How long the gadget code waits for the agent's data before it starts without it. */
const AGENT_DATA_TIMEOUT_MS = 10_000;

/** Members of HTMLElement a UserPref must not shadow (finesse-migrate renames such prefs; this is a second guard). */
const RESERVED_MEMBERS = new Set([
  "title",
  "id",
  "lang",
  "dir",
  "hidden",
  "style",
  "className",
  "slot",
  "role",
  "tabIndex",
  "innerHTML",
  "textContent",
  "constructor",
  "__proto__",
  "runtime",
  "store",
  "upgradeProperties",
  "connectedCallback",
  "disconnectedCallback",
]);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Defines the widget's custom element (named by its config), unless the page has it already: a
 * page defines a name once.
 */
export function defineGadgetWidget({ config, runGadget, template, styles }: GadgetWidgetParts): void {
  const CONFIG = config as WidgetConfig;
  const log = Desktop.logger.createLogger(CONFIG.name);

  /**
   * UserPrefs as properties (the layout may set them either way): under the property widget.json names
   * for a pref whose name is a member of the element, else under its name. A property that would still
   * shadow a member is not defined (the attribute still works) and is logged.
   */
  const PREF_PROPERTIES = Object.entries(CONFIG.prefs).flatMap(([name, spec]): Array<[string, PrefSpec]> => {
    const property = spec.property ?? name;
    if (IDENTIFIER.test(property) && !RESERVED_MEMBERS.has(property) && !(property in HTMLElement.prototype)) return [[property, spec]];
    log.warn(`UserPref "${name}" is not a property of the element: "${property}" is a member of HTMLElement or not an identifier; set its attribute "${spec.attribute}"`);
    return [];
  });
  /** $STORE values the layout binds to properties, for the Finesse adapter. */
  const STORE_PROPERTIES = (CONFIG.finesse?.store ?? []) as Array<keyof DesktopStore>;

  let desktopReady: Promise<void> | undefined;

  /** Desktop.config.init once for this widget, then the agent's data (latestData is empty until it arrives). */
  function whenDesktopReady(): Promise<void> {
    desktopReady ??= (async () => {
      try {
        await Desktop.config.init({ widgetName: CONFIG.name, widgetProvider: CONFIG.provider });
      } catch (error) {
        log.error("Desktop.config.init failed; the gadget starts without the Desktop SDK", error);
        return;
      }
      await agentData();
    })();
    return desktopReady;
  }

  function hasAgentData(): boolean {
    const data = Desktop.agentStateInfo.latestData ?? {};
    return Boolean(data.status || data.subStatus || data.agentName);
  }

  function agentData(): Promise<void> {
    if (hasAgentData()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        Desktop.agentStateInfo.removeEventListener("updated", onUpdate);
        resolve();
      };
      const onUpdate = (): void => {
        if (hasAgentData()) done();
      };
      const timer = setTimeout(() => {
        log.warn(
          "no agent data from the Desktop after " + AGENT_DATA_TIMEOUT_MS + " ms; the gadget starts without it",
        );
        done();
      }, AGENT_DATA_TIMEOUT_MS);
      Desktop.agentStateInfo.addEventListener("updated", onUpdate);
    });
  }

  class GadgetWidget extends HTMLElement {
    private runtime: GadgetRuntime | undefined;
    /** $STORE values the layout binds to this element's properties. */
    private readonly store: DesktopStore = {};

    constructor() {
      super();
      this.attachShadow({ mode: "open" });
    }

    async connectedCallback(): Promise<void> {
      if (this.runtime) return;
      this.upgradeProperties();
      for (const [name, value] of Object.entries(CONFIG.hostAttributes)) {
        if (name === "class") this.classList.add(...value.split(/\s+/).filter(Boolean));
        else if (!this.hasAttribute(name)) this.setAttribute(name, value);
      }
      const root = this.shadowRoot!;
      root.innerHTML = `<style>${styles}</style>${template}`;
      const runtime = new GadgetRuntime(this, root, CONFIG, log);
      this.runtime = runtime;
      await whenDesktopReady();
      // Removed while the Desktop started: a stale instance runs nothing.
      if (this.runtime !== runtime) return;
      if (CONFIG.finesse) {
        // The Finesse objects the gadget code uses (User, Dialogs, ContainerServices), over the Desktop SDK.
        runtime.context.finesse = createFinesseCompat({
          log,
          widgetName: CONFIG.name,
          tenant: CONFIG.finesse.tenant,
          store: this.store,
          onCleanup: (cleanup) => runtime.onCleanup(cleanup),
        });
      }
      if (CONFIG.externalScripts.length) {
        await loadScripts(CONFIG.externalScripts, log, jQuery);
        if (this.runtime !== runtime) return;
      }
      // The gadget's scripts, in document order, scoped to this element's shadow root; then its start-up handlers.
      runGadget(runtime.context);
      runtime.start();
    }

    disconnectedCallback(): void {
      this.runtime?.stop();
      this.runtime = undefined;
      this.shadowRoot!.innerHTML = "";
    }

    /**
     * The Desktop may set properties before this element is defined: they land on the instance and
     * would hide the accessors. Take them off and set them again through the accessors.
     */
    private upgradeProperties(): void {
      for (const name of [...PREF_PROPERTIES.map(([n]) => n), ...STORE_PROPERTIES]) {
        if (!Object.prototype.hasOwnProperty.call(this, name)) continue;
        const value = (this as unknown as Record<string, unknown>)[name];
        delete (this as unknown as Record<string, unknown>)[name];
        (this as unknown as Record<string, unknown>)[name] = value;
      }
    }
  }

  for (const [name, spec] of PREF_PROPERTIES) {
    Object.defineProperty(GadgetWidget.prototype, name, {
      configurable: true,
      get(this: GadgetWidget) {
        const value = this.getAttribute(spec.attribute) ?? spec.defaultValue;
        if (spec.datatype === "bool") return /^(true|1)$/i.test(value);
        if (spec.datatype === "number") return Number(value);
        return value;
      },
      set(this: GadgetWidget, value: unknown) {
        this.setAttribute(spec.attribute, String(value));
      },
    });
  }

  for (const name of STORE_PROPERTIES) {
    Object.defineProperty(GadgetWidget.prototype, name, {
      configurable: true,
      get(this: GadgetWidget) {
        return (this as unknown as { store: DesktopStore }).store[name];
      },
      set(this: GadgetWidget, value: unknown) {
        ((this as unknown as { store: DesktopStore }).store as Record<string, unknown>)[name] = value;
      },
    });
  }

  if (!customElements.get(CONFIG.name)) customElements.define(CONFIG.name, GadgetWidget);
}
