// The Desktop simulator: an in-page stand-in for `@wxcc-desktop/sdk` (2.0.15) that converted widgets run
// against during `finesse-migrate verify`, and that unit tests drive directly. `Desktop` has the SDK's
// surface; `control` (window.__fmSim in the page) plays scripted session steps and records what the
// widget did with the SDK.
//
// The behaviour follows the SDK's own code (dist/index.js), not just its types:
//  - Sub-APIs (agentContact, agentStateInfo, dialer, screenpop, actions, ...) only get their SERVICE when
//    Desktop.config.init has resolved ("inited"). Before that, addEventListener and every request run the
//    service checker, which logs "SERVICE is not defined..." and does nothing: listeners are dropped,
//    requests answer undefined. The simulator does the same and records each as misuse.
//  - The SDK's argument checks (AssertUtils.check) only log and then send the request anyway; the Desktop
//    services then refuse it, so the promise rejects. The simulator records such calls as misuse and
//    rejects with a SimRequestError saying why.
//  - agentStateInfo.latestData starts with every field undefined and fills after init, with one
//    `updated` event listing the changed fields ({name, value, oldValue}, objects included).
//  - Notifications arrive like websocket messages: each in its own task, through the page's original
//    timers (window.__fmOrigTimers) so the verify runner's timer instrumentation does not count them.
import type { Notifications } from '@uuip/unified-ui-platform-sdk';
import type { MediaType, SdkCall, SdkMisuse, SessionStep, SimControl, SimOptions, SimStore } from './protocol.js';
import {
  SIM,
  cadVariable,
  clone,
  defaultAni,
  envelope,
  newContactData,
  type AgentContactMsg,
  type AuxCode,
  type ChannelStateData,
  type ContactData,
  type Msg,
  type ScreenPopData,
  type StateChangeData,
} from './payloads.js';

export type { AgentContactMsg, AuxCode, ContactData, Msg } from './payloads.js';
export { SIM } from './payloads.js';

/** SimOptions plus the simulator's own settings. */
export interface DesktopSimOptions extends SimOptions {
  /** Digital tasks (chat, email, social) stay in the task map in wrap-up after they end (default true). */
  digitalWrapup?: boolean;
  /** ms before an auto-dismiss or acknowledge notification is answered as dismissed (default 20). */
  notificationDelayMs?: number;
}

/** A log line of the widget (Desktop.logger) or of the simulated SDK itself. */
export interface SimLogLine {
  level: 'info' | 'debug' | 'warn' | 'error';
  prefix: string;
  message: string;
  step: number;
}

/** A notification the widget fired through Desktop.actions. */
export interface SimNotification {
  mode: string;
  type?: string;
  title?: string;
  text?: string;
  step: number;
}

export interface SimError {
  message: string;
  step: number;
  /** Stack of the first Error argument of the logger call, when there was one. */
  stack?: string;
}

/** What window.__fmSim offers: the protocol's SimControl plus these additions. */
export interface DesktopSimControl extends SimControl {
  /** $STORE-like values by path after "$STORE.", kept current with the session. */
  readonly store: SimStore;
  errors: SimError[];
  /** Every log line: the widget's (Desktop.logger) and the simulated SDK's own. */
  logs: SimLogLine[];
  notifications: SimNotification[];
  /** The interactionId the Desktop gave the session's contact name (the latest task of that name). */
  interactionId(contact: string): string | undefined;
  readonly loggedIn: boolean;
  reset(options?: DesktopSimOptions): void;
}

/** Why a simulated Desktop service refused a request (the real services reject with Err.Details). */
export class SimRequestError extends Error {
  constructor(
    readonly api: string,
    readonly reason: string,
  ) {
    super(`${api}: ${reason}`);
    this.name = 'SimRequestError';
  }
}

/** agentStateInfo.latestData (LatestInfoData of agent-state-info-jsapi.d.ts). */
export interface LatestData {
  agentName?: string;
  agentProfileID?: string;
  agentSessionId?: string;
  teamId?: string;
  teamName?: string;
  dn?: string;
  status?: string;
  subStatus?: string;
  idleCode?: { id: string; name: string };
  idleCodes?: AuxCode[];
  wrapupCodes?: AuxCode[];
  outDialRegex?: string;
  isOutboundEnabledForTenant?: boolean;
  isOutboundEnabledForAgent?: boolean;
  isAdhocDialingEnabled?: boolean;
  isEndCallEnabled?: boolean;
  isEndConsultEnabled?: boolean;
  allowConsultToQueue?: boolean;
  isAgentAvailableAfterOutdial?: boolean;
  isCampaignManagementEnabled?: boolean;
  agentPersonalStatsEnabled?: boolean;
}

export interface UpdatedEntry {
  name: keyof LatestData;
  value?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the SDK types it string but sends objects too
  oldValue?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A log record of Desktop.logger (uuip Logger.LogRecord). */
export interface LogRecord {
  pfx: string;
  msgs: string[];
  ts: number;
  lvl: number;
}

/** A shortcut key registration (Service.shortcut.KeyInfo). */
export interface KeyInfo {
  widgetElement: string;
  group: string;
  modifierKeys: string;
  action: string;
  key: string;
  role: string;
  // keyboardEvent is a DOM KeyboardEvent; `any` because src is also compiled without the DOM lib.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  listenKeyPress?: (event: { type: string; data?: KeyInfo; keyboardEvent?: any }) => void;
  isConflict?: boolean;
  deviceType?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listeners of every SDK event
type Listener = (...args: any[]) => unknown;
/** [status, reason, mode] of a dismissed notification (GeneralNotificationsSharedActions ResPayloadParameters). */
type NotificationResult = [
  Notifications.ItemMeta.Status,
  Notifications.ItemMeta.StatusChangeEventReason,
  Notifications.ItemMeta.Mode,
];
type Phase = 'offered' | 'connected' | 'ended' | 'wrapup';

interface SimTask {
  name: string;
  mediaType: MediaType;
  phase: Phase;
  /** The task map value; events carry copies of it. */
  data: ContactData;
}

// Every latestData field, all undefined: the SDK's initial value (its constant K).
// prettier-ignore
const LATEST_KEYS: Array<keyof LatestData> = [
  'agentName', 'agentProfileID', 'agentSessionId', 'idleCode', 'teamId', 'teamName', 'dn', 'status',
  'subStatus', 'idleCodes', 'wrapupCodes', 'outDialRegex', 'isOutboundEnabledForTenant',
  'isOutboundEnabledForAgent', 'isEndCallEnabled', 'isEndConsultEnabled', 'allowConsultToQueue',
  'isAdhocDialingEnabled', 'isAgentAvailableAfterOutdial', 'isCampaignManagementEnabled',
  'agentPersonalStatsEnabled',
];

// Event names each sub-API can subscribe to at run time. agentContact forwards the name to
// SERVICE.aqm.contact[name] (no allow-list in the SDK), so every signal of aqm-service-contact.d.ts works,
// eAgentContactAssignFailed included, plus the two supervisor names its Listeners type lists.
// prettier-ignore
const CONTACT_EVENTS = new Set([
  'eAgentAddCampaignReserved', 'eAgentCampaignContactUpdated', 'eAgentConferenceTransferred',
  'eAgentConsultConferenceEndFailed', 'eAgentConsultConferenceEnded', 'eAgentConsultConferenced',
  'eAgentConsultConferencing', 'eAgentConsultCreated', 'eAgentConsultEndFailed', 'eAgentConsultEnded',
  'eAgentConsultFailed', 'eAgentConsultTransferFailed', 'eAgentConsultTransferring', 'eAgentConsulting',
  'eAgentContact', 'eAgentContactAniUpdated', 'eAgentContactAssignFailed', 'eAgentContactAssigned',
  'eAgentContactCleanup', 'eAgentContactEnded', 'eAgentContactHeld', 'eAgentContactReserved',
  'eAgentContactUnHeld', 'eAgentContactWrappedUp', 'eAgentCtqCancelFailed', 'eAgentCtqCancelled',
  'eAgentCtqFailed', 'eAgentInviteFailed', 'eAgentMediaForkUpdate', 'eAgentOfferCampaignReserved',
  'eAgentOfferConsult', 'eAgentOfferContact', 'eAgentOfferContactRona', 'eAgentWrapup',
  'eAgentblindTransferred', 'eAgentvteamTransfer', 'eCallRecordingStarted', 'eConsultTransfer',
  'eConsultedParticipantMoving', 'eContactCallbackFailed', 'eContactMerged', 'eContactOwnerChanged',
  'eParticipantJoinedConference', 'eParticipantLeftConference', 'eParticipantPostCallActivity',
  'ePauseRecording', 'eResumeRecording', 'eAgentMonitorStateChanged', 'eAgentMonitoringEnded',
]);
const STATE_EVENTS = new Set(['updated', 'eAgentChannelStateChanged', 'eAgentChannelReloginSuccess']);
// prettier-ignore
const DIALER_EVENTS = new Set([
  'eOutdialFailed', 'eContactUpdated', 'eCampaignPreviewAcceptFailed', 'eCampaignPreviewSkipFailed',
  'eCampaignPreviewRemoveFailed',
]);
const SCREENPOP_EVENTS = new Set(['eScreenPop']);
// prettier-ignore
const MONITORING_EVENTS = new Set([
  'eMonitoringOffered', 'eMonitoringStarted', 'eMonitoringRequestCreateFailed', 'eMonitoringFailed',
  'eMonitoringEnded', 'eMonitoringEndFailed', 'eMonitoringHeld', 'eMonitoringHoldFailed', 'eMonitoringUnHeld',
  'eMonitoringUnHoldFailed', 'eAgentMonitorStateChanged', 'eAgentMonitorStateChangeFailed',
]);
const CONFIG_EVENTS = new Set(['inited', 'cleaned']);
const MEDIA_TYPES = ['telephony', 'chat', 'email', 'social', 'midcall telephony', 'appleMessages'];
const DESTINATION_TYPES = ['queue', 'dialNumber', 'agent', 'entrypointDialNumber', 'entryPoint'];
const CHANNEL_TYPES = ['telephony', 'chat', 'email', 'social'];
// The SDK's own UUID check (validationUtils.validateUUID).
const UUID = /^[0-9a-fA-F]{8}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{12}$/;

const MODIFIERS = {
  CTRL_SHIFT: 'ctrlKey_shiftKey',
  ALT_SHIFT: 'altKey_shiftKey',
  CTRL_ALT: 'ctrlKey_altKey',
  SHIFT: 'shiftKey',
  CTRL: 'ctrlKey',
  ALT: 'altKey',
};
// prettier-ignore
const KEY_NAMES = [
  'EXPAND_COLLAPSE_INTERACTION_PANEL_KEY', 'SAVE_EDITED_CAD_KEY', 'REVERT_EDITED_CAD_KEY', 'HOLD_RESUME_CALL_KEY',
  'TRANSFER_KEY', 'CONSULT_KEY', 'END_KEY', 'CONFERENCE_KEY', 'PAUSE_RESUME_RECORDING_KEY', 'GO_TO_AVAILABLE_KEY',
  'OPEN_STATE_SELECTOR_KEY', 'SEND_EMAIL_KEY', 'REPLY_EMAIL_KEY', 'REPLY_ALL_EMAIL_KEY', 'OPEN_USER_PROFILE_KEY',
  'ENABLE_SILENT_NOTIFICATION_KEY', 'OPEN_SHORTCUT_KEY_MODAL_KEY', 'DOWNLOAD_ERROR_REPORT_KEY', 'SIGNOUT_KEY',
  'ACCEPT_TASK_KEY', 'SWITCH_POPOVER_KEY', 'EXPAND_COLLAPSE_POPOVER_KEY', 'OPEN_OUTDIAL_KEY', 'OPEN_WRAP_UP_KEY',
  'EXPAND_COLLAPSE_TASK_LIST_PANEL_KEY', 'OPEN_NOTIFICATION_CENTER_KEY', 'OPEN_NAVIGATION_TAB_KEY', 'REFRESH_KEY',
  'SWITCH_TASK_KEY', 'ACCEPT_ALL_TASK_KEY', 'EXPAND_COLLAPSE_WEBEX', 'MINIMIZE_RESTORE_WEBEX', 'OPEN_DTMF_KEYPAD',
  'FOCUS_MODAL_KEY',
] as const;
const REGISTERED_KEYS = Object.fromEntries(
  KEY_NAMES.map((name) => [name, name.replace(/_KEY$/, '').toLowerCase()]),
) as Record<(typeof KEY_NAMES)[number], string>;

// ---------------------------------------------------------------------------------------------------
// Small helpers

interface TimerFns {
  setTimeout(fn: () => void, ms?: number): unknown;
  clearTimeout(handle: unknown): void;
}

// The timers as the simulator found them when it loaded: the page's own unless something wrapped them first.
const loadedTimers = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };

/** The page's original timers: window.__fmOrigTimers when the verify runner instrumented the page. */
function origTimers(): TimerFns {
  type Orig = { setTimeout?: unknown; clearTimeout?: unknown };
  const g = globalThis as { __fmOrigTimers?: Orig; window?: { __fmOrigTimers?: Orig } };
  const orig = g.__fmOrigTimers ?? g.window?.__fmOrigTimers;
  const set = (typeof orig?.setTimeout === 'function' ? orig.setTimeout : loadedTimers.setTimeout) as (
    fn: () => void,
    ms?: number,
  ) => unknown;
  const clear = (typeof orig?.clearTimeout === 'function' ? orig.clearTimeout : loadedTimers.clearTimeout) as (
    handle: unknown,
  ) => void;
  // Called on globalThis: window timers throw "Illegal invocation" with any other receiver.
  return { setTimeout: (fn, ms) => set.call(globalThis, fn, ms), clearTimeout: (h) => clear.call(globalThis, h) };
}

/** A listener threw: report it like an uncaught error of the page, and go on with the other listeners. */
function reportAsync(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    origTimers().setTimeout(() => {
      throw error;
    });
}

/** Makes SDK call arguments storable as JSON: functions become "[function]", cycles "[circular]". */
export function jsonSafe(value: unknown, seen: WeakSet<object> = new WeakSet(), depth = 0): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint' || typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return '[function]';
  if (typeof value !== 'object') return String(value);
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  const dom = value as { nodeName?: unknown; nodeType?: unknown };
  if (typeof dom.nodeName === 'string' && typeof dom.nodeType === 'number') return `[${dom.nodeName}]`;
  if (typeof Event !== 'undefined' && value instanceof Event) return `[event ${value.type}]`;
  if (depth > 10) return '[deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => jsonSafe(v, seen, depth + 1));
  else if (value instanceof Map)
    out = Object.fromEntries([...value].map(([k, v]) => [String(k), jsonSafe(v, seen, depth + 1)]));
  else if (value instanceof Set) out = [...value].map((v) => jsonSafe(v, seen, depth + 1));
  else {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) o[k] = jsonSafe(v, seen, depth + 1);
    out = o;
  }
  seen.delete(value); // shared (not circular) references are fine
  return out;
}

