// What the verification runner puts into the simulated Desktop page, as plain JavaScript in strings:
// the build compiles src for Node without the DOM library, and this runs only in Chromium.
//
// INSTRUMENT_SCRIPT is an init script: it runs before any page script of every document. It keeps the
// browser's own timer functions on `window.__fmOrigTimers` (the simulator and the runner use those, so
// only page code is tracked), wraps setTimeout/setInterval/clear* to track the live timers page code
// creates, turns window.open into a recorded popup that opens nothing, and remembers every shadow
// root (closed ones too) so the runner can read what the widget shows.
//
// RUNNER_SCRIPT sets `window.__fmRunner`: mounting and unmounting the element, injecting the bundle,
// playing a step through `window.__fmSim`, letting the page settle and reading the visible state.
// verify/browser.ts drives it.

export const INSTRUMENT_SCRIPT = String.raw`
(() => {
  "use strict";
  const w = window;
  if (Object.prototype.hasOwnProperty.call(w, "__fmInstr")) return;
  const hide = (name, value) => Object.defineProperty(w, name, { value, configurable: false, enumerable: false, writable: false });
  const orig = Object.freeze({
    setTimeout: w.setTimeout.bind(w),
    setInterval: w.setInterval.bind(w),
    clearTimeout: w.clearTimeout.bind(w),
    clearInterval: w.clearInterval.bind(w),
    requestAnimationFrame: w.requestAnimationFrame.bind(w),
  });
  hide("__fmOrigTimers", orig);

  // id -> { kind: "timeout" | "interval", seq, live }; seq orders creations.
  const timers = new Map();
  let seq = 0;
  const instr = {
    step: -1,
    popups: [],
    timers,
    roots: new WeakMap(),
    seq: () => seq,
    /** Drops what no longer matters: fired and cleared timers. */
    forgetDead() {
      for (const [id, t] of timers) if (!t.live) timers.delete(id);
    },
  };
  hide("__fmInstr", instr);

  const run = (handler, self, args) => (typeof handler === "function" ? handler.apply(self, args) : (0, eval)(String(handler)));
  w.setTimeout = function setTimeout(handler, ms, ...args) {
    const entry = { kind: "timeout", seq: ++seq, live: true };
    const id = orig.setTimeout(function () {
      entry.live = false;
      return run(handler, this, args);
    }, ms);
    timers.set(id, entry);
    return id;
  };
  w.setInterval = function setInterval(handler, ms, ...args) {
    const id = orig.setInterval(function () {
      return run(handler, this, args);
    }, ms);
    timers.set(id, { kind: "interval", seq: ++seq, live: true });
    return id;
  };
  const clear = (id) => {
    const t = timers.get(id);
    if (t) t.live = false;
  };
  w.clearTimeout = function clearTimeout(id) {
    clear(id);
    orig.clearTimeout(id);
  };
  w.clearInterval = function clearInterval(id) {
    clear(id);
    orig.clearInterval(id);
  };

  w.open = function open(url) {
    let href = url === undefined || url === null ? "" : String(url);
    try {
      if (href) href = new URL(href, w.location.href).href;
    } catch (e) {}
    instr.popups.push({ url: href, step: instr.step });
    return null;
  };

  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) {
    const root = attach.call(this, init);
    instr.roots.set(this, root);
    return root;
  };
})();
`;

