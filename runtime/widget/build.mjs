// Builds dist/<name>.js (<name> from src/widget.json): the one file the Desktop loads from your CDN
// (the layout's "script"). The same file in every widget finesse-migrate emits.
// Run with `npm run build`. finesse-migrate build calls build() for every widget it emitted.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
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

// template.html and styles.css become strings, with their ./assets/ files inlined as data URIs:
// a shadow root resolves relative URLs against the Desktop page, not against the bundle.
const textWithAssets = {
  name: "text-with-assets",
  setup(build) {
    build.onLoad({ filter: /\.(html|css)$/ }, async (args) => {
      const dir = path.dirname(args.path);
      let text = await readFile(args.path, "utf8");
      const refs = [...new Set(text.match(/\.\/assets\/[^"')\s]+/g) ?? [])];
      for (const ref of refs) {
        const data = await readFile(path.join(dir, ref));
        const mime = MIME[path.extname(ref).toLowerCase()] ?? "application/octet-stream";
        text = text.split(ref).join(`data:${mime};base64,${data.toString("base64")}`);
      }
      return { contents: text, loader: "text", watchFiles: refs.map((ref) => path.join(dir, ref)) };
    });
  },
};

export async function build({
  esbuild,
  nodePaths = [],
  alias = {},
  outfile = path.join(here, "dist", NAME + ".js"),
} = {}) {
  esbuild ??= await import("esbuild");
  return esbuild.build({
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
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build();
}
