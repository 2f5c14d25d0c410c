// Runtime support for the converted gadget code in gadget.cjs: what the gadget code gets in place of
// its iframe page. The same file in every widget finesse-migrate emits (copied from its runtime/
// folder, where it is type-checked and unit-tested); what differs per widget is data in widget.json.

import type { FinesseCompat } from "./finesse-compat";

export type PrefType = "string" | "hidden" | "bool" | "enum" | "list" | "number";

export interface PrefSpec {
  attribute: string;
  /** The element's property for the pref, where its name is a member of HTMLElement or not an identifier (finesse-migrate renames it). */
  property?: string;
  datatype: PrefType;
  defaultValue: string;
}

export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

type Listener = (this: Element, event: Event) => unknown;

/** What gadget.cjs receives: the element's scope in place of the gadget iframe's page. */
export interface GadgetContext {
  root: ShadowRoot;
  host: HTMLElement;
  dom: ScopedLookups;
  onLoad(handler: (this: HTMLElement) => void): void;
  on(target: string | EventTarget, event: string, listener: Listener): void;
  prefs: GadgetPrefs;
  timers: Timers;
  scriptFailed(where: string, error: unknown): void;
  /** finesse.cslogger.ClientLogger over the Desktop logger (rule LOG-01). */
  clientLogger: ClientLogger;
  /**
   * finesse.clientservices.ClientServices where the gadget keeps it in a variable (rule INIT-09): the
   * element has already connected to the Desktop, so start-up handlers run after Desktop.config.init.
   */
  clientServices: ClientServices;
  /** finesse.utilities.Utilities: its common helpers over browser built-ins (rule UTL-01). */
  utilities: FinesseUtilities;
  /** gadgets.io over fetch (rule GAD-07). */
  io: GadgetIo;
  /** gadgets.Hub over window events (rules GAD-05, GAD-06). */
  hub: GadgetHub;
  /** gadgets.window.setTitle: asks the Desktop to retitle the widget's wrapper (rule GAD-02). */
  setTitle(title: string): void;
  /**
   * What the gadget code sees as `window`: the page's, except that timers and window listeners are
   * this instance's (gone when the element is removed) and properties the gadget sets stay in this
   * instance, where two widgets cannot overwrite each other. `globals` lets names the gadget assigns
   * as `window.x` and reads bare as `x` share one variable of gadget.cjs.
   */
  sandboxWindow(globals?: Record<string, [get: () => unknown, set: (value: unknown) => void]>): Window;
  /** The Finesse REST adapter (finesse-compat.ts), for widgets whose gadget used User/Dialogs. */
  finesse?: FinesseCompat;
  /**
   * finesse.gadget.Config as the Finesse library built it from the gadget's prefs, for gadgets that
   * read it without defining it (mark FINESSE-CONFIG): each field reads the UserPref of that name,
   * else the element's attribute (kebab-case), else "".
   */
  gadgetConfig: Record<string, string>;
}

/** The fields of the library's finesse.gadget.Config (10.x to 12.x). */
const GADGET_CONFIG_FIELDS = [
  "id",
  "authorization",
  "authToken",
  "systemAuthMode",
  "host",
  "hostPort",
  "restHost",
  "scheme",
  "extension",
  "teamId",
  "teamName",
  "peripheralId",
  "country",
  "language",
  "locale",
  "mobileAgentMode",
  "mobileAgentDialNumber",
  "xmppDomain",
  "pubsubDomain",
  "localhostFQDN",
  "localhostPort",
  "clientDriftInMillis",
  "toasterNotificationTimeout",
];

/**
 * finesse.utilities.Utilities as the Finesse library documents it (rules UTL-01, UTL-04 to UTL-12):
 * pure helpers work as they did; the server clock is the browser's (no Finesse server, drift 0).
 */