export const RUNNER_SCRIPT = String.raw`
(() => {
  "use strict";
  const w = window;
  const T = w.__fmOrigTimers;
  const instr = w.__fmInstr;
  const INTERNAL = /^(__fm|__pw|__playwright)/;
  const SKIP = new Set(["style", "script", "template", "link", "meta", "noscript", "title"]);
  const CONTROLS = new Set(["input", "button", "select", "textarea", "iframe", "canvas", "img", "a", "video", "audio", "object", "embed"]);

  const state = {
    el: null,
    props: {},
    lastProps: new Map(),
    injected: false,
    baseline: null,
    sessionNames: [],
    sessionSeq: 0,
    unmountSeq: Infinity,
  };

  const sleep = (ms) => new Promise((resolve) => T.setTimeout(resolve, ms));
  // An animation frame, or 100 ms if frames do not come (a page that is not being painted).
  const frame = () => new Promise((resolve) => {
    const timer = T.setTimeout(resolve, 100);
    T.requestAnimationFrame(() => {
      T.clearTimeout(timer);
      resolve();
    });
  });
  // Two frames painted and at least ms passed: promise chains, renders and short timers have run.
  async function settle(ms) {
    await Promise.all([frame().then(frame), sleep(ms)]);
  }

  function sim() {
    const s = w.__fmSim;
    if (!s) throw new Error("the Desktop simulator is not on the page (window.__fmSim)");
    return s;
  }

  function storeValue(key) {
    const store = sim().store || {};
    if (Object.prototype.hasOwnProperty.call(store, key)) return store[key];
    let v = store;
    for (const part of key.split(".")) {
      if (v === null || typeof v !== "object") return undefined;
      v = v[part];
    }
    return v;
  }

  /** Sets the element's $STORE-bound properties whose value changed (all, when forced); true if any was set. */
  function setProps(el, force) {
    let any = false;
    for (const [prop, binding] of Object.entries(state.props)) {
      const value = storeValue(String(binding).replace(/^\$STORE\./, ""));
      if (value === undefined) continue;
      let seen;
      try {
        seen = JSON.stringify(value);
      } catch (e) {
        seen = String(value);
      }
      if (!force && state.lastProps.get(prop) === seen) continue;
      state.lastProps.set(prop, seen);
      el[prop] = value;
      any = true;
    }
    return any;
  }

  const rootOf = (el) => instr.roots.get(el) || el.shadowRoot || null;

  function isVisible(el) {
    if (typeof el.checkVisibility !== "function") return true;
    if (el.checkVisibility({ visibilityProperty: true })) return true;
    // display: contents has no box of its own but shows its children.
    return getComputedStyle(el).display === "contents";
  }

  /** What the element shows: visible text, control values, and whether any text or control is visible. */
  function observe() {
    const el = state.el;
    if (!el) return null;
    const text = [];
    const controls = [];
    let control = false;
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) {
          const t = child.data.replace(/\s+/g, " ").trim();
          if (t) text.push(t);
          continue;
        }
        if (child.nodeType !== 1) continue;
        const tag = child.localName;
        if (SKIP.has(tag) || !isVisible(child)) continue;
        if (CONTROLS.has(tag)) {
          const r = child.getBoundingClientRect();
          if (r.width > 0 && r.height > 0) control = true;
          if (tag === "input") controls.push(tag + ":" + (child.type === "checkbox" || child.type === "radio" ? String(child.checked) : child.value) + (child.disabled ? ":disabled" : ""));
          else if (tag === "select" || tag === "textarea") controls.push(tag + ":" + child.value + (child.disabled ? ":disabled" : ""));
          else if (tag === "button") controls.push(tag + (child.disabled ? ":disabled" : ""));
          else if (tag === "iframe" || tag === "img" || tag === "video" || tag === "audio" || tag === "embed") controls.push(tag + ":" + (child.getAttribute("src") || ""));
          else if (tag === "a") controls.push(tag + ":" + (child.getAttribute("href") || ""));
          else if (tag === "canvas") controls.push(tag + ":" + child.width + "x" + child.height);
        }
        const sub = rootOf(child);
        if (sub) walk(sub);
        walk(child);
      }
    };
    const root = rootOf(el);
    if (root) walk(root);
    const r = el.getBoundingClientRect();
    return {
      snapshot: JSON.stringify({ text: text.join(" "), controls }),
      shows: text.length > 0 || control,
      box: r.width > 0 && r.height > 0 ? { x: r.left + w.scrollX, y: r.top + w.scrollY, width: r.width, height: r.height } : null,
    };
  }

  function inject(src) {
    return new Promise((resolve) => {
      const s = document.createElement("script");
      s.src = src;
      s.onload = () => resolve(true);
      s.onerror = () => resolve(false);
      document.head.appendChild(s);
    });
  }

  function unmount() {
    if (!state.el) return;
    const el = state.el;
    state.el = null;
    el.remove();
    state.unmountSeq = instr.seq();
  }

  w.__fmRunner = {
    get element() {
      return state.el;
    },

    beginSession() {
      instr.popups.length = 0;
      instr.step = -1;
      instr.forgetDead();
      state.sessionSeq = instr.seq();
      state.unmountSeq = Infinity;
      state.sessionNames = Object.getOwnPropertyNames(w);
      sim().reset();
    },

    async runStep(index, step, ctx) {
      instr.step = index;
      sim().setStep(index);
      const before = observe();
      let simError = null;
      let defined = null;
      let loaded = null;
      if (step.do === "mount") {
        const el = document.createElement(ctx.elementName);
        for (const [k, v] of Object.entries(ctx.attributes)) el.setAttribute(k, v);
        state.el = el;
        state.props = ctx.properties;
        state.lastProps.clear();
        setProps(el, true);
        state.unmountSeq = Infinity;
        document.getElementById("fm-desktop").appendChild(el);
        if (!state.injected) {
          // The Desktop sets properties on the element before its script defines it: the bundle
          // comes last, so properties lost at upgrade show.
          state.injected = true;
          state.baseline = Object.getOwnPropertyNames(w);
          loaded = await inject(ctx.bundleUrl);
          defined = !!customElements.get(ctx.elementName);
        }
      } else if (step.do === "unmount") {
        unmount();
      } else if (step.do === "wait") {
        await sleep(step.ms);
      } else {
        try {
          await sim().play(step, index);
        } catch (e) {
          simError = e && e.stack ? String(e.stack) : String(e);
        }
      }
      await settle(ctx.settleMs);
      // The Desktop keeps $STORE-bound properties current (agent data fills in after login).
      if (state.el && setProps(state.el, false)) await settle(ctx.settleMs);
      const after = observe();
      return {
        before: before && before.snapshot,
        after: after && after.snapshot,
        shows: !!(after && after.shows),
        box: after ? after.box : null,
        mounted: !!state.el,
        defined,
        loaded,
        simError,
      };
    },

    async endSession(ctx) {
      unmount();
      await sleep(ctx.leakWaitMs);
      let globals = [];
      if (state.baseline) {
        const known = new Set([...state.baseline, ...state.sessionNames]);
        globals = Object.getOwnPropertyNames(w).filter((name) => {
          if (known.has(name) || INTERNAL.test(name)) return false;
          let value;
          try {
            value = w[name];
          } catch (e) {
            return true;
          }
          // The element class, if the bundle put it on window, is not a leak.
          return !(typeof value === "function" && typeof customElements.getName === "function" && customElements.getName(value));
        });
      }
      const intervals = [];
      const timeouts = [];
      for (const [id, t] of instr.timers) {
        if (t.kind === "interval" && t.live && t.seq > state.sessionSeq) intervals.push(id);
        else if (t.kind === "timeout" && t.seq > state.unmountSeq) timeouts.push(id);
      }
      const s = sim();
      const json = (v) => {
        try {
          return JSON.parse(JSON.stringify(v));
        } catch (e) {
          return String(v);
        }
      };
      return {
        globals,
        intervals,
        timeouts,
        calls: (s.calls || []).map((c) => ({ api: String(c.api), step: Number(c.step) })),
        misuse: (s.misuse || []).map((m) => ({ api: String(m.api), reason: String(m.reason), step: Number(m.step) })),
        errors: (s.errors || []).map((e) => ({
          message: typeof e.message === "string" ? e.message : String(json(e.message)),
          step: Number(e.step),
          stack: typeof e.stack === "string" ? e.stack : null,
        })),
        popups: instr.popups.map((p) => ({ url: p.url, step: p.step })),
      };
    },
  };
})();
`;
