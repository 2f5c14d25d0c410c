/**
 * Customer Lookup (<customer-lookup>): a Webex Contact Center Desktop widget converted by finesse-migrate
 * from the Finesse gadget samples/customer-lookup/CustomerLookup.xml.
 * Finds the caller in the CRM
 * README.md lists what was converted and what needs a person.
 */
import { Desktop } from "@wxcc-desktop/sdk";
import runGadget from "./gadget.cjs";
import { GadgetRuntime, type PrefSpec } from "./runtime";
import { createFinesseCompat, type DesktopStore, type TenantSettings } from "./finesse-compat";
import styles from "./styles.css";
import template from "./template.html";

const WIDGET_NAME = "customer-lookup";
const WIDGET_PROVIDER = "finesse-migrate";

/** The gadget's UserPrefs: the layout sets them as attributes; these are the gadget's defaults. */
const PREFS: Record<string, PrefSpec> = {
  crmBaseUrl: {
    attribute: "crm-base-url",
    datatype: "string",
    defaultValue: "https://crm.acme-contact.example/api",
  },
  maxResults: { attribute: "max-results", datatype: "number", defaultValue: "10" },
  autoSearch: { attribute: "auto-search", datatype: "bool", defaultValue: "true" },
  region: { attribute: "region", datatype: "enum", defaultValue: "emea" },
  searchFields: { attribute: "search-fields", datatype: "list", defaultValue: "phone|account|email" },
  apiKey: { attribute: "api-key", datatype: "hidden", defaultValue: "" },
};

/** Messages of the gadget's <Locale> bundles for en-US, for prefs.getMsg(). */
const MESSAGES: Record<string, string> = {
  gadget_description: "Finds the caller in the CRM",
  gadget_title: "Customer Lookup",
  pref_crm: "CRM API base URL",
  search_button: "Search",
  search_label: "Customer number",
};

/** Tenant settings (finesse-migrate.config.json "tenant"); REPLACE_WITH_* values are placeholders the report lists. */
const TENANT: TenantSettings = {
  idleCodes: {},
  cadVariables: {},
  outdialEntryPointId: "REPLACE_WITH_OUTDIAL_ENTRY_POINT_ID",
};

const log = Desktop.logger.createLogger(WIDGET_NAME);

export class CustomerLookupElement extends HTMLElement {
  private runtime: GadgetRuntime | undefined;
  /** $STORE values the layout binds to this element's properties. */
  private readonly store: DesktopStore = {};

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
  }

  /** UserPref "crmBaseUrl" (string), attribute "crm-base-url". */
  get crmBaseUrl(): string {
    return this.getAttribute("crm-base-url") ?? PREFS["crmBaseUrl"]!.defaultValue;
  }
  set crmBaseUrl(value: string) {
    this.setAttribute("crm-base-url", String(value));
  }

  /** UserPref "maxResults" (number), attribute "max-results". */
  get maxResults(): number {
    return Number(this.getAttribute("max-results") ?? PREFS["maxResults"]!.defaultValue);
  }
  set maxResults(value: number) {
    this.setAttribute("max-results", String(value));
  }

  /** UserPref "autoSearch" (bool), attribute "auto-search". */
  get autoSearch(): boolean {
    return /^(true|1)$/i.test(this.getAttribute("auto-search") ?? PREFS["autoSearch"]!.defaultValue);
  }
  set autoSearch(value: boolean) {
    this.setAttribute("auto-search", String(value));
  }

  /** UserPref "region" (enum), attribute "region". */
  get region(): string {
    return this.getAttribute("region") ?? PREFS["region"]!.defaultValue;
  }
  set region(value: string) {
    this.setAttribute("region", String(value));
  }

  /** UserPref "searchFields" (list), attribute "search-fields". */
  get searchFields(): string {
    return this.getAttribute("search-fields") ?? PREFS["searchFields"]!.defaultValue;
  }
  set searchFields(value: string) {
    this.setAttribute("search-fields", String(value));
  }

  /** UserPref "apiKey" (hidden), attribute "api-key". */
  get apiKey(): string {
    return this.getAttribute("api-key") ?? PREFS["apiKey"]!.defaultValue;
  }
  set apiKey(value: string) {
    this.setAttribute("api-key", String(value));
  }

  async connectedCallback(): Promise<void> {
    if (this.runtime) return;
    const root = this.shadowRoot!;
    root.innerHTML = `<style>${styles}</style>${template}`;
    const runtime = new GadgetRuntime(this, root, PREFS, MESSAGES, log, WIDGET_NAME);
    this.runtime = runtime;
    // The Finesse objects the gadget code uses (User, Dialogs, ContainerServices), over the Desktop SDK (rules USR-*, DLG-*, CTR-*).
    runtime.context.finesse = createFinesseCompat({
      log,
      widgetName: WIDGET_NAME,
      tenant: TENANT,
      store: this.store,
      onCleanup: (cleanup) => runtime.onCleanup(cleanup),
    });
    // The gadget's scripts, in document order, scoped to this element's shadow root.
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

if (!customElements.get(WIDGET_NAME)) customElements.define(WIDGET_NAME, CustomerLookupElement);