export interface FinesseUtilities {
  b64Encode(text: string): string;
  b64Decode(text: string): string;
  generateUUID(): string;
  currentTimeMillis(): number;
  trim(text: string): string;
  /** The handler if it is a function or undefined; throws otherwise, as Finesse did. */
  validateHandler<T>(handler: T): T;
  getAuthHeaderString(config?: unknown): string;
  convertNullToEmptyString<T>(value: T): T | "";
  escapeSpaces(text: string): string;
  removeSpaces(text: string): string;
  isArray(value: unknown): value is unknown[];
  /** Shallow: every own key of `a` (a falsy value counts as "") must be === in `b`. */
  getEquals(a: Record<string, unknown>, b: Record<string, unknown>): boolean;
  getParameterByName(text: string, name: string): string;
  padWithWidth(num: number, padWidth: number): string;
  /** MM:SS from milliseconds ("00:00" for 0 or "-1"). */
  buildTimeString(timeInMs: number | string): string;
  /** MM:SS, or HH:MM:SS from an hour on. */
  buildTimeStringWithOptionalHours(timeInMs: number | string): string;
  /** buildTimeString(now - start), "--:--" when start is 0 or not before now. */
  buildElapsedTimeString(nowInMs: number, startInMs: number): string;
  buildElapsedTimeStringWithOptionalHours(nowInMs: number, startInMs: number): string;
  buildTotalTimeString(nowInMs: number, callStartInMs: number): string;
  buildHoldTimeString(nowInMs: number, holdStartInMs: number): string;
  buildWrapupTimeString(nowInMs: number, wrapupStartInMs: number): string;
  /** HH:MM:SS from seconds ("00:00:00" for 0 or "-1"). */
  getDisplayTime(seconds: number | string): string;
  convertDateToISODateString(date: Date): string;
  dateToISOString(date: Date): string;
  /** A Date from YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH[:MM]), null for other text. */
  parseDateStringISO8601(text: string): Date | null;
  /** Epoch ms of an ISO 8601 string, 0 for "" or null. */
  extractTime(text: string | null | undefined): number;
  /** Always 0: no Finesse server clock reaches a widget. */
  getCurrentDrift(): number;
  convertToServerTimeMillis(clientTime: number): number;
  currentServerTimeMillis(): number;
  /** HH:MM:SS since an ISO 8601 timestamp (until `now` if given). */
  convertTsToDuration(timestamp: unknown, now?: Date): string;
  /** As convertTsToDuration; with forFormat, "-1" for a missing, "--" or future timestamp. */
  convertTsToDurationWithFormat(timestamp: unknown, forFormat: boolean, now?: Date): string;
  /** ApiErrors.ApiError.ErrorType of a Finesse error response, else "HTTP <status>", else undefined. */
  getErrCode(rsp: unknown): string | undefined;
  /** XML of an object's members: escaped values without attributes, or (escape false) @attributes, #text, #cdata. */
  json2xml(object: Record<string, unknown>, escape?: boolean): string;
  /** Settles when every task has: the results in order, or rejected with the failures' reasons. */
  whenAllDone(...tasks: unknown[]): Promise<unknown[]>;
}

export interface ClientServices {
  init(...args: unknown[]): void;
  registerOnConnectHandler(handler: () => void): void;
  registerOnDisconnectHandler(handler: () => void): void;
  setLogger(logger: unknown): void;
}

