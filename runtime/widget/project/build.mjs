// Builds dist/<name>.js (<name> from src/widget.json): the one file the Desktop loads from your CDN
// (the layout's "script"). `npm run build`; `npm run watch` rebuilds on every change. The build is
// the one every widget of the migration output shares (../../runtime/build.mjs); finesse-migrate
// build calls build() below. The same file in every widget.
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as shared from "../../runtime/build.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const NAME = shared.widgetName(here);
export const buildOptions = (options) => shared.buildOptions(here, options);
export const build = (options) => shared.build(here, options);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await shared.main(here, process.argv.slice(2));