/** The SDK's getClosestElement: walks up parents and out of shadow roots to an element matching `selector`. */
interface DomNode {
  nodeType?: number;
  id?: string;
  parentNode?: DomNode | null;
  host?: DomNode;
  matches?(selector: string): boolean;
}
function closestElement(start: unknown, selector: string): DomNode | null {
  const doc = (globalThis as { document?: unknown }).document;
  let node = asRecord(start) as DomNode | undefined;
  while (node && node !== doc && node !== globalThis) {
    if (node.nodeType === 11 && node.host)
      node = node.host; // a shadow root
    else if (node.nodeType === 1 && typeof node.matches === 'function' && node.matches(selector)) return node;
    else node = node.parentNode ?? undefined;
  }
  return null;
}

/** One line from logger arguments, as the Desktop's log would show them. */
function logText(args: unknown[]): string {
  return args
    .map((a) =>
      typeof a === 'string' ? a : a instanceof Error ? `${a.name}: ${a.message}` : JSON.stringify(jsonSafe(a)),
    )
    .join(' ');
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

const isFilled = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** Deterministic UUID-shaped ids (v4 layout), so two runs of a session see the same ids. */
function idGenerator(seed: number): () => string {
  let s = seed >>> 0;
  const rand = (): number => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rand() * 4)] ?? '8'}${hex(3)}-${hex(12)}`;
}

/** Listeners by event name, plus once-listeners (the SDK's addOnceEventListener). */
class Emitter {
  private readonly on = new Map<string, Set<Listener>>();
  private readonly once = new Map<string, Set<Listener>>();
  add(name: string, fn: Listener, once = false): void {
    const map = once ? this.once : this.on;
    const set = map.get(name) ?? new Set<Listener>();
    set.add(fn);
    map.set(name, set);
  }
  remove(name: string, fn: Listener, once = false): void {
    (once ? this.once : this.on).get(name)?.delete(fn);
  }
  clear(): void {
    this.on.clear();
    this.once.clear();
  }
  get size(): number {
    let n = 0;
    for (const set of [...this.on.values(), ...this.once.values()]) n += set.size;
    return n;
  }
  emit(name: string, ...args: unknown[]): void {
    const once = [...(this.once.get(name) ?? [])];
    this.once.delete(name);
    for (const fn of [...(this.on.get(name) ?? []), ...once]) {
      try {
        const result = fn(...args);
        // An async listener's rejection is the widget's own unhandled rejection, as on the Desktop.
        void result;
      } catch (error) {
        reportAsync(error);
      }
    }
  }
}

// SDK log prefixes (the `i(t, "...")` loggers of index.js).
const PREFIX: Record<string, string> = {
  config: '[Config JSAPI] =>',
  agentContact: '[AgentContact JSAPI] =>',
  agentStateInfo: '[AgentInfo JSAPI] =>',
  actions: '[Actions JSAPI] =>',
  dialer: '[Dialer JSAPI] =>',
  screenpop: '[ScreenPop JSAPI] =>',
  shortcutKey: '[ShortcutKey JSAPI] =>',
  i18n: '[I18N JSAPI] =>',
  monitoring: '[Call Monitoring JSAPI] =>',
  postInteractions: '[PI JSAPI] =>',
  agentConfigJsApi: '[AGENT CONFIG JSAPI] =>',
  logger: '[Logger JSAPI] =>',
};

// ---------------------------------------------------------------------------------------------------

/**
 * A fresh simulated Desktop. `Desktop` is what widgets import; `control` drives sessions and holds the
 * records. One simulator per page: `reset()` starts over without replacing either object.
 */
export function createDesktopSim(initialOptions: DesktopSimOptions = {}) {
  let options: DesktopSimOptions = { ...initialOptions };
  let step = -1;
  let inited = false;
  /** Bumped by reset: timers and replies of an earlier session are dropped. */
  let generation = 0;
  const pending = new Set<unknown>();
  let nextId = idGenerator(1);

  const calls: SdkCall[] = [];
  const misuse: SdkMisuse[] = [];
  const errors: SimError[] = [];
  const logs: SimLogLine[] = [];
  const notifications: SimNotification[] = [];
  const store: SimStore = {};

  const configEvents = new Emitter();
  const contactEvents = new Emitter();
  const stateEvents = new Emitter();
  const dialerEvents = new Emitter();
  const screenpopEvents = new Emitter();
  const monitoringEvents = new Emitter();
  const subApiEmitters = [contactEvents, stateEvents, dialerEvents, screenpopEvents, monitoringEvents];

  // The agent: undefined while logged out.
  interface Agent {
    subStatus: 'Available' | 'Idle';
    auxCodeId: string;
    lastStateChangeTimestamp: number;
    lastIdleCodeChangeTimestamp: number;
  }
  let agent: Agent | undefined;
  const latestData: LatestData = {};
  let dataFilled = false;
  let fillPromise: Promise<void> | undefined;

  const tasks = new Map<string, SimTask>();
  const names = new Map<string, string>();
  let outdials = 0;
  const loggers = new Map<string, LogRecord[]>();
  const shortcutKeys = new Map<string, KeyInfo>();
  const keyListeners = new Set<Listener>();

  // --- recording -----------------------------------------------------------------------------------

  function record(api: string, args: unknown[]): void {
    calls.push({ api, args: jsonSafe(args) as unknown[], step });
  }
  function addMisuse(api: string, reason: string): void {
    misuse.push({ api, reason, step });
  }
  function sdkLog(level: SimLogLine['level'], module: string, message: string): void {
    logs.push({ level, prefix: PREFIX[module] ?? `[${module}]`, message, step });
  }
  /** The Desktop service refuses the request: misuse, and the promise rejects. */
  function refuse(api: string, reason: string): never {
    addMisuse(api, reason);
    throw new SimRequestError(api, reason);
  }
  /** The SDK's service checker: false (with its log line and a misuse record) until init has resolved. */
  function serviceReady(api: string, what = 'called'): boolean {
    if (inited) return true;
    sdkLog('error', api.split('.')[0] ?? api, 'SERVICE is not defined...');
    addMisuse(
      api,
      what === 'listener'
        ? 'listener registered before Desktop.config.init resolved: dropped'
        : 'called before Desktop.config.init resolved: the SDK does nothing and answers undefined',
    );
    return false;
  }
  /** A request of a sub-API: recorded, undefined before init, else `run` (which may refuse). */
  function request<T>(api: string, args: unknown[], run: () => T | Promise<T>): Promise<T | undefined> {
    record(api, args);
    if (!serviceReady(api)) return Promise.resolve(undefined);
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error);
    }
  }
  /** A void method of a sub-API (no promise): recorded, ignored before init. */
  function command(api: string, args: unknown[], run: () => void): void {
    record(api, args);
    if (!serviceReady(api)) return;
    run();
  }

  // --- timing --------------------------------------------------------------------------------------

  /** Runs `fn` in a later task on the original timers; dropped if the simulator was reset meanwhile. */
  function later<T>(fn: () => T, ms = 0): Promise<T> {
    const gen = generation;
    const timers = origTimers();
    return new Promise<T>((resolve, reject) => {
      const handle = timers.setTimeout(() => {
        pending.delete(handle);
        if (gen !== generation) return;
        try {
          resolve(fn());
        } catch (error) {
          reject(error);
        }
      }, ms);
      pending.add(handle);
    });
  }
  /** Delivers one notification to a sub-API's listeners, as its own websocket message. */
  function deliver(emitter: Emitter, name: string, ...args: unknown[]): Promise<void> {
    return later(() => emitter.emit(name, ...args));
  }

  // --- agent data ----------------------------------------------------------------------------------

  const idleCodeList = (): AuxCode[] => SIM.idleCodes.map((c) => ({ ...c }));
  const wrapupCodeList = (): AuxCode[] => SIM.wrapupCodes.map((c) => ({ ...c }));
  const defaultIdleCode = (): AuxCode =>
    SIM.idleCodes.find((c) => c.isDefault && !c.isSystem) ?? (SIM.idleCodes[1] as AuxCode);
  const ronaCode = (): AuxCode => SIM.idleCodes.find((c) => c.isSystem && c.name === 'RONA') as AuxCode;
  const idleName = (id: string): string | undefined => SIM.idleCodes.find((c) => c.id === id)?.name;

  /** The SDK's update(): changed fields go into latestData and out in one `updated` event. */
  function update(patch: LatestData): void {
    const changes: UpdatedEntry[] = [];
    for (const name of Object.keys(patch) as Array<keyof LatestData>) {
      const value = clone(patch[name]);
      const oldValue = latestData[name];
      if (JSON.stringify(value) !== JSON.stringify(oldValue)) changes.push({ name, value, oldValue });
    }
    if (!changes.length) return;
    for (const c of changes) (latestData as Record<string, unknown>)[c.name] = c.value;
    stateEvents.emit('updated', changes);
  }

  /** What fetchLatestData finds for the logged-in agent (plus the station-login fields). */
  function profileData(a: Agent): LatestData {
    return {
      agentName: SIM.agentName,
      agentProfileID: SIM.agentProfileId,
      agentSessionId: SIM.agentSessionId,
      teamId: SIM.teamId,
      teamName: SIM.teamName,
      dn: SIM.dn,
      status: 'LoggedIn',
      subStatus: a.subStatus,
      // As in fetchLatestData: no idle code for auxCodeId "0" (Available).
      idleCode: a.auxCodeId !== '0' ? { id: a.auxCodeId, name: idleName(a.auxCodeId) ?? '' } : undefined,
      idleCodes: idleCodeList(),
      wrapupCodes: wrapupCodeList(),
      outDialRegex: SIM.outDialRegex,
      isOutboundEnabledForTenant: true,
      isOutboundEnabledForAgent: true,
      isAdhocDialingEnabled: true,
      isEndCallEnabled: true,
      isEndConsultEnabled: true,
      allowConsultToQueue: true,
      isAgentAvailableAfterOutdial: false,
      isCampaignManagementEnabled: false,
      agentPersonalStatsEnabled: false,
    };
  }

  /** latestData fills agentDataDelayMs after init once the agent is logged in; resolves when `updated` went out. */
  function scheduleFill(): Promise<void> | undefined {
    if (!agent || !inited || dataFilled) return fillPromise;
    fillPromise ??= later(() => {
      fillPromise = undefined;
      if (!agent || !inited) return;
      dataFilled = true;
      update(profileData(agent));
    }, options.agentDataDelayMs ?? 30);
    return fillPromise;
  }

  function taskMapSnapshot(): Map<string, ContactData> {
    return new Map([...tasks].map(([id, t]) => [id, clone(t.data)]));
  }

  /** Rewrites control.store from the model (the Desktop's data provider). */
  function syncStore(): void {
    for (const key of Object.keys(store)) delete store[key];
    store['app.darkMode'] = false;
    store['app.title'] = 'Webex Contact Center';
    store['app.logo'] = '';
    store['dynamic.isConnector'] = false;
    store['generalNotifications.isNotificationsEnabled'] = true;
    store['generalNotifications.isSilentNotificationsEnabled'] = false;
    if (!agent) return;
    const sub = agent.subStatus;
    Object.assign(store, {
      'agent.agentId': SIM.agentId,
      'agent.agentName': SIM.agentName,
      'agent.agentEmailId': SIM.agentEmail,
      'agent.agentPhoto': '',
      'agent.dnNumber': SIM.dn,
      'agent.teamId': SIM.teamId,
      'agent.teamName': SIM.teamName,
      'agent.siteId': SIM.siteId,
      'agent.enterpriseId': SIM.orgId,
      'agent.profileType': 'BLENDED',
      'agent.subStatus': sub,
      'agent.subStatusChangeTimestamp': new Date(agent.lastStateChangeTimestamp),
      'agent.idleCodes': idleCodeList(),
      'agent.channels': { voiceCount: 1, chatCount: 3, emailCount: 2, socialCount: 2 },
      'agent.allowConsultToQueue': true,
      'agent.isAdhocDialingEnabled': true,
      'agent.isAgentAvailableAfterOutdial': false,
      'agent.isCampaignManagementEnabled': false,
      'agent.isEndCallEnabled': true,
      'agent.isEndConsultEnabled': true,
      'agent.isOutboundEnabledForAgent': true,
      'agent.isOutboundEnabledForTenant': true,
      'agent.usesOtherDN': false,
      'agent.outDialEp': SIM.entryPointId,
      'agent.outdialAniList': [{ id: '+14085550100', name: 'Main line' }],
      'auth.accessToken': token(),
      'agentContact.taskMap': taskMapSnapshot(),
      'agentContact.interactionIds': [...tasks.keys()],
    });
    const wrapping = [...tasks.values()].find((t) => t.phase === 'ended' || t.phase === 'wrapup');
    if (wrapping)
      store['agent.wrapUpData'] = {
        wrapUpProps: {
          interactionId: wrapping.data.interactionId,
          wrapUpReasonList: wrapupCodeList(),
          autoWrapup: false,
          allowCancelAutoWrapup: false,
        },
      };
  }

  const token = (): string => `sim-access-token.${SIM.agentId}`;

  /** The agent changes state (the Desktop's selector, a widget's stateChange, RONA): `updated` after init. */
  async function changeState(subStatus: 'Available' | 'Idle', auxCodeId: string): Promise<Msg<StateChangeData>> {
    if (!agent) throw new Error('the agent is not logged in');
    const now = Date.now();
    agent.subStatus = subStatus;
    if (agent.auxCodeId !== auxCodeId) agent.lastIdleCodeChangeTimestamp = now;
    agent.auxCodeId = auxCodeId;
    agent.lastStateChangeTimestamp = now;
    syncStore();
    // The SDK's eAgentStateChangeSuccess handler: idleCode is {id, name} even for Available ("0").
    const patch: LatestData = {
      agentSessionId: SIM.agentSessionId,
      status: 'LoggedIn',
      subStatus,
      idleCode: { id: auxCodeId, name: idleName(auxCodeId) as string },
    };
    if (dataFilled) await later(() => update(patch));
    return envelope<StateChangeData>(
      {
        eventType: 'AgentDesktopMessage',
        agentId: SIM.agentId,
        trackingId: nextId(),
        auxCodeId,
        agentSessionId: SIM.agentSessionId,
        orgId: SIM.orgId,
        status: 'LoggedIn',
        subStatus,
        lastIdleCodeChangeTimestamp: agent.lastIdleCodeChangeTimestamp,
        lastStateChangeTimestamp: now,
        type: 'AgentStateChangeSuccess',
        changedBy: null,
        changedById: null,
        changedByName: null,
        lastStateChangeReason: '',
      },
      nextId(),
      'AgentStateChange',
    );
  }

  // --- tasks ---------------------------------------------------------------------------------------

  const mainLeg = (t: SimTask) => t.data.interaction.media[t.data.mediaResourceId];
  const agentParticipant = (t: SimTask) => t.data.interaction.participants[SIM.agentId];
  const wrapsUp = (t: SimTask): boolean => t.mediaType === 'telephony' || options.digitalWrapup !== false;

  /** Marks the task with the event's type and delivers a copy of it to agentContact listeners. */
  async function fire(
    t: SimTask,
    event: string,
    type: string,
    extra: Partial<ContactData> = {},
  ): Promise<AgentContactMsg> {
    Object.assign(t.data, extra, { type, trackingId: nextId(), eventTime: Date.now() });
    syncStore();
    const msg = envelope(clone(t.data), nextId());
    await deliver(contactEvents, event, msg);
    return clone(msg);
  }

  function addTask(name: string, data: ContactData, mediaType: MediaType): SimTask {
    const t: SimTask = { name, mediaType, phase: 'offered', data };
    tasks.set(data.interactionId, t);
    names.set(name, data.interactionId);
    return t;
  }

  function removeTask(t: SimTask): void {
    tasks.delete(t.data.interactionId);
  }

  function assign(t: SimTask): Promise<AgentContactMsg> {
    t.phase = 'connected';
    t.data.interaction.state = 'connected';
    const me = agentParticipant(t);
    if (me) Object.assign(me, { hasJoined: true, joinTimestamp: Date.now() });
    return fire(t, 'eAgentContactAssigned', 'AgentContactAssigned');
  }

  function setHold(t: SimTask, held: boolean): Promise<AgentContactMsg> {
    const leg = mainLeg(t);
    if (leg) Object.assign(leg, { isHold: held, holdTimestamp: held ? Date.now() : null });
    return held
      ? fire(t, 'eAgentContactHeld', 'AgentContactHeld')
      : fire(t, 'eAgentContactUnHeld', 'AgentContactUnheld');
  }

  /** The contact ends: voice (and digital unless wrap-up is off) stays in the map until wrapped up. */
  function endTask(t: SimTask): Promise<AgentContactMsg> {
    t.data.interaction.isTerminated = true;
    if (t.phase === 'offered' || !wrapsUp(t)) removeTask(t);
    else t.phase = 'ended';
    return fire(
      t,
      'eAgentContactEnded',
      'ContactEnded',
      t.phase === 'ended' ? { agentsPendingWrapUp: [SIM.agentId] } : {},
    );
  }

  function startWrapup(t: SimTask): Promise<AgentContactMsg> {
    t.phase = 'wrapup';
    t.data.interaction.state = 'wrapUp';
    t.data.interaction.isTerminated = true;
    const me = agentParticipant(t);
    if (me) Object.assign(me, { isWrapUp: true, wrapUpTimestamp: Date.now() });
    return fire(t, 'eAgentWrapup', 'AgentWrapup');
  }

  function wrappedUp(t: SimTask, auxCodeId: string): Promise<AgentContactMsg> {
    removeTask(t);
    return fire(t, 'eAgentContactWrappedUp', 'AgentWrappedUp', { wrapUpAuxCodeId: auxCodeId });
  }

  // --- argument checks of widget requests ----------------------------------------------------------

  function argsOf(api: string, p: unknown): Record<string, unknown> {
    return asRecord(p) ?? refuse(api, 'called without its argument object (the SDK reads its fields and throws)');
  }

  /** The task a request names by interactionId, or refuse: missing, not a UUID, or not in the task map. */
  function taskFor(api: string, p: unknown): SimTask {
    const id = argsOf(api, p)['interactionId'];
    if (id === undefined || id === null) refuse(api, 'interactionId is missing');
    if (typeof id !== 'string' || id === '') refuse(api, 'interactionId is empty or not a string');
    if (!UUID.test(id))
      refuse(api, `interactionId "${id}" is not a valid UUID (the SDK logs an assert failure; the Desktop refuses it)`);
    return tasks.get(id) ?? refuse(api, `interactionId ${id} is not a task in the agent's task map`);
  }

  function connectedTask(api: string, p: unknown): SimTask {
    const t = taskFor(api, p);
    if (t.phase !== 'connected') refuse(api, `contact ${t.data.interactionId} is not connected (it is ${t.phase})`);
    return t;
  }

  function requireLogin(api: string): void {
    if (!agent) refuse(api, 'the agent is not logged in');
  }

  function wrapupCode(api: string, data: Record<string, unknown>): string {
    if (!isFilled(data['wrapUpReason'])) refuse(api, 'data.wrapUpReason is missing or empty');
    const id = data['auxCodeId'];
    if (!isFilled(id)) refuse(api, 'data.auxCodeId is missing or empty');
    if (!SIM.wrapupCodes.some((c) => c.id === id))
      refuse(
        api,
        `data.auxCodeId ${String(id)} is not one of the agent's wrap-up codes (Desktop.actions.getWrapUpCodes)`,
      );
    return String(id);
  }

  function holdArgs(api: string, p: unknown, wantHeld: boolean): SimTask {
    const t = connectedTask(api, p);
    if (t.mediaType !== 'telephony')
      refuse(api, `contact ${t.data.interactionId} is ${t.mediaType}: only voice calls go on hold`);
    const data = asRecord(argsOf(api, p)['data']);
    const mrid = data?.['mediaResourceId'];
    if (!isFilled(mrid)) refuse(api, 'data.mediaResourceId is missing');
    if (!t.data.interaction.media[String(mrid)])
      refuse(api, `data.mediaResourceId ${String(mrid)} is not a media leg of contact ${t.data.interactionId}`);
    const held = mainLeg(t)?.isHold === true;
    if (wantHeld && held) refuse(api, `contact ${t.data.interactionId} is already on hold`);
    if (!wantHeld && !held) refuse(api, `contact ${t.data.interactionId} is not on hold`);
    return t;
  }

  /** Replies that only acknowledge (consult, transfer, conference: not simulated further). */
  function ack(t: SimTask, type: string): AgentContactMsg {
    return envelope({ ...clone(t.data), type, trackingId: nextId() }, nextId());
  }

  function checkDestination(api: string, data: Record<string, unknown> | undefined): void {
    if (!data) refuse(api, 'data is missing');
    if (!DESTINATION_TYPES.includes(String(data['destinationType'])))
      refuse(api, `data.destinationType ${String(data['destinationType'])} is not a valid destination type`);
    if (data['to'] !== undefined && !isFilled(data['to'])) refuse(api, 'data.to is empty');
  }

  // --- the SDK surface -----------------------------------------------------------------------------

  type IdArg = { interactionId: string };
  type MediaArg = { interactionId: string; isPostCallConsult?: boolean; data: { mediaResourceId: string } };
  type WrapupArg = { interactionId: string; data: { wrapUpReason: string; auxCodeId: string; isAutoWrapup?: string } };
  type TransferV2Arg = { interactionId: string; data: { to: string | undefined; destinationType: string } };
  type Raw = { data?: { type?: string; mode?: string; title?: string; data?: unknown } } & Record<string, unknown>;

  function listen(module: string, known: Set<string>, emitter: Emitter, once: boolean) {
    return (eventName: string, listener: Listener): undefined => {
      const api = `${module}.${once ? 'addOnceEventListener' : 'addEventListener'}`;
      record(api, [eventName, listener]);
      if (!serviceReady(api, 'listener')) return undefined;
      if (typeof listener !== 'function') {
        addMisuse(api, `listener for "${String(eventName)}" is not a function`);
        return undefined;
      }
      if (!known.has(eventName)) {
        // The AQM-backed modules warn and do not subscribe; agentStateInfo subscribes to an event that never fires.
        if (module !== 'agentStateInfo')
          sdkLog('warn', module, `EventName "${String(eventName)}" is not recognized, so won't be subscribed...`);
        addMisuse(api, `event "${String(eventName)}" is not an event of Desktop.${module}: the listener never runs`);
        return undefined;
      }
      emitter.add(eventName, listener, once);
      return undefined;
    };
  }
  function unlisten(module: string, emitter: Emitter, once: boolean, gated = false) {
    return (eventName: string, listener: Listener): undefined => {
      const api = `${module}.${once ? 'removeOnceEventListener' : 'removeEventListener'}`;
      record(api, [eventName, listener]);
      // agentStateInfo's remove goes through the service checker too; before init it does nothing.
      if (gated && !inited) {
        sdkLog('error', module, 'SERVICE is not defined...');
        return undefined;
      }
      emitter.remove(eventName, listener, once);
      return undefined;
    };
  }
  function removeAll(module: string, emitter: Emitter) {
    return (): void => {
      record(`${module}.removeAllEventListeners`, []);
      emitter.clear();
    };
  }
  /** init()/cleanup() of a sub-API: public in the SDK, the Desktop calls them; harmless here. */
  function lifecycle(module: string, emitter?: Emitter) {
    return {
      init(_service?: unknown): undefined {
        record(`${module}.init`, []);
        return undefined;
      },
      cleanup(): undefined {
        record(`${module}.cleanup`, []);
        emitter?.clear();
        return undefined;
      },
    };
  }

  const config = {
    async init(cfg: { widgetName: string; widgetProvider: string }): Promise<void> {
      record('config.init', [cfg]);
      // The SDK reads config.widgetName: without an argument that is a TypeError, so init rejects.
      if (cfg === undefined || cfg === null) {
        addMisuse('config.init', 'called without {widgetName, widgetProvider}: the SDK throws and init rejects');
        throw new TypeError(`Cannot read properties of ${String(cfg)} (reading 'widgetName')`);
      }
      const c = asRecord(cfg);
      // init("name", "provider") resolves, with widgetName undefined.
      if (!c || !isFilled(c['widgetName']) || !isFilled(c['widgetProvider']))
        addMisuse(
          'config.init',
          'widgetName or widgetProvider is missing (init takes one {widgetName, widgetProvider} object)',
        );
      // The SDK awaits its service check before it emits "inited".
      await Promise.resolve();
      if (!inited) sdkLog('info', 'config', 'SERVICE is inited. Continuing...');
      inited = true;
      configEvents.emit('inited');
      void scheduleFill();
    },
    registerCrmConnector(provider: { crmPlatform?: string; crmConnectorProvider?: string }): void {
      record('config.registerCrmConnector', [provider]);
      sdkLog('warn', 'config', 'This Desktop is not loaded inside an iframe. CRM Connector is not registered.');
    },
    cleanup(): void {
      record('config.cleanup', []);
      // "cleaned": every sub-API drops its listeners and SERVICE; latestData goes back to all undefined.
      inited = false;
      configEvents.emit('cleaned');
      for (const e of subApiEmitters) e.clear();
      dataFilled = false;
      fillPromise = undefined;
      for (const key of LATEST_KEYS) latestData[key] = undefined;
    },
    get clientLocale(): string {
      const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
      return nav?.languages?.[0] ?? nav?.language ?? 'en-US';
    },
    addEventListener(eventName: 'inited' | 'cleaned', listener: () => void): void {
      record('config.addEventListener', [eventName, listener]);
      if (!CONFIG_EVENTS.has(eventName))
        addMisuse('config.addEventListener', `config has no "${String(eventName)}" event`);
      configEvents.add(eventName, listener);
    },
    removeEventListener(eventName: 'inited' | 'cleaned', listener: () => void): void {
      record('config.removeEventListener', [eventName, listener]);
      configEvents.remove(eventName, listener);
    },
  };

  function createLogger(prefix: string) {
    record('logger.createLogger', [prefix]);
    const records = loggers.get(prefix) ?? [];
    loggers.set(prefix, records);
    sdkLog('info', 'logger', `Client logger created: "${prefix}"`);
    const addListeners = new Set<(r: LogRecord) => void>();
    const log = (level: SimLogLine['level'], lvl: number, args: unknown[]): void => {
      const message = logText(args);
      logs.push({ level, prefix, message, step });
      const rec: LogRecord = {
        pfx: prefix,
        msgs: args.map((a) => (typeof a === 'string' ? a : logText([a]))),
        ts: Date.now(),
        lvl,
      };
      records.push(rec);
      for (const fn of addListeners) fn(rec);
      if (level === 'error') {
        const err = args.find((a): a is Error => a instanceof Error);
        errors.push(err?.stack ? { message, step, stack: err.stack } : { message, step });
      }
    };
    // uuip Logger.Service: info/debug/warn/error, and an "add" event per record.
    return {
      prefix,
      maskKeys: undefined as unknown,
      info: (...args: unknown[]): void => log('info', 1, args),
      debug: (...args: unknown[]): void => log('debug', 2, args),
      warn: (...args: unknown[]): void => log('warn', 3, args),
      error: (...args: unknown[]): void => log('error', 4, args),
      addEventListener(eventName: 'add', listener: (r: LogRecord) => void): () => void {
        if (eventName === 'add') addListeners.add(listener);
        return () => addListeners.delete(listener);
      },
      removeEventListener(eventName: 'add', listener: (r: LogRecord) => void): void {
        if (eventName === 'add') addListeners.delete(listener);
      },
    };
  }

  const logsText = (prefix: string): string =>
    (loggers.get(prefix) ?? []).map((r) => `${new Date(r.ts).toISOString()} ${r.pfx} ${r.msgs.join(' ')}`).join('\n');

  const logger = {
    createLogger,
    cleanupLogs(prefix: string): void {
      record('logger.cleanupLogs', [prefix]);
      loggers.get(prefix)?.splice(0);
    },
    browserDownloadLogsJson(prefix: string): void {
      record('logger.browserDownloadLogsJson', [prefix]);
    },
    browserDownloadLogsText(prefix: string): void {
      record('logger.browserDownloadLogsText', [prefix]);
    },
    getLogsCollection(prefix: string): LogRecord[] | undefined {
      record('logger.getLogsCollection', [prefix]);
      return loggers.has(prefix) ? [...(loggers.get(prefix) ?? [])] : undefined;
    },
    getLogsJsonUrl(prefix: string): string | undefined {
      record('logger.getLogsJsonUrl', [prefix]);
      return loggers.has(prefix)
        ? `data:application/json,${encodeURIComponent(JSON.stringify(loggers.get(prefix)))}`
        : undefined;
    },
    getLogsTextUrl(prefix: string): string | undefined {
      record('logger.getLogsTextUrl', [prefix]);
      return loggers.has(prefix) ? `data:text/plain,${encodeURIComponent(logsText(prefix))}` : undefined;
    },
  };

  const agentStateInfo = {
    ...lifecycle('agentStateInfo', stateEvents),
    // The SDK's agentStateInfo.init is async (it fetches the agent data).
    init(_service?: unknown): Promise<void> {
      record('agentStateInfo.init', []);
      return Promise.resolve();
    },
    /** The same object for the whole session: filled in place, like the SDK's. */
    get latestData(): LatestData {
      return latestData;
    },
    stateChangeByChannelType(arg: { channelType: string[]; state: string; auxCodeIdArray: string[] }): void {
      record('agentStateInfo.stateChangeByChannelType', [arg]);
      addMisuse(
        'agentStateInfo.stateChangeByChannelType',
        'not implemented in the SDK: it throws "Method not implemented."',
      );
      throw new Error('Method not implemented.');
    },
    stateChange(stateData: { state: 'Available' | 'Idle'; auxCodeIdArray: string }) {
      const api = 'agentStateInfo.stateChange';
      return request(api, [stateData], () => {
        const p = argsOf(api, stateData);
        const state = p['state'];
        if (!isFilled(state)) refuse(api, 'state is missing or empty');
        const lower = String(state).toLowerCase();
        if (lower !== 'available' && lower !== 'idle')
          refuse(api, `state "${String(state)}" is not Available or Idle (idle codes go in auxCodeIdArray)`);
        const aux = p['auxCodeIdArray'];
        if (aux === null || aux === '') refuse(api, 'auxCodeIdArray is null or empty');
        requireLogin(api);
        if (lower === 'idle') {
          const code = SIM.idleCodes.find((c) => c.id === aux);
          if (!code)
            refuse(
              api,
              `auxCodeIdArray ${String(aux)} is not one of the agent's idle codes (Desktop.actions.getIdleCodes)`,
            );
          if (code.isSystem)
            refuse(api, `auxCodeIdArray ${code.id} is the system code ${code.name}: agents cannot choose it`);
          return changeState('Idle', code.id);
        }
        return changeState('Available', SIM.availableAuxCodeId);
      });
    },
    stateChangeV2(stateData: {
      channelType: string[];
      state: string;
      auxCodeId?: string;
      reason?: string;
      agentId?: string;
    }) {
      const api = 'agentStateInfo.stateChangeV2';
      return request(api, [stateData], async () => {
        const p = argsOf(api, stateData);
        if (!isFilled(p['state'])) refuse(api, 'state is missing or empty');
        const lower = String(p['state']).toLowerCase();
        if (lower !== 'available' && lower !== 'idle')
          refuse(api, `state "${String(p['state'])}" is not Available or Idle`);
        if (!isFilled(p['auxCodeId'])) refuse(api, 'auxCodeId is missing or empty');
        const channels = p['channelType'];
        if (!Array.isArray(channels) || !channels.length || !channels.every((c) => CHANNEL_TYPES.includes(String(c))))
          refuse(api, 'channelType must be a non-empty array of telephony, chat, email, social');
        requireLogin(api);
        if (lower === 'idle' && !SIM.idleCodes.some((c) => c.id === p['auxCodeId'] && !c.isSystem))
          refuse(api, `auxCodeId ${String(p['auxCodeId'])} is not one of the agent's idle codes`);
        // One AgentChannelStateChanged per channel type, as the Desktop sends them.
        let last: Msg<ChannelStateData> | undefined;
        for (const channel of channels) {
          last = envelope<ChannelStateData>(
            {
              agentId: SIM.agentId,
              orgId: SIM.orgId,
              channelType: String(channel),
              agentChannelStateDetail: {
                agentState: lower === 'idle' ? 'Idle' : 'Available',
                pendingIdle: false,
                auxCodeId: String(p['auxCodeId']),
                availableChannelCount: lower === 'idle' ? 0 : 1,
                totalChannelCount: 1,
                stateChangeTimestamp: Date.now(),
                stateChangeReason: typeof p['reason'] === 'string' ? p['reason'] : '',
              },
              changedBy: null,
              changedById: null,
              changedByName: null,
              connectedChannels: [],
              agentSessionId: SIM.agentSessionId,
              trackingId: nextId(),
              type: 'AgentChannelStateChanged',
              eventType: 'AgentDesktopMessage',
            },
            nextId(),
            'AgentChannelStateChanged',
          );
          await deliver(stateEvents, 'eAgentChannelStateChanged', clone(last));
        }
        return last;
      });
    },
    mockOutdialAniList() {
      return request('agentStateInfo.mockOutdialAniList', [], () => ({
        data: {
          agentSessionId: SIM.agentSessionId,
          callData: '',
          data: { mockOutdialAniList: [{ id: '+14085550100', name: 'Main line' }] },
          jsMethod: 'mockOutdialAni',
        },
        orgId: SIM.orgId,
        trackingId: `notifs_${nextId()}`,
        type: 'mockOutdialAniList',
      }));
    },
    fetchAddressBooks() {
      return request('agentStateInfo.fetchAddressBooks', [], () => ({
        speedDials: [
          { desc: 'Charles Babbage', dn: '+14085550124' },
          { desc: 'Support line', dn: '+18005550199' },
        ],
      }));
    },
    changeAgentState(
      orgId: string,
      data: { state: 'AVAILABLE' | 'IDLE'; auxCodeId: string; lastStateChangeReason?: string; agentId: string },
    ) {
      const api = 'agentStateInfo.changeAgentState';
      return request(api, [orgId, data], (): void => {
        refuse(api, "changes another agent's state: a supervisor API, and the simulated agent is no supervisor");
      });
    },
    fetchAgentIdleCodes(orgId: string, agentId: string) {
      const api = 'agentStateInfo.fetchAgentIdleCodes';
      return request(api, [orgId, agentId], () => {
        if (orgId !== SIM.orgId) refuse(api, `orgId ${String(orgId)} is not the agent's organization`);
        if (agentId !== SIM.agentId)
          refuse(api, `agentId ${String(agentId)} is not the agent's id ($STORE.agent.agentId)`);
        return { idleCodes: SIM.idleCodes.map((c) => c.id), accessIdleCode: 'ALL' as const };
      });
    },
    fetchOrganizationIdleCodes(orgId: string) {
      const api = 'agentStateInfo.fetchOrganizationIdleCodes';
      return request(api, [orgId], () => {
        if (orgId !== SIM.orgId) refuse(api, `orgId ${String(orgId)} is not the agent's organization`);
        return idleCodeList();
      });
    },
    addEventListener: (() => {
      const add = listen('agentStateInfo', STATE_EVENTS, stateEvents, false);
      return (
        eventName: 'updated' | 'eAgentChannelStateChanged' | 'eAgentChannelReloginSuccess',
        listener: Listener,
      ): void => {
        add(eventName, listener);
      };
    })(),
    removeEventListener: (() => {
      const remove = unlisten('agentStateInfo', stateEvents, false, true);
      return (
        eventName: 'updated' | 'eAgentChannelStateChanged' | 'eAgentChannelReloginSuccess',
        listener: Listener,
      ): void => {
        remove(eventName, listener);
      };
    })(),
    removeAllEventListeners: removeAll('agentStateInfo', stateEvents),
  };

  const contactApi = (name: string) => `agentContact.${name}`;

  const agentContact = {
    ...lifecycle('agentContact', contactEvents),
    sendDtmf(digit: string): undefined {
      command(contactApi('sendDtmf'), [digit], () => {
        const api = contactApi('sendDtmf');
        // The SDK passes Number(digit) to the softphone: only 0-9 survive that.
        if (typeof digit !== 'string' || !/^[0-9]$/.test(digit)) {
          addMisuse(
            api,
            `digit ${JSON.stringify(jsonSafe(digit))} is not 0-9: the SDK sends Number(digit), so * and # arrive as NaN`,
          );
          return;
        }
        if (![...tasks.values()].some((t) => t.mediaType === 'telephony' && t.phase === 'connected'))
          addMisuse(api, 'no connected voice call to send the tone to');
      });
      return undefined;
    },
    accept(p: IdArg) {
      const api = contactApi('accept');
      return request(api, [p], () => acceptTask(api, p));
    },
    acceptV2(p: IdArg) {
      const api = contactApi('acceptV2');
      return request(api, [p], () => acceptTask(api, p));
    },
    consultAccept(p: IdArg) {
      const api = contactApi('consultAccept');
      return request(api, [p], (): AgentContactMsg => {
        const t = taskFor(api, p);
        return refuse(api, `no consult was offered on contact ${t.data.interactionId}`);
      });
    },
    buddyAgents(p: { data: { agentProfileId: string; channelName: string; state?: string; trackingId?: string } }) {
      const api = contactApi('buddyAgents');
      return request(api, [p], () => buddies(api, asRecord(argsOf(api, p)['data'])?.['state']));
    },
    buddyAgentsV2(p: { data: { agentProfileId: string; mediaType: string; state?: string } }) {
      const api = contactApi('buddyAgentsV2');
      return request(api, [p], () => {
        const data = asRecord(argsOf(api, p)['data']);
        if (!MEDIA_TYPES.includes(String(data?.['mediaType']))) refuse(api, 'data.mediaType is not a valid media type');
        return buddies(api, data?.['state']);
      });
    },
    end(p: IdArg) {
      const api = contactApi('end');
      return request(api, [p], () => endRequest(api, p));
    },
    endV2(p: { interactionId: string; isEndingFromNonPrimary?: boolean }) {
      const api = contactApi('endV2');
      return request(api, [p], () => endRequest(api, p));
    },
    cancelTaskV2(p: IdArg) {
      const api = contactApi('cancelTaskV2');
      return request(api, [p], () => {
        const t = taskFor(api, p);
        if (t.phase === 'ended' || t.phase === 'wrapup')
          refuse(api, `contact ${t.data.interactionId} has already ended`);
        return endTask(t);
      });
    },
    hold(p: MediaArg) {
      const api = contactApi('hold');
      return request(api, [p], () => setHold(holdArgs(api, p, true), true));
    },
    unHold(p: MediaArg) {
      const api = contactApi('unHold');
      return request(api, [p], () => setHold(holdArgs(api, p, false), false));
    },
    wrapup(p: WrapupArg) {
      const api = contactApi('wrapup');
      return request(api, [p], () => {
        const t = taskFor(api, p);
        const data = asRecord(argsOf(api, p)['data']) ?? refuse(api, 'data is missing');
        const auto = String(data['isAutoWrapup']).toLowerCase();
        if (!['true', 'false', '0', '1'].includes(auto)) refuse(api, 'data.isAutoWrapup is not "true" or "false"');
        return wrapupRequest(api, t, data);
      });
    },
    wrapupV2(p: WrapupArg) {
      const api = contactApi('wrapupV2');
      return request(api, [p], () => {
        const t = taskFor(api, p);
        const data = asRecord(argsOf(api, p)['data']) ?? refuse(api, 'data is missing');
        return wrapupRequest(api, t, data);
      });
    },
    decline(p: { interactionId: string; data: { mediaResourceId: string }; isConsult: boolean }) {
      const api = contactApi('decline');
      return request(api, [p], () => {
        const t = taskFor(api, p);
        if (t.phase !== 'offered') refuse(api, `contact ${t.data.interactionId} is not offered (it is ${t.phase})`);
        if (typeof argsOf(api, p)['isConsult'] !== 'boolean') refuse(api, 'isConsult is not a boolean');
        removeTask(t);
        return fire(t, 'eAgentOfferContactRona', 'AgentOfferContactRona', { reason: 'USER_DECLINED', reasonCode: 156 });
      });
    },
    pauseRecording(p: IdArg) {
      const api = contactApi('pauseRecording');
      return request(api, [p], () => recording(api, p, true));
    },
    pauseRecordingV2(p: IdArg) {
      const api = contactApi('pauseRecordingV2');
      return request(api, [p], () => recording(api, p, true));
    },
    resumeRecording(p: { interactionId: string; data: { autoResumed: boolean } }) {
      const api = contactApi('resumeRecording');
      return request(api, [p], () => recording(api, p, false));
    },
    resumeRecordingV2(p: { interactionId: string; data: { autoResumed: boolean } }) {
      const api = contactApi('resumeRecordingV2');
      return request(api, [p], () => recording(api, p, false));
    },
    // Consult, transfer and conference: checked and acknowledged; their event flows are not simulated.
    consult(p: { interactionId: string; data: Record<string, unknown>; url: string }) {
      const api = contactApi('consult');
      return request(api, [p], () => ack(connectedTask(api, p), 'AgentConsultCreated'));
    },
    consultV2(p: {
      interactionId: string;
      data: { to: string | undefined; destinationType: string; holdParticipants?: boolean };
    }) {
      const api = contactApi('consultV2');
      return request(api, [p], () => {
        const t = connectedTask(api, p);
        checkDestination(api, asRecord(argsOf(api, p)['data']));
        return ack(t, 'AgentConsultCreated');
      });
    },
    consultConference(p: { interactionId: string; data: Record<string, unknown> }) {
      const api = contactApi('consultConference');
      return request(api, [p], () => ack(connectedTask(api, p), 'AgentConsultConferenced'));
    },
    consultConferenceV2(p: {
      interactionId: string;
      data: { agentId?: string; to: string | undefined; destinationType: string };
    }) {
      const api = contactApi('consultConferenceV2');
      return request(api, [p], () => {
        const t = connectedTask(api, p);
        checkDestination(api, asRecord(argsOf(api, p)['data']));
        return ack(t, 'AgentConsultConferenced');
      });
    },
    consultEnd(p: { interactionId: string; isConsult: boolean }) {
      const api = contactApi('consultEnd');
      return request(api, [p], () => ack(connectedTask(api, p), 'AgentConsultEnded'));
    },
    consultEndV2(p: { interactionId: string; isConsult: boolean; isSecondaryEpDnAgent?: boolean; queueId?: string }) {
      const api = contactApi('consultEndV2');
      return request(api, [p], () => ack(connectedTask(api, p), 'AgentConsultEnded'));
    },
    consultTransfer(p: { interactionId: string; data: Record<string, unknown> }) {
      const api = contactApi('consultTransfer');
      return request(api, [p], () => ack(connectedTask(api, p), 'AgentConsultTransferred'));
    },
    consultTransferV2(p: TransferV2Arg) {
      const api = contactApi('consultTransferV2');
      return request(api, [p], () => {
        const t = connectedTask(api, p);
        checkDestination(api, asRecord(argsOf(api, p)['data']));
        return ack(t, 'AgentConsultTransferred');
      });
    },
    blindTransfer(p: { interactionId: string; data: Record<string, unknown> }) {
      const api = contactApi('blindTransfer');
      return request(api, [p], () => ack(connectedTask(api, p), 'AgentBlindTransferred'));
    },
    blindTransferV2(p: TransferV2Arg) {
      const api = contactApi('blindTransferV2');
      return request(api, [p], () => {
        const t = connectedTask(api, p);
        checkDestination(api, asRecord(argsOf(api, p)['data']));
        return ack(t, 'AgentBlindTransferred');
      });
    },
    vteamTransfer(p: { interactionId: string; data: { vteamId: string; vteamType: string } }) {
      const api = contactApi('vteamTransfer');
      return request(api, [p], () => {
        const t = connectedTask(api, p);
        if (!isFilled(asRecord(argsOf(api, p)['data'])?.['vteamId'])) refuse(api, 'data.vteamId is missing');
        return ack(t, 'AgentVteamTransferred');
      });
    },
    vteamTransferV2(p: TransferV2Arg) {
      const api = contactApi('vteamTransferV2');
      return request(api, [p], () => {
        const t = connectedTask(api, p);
        checkDestination(api, asRecord(argsOf(api, p)['data']));
        return ack(t, 'AgentVteamTransferred');
      });
    },
    cancelCtq(p: { interactionId: string; data: { agentId: string; queueId: string } }) {
      const api = contactApi('cancelCtq');
      return request(api, [p], () => ack(connectedTask(api, p), 'AgentCtqCancelled'));
    },
    exitConference(p: IdArg) {
      const api = contactApi('exitConference');
      return request(api, [p], () => ack(connectedTask(api, p), 'ParticipantLeftConference'));
    },
    dropConferenceParticipant(p: { interactionId: string; data: { participantId: string } }) {
      const api = contactApi('dropConferenceParticipant');
      return request(api, [p], () => ack(connectedTask(api, p), 'ParticipantLeftConference'));
    },
    vteamList(p: {
      data: { agentProfileId: string; agentSessionId: string; channelType: string; type: string; trackingId?: string };
    }) {
      const api = contactApi('vteamList');
      return request(api, [p], () => {
        argsOf(api, p);
        return envelope(
          {
            data: {
              vteamList: [
                {
                  name: SIM.queueName,
                  channelType: 'telephony',
                  id: SIM.queueId,
                  type: 'inboundqueue',
                  analyzerId: '',
                },
              ],
              allowConsultToQueue: true,
            },
            jsMethod: 'vteamList',
            callData: '',
            agentSessionId: SIM.agentSessionId,
          },
          nextId(),
          'VteamList',
        );
      });
    },
    addEventListener: listen('agentContact', CONTACT_EVENTS, contactEvents, false),
    addOnceEventListener: listen('agentContact', CONTACT_EVENTS, contactEvents, true),
    removeEventListener: unlisten('agentContact', contactEvents, false),
    removeOnceEventListener: unlisten('agentContact', contactEvents, true),
    removeAllEventListeners: removeAll('agentContact', contactEvents),
  };

  function acceptTask(api: string, p: unknown): Promise<AgentContactMsg> {
    const t = taskFor(api, p);
    if (t.phase !== 'offered') refuse(api, `contact ${t.data.interactionId} is not offered (it is ${t.phase})`);
    if (t.mediaType === 'telephony')
      refuse(
        api,
        'accept works only for non-voice tasks: voice calls are answered on the phone or with Desktop.actions.acceptWebRtcCall()',
      );
    return assign(t);
  }

  function endRequest(api: string, p: unknown): Promise<AgentContactMsg> {
    const t = taskFor(api, p);
    if (t.phase === 'offered')
      refuse(api, `contact ${t.data.interactionId} is only offered: decline it or let it time out`);
    if (t.phase !== 'connected') refuse(api, `contact ${t.data.interactionId} has already ended`);
    return endTask(t);
  }

  function wrapupRequest(api: string, t: SimTask, data: Record<string, unknown>): Promise<AgentContactMsg> {
    if (t.phase !== 'ended' && t.phase !== 'wrapup')
      refuse(api, `contact ${t.data.interactionId} is not in wrap-up (it is ${t.phase}): end it first`);
    return wrappedUp(t, wrapupCode(api, data));
  }

  function recording(api: string, p: unknown, pause: boolean): Promise<AgentContactMsg> {
    const t = connectedTask(api, p);
    if (t.mediaType !== 'telephony')
      refuse(api, `contact ${t.data.interactionId} is ${t.mediaType}: only voice calls are recorded`);
    if (!pause) {
      const auto = asRecord(argsOf(api, p)['data'])?.['autoResumed'];
      if (typeof auto !== 'boolean' && auto !== 0 && auto !== 1) refuse(api, 'data.autoResumed is not a boolean');
    }
    const paused = t.data.interaction.callProcessingDetails.isPaused === 'true';
    if (pause === paused)
      refuse(api, `recording of contact ${t.data.interactionId} is already ${paused ? 'paused' : 'running'}`);
    t.data.interaction.callProcessingDetails.isPaused = String(pause);
    return pause
      ? fire(t, 'ePauseRecording', 'ContactRecordingPaused')
      : fire(t, 'eResumeRecording', 'ContactRecordingResumed', { autoResumed: false });
  }

  function buddies(api: string, state: unknown) {
    requireLogin(api);
    const all = [
      {
        agentId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        state: 'Available',
        teamId: SIM.teamId,
        dn: '+14085550124',
        agentName: 'Charles Babbage',
        siteId: SIM.siteId,
      },
    ];
    return envelope(
      {
        eventType: 'AgentDesktopMessage',
        agentId: SIM.agentId,
        trackingId: nextId(),
        agentSessionId: SIM.agentSessionId,
        orgId: SIM.orgId,
        type: 'BuddyAgents',
        agentList: all.filter((b) => !isFilled(state) || b.state === state),
      },
      nextId(),
      'BuddyAgents',
    );
  }

  function notificationOf(data: Record<string, unknown>): SimNotification {
    const text = asRecord(data['data'])?.['text'];
    return {
      mode: String(data['mode']),
      type: typeof data['type'] === 'string' ? data['type'] : undefined,
      title: typeof data['title'] === 'string' ? data['title'] : undefined,
      text: typeof text === 'string' ? text : typeof data['data'] === 'string' ? data['data'] : undefined,
      step,
    };
  }

  /** Answers an auto-dismiss/acknowledge notification once it is "dismissed" (Deactivated), like the Desktop. */
  function notify(
    api: string,
    raw: Raw | undefined,
    mode: string,
    reason: string,
  ): Promise<NotificationResult | undefined> {
    return request(api, [raw], () => {
      const data = asRecord(asRecord(raw)?.['data']);
      if (!data) refuse(api, 'called without {data: {type, mode, title, data}}');
      notifications.push(notificationOf(data));
      // The SDK only resolves for a reply in its own mode (or Silent): any other mode never settles.
      if (data['mode'] !== mode && data['mode'] !== 'silent') {
        addMisuse(api, `data.mode is "${String(data['mode'])}", not "${mode}": the SDK's promise never settles`);
        return new Promise<never>(() => undefined);
      }
      // uuip's string enums, spelled out: the simulator does not load uuip at run time.
      const result = ['deactivated', reason, String(data['mode'])] as unknown as NotificationResult;
      return later(() => result, options.notificationDelayMs ?? 20);
    });
  }

  /** The Desktop's softphone: the offered voice call, if there is one. */
  function offeredCall(): SimTask | undefined {
    return [...tasks.values()].find((t) => t.mediaType === 'telephony' && t.phase === 'offered');
  }
  function windowEvent(name: string, detail?: unknown): void {
    const w = globalThis as { dispatchEvent?: (e: Event) => boolean };
    if (typeof CustomEvent === 'function' && typeof w.dispatchEvent === 'function')
      w.dispatchEvent(new CustomEvent(name, detail === undefined ? {} : { detail }));
  }

  const actions = {
    ...lifecycle('actions'),
    fireGeneralSilentNotification(raw: Raw): void {
      // Fire and forget: the SDK sends it and answers nothing.
      command('actions.fireGeneralSilentNotification', [raw], () => {
        const data = asRecord(asRecord(raw)?.['data']);
        if (!data)
          return addMisuse('actions.fireGeneralSilentNotification', 'called without {data: {type, mode, title, data}}');
        notifications.push(notificationOf(data));
      });
    },
    fireGeneralAutoDismissNotification(raw: Raw) {
      return notify('actions.fireGeneralAutoDismissNotification', raw, 'autodismiss', 'user_neutral_deactivate');
    },
    fireGeneralAcknowledgeNotification(raw: Raw) {
      return notify('actions.fireGeneralAcknowledgeNotification', raw, 'acknowledge', 'user_positive_deactivate');
    },
    addCustomTask(task: Record<string, unknown>): void {
      const api = 'actions.addCustomTask';
      command(api, [task], () => {
        const id = asRecord(task)?.['interactionId'];
        if (typeof id !== 'string' || !UUID.test(id)) {
          addMisuse(api, 'the task has no interactionId UUID: the Desktop cannot list it');
          return;
        }
        const data = clone(task) as unknown as ContactData;
        const mediaType = (asRecord(data.interaction)?.['mediaType'] ?? 'chat') as MediaType;
        const t = addTask(`custom-${id.slice(0, 8)}`, data, mediaType);
        t.phase = 'connected';
        syncStore();
      });
    },
    getTaskMap() {
      return request('actions.getTaskMap', [], () => taskMapSnapshot());
    },
    getMediaTypeQueue(mediaType: string) {
      const api = 'actions.getMediaTypeQueue';
      return request(api, [mediaType], () => {
        if (!CHANNEL_TYPES.includes(mediaType))
          refuse(api, `"${String(mediaType)}" is not telephony, social, email or chat`);
        // The guide's example answers task-map entries ({key, value}); here those of that media type.
        return [...tasks]
          .filter(([, t]) => t.mediaType === mediaType)
          .map(([key, t]) => ({ key, value: clone(t.data) }));
      });
    },
    getToken() {
      return request('actions.getToken', [], (): string => token());
    },
    getIdleCodes() {
      return request('actions.getIdleCodes', [], () => (agent ? idleCodeList() : []));
    },
    getWrapUpCodes() {
      return request('actions.getWrapUpCodes', [], () => (agent ? wrapupCodeList() : []));
    },
    // Answers an HTMLElement; typed loosely because src is also compiled without the DOM lib.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    getClosestElement(el: unknown, selector: string): any {
      record('actions.getClosestElement', [el, selector]);
      return closestElement(el, selector);
    },
    // The arrow-function members of the SDK: no service check, they only dispatch window events.
    toggleMiximizeRestore: (e: { target?: unknown } | undefined): void => {
      record('actions.toggleMiximizeRestore', [e]);
      const wrapper = closestElement(e?.target, '.dynamic-widget-wrapper');
      if (wrapper?.id) windowEvent('toggle-maximize-restore', { widgetId: wrapper.id });
    },
    toggleVoiceInteractionPanel: (): void => {
      record('actions.toggleVoiceInteractionPanel', []);
      windowEvent('toggle-voice-interaction-panel');
    },
    toggleMuteUnmuteWebRtcCall: (): void => {
      record('actions.toggleMuteUnmuteWebRtcCall', []);
      windowEvent('ax-web-call-mute-unmute');
      if (![...tasks.values()].some((t) => t.mediaType === 'telephony' && t.phase === 'connected'))
        addMisuse('actions.toggleMuteUnmuteWebRtcCall', 'no connected voice call to mute: nothing happens');
    },
    declineWebRtcCall: (): void => {
      record('actions.declineWebRtcCall', []);
      windowEvent('ax-web-call-decline');
      const t = offeredCall();
      if (!t) return addMisuse('actions.declineWebRtcCall', 'no voice call is offered: nothing happens');
      removeTask(t);
      void fire(t, 'eAgentContactAssignFailed', 'AgentContactAssignFailed', {
        reason: 'USER_DECLINED',
        reasonCode: 156,
      });
    },
    acceptWebRtcCall: (): void => {
      record('actions.acceptWebRtcCall', []);
      windowEvent('ax-web-call-answer');
      const t = offeredCall();
      if (!t) return addMisuse('actions.acceptWebRtcCall', 'no voice call is offered: nothing happens');
      void assign(t);
    },
  };

  const dialer = {
    ...lifecycle('dialer', dialerEvents),
    startOutdial(p: {
      data: {
        id?: string;
        entryPointId: string;
        destination: string;
        direction: string;
        origin?: string;
        attributes: Record<string, string>;
        mediaType: string;
        outboundType: string;
      };
    }) {
      const api = 'dialer.startOutdial';
      return request(api, [p], () => {
        const data = asRecord(argsOf(api, p)['data']) ?? refuse(api, 'data is missing');
        const ep = data['entryPointId'];
        if (typeof ep !== 'string' || !UUID.test(ep))
          refuse(api, `data.entryPointId ${JSON.stringify(jsonSafe(ep))} is not an entry point id (a UUID)`);
        if (!isFilled(data['destination'])) refuse(api, 'data.destination is missing or empty');
        if (!MEDIA_TYPES.includes(String(data['mediaType']))) refuse(api, 'data.mediaType is not a valid media type');
        if (!isFilled(data['outboundType'])) refuse(api, 'data.outboundType is missing or empty');
        requireLogin(api);
        const interactionId = nextId();
        const attributes = asRecord(data['attributes']) ?? {};
        const t = addTask(
          `outdial-${++outdials}`,
          newContactData({
            interactionId,
            mediaResourceId: interactionId,
            mediaType: 'telephony',
            ani: typeof data['origin'] === 'string' ? data['origin'] : SIM.dn,
            dnis: String(data['destination']),
            cad: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, String(v)])),
            direction: 'OUTBOUND',
            outboundType: String(data['outboundType']),
            trackingId: nextId(),
            now: Date.now(),
          }),
          'telephony',
        );
        return fire(t, 'eAgentOfferContact', 'AgentOfferContact');
      });
    },
    previewCampaignAccept(p: { data: { interactionId: string; campaignId: string | undefined } }) {
      return noCampaign('dialer.previewCampaignAccept', p);
    },
    previewCampaignSkip(p: { data: { interactionId: string; campaignId: string | undefined } }) {
      return noCampaign('dialer.previewCampaignSkip', p);
    },
    removePreviewContact(p: { data: { interactionId: string; campaignId: string | undefined } }) {
      return noCampaign('dialer.removePreviewContact', p);
    },
    updateCadVariables(p: {
      interactionId: string;
      data: { attributes: Record<string, string> };
      secureCad?: string[];
      keyId: string | null;
      keyVersion: number | null;
    }) {
      const api = 'dialer.updateCadVariables';
      return request(api, [p], () => {
        const t = taskFor(api, p);
        const attributes = asRecord(asRecord(argsOf(api, p)['data'])?.['attributes']);
        if (!attributes || !Object.keys(attributes).length)
          refuse(api, 'data.attributes is missing or has no variables');
        for (const [name, value] of Object.entries(attributes)) {
          if (typeof value !== 'string') refuse(api, `data.attributes.${name} is not a string`);
          if (value.length > 256) refuse(api, `data.attributes.${name} is longer than 256 characters`);
        }
        if (t.phase === 'offered') refuse(api, `contact ${t.data.interactionId} is not assigned yet`);
        const cad = (t.data.interaction.callAssociatedData ??= {});
        for (const [name, value] of Object.entries(attributes)) {
          const known = cad[name];
          if (known) known.value = String(value);
          else cad[name] = cadVariable(name, String(value));
        }
        Object.assign(t.data, { type: 'ContactUpdated', updatedBy: SIM.agentId, trackingId: nextId() });
        syncStore();
        return envelope(clone(t.data), nextId());
      });
    },
    addEventListener: listen('dialer', DIALER_EVENTS, dialerEvents, false),
    addOnceEventListener: listen('dialer', DIALER_EVENTS, dialerEvents, true),
    removeEventListener: unlisten('dialer', dialerEvents, false),
    removeOnceEventListener: unlisten('dialer', dialerEvents, true),
    removeAllEventListeners: removeAll('dialer', dialerEvents),
  };

  function noCampaign(api: string, p: unknown): Promise<AgentContactMsg | undefined> {
    return request(api, [p], (): AgentContactMsg => {
      const data = asRecord(argsOf(api, p)['data']);
      if (typeof data?.['interactionId'] !== 'string' || !UUID.test(data['interactionId']))
        refuse(api, 'data.interactionId is not a valid UUID');
      return refuse(api, 'no campaign preview contact is offered (the simulated agent has no campaigns)');
    });
  }

  const screenpop = {
    ...lifecycle('screenpop', screenpopEvents),
    addEventListener: listen('screenpop', SCREENPOP_EVENTS, screenpopEvents, false),
    addOnceEventListener: listen('screenpop', SCREENPOP_EVENTS, screenpopEvents, true),
    removeEventListener: unlisten('screenpop', screenpopEvents, false),
    removeOnceEventListener: unlisten('screenpop', screenpopEvents, true),
    removeAllEventListeners: removeAll('screenpop', screenpopEvents),
  };

  const shortcutKey = {
    ...lifecycle('shortcutKey'),
    listenKeyPress(cb: (data: { type: string; data?: KeyInfo }) => void): void {
      command('shortcutKey.listenKeyPress', [cb], () => keyListeners.add(cb));
    },
    listenKeyConflict(cb: (data: { type: string; data?: KeyInfo }) => void): void {
      command('shortcutKey.listenKeyConflict', [cb], () => undefined);
    },
    listenConflictResolved(cb: () => void): void {
      command('shortcutKey.listenConflictResolved', [cb], () => undefined);
    },
    register(keys: KeyInfo[]): void {
      const api = 'shortcutKey.register';
      command(api, [keys], () => {
        if (!Array.isArray(keys)) return addMisuse(api, 'keys is not an array of KeyInfo');
        for (const k of keys) {
          const info = asRecord(k);
          if (!info || !isFilled(info['widgetElement']) || !isFilled(info['key']))
            addMisuse(api, 'a key has no widgetElement or key: the Desktop cannot register it');
          else
            shortcutKeys.set(
              `${String(info['widgetElement'])}:${String(info['modifierKeys'])}_${String(info['key'])}`,
              { ...(k as KeyInfo) },
            );
        }
      });
    },
    unregisterKeys(widgetElement: string): void {
      command('shortcutKey.unregisterKeys', [widgetElement], () => {
        for (const [key, info] of shortcutKeys) if (info.widgetElement === widgetElement) shortcutKeys.delete(key);
      });
    },
    getRegisteredKeys(): Map<string, KeyInfo> | undefined {
      record('shortcutKey.getRegisteredKeys', []);
      if (!serviceReady('shortcutKey.getRegisteredKeys')) return undefined;
      return new Map(shortcutKeys);
    },
    get DEFAULT_SHORTCUT_KEYS(): { [key: string]: KeyInfo[] } | undefined {
      return inited ? {} : undefined;
    },
    get MODIFIERS(): typeof MODIFIERS | undefined {
      return inited ? { ...MODIFIERS } : undefined;
    },
    get REGISTERED_KEYS() {
      return inited ? { ...REGISTERED_KEYS } : undefined;
    },
  };

  // A minimal i18next-like instance: keys come back as themselves.
  function i18nInstance(createOptions?: unknown) {
    const handlers = new Map<string, Set<Listener>>();
    const instance = {
      options: (createOptions ?? {}) as Record<string, unknown>,
      language: config.clientLocale,
      languages: [config.clientLocale],
      isInitialized: false,
      init(..._args: unknown[]) {
        instance.isInitialized = true;
        return Promise.resolve((key: string) => key);
      },
      use(_module: unknown) {
        return instance;
      },
      t: (key: string | string[], _opts?: unknown): string => (Array.isArray(key) ? String(key[0] ?? '') : String(key)),
      exists: (_key: string): boolean => false,
      changeLanguage(lng?: string) {
        if (lng) instance.language = lng;
        for (const fn of handlers.get('languageChanged') ?? []) fn(instance.language);
        return Promise.resolve((key: string) => key);
      },
      on(event: string, fn: Listener) {
        const set = handlers.get(event) ?? new Set<Listener>();
        set.add(fn);
        handlers.set(event, set);
      },
      off(event: string, fn?: Listener) {
        if (fn) handlers.get(event)?.delete(fn);
        else handlers.delete(event);
      },
    };
    return instance;
  }

  const i18n = {
    ...lifecycle('i18n'),
    createInstance(createServiceOptions?: unknown) {
      record('i18n.createInstance', [createServiceOptions]);
      return i18nInstance(createServiceOptions);
    },
    createMixin(createMixinOptions: unknown) {
      record('i18n.createMixin', [createMixinOptions]);
      return <T>(baseElement: T): T => baseElement;
    },
    get DEFAULT_INIT_OPTIONS(): Record<string, unknown> | undefined {
      return inited ? { fallbackLng: 'en', load: 'languageOnly', defaultNS: 'app', ns: ['app'] } : undefined;
    },
    getMergedInitOptions(...initOptions: Array<Record<string, unknown>>): Record<string, unknown> {
      record('i18n.getMergedInitOptions', initOptions);
      return Object.assign({}, ...initOptions) as Record<string, unknown>;
    },
  };

  const supervisorOnly = (api: string, p: unknown) =>
    request(api, [p], (): never => refuse(api, 'a supervisor API: the simulated agent has no supervisor role'));

  const monitoring = {
    ...lifecycle('monitoring', monitoringEvents),
    startMonitoring(p: { data: Record<string, unknown> }) {
      return supervisorOnly('monitoring.startMonitoring', p);
    },
    endMonitoring(p: IdArg) {
      return supervisorOnly('monitoring.endMonitoring', p);
    },
    holdMonitoring(p: IdArg) {
      return supervisorOnly('monitoring.holdMonitoring', p);
    },
    unHoldMonitoring(p: IdArg) {
      return supervisorOnly('monitoring.unHoldMonitoring', p);
    },
    bargeIn(p: IdArg) {
      return supervisorOnly('monitoring.bargeIn', p);
    },
    addEventListener: listen('monitoring', MONITORING_EVENTS, monitoringEvents, false),
    addOnceEventListener: listen('monitoring', MONITORING_EVENTS, monitoringEvents, true),
    removeEventListener: unlisten('monitoring', monitoringEvents, false),
    removeOnceEventListener: unlisten('monitoring', monitoringEvents, true),
    removeAllEventListeners: removeAll('monitoring', monitoringEvents),
  };

  const postInteractions = {
    ...lifecycle('postInteractions'),
    fetchTasks(p: { startTime: number; endTime: number; pageNumber: number }) {
      const api = 'postInteractions.fetchTasks';
      return request(api, [p], () => {
        const a = argsOf(api, p);
        for (const k of ['startTime', 'endTime', 'pageNumber'])
          if (!Number.isInteger(a[k]) || (a[k] as number) < 0) refuse(api, `${k} is not a valid number`);
        return { data: { task: { pageInfo: { hasNextPage: false, endCursor: '' }, tasks: [] as never[] } } };
      });
    },
    fetchCapture(p: { taskId: string }) {
      const api = 'postInteractions.fetchCapture';
      return request(api, [p], () => {
        if (!UUID.test(String(argsOf(api, p)['taskId']))) refuse(api, 'taskId is not a valid UUID');
        return { meta: { orgId: SIM.orgId, urlExpiration: Date.now() + 3_600_000 }, data: [] as never[] };
      });
    },
  };

  const agentConfigJsApi = {
    ...lifecycle('agentConfigJsApi'),
    fetchPaginatedAuxCodes(data: {
      workType: 'IDLE_CODE' | 'WRAP_UP_CODE';
      page?: number;
      pageSize?: number;
      search?: string;
    }) {
      const api = 'agentConfigJsApi.fetchPaginatedAuxCodes';
      return request(api, [data], () => {
        const a = argsOf(api, data);
        if (a['workType'] !== 'IDLE_CODE' && a['workType'] !== 'WRAP_UP_CODE')
          refuse(api, 'workType is not IDLE_CODE or WRAP_UP_CODE');
        const codes = (a['workType'] === 'IDLE_CODE' ? idleCodeList() : wrapupCodeList()).filter(
          (c) => !isFilled(a['search']) || c.name.toLowerCase().includes(String(a['search']).toLowerCase()),
        );
        const self = '/organization/aux-code';
        return {
          data: codes,
          meta: {
            links: { first: self, last: self, next: self, self },
            orgid: SIM.orgId,
            page: typeof a['page'] === 'number' ? a['page'] : 0,
            pageSize: typeof a['pageSize'] === 'number' ? a['pageSize'] : 100,
            totalPages: 1,
            totalRecords: codes.length,
          },
        };
      });
    },
  };

  const Desktop = {
    config,
    logger,
    agentStateInfo,
    agentContact,
    actions,
    dialer,
    screenpop,
    shortcutKey,
    i18n,
    monitoring,
    postInteractions,
    agentConfigJsApi,
  };

  // --- sessions ------------------------------------------------------------------------------------

  /** The active task a session step names, or an error: a session that names no such contact is wrong. */
  function stepTask(s: { do: string; contact: string }, phases: Phase[]): SimTask {
    const id = names.get(s.contact);
    const t = id === undefined ? undefined : tasks.get(id);
    if (!t) throw new Error(`${s.do}: no active contact "${s.contact}" (offer it first)`);
    if (!phases.includes(t.phase))
      throw new Error(`${s.do}: contact "${s.contact}" is ${t.phase}, not ${phases.join(' or ')}`);
    return t;
  }

  async function play(s: SessionStep, index: number): Promise<void> {
    step = index;
    switch (s.do) {
      case 'mount':
      case 'unmount':
        return; // the runner's own steps
      case 'wait':
        await later(() => undefined, s.ms);
        return;
      case 'login': {
        if (agent) throw new Error('login: the agent is already logged in');
        const now = Date.now();
        const idle = s.subStatus === 'Idle';
        agent = {
          subStatus: idle ? 'Idle' : 'Available',
          auxCodeId: idle ? defaultIdleCode().id : SIM.availableAuxCodeId,
          lastStateChangeTimestamp: now,
          lastIdleCodeChangeTimestamp: now,
        };
        syncStore();
        await scheduleFill();
        break;
      }
      case 'state': {
        if (!agent) throw new Error('state: the agent is not logged in');
        if (s.subStatus === 'Available') await changeState('Available', SIM.availableAuxCodeId);
        else {
          const code = s.idleCode
            ? SIM.idleCodes.find((c) => c.id === s.idleCode || c.name === s.idleCode)
            : defaultIdleCode();
          if (!code)
            throw new Error(
              `state: no idle code "${s.idleCode ?? ''}" (${SIM.idleCodes.map((c) => c.name).join(', ')})`,
            );
          await changeState('Idle', code.id);
        }
        break;
      }
      case 'offer': {
        if (!agent) throw new Error('offer: the agent is not logged in');
        const known = names.get(s.contact);
        if (known && tasks.has(known)) throw new Error(`offer: contact "${s.contact}" is already active`);
        const mediaType = s.mediaType ?? 'telephony';
        const interactionId = nextId();
        const t = addTask(
          s.contact,
          newContactData({
            interactionId,
            // Voice calls use the interaction id for their main leg; digital media have their own.
            mediaResourceId: mediaType === 'telephony' ? interactionId : nextId(),
            mediaType,
            ani: s.ani ?? defaultAni(mediaType),
            dnis: s.dnis ?? (mediaType === 'telephony' ? '+18005550199' : 'EP_Digital'),
            cad: s.cad ?? {},
            direction: 'INBOUND',
            trackingId: nextId(),
            now: Date.now(),
          }),
          mediaType,
        );
        await fire(t, 'eAgentOfferContact', 'AgentOfferContact');
        break;
      }
      case 'assign':
        await assign(stepTask(s, ['offered']));
        break;
      case 'hold':
        await setHold(stepTask(s, ['connected']), true);
        break;
      case 'unhold':
        await setHold(stepTask(s, ['connected']), false);
        break;
      case 'end':
        await endTask(stepTask(s, ['offered', 'connected']));
        break;
      case 'wrapup':
        await startWrapup(stepTask(s, ['connected', 'ended']));
        break;
      case 'wrappedup':
        await wrappedUp(stepTask(s, ['ended', 'wrapup']), SIM.wrapupCodes[0]?.id ?? '0');
        break;
      case 'rona': {
        const t = stepTask(s, ['offered']);
        removeTask(t);
        await fire(t, 'eAgentOfferContactRona', 'AgentOfferContactRona', {
          reason: 'USER_NOT_RESPONDING',
          reasonCode: 0,
        });
        await changeState('Idle', ronaCode().id);
        break;
      }
      case 'assignFailed': {
        const t = stepTask(s, ['offered']);
        removeTask(t);
        await fire(t, 'eAgentContactAssignFailed', 'AgentContactAssignFailed', {
          reason: 'ASSIGN_FAILED',
          reasonCode: 0,
        });
        break;
      }
      case 'screenpop': {
        const t = stepTask(s, ['offered', 'connected', 'ended', 'wrapup']);
        const msg = envelope<ScreenPopData>(
          {
            agentId: SIM.agentId,
            interactionId: t.data.interactionId,
            type: 'ScreenPop',
            screenPopDesktopLabel: '',
            screenPopUrl: s.url,
            queryParameters: {},
            target: s.target ?? 'insideDesktop',
            screenPopName: 'Screen pop',
          },
          nextId(),
        );
        await deliver(screenpopEvents, 'eScreenPop', msg);
        break;
      }
    }
    // One more task, so that what the listeners chained on promises has run too.
    await later(() => undefined);
  }

  function reset(next: DesktopSimOptions = {}): void {
    generation++;
    const timers = origTimers();
    for (const handle of pending) timers.clearTimeout(handle);
    pending.clear();
    options = { ...next };
    step = -1;
    inited = false;
    nextId = idGenerator(1);
    for (const list of [calls, misuse, errors, logs, notifications]) list.length = 0;
    configEvents.clear();
    for (const e of subApiEmitters) e.clear();
    agent = undefined;
    dataFilled = false;
    fillPromise = undefined;
    for (const key of Object.keys(latestData)) delete (latestData as Record<string, unknown>)[key];
    for (const key of LATEST_KEYS) latestData[key] = undefined;
    tasks.clear();
    names.clear();
    outdials = 0;
    loggers.clear();
    shortcutKeys.clear();
    keyListeners.clear();
    syncStore();
  }

  const control: DesktopSimControl = {
    reset,
    play,
    setStep(index: number): void {
      step = index;
    },
    calls,
    misuse,
    errors,
    logs,
    notifications,
    get inited(): boolean {
      return inited;
    },
    get loggedIn(): boolean {
      return agent !== undefined;
    },
    get store(): SimStore {
      return store;
    },
    interactionId(contact: string): string | undefined {
      return names.get(contact);
    },
  };

  reset(options);
  return { Desktop, control };
}

export type DesktopSim = ReturnType<typeof createDesktopSim>;
/** The simulated `Desktop` object. */
export type SimDesktop = DesktopSim['Desktop'];