export interface ClientLogger {
  init(...args: unknown[]): void;
  log(message: unknown, error?: unknown): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

export interface GadgetIoResponse {
  rc: number;
  text: string;
  data: unknown;
  headers: Record<string, string>;
  errors: string[];
}

export interface GadgetIo {
  makeRequest(
    url: string,
    callback: (response: GadgetIoResponse) => void,
    params?: Record<string, unknown>,
  ): void;
  encodeValues(fields: Record<string, unknown>): string;
  RequestParameters: {
    METHOD: "METHOD";
    HEADERS: "HEADERS";
    POST_DATA: "POST_DATA";
    CONTENT_TYPE: "CONTENT_TYPE";
    GET_FULL_HEADERS: "GET_FULL_HEADERS";
    AUTHORIZATION: "AUTHORIZATION";
    REFRESH_INTERVAL: "REFRESH_INTERVAL";
  };
  MethodType: { GET: "GET"; POST: "POST"; PUT: "PUT"; DELETE: "DELETE"; HEAD: "HEAD" };
  ContentType: { TEXT: "TEXT"; JSON: "JSON"; DOM: "DOM"; FEED: "FEED" };
  AuthorizationType: { NONE: "NONE"; SIGNED: "SIGNED"; OAUTH: "OAUTH" };
}

export interface GadgetHub {
  publish(topic: string, data: unknown): void;
  subscribe(topic: string, callback: (topic: string, data: unknown) => void): string;
  unsubscribe(subscription: string): void;
  isConnected(): boolean;
}

export interface ScopedLookups {
  getElementsByClassName(names: string): NodeListOf<Element>;
  getElementsByTagName(tag: string): NodeListOf<Element>;
  getElementsByName(name: string): NodeListOf<Element>;
}

export interface Timers {
  setTimeout(handler: TimerHandler, timeout?: number, ...args: unknown[]): number;
  setInterval(handler: TimerHandler, timeout?: number, ...args: unknown[]): number;
  clearTimeout(id: number | undefined): void;
  clearInterval(id: number | undefined): void;
}

/** The gadgets.Prefs API over the element's attributes, with the gadget's defaults. */
export interface GadgetPrefs {
  getString(name: string): string;
  getInt(name: string): number;
  getFloat(name: string): number;
  getBool(name: string): boolean;
  getArray(name: string): string[];
  getMsg(name: string): string;
  set(name: string, value: unknown): void;
}

/** CSS.escape where the browser has it, a minimal equivalent where it does not. */
function cssEscape(value: string): string {
  if (typeof CSS !== "undefined" && typeof CSS.escape === "function") return CSS.escape(value);
  return value.replace(/[^a-zA-Z0-9_\u00A0-\uFFFF-]/g, (c) => "\\" + c);
}

export class GadgetRuntime {
  readonly context: GadgetContext;
  private readonly startup: Array<(this: HTMLElement) => void> = [];
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly host: HTMLElement,
    root: ShadowRoot,
    {
      prefs,
      messages,
      name: widgetName,
    }: { prefs: Record<string, PrefSpec>; messages: Record<string, string>; name: string },
    private readonly log: Logger,
  ) {
    const cleanups = this.cleanups;
    // The gadget code names prefs and messages: own keys only, so "constructor" or "__proto__" is not Object's.
    const own = <T>(table: Record<string, T>, name: string): T | undefined =>
      Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    const value = (name: string): string => {
      const spec = own(prefs, name);
      if (!spec) return "";
      return host.getAttribute(spec.attribute) ?? spec.defaultValue;
    };
    this.context = {
      root,
      host,
      dom: {
        getElementsByClassName: (names) =>
          root.querySelectorAll(
            names
              .trim()
              .split(/\s+/)
              .map((n) => "." + cssEscape(n))
              .join(""),
          ),
        getElementsByTagName: (tag) => root.querySelectorAll(tag === "*" ? "*" : cssEscape(tag)),
        getElementsByName: (name) => root.querySelectorAll('[name="' + cssEscape(name) + '"]'),
      },
      onLoad: (handler) => {
        this.startup.push(handler);
      },
      on: (target, event, listener) => {
        const el = typeof target === "string" ? root.querySelector(target) : target;
        if (!el) {
          log.warn("no element for " + String(target) + "; its " + event + " handler is not bound");
          return;
        }
        const wrapped = function (this: Element, e: Event): void {
          // An inline handler that returns false cancels the event, as it did in the gadget.
          if (listener.call(this, e) === false) {
            e.preventDefault();
            e.stopPropagation();
          }
        };
        el.addEventListener(event, wrapped);
        cleanups.push(() => el.removeEventListener(event, wrapped));
      },
      gadgetConfig: Object.defineProperties(
        {},
        Object.fromEntries(
          GADGET_CONFIG_FIELDS.map((f) => [
            f,
            {
              enumerable: true,
              get: () =>
                own(prefs, f)
                  ? value(f)
                  : (host.getAttribute(f.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()) ?? ""),
            },
          ]),
        ),
      ) as Record<string, string>,
      prefs: {
        getString: (name) => value(name),
        getInt: (name) => parseInt(value(name), 10) || 0,
        getFloat: (name) => parseFloat(value(name)) || 0,
        getBool: (name) => /^(true|1)$/i.test(value(name)),
        getArray: (name) => (value(name) ? value(name).split("|") : []),
        getMsg: (name) => own(messages, name) ?? "",
        set: (name, v) => {
          const spec = own(prefs, name);
          if (spec) host.setAttribute(spec.attribute, String(v));
        },
      },
      timers: {
        setTimeout: (handler, timeout, ...args) => {
          const id = window.setTimeout(handler, timeout, ...args);
          cleanups.push(() => window.clearTimeout(id));
          return id;
        },
        setInterval: (handler, timeout, ...args) => {
          const id = window.setInterval(handler, timeout, ...args);
          cleanups.push(() => window.clearInterval(id));
          return id;
        },
        clearTimeout: (id) => window.clearTimeout(id),
        clearInterval: (id) => window.clearInterval(id),
      },
      scriptFailed: (where, error) => {
        log.error("a gadget script failed (" + where + "); the others still run", error);
      },
      utilities: ((): FinesseUtilities => {
        // finesse.utilities.Utilities as its JSDoc describes each helper (rules UTL-04 to UTL-12).
        const two = (n: number): string => (n < 10 ? "0" + n : String(n));
        const given = (t: number | string): boolean => Boolean(t) && t !== "-1";
        const mmss = (ms: number): string =>
          two(Math.floor(ms / 60000)) + ":" + two(Math.floor((ms % 60000) / 1000));
        const optionalHours = (ms: number): string => {
          const secs = ms / 1000;
          const hours = Math.floor(secs / 3600);
          const rest = two(Math.floor((secs % 3600) / 60)) + ":" + two(Math.floor(secs % 60));
          return hours > 0 ? two(hours) + ":" + rest : rest;
        };
        const elapsed =
          (format: (ms: number) => string) =>
          (now: number, start: number): string =>
            start !== 0 && now - start > 0 ? format(now - start) : "--:--";
        const padWithWidth = (num: number, padWidth: number): string => {
          let zeros = "";
          for (let p = 1; p < padWidth; p++) if (num < 10 ** p) zeros += "0";
          return zeros + String(num);
        };
        const getDisplayTime = (seconds: number | string): string => {
          if (!given(seconds)) return "00:00:00";
          const t = Number(seconds);
          return [t / 3600, (t % 3600) / 60, t % 60].map((n) => two(Math.floor(n))).join(":");
        };
        const convertDateToISODateString = (d: Date): string => {
          const p2 = (n: number): string => padWithWidth(n, 2);
          const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
          const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
          return `${date}T${time}.${padWithWidth(d.getUTCMilliseconds(), 3)}Z`;
        };
        const ISO8601 =
          /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2})(?::?(\d{2}))?/;
        const parseDateStringISO8601 = (text: string): Date | null => {
          const m = ISO8601.exec(String(text));
          if (!m) return null;
          const ms = m[7] ? Number((m[7] + "00").slice(0, 3)) : 0;
          const utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
          // Minutes east of UTC: +HH[:MM] or -HH[:MM] (Finesse sends Z).
          const sign = m[8] === "Z" ? 0 : m[8].startsWith("-") ? -1 : 1;
          const offset = sign * (Number(m[8].slice(1)) * 60 + (Number(m[9]) || 0));
          return new Date(utc - offset * 60000);
        };
        // No Finesse server: its clock is the browser's.
        const currentServerTimeMillis = (): number => Date.now();
        const convertTsToDurationWithFormat = (
          timestamp: unknown,
          forFormat: boolean,
          now?: Date,
        ): string => {
          const none = forFormat ? "-1" : "00:00:00";
          if (typeof timestamp !== "string" || !timestamp) return none;
          if (timestamp === "--" || timestamp === "-1") return "-1";
          const start = Date.parse(timestamp);
          if (isNaN(start)) return "00:00:00";
          const nowMs = now instanceof Date ? now.getTime() : currentServerTimeMillis();
          let secs = Math.floor((nowMs - start) / 1000);
          // Less than a second in the future is clock skew: show 0.
          if (secs === -1) secs = 0;
          return secs < 0 ? none : getDisplayTime(secs);
        };
        const escapeXml = (text: string): string =>
          text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
        const isObject = (v: unknown): v is Record<string, unknown> =>
          typeof v === "object" && v !== null;
        const element = (name: string, body: string): string => `<${name}>${body}</${name}>`;
        const xmlEscaped = (value: unknown, name: string): string => {
          if (Array.isArray(value)) return value.map((v) => xmlEscaped(v, name)).join("");
          if (!isObject(value)) return element(name, value == null ? "" : escapeXml(String(value)));
          const children = Object.keys(value).map((k) => xmlEscaped(value[k], k));
          return element(name, children.join(""));
        };
        const xmlAsIs = (value: unknown, name: string): string => {
          if (Array.isArray(value)) return value.map((v) => xmlAsIs(v, name)).join("");
          if (value === null || value === undefined) return "<" + name + "/>";
          if (!isObject(value)) return element(name, String(value));
          const keys = Object.keys(value);
          const attrs = keys
            .filter((k) => k.startsWith("@"))
            .map((k) => " " + k.slice(1) + '="' + String(value[k]) + '"')
            .join("");
          const children = keys.filter((k) => !k.startsWith("@"));
          if (!children.length) return "<" + name + attrs + "/>";
          const body = children
            .map((k) =>
              k === "#text"
                ? String(value[k])
                : k === "#cdata"
                  ? "<![CDATA[" + String(value[k]) + "]]>"
                  : xmlAsIs(value[k], k),
            )
            .join("");
          return `<${name}${attrs}>${body}</${name}>`;
        };
        return {
          // UTF-8 in both directions (Finesse 10.x kept one byte per character: the same for ASCII).
          b64Encode: (text) => {
            let bytes = "";
            for (const b of new TextEncoder().encode(String(text))) bytes += String.fromCharCode(b);
            return btoa(bytes);
          },
          b64Decode: (text) =>
            new TextDecoder().decode(Uint8Array.from(atob(String(text)), (c) => c.charCodeAt(0))),
          generateUUID: () => crypto.randomUUID(),
          currentTimeMillis: () => Date.now(),
          trim: (text) => String(text).trim(),
          validateHandler: (handler) => {
            if (handler === undefined || typeof handler === "function") return handler;
            throw new Error("handler must be a function");
          },
          getAuthHeaderString: () => {
            log.warn(
              "Utilities.getAuthHeaderString(): there is no Finesse server to authenticate to; use Desktop.actions.getToken() for Webex APIs",
            );
            return "";
          },
          convertNullToEmptyString: (value) => value || "",
          escapeSpaces: (text) => String(text).replace(/\s/g, "\u00a0"),
          removeSpaces: (text) => String(text).split(" ").join(""),
          isArray: (value): value is unknown[] => Array.isArray(value),
          getEquals: (a, b) =>
            Object.keys(a).every((key) => b[key] !== undefined && b[key] === (a[key] || "")),
          getParameterByName: (text, name) => {
            const found = new RegExp(
              "[?&]" + name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "=([^&#]*)",
            ).exec(String(text));
            return found ? decodeURIComponent(found[1].replace(/\+/g, " ")) : "";
          },
          padWithWidth,
          buildTimeString: (ms) => (given(ms) ? mmss(Number(ms)) : "00:00"),
          buildTimeStringWithOptionalHours: (ms) =>
            given(ms) ? optionalHours(Number(ms)) : "00:00",
          buildElapsedTimeString: elapsed(mmss),
          buildElapsedTimeStringWithOptionalHours: elapsed(optionalHours),
          buildTotalTimeString: elapsed(mmss),
          buildHoldTimeString: elapsed(mmss),
          buildWrapupTimeString: elapsed(mmss),
          getDisplayTime,
          convertDateToISODateString,
          dateToISOString: (date) => {
            try {
              return date.toISOString();
            } catch {
              return convertDateToISODateString(date);
            }
          },
          parseDateStringISO8601,
          extractTime: (text) => (text ? (parseDateStringISO8601(text)?.getTime() ?? NaN) : 0),
          getCurrentDrift: () => 0,
          convertToServerTimeMillis: (clientTime) => clientTime,
          currentServerTimeMillis,
          convertTsToDuration: (timestamp, now) =>
            convertTsToDurationWithFormat(timestamp, false, now),
          convertTsToDurationWithFormat,
          getErrCode: (rsp) => {
            if (!isObject(rsp)) return undefined;
            const errors = isObject(rsp.object) ? rsp.object.ApiErrors : undefined;
            if (isObject(errors) && isObject(errors.ApiError))
              return errors.ApiError.ErrorType as string | undefined;
            return rsp.status ? "HTTP " + String(rsp.status) : undefined;
          },
          json2xml: (object, escape) =>
            Object.keys(object)
              .map((k) => (escape ? xmlEscaped : xmlAsIs)(object[k], k))
              .join(""),
          whenAllDone: (...tasks) =>
            Promise.allSettled(tasks).then((results) => {
              const failures = results.filter(
                (r): r is PromiseRejectedResult => r.status === "rejected",
              );
              if (failures.length) throw failures.map((r) => r.reason as unknown);
              return results.map((r) => (r as PromiseFulfilledResult<unknown>).value);
            }),
        };
      })(),
      clientServices: {
        init: () => undefined,
        registerOnConnectHandler: (handler) => {
          this.startup.push(handler);
        },
        // The Desktop tells widgets nothing when its connection drops.
        registerOnDisconnectHandler: () => undefined,
        setLogger: () => undefined,
      },
      clientLogger: {
        init: () => undefined,
        log: (message, error) => (error === undefined ? log.info(message) : log.error(message, error)),
        info: (...args) => log.info(...args),
        warn: (...args) => log.warn(...args),
        error: (...args) => log.error(...args),
        debug: (...args) => log.info(...args),
      },
      io: createIo(log),
      hub: createHub(cleanups),
      setTitle: (title) => {
        // The layout's wrapper.id names the event (the widget name, in the entries finesse-migrate writes).
        window.dispatchEvent(
          new CustomEvent(widgetName, { bubbles: true, detail: { title: String(title) } }),
        );
      },
      sandboxWindow: (globals = {}) => sandboxWindow(globals, this.context.timers, cleanups),
    };
  }

  /** Runs what the gadget ran at start-up, in registration order; one failure does not stop the rest. */
  start(): void {
    for (const handler of this.startup) {
      try {
        handler.call(this.host);
      } catch (error) {
        this.log.error("a gadget start-up handler failed", error);
      }
    }
  }

  /** Registers something to undo when the element is removed. */
  onCleanup(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  /** Removes every listener and timer the gadget code registered through this runtime. */
  stop(): void {
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
  }
}

