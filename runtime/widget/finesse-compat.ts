// Finesse REST objects the converted gadget code still uses (User, Dialogs, Dialog, ContainerServices,
// FinesseToaster), over the Desktop SDK. The same file in every widget finesse-migrate emits; see the
// rules USR-*, DLG-*, CTR-*, NTF-* and WFL-* in its rule table for what each method maps to, and where
// the behaviour differs.
import { Desktop } from "@wxcc-desktop/sdk";
import type { Logger } from "./runtime";

/** Finesse User.States. READY and NOT_READY map to the Desktop's Available and Idle. */
export const UserStates = {
  LOGIN: "LOGIN",
  LOGOUT: "LOGOUT",
  NOT_READY: "NOT_READY",
  READY: "READY",
  RESERVED: "RESERVED",
  TALKING: "TALKING",
  HOLD: "HOLD",
  WORK: "WORK",
  WORK_READY: "WORK_READY",
} as const;

/** Finesse Dialog.Actions the adapter's requestAction knows (the rest are refused with a log line). */
export const DialogActions = {
  ACCEPT: "ACCEPT",
  ANSWER: "ANSWER",
  HOLD: "HOLD",
  RETRIEVE: "RETRIEVE",
  DROP: "DROP",
  CLOSE: "CLOSE",
  TRANSFER: "TRANSFER",
  TRANSFER_SST: "TRANSFER_SST",
  CONSULT_CALL: "CONSULT_CALL",
  CONFERENCE: "CONFERENCE",
  START_RECORDING: "START_RECORDING",
  UPDATE_CALL_DATA: "UPDATE_CALL_DATA",
} as const;

/** Finesse Dialog.States, as the adapter derives them from contact events. */
export const DialogStates = {
  ALERTING: "ALERTING",
  ACTIVE: "ACTIVE",
  HELD: "HELD",
  DROPPED: "DROPPED",
  FAILED: "FAILED",
  WRAP_UP: "WRAP_UP",
} as const;

type FinesseHandlers<T> = {
  success?: (value: T) => void;
  error?: (error: { status: number; message: string }) => void;
};

/** The fields of a contact event the adapter reads (a subset of Service.Aqm.Contact.AgentContact). */
interface ContactMsg {
  data: {
    interactionId: string;
    mediaResourceId?: string;
    interaction?: {
      state?: string;
      /** telephony, chat, email, social: Finesse Dialogs are voice calls only. */
      mediaType?: string;
      media?: Record<string, { isHold?: boolean }>;
      contactDirection?: { type?: string };
      outboundType?: string;
      callProcessingDetails?: {
        ani?: string;
        dnis?: string;
        customerName?: string;
        virtualTeamName?: string;
      };
      callAssociatedData?: Record<string, { value?: unknown }>;
    };
  };
}

/** Tenant settings (finesse-migrate.config.json "tenant"), with named placeholders where it had none. */
export interface TenantSettings {
  /** Finesse reason code id → Desktop idle code id. */
  idleCodes: Record<string, string>;
  /** Finesse call variable / ECC name → CAD variable name of the flow. */
  cadVariables: Record<string, string>;
  outdialEntryPointId: string;
  outdialAni?: string;
}

/**
 * Values the Desktop's data provider keeps current on the element ($STORE bindings of its layout
 * entry). Read first; the SDK's latest data answers when the layout binds none.
 */
export interface DesktopStore {
  agentId?: string;
  agentName?: string;
  dnNumber?: string;
  teamId?: string;
  teamName?: string;
  idleCodes?: Array<{ id: string; name: string; isSystem?: boolean; isDefault?: boolean }>;
}

export interface FinesseCompatOptions {
  tenant: TenantSettings;
  /** The element's $STORE-bound properties. */
  store?: DesktopStore;
  log: Logger;
  /** The widget's name: what getMyGadgetId() answers. */
  widgetName: string;
  /** Registers what the element must undo when it is removed. */
  onCleanup(cleanup: () => void): void;
}

/** ContainerServices.Topics. */
export const Topics = {
  ACTIVE_TAB: "ACTIVE_TAB",
  WORKFLOW_ACTION_EVENT: "WORKFLOW_ACTION_EVENT",
  TIMER_TICK_EVENT: "TIMER_TICK_EVENT",
  RELOAD_GADGET_EVENT: "RELOAD_GADGET_EVENT",
  GADGET_VIEW_CHANGED_EVENT: "GADGET_VIEW_CHANGED_EVENT",
  MAX_AVAILABLE_HEIGHT_CHANGED_EVENT: "MAX_AVAILABLE_HEIGHT_CHANGED_EVENT",
  ACTIVE_CALL_STATUS_EVENT: "ACTIVE_CALL_STATUS_EVENT",
  FINESSE_MAINTENANCE_MODE_EVENT: "FINESSE_MAINTENANCE_MODE_EVENT",
} as const;

/** The fields of a screen pop the adapter reads (Service.Aqm.ScreenPop.ScreenPopDetail). */
interface ScreenPopMsg {
  data: {
    screenPopUrl?: string;
    target?: string;
    screenPopName?: string;
    queryParameters?: Record<string, string> | null;
  };
}

