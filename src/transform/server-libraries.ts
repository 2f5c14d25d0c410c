// Libraries the Finesse server hands out to gadgets (/desktop/thirdparty/...) that the widget can take
// from npm instead, at the version the server path names. The one place that says which: each entry
// names the npm package, where the version is in the path, and the file of the package the widget
// bundles. JavaScript is required by the widget's src/libraries.cjs while window.jQuery is the
// widget's own jQuery (so jQuery plugins attach to the `$` the gadget code uses); a stylesheet is
// inlined into the widget's shadow-root styles by build.mjs (`@import "~package/file"` in styles.css).
// Any other file of the Finesse server stays an unresolved dependency.

export interface ServerLibrary {
  /** The npm package. */
  name: string;
  /** The version, taken from the server path. */
  version: string;
  /** The file inside the package that stands in for the server's copy. */
  file: string;
  kind: 'script' | 'style';
}

interface Entry {
  /** Matches the server path; group 1 is the version. */
  path: RegExp;
  name: string;
  /** The file inside the package, by the version's major number. */
  file: (major: number) => string | undefined;
  kind: 'script' | 'style';
}

const TABLE: Entry[] = [
  // Bootstrap 3 evaluates against the global jQuery; 4 and 5 take the bundle, which carries Popper
  // (5 needs no jQuery, but attaches its plugins to window.jQuery when there is one).
  {
    path: /^\/desktop\/thirdparty\/bootstrap\/(\d+\.\d+\.\d+)\/js\/bootstrap(?:\.bundle)?(?:\.min)?\.js$/i,
    name: 'bootstrap',
    file: (major) => (major === 3 ? 'dist/js/bootstrap.js' : major === 4 || major === 5 ? 'dist/js/bootstrap.bundle.js' : undefined),
    kind: 'script',
  },
  {
    path: /^\/desktop\/thirdparty\/bootstrap\/(\d+\.\d+\.\d+)\/css\/bootstrap(?:\.min)?\.css$/i,
    name: 'bootstrap',
    file: (major) => (major >= 3 && major <= 5 ? 'dist/css/bootstrap.css' : undefined),
    kind: 'style',
  },
];

/** The npm library that stands in for a file of the Finesse server, if the table knows it. */
export function serverLibrary(serverPath: string): ServerLibrary | undefined {
  for (const e of TABLE) {
    const m = e.path.exec(serverPath);
    if (!m) continue;
    const version = m[1]!;
    const file = e.file(Number(version.split('.')[0]));
    if (file) return { name: e.name, version, file, kind: e.kind };
  }
  return undefined;
}
