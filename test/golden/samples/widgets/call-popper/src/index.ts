/**
 * Call Popper (<call-popper>): a Webex Contact Center Desktop widget converted by finesse-migrate
 * from the Finesse gadget samples/call-popper/CallPopper.xml.
 * Opens the caller's CRM record when a call arrives
 * README.md lists what was converted and what needs a person.
 */
import { Desktop } from "@wxcc-desktop/sdk";
import runGadget from "./gadget.cjs";
import { GadgetRuntime, type PrefSpec } from "./runtime";
import { createFinesseCompat, type DesktopStore, type TenantSettings } from "./finesse-compat";
import styles from "./styles.css";
import template from "./template.html";

const WIDGET_NAME = "call-popper";
const WIDGET_PROVIDER = "finesse-migrate";

/** The gadget's UserPrefs: the layout sets them as attributes; these are the gadget's defaults. */
const PREFS: Record<string, PrefSpec> = {
  crmRecordUrl: {
    attribute: "crm-record-url",
    datatype: "string",
    defaultValue: "https://crm.acme-contact.example/records?phone64=",
  },
};

/** Messages of the gadget's <Locale> bundles for en-US, for prefs.getMsg(). */
const MESSAGES: Record<string, string> = {};

/** Tenant settings (finesse-migrate.config.json "tenant"); REPLACE_WITH_* values are placeholders the report lists. */
const TENANT: TenantSettings = {
  idleCodes: {},
  cadVariables: {},
  outdialEntryPointId: "REPLACE_WITH_OUTDIAL_ENTRY_POINT_ID",
};

const log = Desktop.logger.createLogger(WIDGET_NAME);

export class CallPopperElement extends HTMLElement {
  private runtime: GadgetRuntime | undefined;
  /** $STORE values the layout binds to this element's properties. */
  private readonly store: DesktopStore = {};

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
  }

  /** UserPref "crmRecordUrl" (string), attribute "crm-record-url". */
  get crmRecordUrl(): string {
    return this.getAttribute("crm-record-url") ?? PREFS["crmRecordUrl"]!.defaultValue;
  }
  set crmRecordUrl(value: string) {
    this.setAttribute("crm-record-url", String(value));
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

if (!customElements.get(WIDGET_NAME)) customElements.define(WIDGET_NAME, CallPopperElement);