/**
 * What a WORKFLOW_ACTION_EVENT handler receives: a Desktop screen pop (eScreenPop), as the BROWSER_POP
 * workflow action Finesse would have handed the gadget. Screen pops are defined in the flow.
 */
export class WorkflowActionEvent {
  /** Finesse's WorkflowActionEvent.HandledBy. */
  static readonly HandledBy = { FINESSE: "FINESSE", OTHER: "OTHER" } as const;
  constructor(private readonly msg: ScreenPopMsg) {}
  /** The screen pop's name in the flow. */
  getName(): string {
    return this.msg.data.screenPopName || "screenpop";
  }
  /** A Desktop screen pop carries a URL to open: Finesse's browser pop. */
  getType(): string {
    return "BROWSER_POP";
  }
  /** Gadgets act on the events Finesse leaves to them (OTHER); the Desktop may show the pop too (flow setting). */
  getHandledBy(): string {
    return WorkflowActionEvent.HandledBy.OTHER;
  }
  /** BROWSER_POP params: the URL in path, the Desktop's target in windowName. */
  getParams(): Record<string, { value: string; expandedValue: string }> {
    const url = this.msg.data.screenPopUrl ?? "";
    const target = this.msg.data.target ?? "_blank";
    return {
      path: { value: url, expandedValue: url },
      windowName: { value: target, expandedValue: target },
    };
  }
  /** The screen pop's query parameters, as Finesse action variables { name, actualValue }. */
  getActionVariables(): Array<{ name: string; actualValue: string }> {
    return Object.entries(this.msg.data.queryParameters ?? {}).map(([name, value]) => ({
      name,
      actualValue: String(value),
    }));
  }
}

/** ContainerServices.showDialog's options. */
interface DialogOptions {
  title?: unknown;
  message?: unknown;
  close?: () => void;
  isBlocking?: boolean;
}

/** finesse.containerservices.FinesseToaster. */
interface Toaster {
  init(config?: unknown, logger?: unknown): Toaster;
  showToaster(
    title: string,
    options?: { body?: unknown; icon?: unknown; autoClose?: unknown; showWhenVisible?: boolean },
  ): undefined;
}

/** What a TIMER_TICK_EVENT handler receives, once a second. */
export class TimerTickEvent {
  private readonly queued = new Date();
  getDateQueued(): Date {
    return this.queued;
  }
}

/** What the gadget code gets as fmContext.finesse. */
export type FinesseCompat = ReturnType<typeof createFinesseCompat>;

/** The Desktop's task map (a Map, or a plain object in older Desktops) as a list of contacts. */
function taskValues(taskMap: unknown): Array<ContactMsg["data"]> {
  const values =
    taskMap instanceof Map
      ? [...taskMap.values()]
      : taskMap && typeof taskMap === "object"
        ? Object.values(taskMap)
        : [];
  return values.filter(
    (t): t is ContactMsg["data"] =>
      !!t && typeof t === "object" && typeof (t as { interactionId?: unknown }).interactionId === "string",
  );
}

/** The Finesse dialog state of a task in the task map; undefined for one already ended (in wrap-up). */
function taskState(task: ContactMsg["data"]): string | undefined {
  const interaction = task.interaction;
  const state = (interaction?.state ?? "").toLowerCase();
  if (
    /wrap|end|terminat/.test(state) ||
    (interaction as { isTerminated?: boolean } | undefined)?.isTerminated
  )
    return undefined;
  if (state === "new" || state === "offered" || state === "alerting") return DialogStates.ALERTING;
  const media = interaction?.media?.[task.mediaResourceId ?? task.interactionId];
  if (media?.isHold || state === "hold" || state === "held") return DialogStates.HELD;
  return DialogStates.ACTIVE;
}