/** Window members that must reach the page's own window when the gadget code sets them. */
const PAGE_WINDOW_SETS = new Set([
  "location",
  "name",
  "status",
  "onerror",
  "onmessage",
  "onresize",
  "onhashchange",
  "onpopstate",
]);

function sandboxWindow(
  globals: Record<string, [get: () => unknown, set: (value: unknown) => void]>,
  timers: Timers,
  cleanups: Array<() => void>,
): Window {
  const own = new Map<PropertyKey, unknown>();
  const bound = new Map<PropertyKey, unknown>();
  const listeners: Array<
    [string, EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined]
  > = [];
  const tracked = {
    ...timers,
    addEventListener(
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | AddEventListenerOptions,
    ): void {
      window.addEventListener(type, listener, options);
      listeners.push([type, listener, options]);
    },
    removeEventListener(
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | EventListenerOptions,
    ): void {
      window.removeEventListener(type, listener, options);
    },
  };
  cleanups.push(() => {
    for (const [type, listener, options] of listeners.splice(0))
      window.removeEventListener(type, listener, options);
  });
  let proxy: Window;
  const handler: ProxyHandler<Window> = {
    get(target, key) {
      if (typeof key === "string" && Object.prototype.hasOwnProperty.call(globals, key))
        return globals[key]![0]();
      if (own.has(key)) return own.get(key);
      if (Object.prototype.hasOwnProperty.call(tracked, key)) return tracked[key as keyof typeof tracked];
      if (key === "window" || key === "self" || key === "globalThis") return proxy;
      const value: unknown = Reflect.get(target, key, target);
      // Methods of the page's window must be called on it (alert, open, getComputedStyle...).
      if (typeof value === "function" && !/^[A-Z]/.test(String(key))) {
        if (!bound.has(key)) bound.set(key, (value as (...args: unknown[]) => unknown).bind(target));
        return bound.get(key);
      }
      return value;
    },
    set(target, key, value) {
      if (typeof key === "string" && Object.prototype.hasOwnProperty.call(globals, key))
        globals[key]![1](value);
      else if (typeof key === "string" && PAGE_WINDOW_SETS.has(key))
        return Reflect.set(target, key, value, target);
      else own.set(key, value);
      return true;
    },
    has(target, key) {
      return own.has(key) || key in globals || Reflect.has(target, key);
    },
    deleteProperty(_target, key) {
      own.delete(key);
      return true;
    },
  };
  proxy = new Proxy(window, handler);
  return proxy;
}

