// Builds dist/<name>.js (<name> from src/widget.json): the one file the Desktop loads from your CDN
// (the layout's "script"). The same file in every widget finesse-migrate emits.
// Run with `npm run build` (`npm run watch` rebuilds on every change). finesse-migrate build calls
// build() for every widget it emitted; the dev page (dev/serve.mjs) and the tests (test/) bundle with
// buildOptions() and @wxcc-desktop/sdk aliased to the simulated Desktop.
import { readFileSync } from "node:fs";
import { readFile, realpath, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const NAME = JSON.parse(readFileSync(path.join(here, "src", "widget.json"), "utf8")).name;

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
const ASSETS = path.join(here, "src", "assets");
const ASSET_REF = /\.\/assets\/[^"')<>\s]+/g;

/** The text with its comments (CSS, or HTML when `html`) blanked out: what is searched for references. */
function withoutComments(text, html) {
  return text.replace(html ? /<!--[\s\S]*?(?:-->|$)/g : /\/\*[\s\S]*?(?:\*\/|$)/g, (c) => " ".repeat(c.length));
}

/** The file `ref` names when it is inside this widget's src/assets/ (links followed), else undefined. */
async function assetFile(dir, ref) {
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

const textWithAssets = {
  name: "text-with-assets",
  setup(build) {
    build.onLoad({ filter: /\.(html|css)$/ }, async (args) => {
      const dir = path.dirname(args.path);
      let text = await readFile(args.path, "utf8");
      const searched = withoutComments(text, args.path.endsWith(".html"));
      const refs = [...new Set(searched.match(ASSET_REF) ?? [])];
      const warnings = [];
      const inlined = new Map();
      for (const ref of refs) {
        const file = await assetFile(dir, ref).catch(() => undefined);
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
};

/** The esbuild options of the bundle; `alias` swaps packages (the dev page swaps in the simulated Desktop). */
export function buildOptions({ nodePaths = [], alias = {}, outfile = path.join(here, "dist", NAME + ".js") } = {}) {
  return {
    entryPoints: [path.join(here, "src", "index.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    outfile,
    sourcemap: true,
    minify: true,
    charset: "utf8",
    legalComments: "eof",
    plugins: [textWithAssets],
    nodePaths,
    alias,
    // The gadget code must stay sloppy-mode JavaScript (Cisco's samples assign implicit globals such
    // as `clientLogs = ...`). tsconfig.json's "strict" implies alwaysStrict, and esbuild then puts
    // "use strict" into every module it bundles, gadget.cjs included: keep it for type-checking only.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    logLevel: "silent",
  };
}

export async function build({ esbuild, nodePaths = [], alias = {}, outfile } = {}) {
  esbuild ??= await import("esbuild");
  const options = buildOptions({ nodePaths, alias, ...(outfile ? { outfile } : {}) });
  const result = await esbuild.build(options);
  if (nodePaths.length) await packagesFromHere(options.outfile, nodePaths);
  return result;
}

/**
 * Packages found through `nodePaths` (finesse-migrate build lends its own node_modules) are named in
 * the source map as if they were this widget's: ../node_modules/<package>/..., not by a path into
 * the machine that built it. The map carries their text (sourcesContent) either way.
 */
async function packagesFromHere(outfile, nodePaths) {
  const mapFile = outfile + ".map";
  const map = JSON.parse(await readFile(mapFile, "utf8"));
  const dir = path.dirname(outfile);
  const own = path.join(here, "node_modules");
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--watch")) {
    const esbuild = await import("esbuild");
    // esbuild reports each rebuild ("[watch] build finished") and its errors.
    const ctx = await esbuild.context({ ...buildOptions(), logLevel: "info" });
    await ctx.watch();
  } else {
    await build();
  }
}