export function createFinesseCompat({
  log,
  onCleanup,
  widgetName,
  tenant,
  store = {},
}: FinesseCompatOptions) {
  /** Finesse name of a CAD variable, as the gadget code reads it. */
  const finesseName = (cadName: string): string =>
    Object.entries(tenant.cadVariables).find(([, cad]) => cad === cadName)?.[0] ?? cadName;
  let warnedSupervisorRole = false;
  const later = (fn: () => void): void => {
    Promise.resolve()
      .then(fn)
      .catch((error: unknown) => log.error("a Finesse handler failed", error));
  };

  /**
   * Finesse methods the adapter has no Desktop equivalent for (their call sites carry a TODO mark) do
   * nothing, once logged, and call the error handler they were given, instead of throwing: the rest
   * of the gadget keeps working until a person replaces them. `check` still fails on any such call it
   * can type, and the report lists every mark.
   */
  const warned = new Set<string>();
  const NOT_METHODS = new Set(["then", "toJSON", "valueOf", "toString", "constructor", "inspect"]);
  function withoutEquivalent<T extends object>(target: T, className: string): T {
    return new Proxy(target, {
      get(t, key, receiver) {
        if (typeof key !== "string" || key in t || NOT_METHODS.has(key)) return Reflect.get(t, key, receiver);
        const name = className + "." + key + "()";
        return (...args: unknown[]): undefined => {
          if (!warned.has(name))
            log.warn(
              name + " has no Desktop equivalent in the Finesse adapter (see its TODO mark); it did nothing",
            );
          warned.add(name);
          for (const arg of args) {
            const error =
              arg && typeof arg === "object" ? (arg as FinesseHandlers<unknown>).error : undefined;
            if (typeof error === "function")
              later(() => error({ status: 501, message: name + " has no Desktop equivalent" }));
          }
          return undefined;
        };
      },
    });
  }

  class Dialog {
    /**
     * finesse.restservices.Dialog.Actions, every name (rule DLG-12). requestAction maps HOLD, RETRIEVE,
     * DROP, CLOSE, ACCEPT and ANSWER; it refuses the others (their error handler is called).
     */
    static readonly Actions = {
      ACCEPT: "ACCEPT",
      ANSWER: "ANSWER",
      BARGE_CALL: "BARGE_CALL",
      CANCEL_SCHEDULED_CALLBACK: "CANCEL_SCHEDULED_CALLBACK",
      CLOSE: "CLOSE",
      CONFERENCE: "CONFERENCE",
      CONSULT_CALL: "CONSULT_CALL",
      DROP: "DROP",
      DTMF: "SEND_DTMF",
      HOLD: "HOLD",
      MAKE_CALL: "MAKE_CALL",
      PARTICIPANT_DROP: "PARTICIPANT_DROP",
      RECLASSIFY: "RECLASSIFY",
      REJECT: "REJECT",
      RETRIEVE: "RETRIEVE",
      START_RECORDING: "START_RECORDING",
      TRANSFER: "TRANSFER",
      TRANSFER_SST: "TRANSFER_SST",
      UPDATE_CALL_DATA: "UPDATE_CALL_DATA",
      UPDATE_SCHEDULED_CALLBACK: "UPDATE_SCHEDULED_CALLBACK",
    } as const;
    /**
     * finesse.restservices.Dialog.States, every name (rule DLG-02), with HELD and WRAP_UP of older
     * Finesse. getState() answers ALERTING, ACTIVE, HELD, DROPPED or FAILED; the others never occur.
     */
    static readonly States = {
      ...DialogStates,
      ACCEPTED: "ACCEPTED",
      INITIATED: "INITIATED",
      INITIATING: "INITIATING",
    } as const;
    private readonly changeHandlers: Array<(dialog: Dialog) => void> = [];
    constructor(
      private msg: ContactMsg,
      private state: string,
    ) {
      return withoutEquivalent(this, "Dialog");
    }
    /** The Desktop interaction id (Finesse dialog ids were numbers). */
    getId(): string {
      return this.msg.data.interactionId;
    }
    getFromAddress(): string {
      return this.msg.data.interaction?.callProcessingDetails?.ani ?? "";
    }
    getToAddress(): string {
      return this.msg.data.interaction?.callProcessingDetails?.dnis ?? "";
    }
    /** Finesse's DNIS: the number the caller dialed, as getToAddress(). */
    getDNIS(): string {
      return this.getToAddress();
    }
    /**
     * Finesse call types from the contact's direction: ACD_IN for inbound, OUT for outdial, OUTBOUND
     * for campaign and callback calls. Consults, conferences and internal calls are not told apart.
     */
    getCallType(): string {
      const interaction = this.msg.data.interaction;
      if (interaction?.contactDirection?.type !== "OUTBOUND") return "ACD_IN";
      return interaction.outboundType === "OUTDIAL" ? "OUT" : "OUTBOUND";
    }
    /** Finesse's media type of a voice dialog: the adapter's dialogs are telephony contacts only. */
    getMediaType(): string {
      return "Voice";
    }
    getState(): string {
      return this.state;
    }
    /** Call-associated data by variable name; callVariableN / ECC names must match the CAD names of the flow. */
    getMediaProperties(): Record<string, string> {
      const out: Record<string, string> = { dialedNumber: this.getToAddress() };
      for (const [name, cad] of Object.entries(this.msg.data.interaction?.callAssociatedData ?? {})) {
        out[finesseName(name)] = typeof cad.value === "string" ? cad.value : JSON.stringify(cad.value ?? "");
      }
      return out;
    }
    /** The name finesse-migrate's earlier rule table used for updateCallVariables. */
    updateCallVariableData(variables: Record<string, unknown>, handlers: FinesseHandlers<void> = {}): void {
      this.updateCallVariables(variables, handlers);
    }
    /** Writes call-associated data; Finesse names become the flow's CAD names (tenant.cadVariables). */
    updateCallVariables(variables: Record<string, unknown>, handlers: FinesseHandlers<void> = {}): void {
      const attributes: Record<string, string> = {};
      for (const [name, value] of Object.entries(variables))
        attributes[tenant.cadVariables[name] ?? name] = String(value);
      Desktop.dialer
        .updateCadVariables({
          interactionId: this.getId(),
          data: { attributes },
          keyId: null,
          keyVersion: null,
        })
        .then(() => handlers.success?.())
        .catch((error: unknown) => handlers.error?.({ status: 500, message: String(error) }));
    }
    /**
     * HOLD/RETRIEVE → hold/unHold of the main leg, DROP/CLOSE → endV2, ACCEPT → acceptV2 (digital),
     * ANSWER → the WebRTC softphone's accept (a desk phone answers on the device). Transfers,
     * consults and conferences need a Desktop destination (agent, queue, dial number): refused here.
     */
    requestAction(_target: unknown, action: string, handlers: FinesseHandlers<void> = {}): void {
      const interactionId = this.getId();
      const mediaResourceId = this.msg.data.mediaResourceId ?? interactionId;
      const contact = Desktop.agentContact;
      let request: Promise<unknown> | undefined;
      if (action === DialogActions.HOLD)
        request = contact.hold({ interactionId, isPostCallConsult: false, data: { mediaResourceId } });
      else if (action === DialogActions.RETRIEVE)
        request = contact.unHold({ interactionId, isPostCallConsult: false, data: { mediaResourceId } });
      else if (action === DialogActions.DROP || action === DialogActions.CLOSE)
        request = contact.endV2({ interactionId });
      else if (action === DialogActions.ACCEPT) request = contact.acceptV2({ interactionId });
      else if (action === DialogActions.ANSWER) {
        Desktop.actions.acceptWebRtcCall();
        request = Promise.resolve(true);
      }
      if (!request) {
        log.error(
          "Dialog.requestAction(" +
            action +
            ") has no Desktop mapping in the adapter; see the TODO in the code",
        );
        handlers.error?.({ status: 400, message: "unsupported action " + action });
        return;
      }
      request
        .then((result) =>
          result === undefined
            ? handlers.error?.({ status: 500, message: action + " failed" })
            : handlers.success?.(),
        )
        .catch((error: unknown) => handlers.error?.({ status: 500, message: String(error) }));
    }
    /**
     * Desktop.agentContact.sendDtmf plays tones on the WebRTC softphone's call (it takes no
     * interaction id, and passes Number(digit) on): the digits 0-9 go one tone each; * and # are refused.
     */
    sendDTMFRequest(_mediaAddress: unknown, handlers: FinesseHandlers<void> = {}, digits: unknown = ""): void {
      const tones = String(digits);
      if (!/^[0-9]+$/.test(tones)) {
        log.error("Dialog.sendDTMFRequest(" + tones + "): the Desktop sends only the digits 0-9");
        later(() => handlers.error?.({ status: 400, message: "the Desktop sends only the digits 0-9" }));
        return;
      }
      for (const tone of tones) Desktop.agentContact.sendDtmf(tone);
      later(() => handlers.success?.());
    }
    /** Finesse took a free-text label; the Desktop needs a wrap-up code, found here by name. */
    updateWrapUpReason(reason: string, handlers: FinesseHandlers<void> = {}): void {
      const interactionId = this.getId();
      Desktop.actions
        .getWrapUpCodes()
        .then((codes) => {
          const code = (codes ?? []).find((c) => c.name === reason);
          if (!code) {
            handlers.error?.({ status: 400, message: "no wrap-up code named " + reason });
            return undefined;
          }
          return Desktop.agentContact
            .wrapupV2({ interactionId, data: { wrapUpReason: code.name, auxCodeId: code.id } })
            .then(() => handlers.success?.());
        })
        .catch((error: unknown) => handlers.error?.({ status: 500, message: String(error) }));
    }
    addHandler(event: string, handler: (dialog: Dialog) => void): void {
      if (event === "change") this.changeHandlers.push(handler);
      else log.warn("Dialog.addHandler(" + event + ") has no Desktop equivalent; ignored");
    }
    update(msg: ContactMsg, state: string): void {
      this.msg = msg;
      this.state = state;
      for (const handler of this.changeHandlers) handler(this);
    }
  }

  /**
   * The agent's voice contacts, kept from the SDK's contact events in their order (offer, assigned,
   * held/unheld, ended, wrap-up, wrapped-up; or RONA / assign failed) and seeded from the Desktop's
   * task map, so a widget mounted mid-call sees the call. A contact leaves once: when it ends, RONAs
   * or fails to assign; the wrap-up events that follow an end never bring it back.
   */
  type ContactListener = { add(d: Dialog): void; delete(d: Dialog): void };
  const contacts = (() => {
    const dialogs = new Map<string, Dialog>();
    /** Ended contacts whose wrap-up is still to come: their later events are not new calls. */
    const finished = new Set<string>();
    const listeners = new Set<ContactListener>();
    const isVoice = (msg: ContactMsg): boolean =>
      (msg.data.interaction?.mediaType ?? "telephony") === "telephony";
    const upsert = (msg: ContactMsg, state: string): void => {
      const id = msg.data.interactionId;
      if (!id || !isVoice(msg) || finished.has(id)) return;
      const known = dialogs.get(id);
      if (known) return known.update(msg, state);
      const dialog = new Dialog(msg, state);
      dialogs.set(id, dialog);
      for (const l of [...listeners]) l.add(dialog);
    };
    const remove = (msg: ContactMsg, state: string, wrapUpFollows: boolean): void => {
      const id = msg.data.interactionId;
      if (wrapUpFollows) finished.add(id);
      else finished.delete(id);
      const dialog = dialogs.get(id);
      if (!dialog) return;
      dialogs.delete(id);
      dialog.update(msg, state);
      for (const l of [...listeners]) l.delete(dialog);
    };
    const handlers: Array<[string, (msg: ContactMsg) => void]> = [
      ["eAgentOfferContact", (m) => upsert(m, DialogStates.ALERTING)],
      ["eAgentContactAssigned", (m) => upsert(m, DialogStates.ACTIVE)],
      ["eAgentContactHeld", (m) => upsert(m, DialogStates.HELD)],
      ["eAgentContactUnHeld", (m) => upsert(m, DialogStates.ACTIVE)],
      ["eAgentContactEnded", (m) => remove(m, DialogStates.DROPPED, true)],
      // Wrap-up follows an end; on its own (no end seen) it ends the call too.
      ["eAgentWrapup", (m) => remove(m, DialogStates.DROPPED, true)],
      ["eAgentContactWrappedUp", (m) => remove(m, DialogStates.DROPPED, false)],
      ["eAgentOfferContactRona", (m) => remove(m, DialogStates.DROPPED, false)],
      // Not in the SDK's typed listener list, but delivered by its contact service.
      ["eAgentContactAssignFailed", (m) => remove(m, DialogStates.FAILED, false)],
    ];
    let started: Promise<void> | undefined;
    /** Listens from the first Dialogs collection on, and reads the contacts the Desktop already has. */
    const start = (): Promise<void> => {
      if (started) return started;
      const contact = Desktop.agentContact as unknown as {
        addEventListener(name: string, listener: (msg: ContactMsg) => void): void;
        removeEventListener(name: string, listener: (msg: ContactMsg) => void): void;
      };
      for (const [name, listener] of handlers) contact.addEventListener(name, listener);
      onCleanup(() => {
        for (const [name, listener] of handlers) contact.removeEventListener(name, listener);
      });
      started = Promise.resolve()
        .then(() => Desktop.actions.getTaskMap())
        .then((taskMap: unknown) => {
          for (const task of taskValues(taskMap)) {
            const id = task.interactionId;
            if (!id || dialogs.has(id) || finished.has(id)) continue;
            const state = taskState(task);
            if (state) upsert({ data: task }, state);
          }
        })
        .catch((error: unknown) =>
          log.warn("could not read the Desktop's task map; contacts already active are not shown", error),
        );
      return started;
    };
    return {
      start,
      all: (): Dialog[] => [...dialogs.values()],
      listen(l: ContactListener): void {
        listeners.add(l);
        onCleanup(() => listeners.delete(l));
      },
    };
  })();

  class Dialogs {
    private readonly byId = new Map<string, Dialog>();
    constructor(
      options: {
        onCollectionAdd?: (d: Dialog) => void;
        onCollectionDelete?: (d: Dialog) => void;
        onLoad?: (d: Dialogs) => void;
      } = {},
    ) {
      const self = withoutEquivalent(this, "Dialogs");
      contacts.listen({
        add: (dialog) => {
          this.byId.set(dialog.getId(), dialog);
          options.onCollectionAdd?.(dialog);
        },
        delete: (dialog) => {
          if (!this.byId.delete(dialog.getId())) return;
          options.onCollectionDelete?.(dialog);
        },
      });
      for (const dialog of contacts.all()) this.byId.set(dialog.getId(), dialog);
      // Finesse loaded the collection over REST, then called onLoad: here once the task map was read.
      const onLoad = options.onLoad;
      void contacts.start().then(() => {
        if (onLoad) later(() => onLoad(self));
      });
      return self;
    }
    getCollection(): Record<string, Dialog> {
      return Object.fromEntries(this.byId);
    }
    getDialogCount(): number {
      return this.byId.size;
    }
  }

  /** The idle code the Desktop uses when none is chosen: the default one of the agent's profile, else the first that is not a system code. */
  const defaultIdleCode = (): string | undefined => {
    const codes: Array<{ id: string | number; isSystem?: boolean; isDefault?: boolean }> =
      store.idleCodes ??
      (Desktop.agentStateInfo.latestData.idleCodes as
        Array<{ id: string; isSystem?: boolean; isDefault?: boolean }> | undefined) ??
      [];
    const code = codes.find((c) => c.isDefault && !c.isSystem) ?? codes.find((c) => !c.isSystem);
    return code === undefined ? undefined : String(code.id);
  };

  class User {
    constructor(
      private readonly options: {
        id?: string;
        onLoad?: (u: User) => void;
        onChange?: (u: User) => void;
      } = {},
    ) {
      const self = withoutEquivalent(this, "User");
      // Finesse loaded the user over REST, then called onLoad; the Desktop already has the data.
      const onLoad = options.onLoad;
      if (onLoad) later(() => onLoad(self));
      const onChange = options.onChange;
      if (onChange) {
        const listener = (): void => onChange(self);
        Desktop.agentStateInfo.addEventListener("updated", listener);
        onCleanup(() => Desktop.agentStateInfo.removeEventListener("updated", listener));
      }
      return self;
    }
    private get data() {
      return Desktop.agentStateInfo.latestData;
    }
    /** The id the gadget passed in (a Finesse login id); Desktop agent ids are UUIDs ($STORE.agent.agentId). */
    getId(): string {
      return this.options.id || store.agentId || "";
    }
    /** The Desktop's agent data has arrived (the element waits for it before the gadget starts). */
    isLoaded(): boolean {
      return Boolean(this.data.status || this.data.subStatus || this.data.agentName || store.agentName);
    }
    /** Listeners addHandler("change") put on Desktop.agentStateInfo, by the gadget's handler. */
    private readonly changeListeners = new Map<(u: User) => void, () => void>();
    /**
     * "change": the handler runs on every Desktop.agentStateInfo "updated" event, as onChange does;
     * "load": it runs once, soon (the adapter's User is loaded). Other events are ignored with a log line.
     */
    addHandler(event: string, handler: (u: User) => void): void {
      if (typeof handler !== "function") return;
      if (event === "load") {
        later(() => handler(this));
      } else if (event === "change") {
        if (this.changeListeners.has(handler)) return;
        const listener = (): void => handler(this);
        this.changeListeners.set(handler, listener);
        Desktop.agentStateInfo.addEventListener("updated", listener);
        onCleanup(() => Desktop.agentStateInfo.removeEventListener("updated", listener));
      } else log.warn("User.addHandler(" + event + ") has no Desktop equivalent; ignored");
    }
    /** Stops a "change" handler addHandler added; "load" handlers have run already. */
    removeHandler(event: string, handler: (u: User) => void): void {
      const listener = event === "change" ? this.changeListeners.get(handler) : undefined;
      if (!listener) return;
      this.changeListeners.delete(handler);
      Desktop.agentStateInfo.removeEventListener("updated", listener);
    }
    getState(): string {
      const sub = this.data.subStatus;
      if (sub === "Available") return UserStates.READY;
      if (sub === "Idle") return UserStates.NOT_READY;
      return this.data.status === "LoggedIn" || sub ? String(sub) : UserStates.LOGOUT;
    }
    getFirstName(): string {
      return (store.agentName ?? this.data.agentName ?? "").split(" ")[0] ?? "";
    }
    getLastName(): string {
      return (store.agentName ?? this.data.agentName ?? "").split(" ").slice(1).join(" ");
    }
    getFullName(): string {
      return store.agentName ?? this.data.agentName ?? "";
    }
    getExtension(): string {
      return store.dnNumber ?? this.data.dn ?? "";
    }
    getTeamId(): string {
      return store.teamId ?? this.data.teamId ?? "";
    }
    getTeamName(): string {
      return store.teamName ?? this.data.teamName ?? "";
    }
    /**
     * No Desktop equivalent (rule USR-16 marks each call): supervisors get a layout of their own. Answers
     * false, so the gadget's agent path runs instead of failing; logged once per widget.
     */
    hasSupervisorRole(): boolean {
      if (!warnedSupervisorRole)
        log.warn(
          "User.hasSupervisorRole() has no Desktop equivalent; answering false (see the TODO mark of rule USR-16)",
        );
      warnedSupervisorRole = true;
      return false;
    }
    /**
     * No Desktop equivalent (rule USR-24 marks each call): the Desktop has no role query. Answers true,
     * so the gadget's agent path runs; logged once per widget.
     */
    hasAgentRole(): boolean {
      const name = "User.hasAgentRole()";
      if (!warned.has(name))
        log.warn(name + " has no Desktop equivalent; answering true (see the TODO mark of rule USR-24)");
      warned.add(name);
      return true;
    }
    /** The idle code of the current Not Ready state, as Finesse's { id, label }. */
    getNotReadyReasonCode(): { id: string; label: string } | undefined {
      const code = this.data.idleCode;
      return code ? { id: code.id, label: code.name } : undefined;
    }
    /** Idle codes of the agent's profile, as Finesse reason codes { id, label }. */
    getNotReadyReasonCodes(handlers: FinesseHandlers<Array<{ id: string; label: string }>> = {}): void {
      // The layout's $STORE.agent.idleCodes binding, when there is one, saves the round trip.
      (store.idleCodes ? Promise.resolve(store.idleCodes) : Desktop.actions.getIdleCodes())
        .then((codes) =>
          handlers.success?.(
            (codes ?? [])
              .filter((c) => !c.isSystem)
              .map((c) => ({ id: String(c.id), label: String(c.name) })),
          ),
        )
        .catch((error: unknown) => handlers.error?.({ status: 500, message: String(error) }));
    }
    /** The Desktop's idle code while the agent is not Available (the SDK reports id "0" for Available). */
    private currentIdleCode(): { id: string; name?: string } | undefined {
      const code = this.data.idleCode;
      if (!code || code.id === undefined || this.data.subStatus === "Available") return undefined;
      return String(code.id) === "0" ? undefined : { id: String(code.id), name: code.name };
    }
    /**
     * Finesse's reasonCodeId of the current Not Ready state: the Desktop idle code's id, or the Finesse
     * reason code id tenant.idleCodes maps to it; undefined while the agent is Available.
     */
    getNotReadyReasonCodeId(): string | undefined {
      const code = this.currentIdleCode();
      if (!code) return undefined;
      return Object.entries(tenant.idleCodes).find(([, desktopId]) => desktopId === code.id)?.[0] ?? code.id;
    }
    /** The label of the current reason code: the Desktop idle code's name; undefined while Available. */
    getReasonCodeLabel(): string | undefined {
      return this.currentIdleCode()?.name;
    }
    /**
     * Looks a reason code id up among the agent profile's idle codes (a Finesse id through
     * tenant.idleCodes): success({ id, label }) with the id as given, or error 404. Sign-out reason
     * codes do not exist in the Desktop.
     */
    getReasonCodeById(
      handlers: FinesseHandlers<{ id: string; label: string }> = {},
      reasonCodeId?: string | number,
    ): void {
      const asked = String(reasonCodeId ?? "");
      const desktopId = tenant.idleCodes[asked] ?? asked;
      (store.idleCodes ? Promise.resolve(store.idleCodes) : Desktop.actions.getIdleCodes())
        .then((codes) => {
          const code = (codes ?? []).find((c) => String(c.id) === desktopId);
          if (code) handlers.success?.({ id: asked, label: String(code.name) });
          else handlers.error?.({ status: 404, message: "no idle code with id " + asked });
        })
        .catch((error: unknown) => handlers.error?.({ status: 500, message: String(error) }));
    }
    /**
     * READY → Available; NOT_READY → Idle with the reason code's id (a Desktop idle code id, or a
     * Finesse one the tenant settings map). Without a reason, the tenant's default idle code.
     */
    setState(
      state: string,
      reasonCode?: { id?: string | number } | string | number,
      handlers: FinesseHandlers<void> = {},
    ): void {
      const fail = (message: string): void => {
        log.error("User.setState(" + state + "): " + message);
        handlers.error?.({ status: 400, message });
      };
      const reason = typeof reasonCode === "object" ? reasonCode?.id : reasonCode;
      let request: { state: "Available" | "Idle"; auxCodeIdArray: string };
      if (state === UserStates.READY) request = { state: "Available", auxCodeIdArray: "0" };
      else if (state === UserStates.NOT_READY) {
        const id =
          reason !== undefined && reason !== ""
            ? (tenant.idleCodes[String(reason)] ?? String(reason))
            : defaultIdleCode();
        if (!id) return fail("no reason given and the Desktop has no default idle code");
        request = { state: "Idle", auxCodeIdArray: id };
      } else return fail("has no Desktop equivalent");
      Desktop.agentStateInfo
        .stateChange(request)
        .then((result) =>
          result ? handlers.success?.() : handlers.error?.({ status: 500, message: "state change failed" }),
        )
        .catch((error: unknown) => handlers.error?.({ status: 500, message: String(error) }));
    }
    getDialogs(options: ConstructorParameters<typeof Dialogs>[0] = {}): Dialogs {
      return new Dialogs(options);
    }
    /** Dials out through the tenant's outdial entry point (tenant.outdial). */
    makeCall(destination: string, handlers: FinesseHandlers<void> = {}): void {
      Desktop.dialer
        .startOutdial({
          data: {
            entryPointId: tenant.outdialEntryPointId,
            destination,
            direction: "OUTBOUND",
            ...(tenant.outdialAni ? { origin: tenant.outdialAni } : {}),
            attributes: {},
            mediaType: "telephony",
            outboundType: "OUTDIAL",
          },
        })
        .then((result) =>
          result ? handlers.success?.() : handlers.error?.({ status: 500, message: "outdial failed" }),
        )
        .catch((error: unknown) => handlers.error?.({ status: 500, message: String(error) }));
    }
  }

  /** Desktop notification types (Notifications.ItemMeta.Type) for Finesse's "ERROR", "warning", ... */
  type NotificationType = "info" | "warn" | "error" | "success";
  const notificationType = (type: unknown): NotificationType => {
    const t = String(type ?? "").toLowerCase();
    if (t.startsWith("err")) return "error";
    if (t.startsWith("warn")) return "warn";
    if (t.startsWith("succ")) return "success";
    return "info";
  };
  /** Finesse gave notification timeouts in ms; a number under 1000 can only have meant seconds. */
  const timeoutMs = (value: unknown): number | undefined => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) return undefined;
    return n < 1000 ? n * 1000 : n;
  };
  /**
   * An auto-dismiss Desktop notification (Desktop.actions.fireGeneralAutoDismissNotification): shown
   * in the Desktop, then listed in its Notification Center; silent if the agent turned them off.
   */
  const autoDismiss = (type: NotificationType, title: string, text: string, timeout?: number): void => {
    const raw = {
      data: { type, mode: "autodismiss", title, data: text },
      ...(timeout ? { options: { AUTO_DISMISS_TIMEOUT: timeout } } : {}),
    } as unknown as Parameters<typeof Desktop.actions.fireGeneralAutoDismissNotification>[0];
    Desktop.actions
      .fireGeneralAutoDismissNotification(raw)
      .catch((error: unknown) => log.warn("the Desktop did not show the notification " + title, error));
  };

  /** Handlers added through ContainerServices.addHandler, so that removeHandler can stop them. */
  const containerHandlers: Array<{ topic: string; handler: unknown; stop: () => void }> = [];

  /**
   * ContainerServices: the Desktop owns tabs and navigation. A widget is showing while it is mounted,
   * so ACTIVE_TAB handlers run once at start; screen pops come from the flow (Desktop.screenpop).
   */
  const ContainerServices = withoutEquivalent(
    {
      Topics,
      init() {
        return ContainerServices;
      },
      addHandler(topic: string, handler: (event?: unknown) => void): void {
        let stop: () => void;
        if (topic === Topics.ACTIVE_TAB) {
          let live = true;
          later(() => {
            if (live) handler();
          });
          stop = () => (live = false);
        } else if (topic === Topics.TIMER_TICK_EVENT) {
          const id = window.setInterval(() => handler(new TimerTickEvent()), 1000);
          stop = () => window.clearInterval(id);
        } else if (topic === Topics.WORKFLOW_ACTION_EVENT) {
          const listener = (msg: ScreenPopMsg): void => handler(new WorkflowActionEvent(msg));
          Desktop.screenpop.addEventListener("eScreenPop", listener);
          stop = () => Desktop.screenpop.removeEventListener("eScreenPop", listener);
        } else {
          log.warn("ContainerServices topic " + topic + " has no Desktop equivalent; handler not called");
          return;
        }
        containerHandlers.push({ topic, handler, stop });
        onCleanup(stop);
      },
      /** Stops the handler given for the topic, or every handler of the topic when none is given. */
      removeHandler(topic: string, handler?: unknown): void {
        for (const entry of [...containerHandlers]) {
          if (entry.topic !== topic || (handler !== undefined && entry.handler !== handler)) continue;
          entry.stop();
          containerHandlers.splice(containerHandlers.indexOf(entry), 1);
        }
      },
      /** Navigation belongs to the Desktop layout: there is no tab to activate. */
      makeActiveTabReq(): void {},
      activateMyTab(): void {},
      activateTab(_tabId?: string): void {},
      tabVisible(): boolean {
        return true;
      },
      getMyGadgetId(): string {
        return widgetName;
      },
      /** The layout entry's wrapper gives the widget its title bar and area: nothing to collapse or enable. */
      collapseMyGadget(): void {},
      expandMyGadget(): void {},
      enableTitleBar(): void {},
      /**
       * The container dialog becomes an acknowledge notification (fireGeneralAcknowledgeNotification);
       * options.close runs once the agent has dismissed it. isBlocking has no counterpart. Finesse took
       * an options object; some gadgets pass the title first.
       */
      showDialog(titleOrOptions: string | DialogOptions = {}, more: DialogOptions = {}): void {
        const options =
          typeof titleOrOptions === "string" ? { ...more, title: titleOrOptions } : titleOrOptions;
        const raw = {
          data: {
            type: "info",
            mode: "acknowledge",
            title: String(options.title ?? widgetName),
            data: String(options.message ?? ""),
          },
        } as unknown as Parameters<typeof Desktop.actions.fireGeneralAcknowledgeNotification>[0];
        Desktop.actions
          .fireGeneralAcknowledgeNotification(raw)
          .then(() => {
            if (typeof options.close === "function") later(() => options.close!());
          })
          .catch((error: unknown) =>
            log.warn("the Desktop did not show the dialog " + String(options.title), error),
          );
      },
      /** The SDK cannot withdraw a notification: the one showDialog fired stays until the agent dismisses it. */
      hideDialog(): void {},
      /**
       * The notification Finesse showed on the gadget's title bar becomes an auto-dismiss Desktop
       * notification titled with the widget's name: (type, message, messageDetails), or the
       * { messageFrom, message, timeout } object of 12.6 gadgets.
       */
      showMyGadgetNotification(typeOrOptions?: unknown, message?: unknown, messageDetails?: unknown): void {
        if (typeOrOptions && typeof typeOrOptions === "object") {
          const o = typeOrOptions as {
            messageFrom?: unknown;
            message?: unknown;
            timeout?: unknown;
            type?: unknown;
          };
          autoDismiss(
            notificationType(o.type),
            String(o.messageFrom ?? widgetName),
            String(o.message ?? ""),
            timeoutMs(o.timeout),
          );
          return;
        }
        const text = [message, messageDetails]
          .filter((v) => v !== undefined && v !== "")
          .map(String)
          .join(": ");
        autoDismiss(notificationType(typeOrOptions), widgetName, text);
      },
      /** Auto-dismiss notifications go by themselves. */
      hideMyGadgetNotification(): void {},
    },
    "ContainerServices",
  );

  /**
   * finesse.containerservices.FinesseToaster: the HTML5 browser toaster becomes an auto-dismiss Desktop
   * notification, shown whether or not the Desktop's tab is in front (showWhenVisible and icon have no
   * counterpart); showToaster returns no Notification object.
   */
  const FinesseToaster: Toaster = {
    init() {
      return FinesseToaster;
    },
    showToaster(title, options = {}) {
      autoDismiss("info", String(title ?? ""), String(options.body ?? ""), timeoutMs(options.autoClose));
      return undefined;
    },
  };

  return {
    User,
    UserStates,
    DialogStates,
    DialogActions,
    ContainerServices,
    Dialog,
    Dialogs,
    FinesseToaster,
    WorkflowActionEvent,
    TimerTickEvent,
  };
}