/** gadgets.io.makeRequest over fetch. Shindig proxied requests on the server; fetch is subject to CORS. */
function createIo(log: Logger): GadgetIo {
  const io: GadgetIo = {
    RequestParameters: {
      METHOD: "METHOD",
      HEADERS: "HEADERS",
      POST_DATA: "POST_DATA",
      CONTENT_TYPE: "CONTENT_TYPE",
      GET_FULL_HEADERS: "GET_FULL_HEADERS",
      AUTHORIZATION: "AUTHORIZATION",
      REFRESH_INTERVAL: "REFRESH_INTERVAL",
    },
    MethodType: { GET: "GET", POST: "POST", PUT: "PUT", DELETE: "DELETE", HEAD: "HEAD" },
    ContentType: { TEXT: "TEXT", JSON: "JSON", DOM: "DOM", FEED: "FEED" },
    AuthorizationType: { NONE: "NONE", SIGNED: "SIGNED", OAUTH: "OAUTH" },
    encodeValues: (fields) =>
      Object.entries(fields)
        .map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(String(v)))
        .join("&"),
    makeRequest: (url, callback, params = {}) => {
      const method = String(params["METHOD"] ?? "GET");
      const headers = (params["HEADERS"] as Record<string, string> | undefined) ?? {};
      const body =
        method === "GET" || method === "HEAD" ? undefined : (params["POST_DATA"] as string | undefined);
      const type = String(params["CONTENT_TYPE"] ?? "TEXT");
      fetch(url, { method, headers, body })
        .then(async (res) => {
          const text = await res.text();
          let data: unknown = text;
          if (type === "JSON") {
            try {
              data = JSON.parse(text);
            } catch {
              data = undefined;
            }
          } else if (type === "DOM") {
            data = new DOMParser().parseFromString(text, "application/xml");
          }
          const responseHeaders: Record<string, string> = {};
          res.headers.forEach((value, key) => (responseHeaders[key] = value));
          callback({
            rc: res.status,
            text,
            data,
            headers: responseHeaders,
            errors: res.ok ? [] : [res.statusText],
          });
        })
        .catch((error: unknown) => {
          log.error("request to " + url + " failed (CORS or network)", error);
          callback({ rc: 500, text: "", data: undefined, headers: {}, errors: [String(error)] });
        });
    },
  };
  return io;
}

