// npm start: a local page with a widget on a simulated Desktop (http://127.0.0.1:8700/).
// The widget is bundled as `npm run build` bundles it, with `@wxcc-desktop/sdk` replaced by the
// simulator (dev/desktop-sim/, a copy of the one `finesse-migrate verify` runs widgets on); the page
// mounts the element as its layout entry does (dev/entry.json) and has buttons that play Desktop
// events: sign in, state changes, a call from offer to wrap-up, removing and mounting the element.
// Every reload rebuilds the bundle from src/. Shared by every widget of the migration output: a
// widget's `npm start` runs `node ../../runtime/dev/serve.mjs` in its folder (or give the folder as
// the first argument). Options: --port <n> (or PORT; 0 picks a free one), --host <address>.
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { widgetName } from "../build.mjs";
import { formatMessages, outputs, simulatorOptions, widgetOptions } from "./bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PORT = 8700;

const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** Starts the dev server for the widget in `dir`; resolves to { url, close } once it listens. */
export async function start({ dir = process.cwd(), port = DEFAULT_PORT, host = "127.0.0.1", esbuild } = {}) {
  esbuild ??= await import("esbuild");
  const project = path.resolve(dir);
  const NAME = widgetName(project);
  const widget = await esbuild.context(widgetOptions(project));
  const simulator = await esbuild.context(simulatorOptions());
  // One rebuild at a time; requests that arrive meanwhile share it.
  const once = (ctx) => {
    let running;
    return () => (running ??= ctx.rebuild().finally(() => (running = undefined)));
  };
  const rebuildWidget = once(widget);
  const rebuildSimulator = once(simulator);
  let lastMap = "{}";

  async function widgetScript() {
    try {
      const built = outputs(await rebuildWidget());
      lastMap = built.map ?? "{}";
      return built.js;
    } catch (e) {
      const errors = e && e.errors ? formatMessages(e.errors) : [String((e && e.message) || e)];
      for (const line of errors) console.error(`build: ${line}`);
      // The page shows them in its log.
      return `window.__fmDevBuildErrors = ${JSON.stringify(errors)};\nconsole.error(${JSON.stringify(`${NAME} did not build:\n` + errors.join("\n"))});\n`;
    }
  }

  const routes = {
    "/": async () => {
      const config = JSON.parse(await readFile(path.join(project, "src", "widget.json"), "utf8"));
      const html = await readFile(path.join(here, "index.html"), "utf8");
      return ["text/html; charset=utf-8", html.replaceAll("%TITLE%", escapeHtml(config.title || NAME)).replaceAll("%NAME%", escapeHtml(NAME))];
    },
    "/dev/page.js": async () => ["text/javascript; charset=utf-8", await readFile(path.join(here, "page.js"), "utf8")],
    "/dev/entry.json": async () => ["application/json", await readFile(path.join(project, "dev", "entry.json"), "utf8")],
    "/dev/desktop-sim.js": async () => ["text/javascript; charset=utf-8", outputs(await rebuildSimulator()).js],
    [`/${NAME}.js`]: async () => ["text/javascript; charset=utf-8", await widgetScript()],
    [`/${NAME}.js.map`]: async () => ["application/json", lastMap],
  };

  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const route = req.method === "GET" || req.method === "HEAD" ? routes[pathname] : undefined;
    if (!route) {
      res.writeHead(pathname === "/favicon.ico" ? 204 : 404, { "content-type": "text/plain; charset=utf-8" });
      res.end(pathname === "/favicon.ico" ? "" : "not found\n");
      return;
    }
    route().then(
      ([type, body]) => {
        res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (e) => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end(`${(e && e.stack) || e}\n`);
      },
    );
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch(async (e) => {
    await Promise.all([widget.dispose(), simulator.dispose()]);
    throw e;
  });
  const address = server.address();
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    async close() {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await Promise.all([widget.dispose(), simulator.dispose()]);
    },
  };
}

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(option("port") ?? process.env.PORT ?? DEFAULT_PORT);
  const host = option("host") ?? "127.0.0.1";
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port: not a port number: ${option("port") ?? process.env.PORT}`);
    process.exit(2);
  }
  const first = process.argv[2];
  const dir = first && !first.startsWith("--") ? first : process.cwd();
  try {
    const { url, close } = await start({ dir, port, host });
    console.log(`<${widgetName(dir)}> on a simulated Desktop: ${url}  (reload to rebuild; Ctrl+C to stop)`);
    const stop = () => close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } catch (e) {
    if (e && e.code === "EADDRINUSE") console.error(`port ${port} is in use: npm start -- --port ${port + 1}`);
    else if (e && e.code === "ERR_MODULE_NOT_FOUND") console.error(`${e.message}\nRun npm install in the widget's folder (or the output's) first.`);
    else console.error((e && e.stack) || e);
    process.exit(1);
  }
}
