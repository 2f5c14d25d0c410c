// The smoke test every widget of the migration output runs (its test/smoke.test.mjs calls
// smokeTest): the widget bundle on the simulated Desktop in happy-dom, a DOM without a browser. It
// bundles the widget as the dev page does (../dev/bundle.mjs), mounts the element as its layout entry
// does (the widget's dev/entry.json), signs the agent in and plays a call, and checks the element is
// defined, renders, starts, and that its code neither throws nor misuses the Desktop SDK. Nothing
// leaves the machine: every request the widget makes fails as if offline (errors it logs about them
// are not counted), unless the widget's NETWORK table answers it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { Window } from "happy-dom";
import { widgetName } from "../build.mjs";
import { bundle } from "../dev/bundle.mjs";

/**
 * Registers the smoke tests (node:test) of the widget in `dir`. `network`: canned answers for the
 * widget's own backend, by URL ("*" matches any run of characters), e.g.
 * { "https://crm.example.com/api/customers*": { json: [{ id: "1", name: "Ada" }] } }; also
 * { status, contentType, body } for text.
 */
export function smokeTest({ dir, network = {} }) {
  const NAME = widgetName(dir);
  const NETWORK = network;
  const entry = JSON.parse(readFileSync(path.join(dir, "dev", "entry.json"), "utf8"));
  // Markup without its comments (finesse-migrate puts its marks there): none for a headless widget.
  const markup = readFileSync(path.join(dir, "src", "template.html"), "utf8").replace(/<!--[\s\S]*?-->/g, "").trim();

  let window;
  let sim;
  let el;
  /** Uncaught errors and unhandled rejections of the page. */
  const uncaught = [];
  /** URLs of the requests that were not answered. */
  const blocked = [];

  function answer(url) {
    const key = Object.keys(NETWORK).find((pattern) =>
      new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(url),
    );
    if (!key) {
      blocked.push(url);
      return undefined;
    }
    const stub = NETWORK[key];
    const json = stub.json !== undefined;
    return {
      status: stub.status ?? 200,
      headers: { "content-type": stub.contentType ?? (json ? "application/json" : "text/plain"), "access-control-allow-origin": "*" },
      body: json ? JSON.stringify(stub.json) : (stub.body ?? ""),
    };
  }

  const offline = (url) => new Error(`${url}: not sent (test/smoke.test.mjs answers no request outside its NETWORK)`);

  /**
   * What the widget logged at error level, less what it said about requests that were not answered.
   * Arrays of the page (happy-dom's realm) are made arrays of this one (Array.from) for assert.deepEqual.
   */
  const errors = () => Array.from(sim.errors, (e) => e.message).filter((m) => !blocked.some((url) => m.includes(url)));

  const settle = async (ms = 50) => {
    await new Promise((resolve) => window.setTimeout(resolve, ms));
  };

  before(async () => {
    const { simulator, widget } = await bundle(dir);
    window = new Window({
      url: "https://desktop.example.test/",
      width: 1024,
      height: 768,
      settings: {
        // The bundles are this project's own code.
        enableJavaScriptEvaluation: true,
        suppressInsecureJavaScriptEnvironmentWarning: true,
        fetch: {
          interceptor: {
            async beforeAsyncRequest({ request, window }) {
              const a = answer(request.url);
              if (!a) throw offline(request.url);
              return new window.Response(a.body, { status: a.status, headers: a.headers });
            },
            beforeSyncRequest({ request, window }) {
              const a = answer(request.url);
              if (!a) throw offline(request.url);
              return { status: a.status, statusText: "", ok: a.status < 300, url: request.url, redirected: false, headers: new window.Headers(a.headers), body: Buffer.from(a.body) };
            },
          },
        },
      },
    });
    window.addEventListener("error", (e) => uncaught.push(e.error ?? e.message));
    window.addEventListener("unhandledrejection", (e) => uncaught.push(e.reason));
    window.eval(simulator);
    sim = window.__fmSim;
    // As on the Desktop: the element with its attributes, then the bundle that defines it.
    el = window.document.createElement(entry.comp);
    for (const [k, v] of Object.entries(entry.attributes ?? {})) el.setAttribute(k, v);
    window.document.body.appendChild(el);
    window.eval(widget);
    await sim.play({ do: "login", subStatus: "Available" }, 0);
    // The Desktop sets the $STORE-bound properties once the agent's data is there.
    for (const [prop, binding] of Object.entries(entry.properties ?? {})) {
      const value = sim.store[String(binding).replace(/^\$STORE\./, "")];
      if (value !== undefined) el[prop] = value;
    }
    await settle(200);
  });

  after(async () => {
    // Ends the widget's timers and pending requests with the page.
    await window?.happyDOM.abort();
    await window?.happyDOM.close();
  });

  test(`the bundle defines <${NAME}>`, () => {
    assert.equal(entry.comp, NAME);
    assert.ok(window.customElements.get(NAME), `customElements.get("${NAME}")`);
  });

  test("it renders its markup into its shadow root", { skip: markup ? false : "the widget has no markup (headless)" }, () => {
    assert.ok(el.shadowRoot, "open shadow root");
    const shown = Array.from(el.shadowRoot.childNodes).filter((n) => (n.nodeType === 1 && n.localName !== "style") || (n.nodeType === 3 && n.textContent.trim()));
    assert.ok(shown.length, "markup besides the styles");
  });

  test("it starts on the Desktop: Desktop.config.init with its name, no errors logged", () => {
    assert.ok(sim.inited, "Desktop.config.init resolved");
    const init = sim.calls.find((c) => c.api === "config.init");
    assert.equal(init?.args[0]?.widgetName, NAME);
    assert.deepEqual(errors(), []);
    assert.deepEqual(uncaught.map(String), []);
  });

  test("it survives a call from offer to wrap-up, and being removed", async (t) => {
    const steps = [
      { do: "offer", contact: "call-1", ani: "+14155550101" },
      { do: "assign", contact: "call-1" },
      { do: "end", contact: "call-1" },
      { do: "wrappedup", contact: "call-1" },
    ];
    for (const [i, step] of steps.entries()) await sim.play(step, i + 1);
    await settle();
    el.remove();
    await settle();
    assert.deepEqual(errors(), []);
    assert.deepEqual(uncaught.map(String), []);
    assert.deepEqual(Array.from(sim.misuse, (m) => `${m.api}: ${m.reason}`), []);
    for (const url of new Set(blocked)) t.diagnostic(`not sent (add an answer to NETWORK): ${url}`);
  });
}
