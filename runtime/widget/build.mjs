// The build every widget of a migration output shares: dist/<name>.js (<name> from the widget's
// src/widget.json), the one file the Desktop loads from your CDN (the layout's "script"). Each
// widget's build.mjs calls it for its own folder (`npm run build`, `npm run watch`), and
// finesse-migrate build calls that; the dev page (dev/serve.mjs) and the smoke test (test/smoke.mjs)
// bundle with buildOptions() and @wxcc-desktop/sdk aliased to the simulated Desktop.
import { readFileSync } from "node:fs";
import { readFile, realpath, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** This folder: the output's runtime/. */
const RUNTIME = path.dirname(fileURLToPath(import.meta.url));
/** The name widgets import the element by: this folder's src/element.ts, whether npm linked it or not. */
export const RUNTIME_PACKAGE = "finesse-migrate-widget-runtime";

/** The element name of the widget in `dir` (its src/widget.json). */
export function widgetName(dir) {
  return JSON.parse(readFileSync(path.join(dir, "src", "widget.json"), "utf8")).name;
}

const MIME = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
};

const PAGE_ROOT = /^(?:html|body|:root)(?![\w-])((?:[.#][\w-]+|\[[^\]]*\])*)/i;

/** One selector of a library's stylesheet: `html`, `body`, `:root` at its start become `:host`, as in the gadget's own styles. */
function hostSelector(selector) {
  // Blank space and comments (here /*<n>*/, see hostRoots) before it stay as they are.
  const lead = /^(?:\s|\/\*\d+\*\/)*/.exec(selector)[0];
  let rest = selector.slice(lead.length);
  const qualifiers = [];
  let m = PAGE_ROOT.exec(rest);
  if (!m) return selector;
  while (m) {
    qualifiers.push(m[1]);
    rest = rest.slice(m[0].length);
    // `html body`, `html > body`: both page roots fold into the one host.
    const next = /^\s*>?\s*/.exec(rest)[0];
    m = PAGE_ROOT.exec(rest.slice(next.length));
    if (m) rest = rest.slice(next.length);
  }
  const q = qualifiers.join("");
  return lead + (q ? `:host(${q})` : ":host") + rest;
}

/** A library's stylesheet for a shadow root: its rules on the page root (html, body, :root) apply to the element. */
function hostRoots(css) {
  const comments = [];
  // Its source map is not in the bundle, and @charset means nothing inside a <style>.
  const text = css.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*|^@charset\s+"[^"]*";\s*/gm, "").replace(/\/\*[\s\S]*?\*\//g, (c) => `/*${comments.push(c) - 1}*/`);
  const rewritten = text.replace(/(^|[{};])([^{};@]+)\{/g, (all, before, selectors) =>
    /\b(?:html|body)\b|:root/i.test(selectors) ? `${before}${selectors.split(",").map(hostSelector).join(",")}{` : all,
  );
  return rewritten.replace(/\/\*(\d+)\*\//g, (_, i) => comments[Number(i)]);
}

// template.html and styles.css become strings, with their ./assets/ files inlined as data URIs:
// a shadow root resolves relative URLs against the Desktop page, not against the bundle. Only files
// inside this widget's own src/assets/ are read: a reference that leads out of it (../, a link) is
// left as written, with a warning, and never read. Comments are not searched for references. In
// styles.css, `@import "~package/file.css"` (a library the gadget loaded from the Finesse server,
// listed in package.json) is replaced by that stylesheet of the installed package.
const ASSET_REF = /\.\/assets\/[^"')<>\s]+/g;

/** The text with its comments (CSS, or HTML when `html`) blanked out: what is searched for references. */
function withoutComments(text, html) {
  return text.replace(html ? /<!--[\s\S]*?(?:-->|$)/g : /\/\*[\s\S]*?(?:\*\/|$)/g, (c) => " ".repeat(c.length));
}

/** The file `ref` names when it is inside the widget's src/assets/ (`ASSETS`; links followed), else undefined. */
async function assetFile(ASSETS, dir, ref) {
  const file = path.resolve(dir, ref.replace(/[?#].*$/, ""));
  const inside = (root, f) => f.startsWith(root + path.sep);
  if (!inside(ASSETS, file)) return undefined;
  let real;
  try {
    real = await realpath(file);
  } catch {
    return file; // missing: reading it fails with its name
  }
  return inside(await realpath(ASSETS), real) ? real : undefined;
}

/** The esbuild plugin that loads the widget's template.html and styles.css (`widgetDir`: the widget's folder). */
const textWithAssets = (widgetDir) => ({
  name: "text-with-assets",
  setup(build) {
    const ASSETS = path.join(widgetDir, "src", "assets");
    build.onLoad({ filter: /\.(html|css)$/ }, async (args) => {
      const dir = path.dirname(args.path);
      let text = await readFile(args.path, "utf8");
      const searched = withoutComments(text, args.path.endsWith(".html"));
      const refs = [...new Set(searched.match(ASSET_REF) ?? [])];
      const warnings = [];
      const inlined = new Map();
      for (const ref of refs) {
        const file = await assetFile(ASSETS, dir, ref).catch(() => undefined);
        if (!file) {
          warnings.push({ text: `${ref} leads outside this widget's src/assets/: left as written, not inlined` });
          continue;
        }
        const data = await readFile(file);
        const mime = MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream";
        inlined.set(ref, `data:${mime};base64,${data.toString("base64")}`);
      }
      // Replaced where they were found: never inside a comment.
      if (inlined.size) {
        let out = "";
        let at = 0;
        for (const m of searched.matchAll(ASSET_REF)) {
          if (!inlined.has(m[0])) continue;
          out += text.slice(at, m.index) + inlined.get(m[0]);
          at = m.index + m[0].length;
        }
        text = out + text.slice(at);
      }
      const watchFiles = [...inlined.keys()].map((ref) => path.resolve(dir, ref));
      if (args.path.endsWith(".css")) {
        for (const m of [...text.matchAll(/@import\s+(["'])~([^"']+)\1\s*;/g)]) {
          const found = await build.resolve(m[2], { kind: "import-rule", resolveDir: dir });
          if (found.errors.length || !found.path) {
            return { errors: [{ text: `cannot find ${m[2]} (${m[0]}): run npm install in this widget's folder` }] };
          }
          const css = hostRoots(await readFile(found.path, "utf8"));
          text = text.replace(m[0], () => css);
          watchFiles.push(found.path);
        }
      }
      return { contents: text, loader: "text", watchFiles, warnings };
    });
  },
});

/** The esbuild options of the bundle of the widget in `dir`; `alias` swaps packages (the dev page swaps in the simulated Desktop). */
export function buildOptions(dir, { nodePaths = [], alias = {}, outfile = path.join(dir, "dist", widgetName(dir) + ".js") } = {}) {
  return {
    entryPoints: [path.join(dir, "src", "index.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    outfile,
    sourcemap: true,
    minify: true,
    charset: "utf8",
    legalComments: "eof",
    plugins: [textWithAssets(dir)],
    nodePaths,
    alias: { [RUNTIME_PACKAGE]: path.join(RUNTIME, "src", "element.ts"), ...alias },
    // The gadget code must stay sloppy-mode JavaScript (Cisco's samples assign implicit globals such
    // as `clientLogs = ...`). tsconfig.json's "strict" implies alwaysStrict, and esbuild then puts
    // "use strict" into every module it bundles, gadget.cjs included: keep it for type-checking only.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    logLevel: "silent",
  };
}

/** Builds the widget in `dir`. */
export async function build(dir, { esbuild, nodePaths = [], alias = {}, outfile } = {}) {
  esbuild ??= await import("esbuild");
  const options = buildOptions(dir, { nodePaths, alias, ...(outfile ? { outfile } : {}) });
  const result = await esbuild.build(options);
  if (nodePaths.length) await packagesFromHere(options.outfile, nodePaths);
  return result;
}

/**
 * Packages found through `nodePaths` (finesse-migrate build lends its own node_modules) are named in
 * the source map as if they were installed in the output (its node_modules/, where npm puts the
 * packages of every widget), not by a path into the machine that built it. The map carries their
 * text (sourcesContent) either way.
 */
async function packagesFromHere(outfile, nodePaths) {
  const mapFile = outfile + ".map";
  const map = JSON.parse(await readFile(mapFile, "utf8"));
  const dir = path.dirname(outfile);
  const own = path.join(RUNTIME, "..", "node_modules");
  let changed = false;
  map.sources = map.sources.map((source) => {
    const file = path.resolve(dir, source);
    for (const modules of nodePaths.map((p) => path.resolve(p))) {
      if (file.startsWith(modules + path.sep)) {
        changed = true;
        return path.relative(dir, path.join(own, file.slice(modules.length + 1))).split(path.sep).join("/");
      }
    }
    return source;
  });
  if (changed) await writeFile(mapFile, JSON.stringify(map));
}

/** A widget's `node build.mjs [--watch]`. */
export async function main(dir, args) {
  if (args.includes("--watch")) {
    const esbuild = await import("esbuild");
    // esbuild reports each rebuild ("[watch] build finished") and its errors.
    const ctx = await esbuild.context({ ...buildOptions(dir), logLevel: "info" });
    await ctx.watch();
  } else {
    await build(dir);
  }
}
