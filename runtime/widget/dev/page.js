// The dev page's controls (npm start, dev/serve.mjs): mounts the element as the layout entry does
// (dev/entry.json: attributes, $STORE-bound properties), loads the widget bundle, signs the agent in,
// and plays Desktop events through the simulator (window.__fmSim, dev/desktop-sim/) when a button is
// pressed. The log lists every step, SDK call, log line, notification and misuse the simulator saw.
// The same file in every widget finesse-migrate emits.
(function () {
  "use strict";
  var sim = window.__fmSim;
  var desktop = document.getElementById("desktop");
  var log = document.getElementById("log");
  var status = document.getElementById("status");
  var note = document.getElementById("note");
  var contactLabel = document.getElementById("contact");
  var state = { entry: null, el: null, calls: 0, contact: null, index: 0, seen: {}, lastProps: {}, bundle: "loading", defined: false };
  // For scripts and tests driving the page: ready once the bundle ran and the agent is signed in.
  var dev = (window.__fmDev = { ready: false, errors: [], play: play, element: function () { return state.el; } });

  function line(kind, text) {
    var div = document.createElement("div");
    div.className = kind;
    div.textContent = text;
    var atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.appendChild(div);
    if (atEnd) log.scrollTop = log.scrollHeight;
  }

  function json(value) {
    try {
      var s = JSON.stringify(value);
      return s === undefined ? String(value) : s.length > 300 ? s.slice(0, 300) + "…" : s;
    } catch (e) {
      return String(value);
    }
  }

  function showStatus() {
    var items = [
      ["bundle " + state.bundle, state.bundle === "loaded"],
      [state.defined ? "element defined" : "element not defined", state.defined],
      [sim.inited ? "Desktop.config.init done" : "Desktop.config.init pending", sim.inited],
      [sim.loggedIn ? "agent signed in" : "agent signed out", sim.loggedIn],
    ];
    status.textContent = "";
    items.forEach(function (item) {
      var span = document.createElement("span");
      span.className = item[1] ? "ok" : "bad";
      span.textContent = item[0];
      status.appendChild(span);
    });
    contactLabel.textContent = state.contact ? "contact: " + state.contact : "";
    var root = state.el && state.el.shadowRoot;
    note.textContent = state.el && root && !root.childElementCount && !root.textContent.trim() ? "It shows nothing (a headless widget): watch the log." : "";
  }

  // What the simulator recorded since the last look, into the log.
  function drain() {
    var lists = {
      calls: function (c) { return ["call", "SDK " + c.api + "(" + c.args.map(json).join(", ") + ")"]; },
      logs: function (l) { return [l.level === "error" ? "error" : l.level === "warn" ? "warn" : "call", "log." + l.level + " [" + l.prefix + "] " + l.message]; },
      notifications: function (n) { return ["info", "notification " + n.mode + (n.type ? " " + n.type : "") + ": " + (n.title || "") + (n.text ? " — " + n.text : "")]; },
      misuse: function (m) { return ["warn", "MISUSE " + m.api + ": " + m.reason]; },
    };
    Object.keys(lists).forEach(function (key) {
      var list = sim[key] || [];
      var from = state.seen[key] || 0;
      if (from > list.length) from = 0;
      for (var i = from; i < list.length; i++) {
        var shown = lists[key](list[i]);
        line(shown[0], shown[1]);
      }
      state.seen[key] = list.length;
    });
    var errors = sim.errors || [];
    dev.errors = errors.map(function (e) { return e.message; });
    setProps(false);
    showStatus();
  }

  function storeValue(key) {
    var store = sim.store || {};
    if (Object.prototype.hasOwnProperty.call(store, key)) return store[key];
    var v = store;
    key.split(".").forEach(function (part) { v = v !== null && typeof v === "object" ? v[part] : undefined; });
    return v;
  }

  // The Desktop keeps $STORE-bound properties current; so does this page.
  function setProps(force) {
    if (!state.el) return;
    var props = state.entry.properties || {};
    Object.keys(props).forEach(function (prop) {
      var value = storeValue(String(props[prop]).replace(/^\$STORE\./, ""));
      if (value === undefined) return;
      var seen = json(value);
      if (!force && state.lastProps[prop] === seen) return;
      state.lastProps[prop] = seen;
      state.el[prop] = value;
    });
  }

  function mount() {
    var el = document.createElement(state.entry.comp);
    var attributes = state.entry.attributes || {};
    Object.keys(attributes).forEach(function (k) { el.setAttribute(k, attributes[k]); });
    state.el = el;
    state.lastProps = {};
    setProps(true);
    desktop.appendChild(el);
  }

  function unmount() {
    if (state.el) state.el.remove();
    state.el = null;
  }

  function stepFor(what) {
    switch (what) {
      case "login": return { do: "login", subStatus: "Available" };
      case "available": return { do: "state", subStatus: "Available" };
      case "idle": return { do: "state", subStatus: "Idle" };
      case "offer":
        state.calls += 1;
        state.contact = "call-" + state.calls;
        return { do: "offer", contact: state.contact, mediaType: "telephony", ani: document.getElementById("ani").value || undefined };
      case "mount": case "unmount": return { do: what };
      default: return { do: what, contact: state.contact || "call-1" };
    }
  }

  /** Plays one session step (the shapes of verify/sessions/*.json): mount and unmount here, the rest in the simulator. */
  function play(step) {
    var index = state.index++;
    line("step", "▶ " + json(step));
    var done;
    if (step.do === "mount") {
      if (state.el) unmount();
      mount();
      done = Promise.resolve();
    } else if (step.do === "unmount") {
      unmount();
      done = Promise.resolve();
    } else {
      done = sim.play(step, index);
    }
    return done.then(
      function () { setTimeout(drain, 30); },
      function (e) { line("error", "simulator: " + (e && e.message ? e.message : String(e))); drain(); },
    );
  }

  document.getElementById("controls").addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-step]") : null;
    if (button) play(stepFor(button.getAttribute("data-step")));
  });
  window.addEventListener("error", function (event) {
    line("error", "uncaught: " + (event.error && event.error.stack ? event.error.stack : event.message));
  });
  window.addEventListener("unhandledrejection", function (event) {
    line("error", "unhandled rejection: " + (event.reason && event.reason.stack ? event.reason.stack : String(event.reason)));
  });

  fetch("/dev/entry.json")
    .then(function (r) { return r.json(); })
    .then(function (entry) {
      state.entry = entry;
      if (entry.wrapper && entry.wrapper.title) document.getElementById("frame-title").textContent = entry.wrapper.title;
      // As on the Desktop: the element and its attributes first, then the bundle that defines it.
      mount();
      return new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = "/" + entry.comp + ".js";
        script.onload = function () { state.bundle = window.__fmDevBuildErrors ? "failed to build" : "loaded"; resolve(); };
        script.onerror = function () { state.bundle = "failed to load"; resolve(); };
        document.head.appendChild(script);
      });
    })
    .then(function () {
      state.defined = !!customElements.get(state.entry.comp);
      (window.__fmDevBuildErrors || []).forEach(function (e) { line("error", "build: " + e); });
      line("info", state.defined ? "<" + state.entry.comp + "> is defined" : "<" + state.entry.comp + "> is not defined");
      // Agents are signed in when the Desktop mounts their widgets.
      return play({ do: "login", subStatus: "Available" });
    })
    .then(function () {
      dev.ready = true;
      document.documentElement.setAttribute("data-fm-dev", "ready");
    });
  setInterval(drain, 400);
  showStatus();
})();