/** gadgets.Hub over window CustomEvents: widgets share the Desktop page, so topics reach each other. */
function createHub(cleanups: Array<() => void>): GadgetHub {
  const subscriptions = new Map<string, () => void>();
  let next = 0;
  return {
    publish: (topic, data) => {
      window.dispatchEvent(new CustomEvent("finesse-migrate:" + topic, { detail: data }));
    },
    subscribe: (topic, callback) => {
      const id = String(++next);
      const listener = (event: Event): void => callback(topic, (event as CustomEvent).detail);
      window.addEventListener("finesse-migrate:" + topic, listener);
      const remove = (): void => window.removeEventListener("finesse-migrate:" + topic, listener);
      subscriptions.set(id, remove);
      cleanups.push(remove);
      return id;
    },
    unsubscribe: (subscription) => {
      subscriptions.get(subscription)?.();
      subscriptions.delete(subscription);
    },
    isConnected: () => true,
  };
}

/** Loads classic scripts from other hosts, in order, once per page. */
/**
 * Loads the gadget's scripts from other hosts, in order. jQuery plugins among them (jQuery UI,
 * Bootstrap's JS) attach to `window.jQuery` as they load: while they do, that is this widget's own
 * jQuery (`jq`, the one the gadget code uses), and the page's is put back afterwards. Each widget loads
 * them for itself, since a plugin another widget loaded sits on that widget's jQuery.
 */
export async function loadScripts(urls: string[], log: Logger, jq?: unknown): Promise<void> {
  const w = window as unknown as Record<string, unknown>;
  // What the page had: a value, or no such global at all (then it is deleted again, not left undefined).
  const page = { jQuery: w["jQuery"], $: w["$"], had: { jQuery: "jQuery" in w, $: "$" in w } };
  if (jq) {
    w["jQuery"] = jq;
    w["$"] = jq;
  }
  try {
    for (const url of urls) await loadScript(url, log, !!jq);
  } finally {
    if (jq) {
      for (const name of ["jQuery", "$"] as const) {
        if (page.had[name]) w[name] = page[name];
        else delete w[name];
      }
    }
  }
}

async function loadScript(url: string, log: Logger, again: boolean): Promise<void> {
  if (!again && document.querySelector('script[src="' + url + '"]')) return;
  await new Promise<void>((resolve) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => {
      log.error("could not load " + url);
      resolve();
    };
    document.head.appendChild(script);
  });
}
