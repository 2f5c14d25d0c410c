// A widget and the simulated Desktop, bundled in memory for the dev page (serve.mjs) and the tests
// (test/smoke.mjs): the widget as `npm run build` bundles it (../build.mjs), except that
// `@wxcc-desktop/sdk` is the simulator's stand-in (desktop-sim/shim.ts), which takes the Desktop that
// desktop-sim/page.ts put on the page. Shared by every widget of the migration output; `dir` is the
// widget's folder.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildOptions, widgetName } from "../build.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
/** dev/desktop-sim/: a copy of the Desktop simulator `finesse-migrate verify` runs widgets on. */
export const SIMULATOR = path.join(here, "desktop-sim");

/** esbuild options of the widget bundle on the simulated Desktop, not written to disk. */
export function widgetOptions(dir) {
  return {
    ...buildOptions(dir, {
      alias: { "@wxcc-desktop/sdk": path.join(SIMULATOR, "shim.ts") },
      // Never written (write: false); names the bundle and its source map.
      outfile: path.join(dir, ".out", widgetName(dir) + ".js"),
    }),
    minify: false,
    write: false,
  };
}

/** esbuild options of the simulator's page script: sets window.__fmDesktop (for the shim) and window.__fmSim. */
export function simulatorOptions() {
  return {
    entryPoints: [path.join(SIMULATOR, "page.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    outfile: path.join(here, ".out", "desktop-sim.js"),
    write: false,
    charset: "utf8",
    logLevel: "silent",
  };
}

/** { js, map } of a build result with write: false. */
export function outputs(result) {
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  const map = result.outputFiles.find((f) => f.path.endsWith(".js.map"));
  return { js: js ? js.text : "", map: map ? map.text : undefined };
}

/** Both bundles once: { simulator, widget, map }. Throws esbuild's errors when the widget does not build. */
export async function bundle(dir, esbuild) {
  esbuild ??= await import("esbuild");
  const [simulator, widget] = await Promise.all([esbuild.build(simulatorOptions()), esbuild.build(widgetOptions(dir))]);
  const w = outputs(widget);
  return { simulator: outputs(simulator).js, widget: w.js, map: w.map };
}

/** esbuild's messages as lines: file:line:column: text. */
export function formatMessages(messages) {
  return messages.map((m) => `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : ""}${m.text}`);
}
