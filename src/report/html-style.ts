// The style sheet of report.html: system fonts, one set of colour variables per theme (light, dark
// by prefers-color-scheme, and either one forced by the page's toggle through data-theme).

const LIGHT = `
  --bg: #f6f8fa; --panel: #ffffff; --panel-2: #f6f8fa; --text: #1f2328; --muted: #59636e; --border: #d1d9e0;
  --accent: #0959c2; --accent-text: #ffffff; --focus: #0969da; --shadow: 0 1px 2px rgba(31,35,40,.06);
  --ok-bg: #dafbe1; --ok: #116329; --warn-bg: #fff1c2; --warn: #7a4e00; --bad-bg: #ffebe9; --bad: #a40e26;
  --info-bg: #ddf4ff; --info: #0550ae; --skip-bg: #eff2f5; --skip: #59636e;
  --add-bg: #e6ffec; --add-ln: #ccffd8; --del-bg: #ffebe9; --del-ln: #ffd7d5; --hunk-bg: #ddf4ff; --hunk: #0550ae;
  --todo-bg: #fff1c2; --todo-edge: #d4a72c; --review-bg: #f3e8ff; --review-edge: #8250df; --note-bg: #eff2f5;
  --c: #59636e; --s: #0a3069; --k: #cf222e; --n: #0550ae; --t: #116329; --a: #953800; --p: #0550ae;
  --bar-mapped: #1f883d; --bar-todo: #d4a72c; --bar-dropped: #8c959f; --bar-unmapped: #cf222e;
  color-scheme: light;`;

const DARK = `
  --bg: #0d1117; --panel: #151b23; --panel-2: #0d1117; --text: #e6edf3; --muted: #9198a1; --border: #3d444d;
  --accent: #4493f8; --accent-text: #0d1117; --focus: #4493f8; --shadow: none;
  --ok-bg: rgba(46,160,67,.2); --ok: #56d364; --warn-bg: rgba(187,128,9,.22); --warn: #e3b341; --bad-bg: rgba(248,81,73,.2); --bad: #ff7b72;
  --info-bg: rgba(56,139,253,.18); --info: #79c0ff; --skip-bg: rgba(110,118,129,.2); --skip: #9198a1;
  --add-bg: rgba(46,160,67,.15); --add-ln: rgba(46,160,67,.3); --del-bg: rgba(248,81,73,.15); --del-ln: rgba(248,81,73,.3);
  --hunk-bg: rgba(56,139,253,.15); --hunk: #79c0ff;
  --todo-bg: rgba(187,128,9,.3); --todo-edge: #e3b341; --review-bg: rgba(163,113,247,.22); --review-edge: #bc8cff; --note-bg: rgba(110,118,129,.18);
  --c: #9198a1; --s: #a5d6ff; --k: #ff7b72; --n: #79c0ff; --t: #7ee787; --a: #ffa657; --p: #79c0ff;
  --bar-mapped: #3fb950; --bar-todo: #d29922; --bar-dropped: #6e7681; --bar-unmapped: #f85149;
  color-scheme: dark;`;

export const REPORT_CSS = `
:root {${LIGHT}}
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) {${DARK}} }
:root[data-theme="dark"] {${DARK}}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
[id] { scroll-margin-top: 96px; }
html { background: var(--bg); color: var(--text); }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code, pre, .code, kbd { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
a { color: var(--accent); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h1 { font-size: 22px; }
h2 { font-size: 18px; margin-bottom: 12px; }
h3 { font-size: 14px; margin: 20px 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 12px; top: 12px; background: var(--panel); padding: 6px 10px; z-index: 10; }
header.top { display: flex; align-items: center; justify-content: space-between; gap: 16px; padding: 16px 24px; background: var(--panel); border-bottom: 1px solid var(--border); }
header.top .meta { margin: 4px 0 0; color: var(--muted); }
main { max-width: 1280px; margin: 0 auto; padding: 24px; }
section.block { margin-bottom: 32px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 16px; }
.panel { overflow-x: auto; }
.card, .panel { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 16px; box-shadow: var(--shadow); }
.card h3 { margin-top: 0; }
.big { font-size: 28px; font-weight: 600; line-height: 1.1; }
.kv { display: grid; grid-template-columns: 1fr auto; gap: 4px 12px; margin: 12px 0 0; }
.kv dt { color: var(--muted); }
.kv dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; margin-top: 16px; align-items: start; }
.rule-title { max-width: 240px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.grid2 h3 { margin-top: 0; }
.stack { display: flex; height: 10px; border-radius: 5px; overflow: hidden; background: var(--skip-bg); margin-top: 12px; }
.stack span { display: block; }
.legend { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.bar-mapped { background: var(--bar-mapped); } .bar-todo { background: var(--bar-todo); }
.bar-dropped { background: var(--bar-dropped); } .bar-unmapped { background: var(--bar-unmapped); }
table { border-collapse: collapse; width: 100%; }
table.data th, table.data td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
table.data td:first-child code, table.data a, .nowrap { white-space: nowrap; }
table.data th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
table.data tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.meter { display: inline-block; width: 90px; height: 8px; border-radius: 4px; background: var(--skip-bg); vertical-align: middle; margin-right: 8px; overflow: hidden; }
.meter span { display: block; height: 100%; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.b-migrated, .b-high, .b-mapped { background: var(--ok-bg); color: var(--ok); }
.b-needs-work, .b-medium, .b-todo, .b-warning { background: var(--warn-bg); color: var(--warn); }
.b-failed, .b-low, .b-unmapped, .b-error { background: var(--bad-bg); color: var(--bad); }
.b-skipped, .b-dropped, .b-kind, .b-none { background: var(--skip-bg); color: var(--skip); }
.b-info, .b-iframe, .b-widget, .b-review { background: var(--info-bg); color: var(--info); }
.b-review { background: var(--review-bg); color: var(--review-edge); }
.m-high { background: var(--bar-mapped); } .m-medium { background: var(--bar-todo); } .m-low { background: var(--bar-unmapped); }
button, select, input[type="search"] { font: inherit; color: var(--text); background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 5px 10px; }
button { cursor: pointer; }
button:hover { border-color: var(--accent); }
button[aria-pressed="true"] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
button.link { border: 0; background: none; padding: 0; color: var(--accent); text-decoration: underline; }
.toolbar { display: flex; flex-wrap: wrap; align-items: end; gap: 12px; padding: 12px; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; position: sticky; top: 0; z-index: 5; box-shadow: var(--shadow); }
.toolbar label { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: var(--muted); }
.toolbar input[type="search"] { width: 240px; }
.seg { display: inline-flex; }
.seg button { border-radius: 0; }
.seg button:first-child { border-radius: 6px 0 0 6px; }
.seg button:last-child { border-radius: 0 6px 6px 0; border-left: 0; }
.hint { color: var(--muted); font-size: 12px; margin: 8px 0 16px; }
kbd { border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: var(--panel); font-size: 11px; }
details.gadget { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; margin-bottom: 12px; box-shadow: var(--shadow); }
details.gadget > summary { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; padding: 12px 16px; cursor: pointer; list-style: none; border-radius: 8px; }
details.gadget > summary::-webkit-details-marker { display: none; }
details.gadget > summary::before, details.change > summary::before { content: "▸"; display: inline-block; text-align: center; color: var(--muted); width: 1em; transition: transform .15s; }
details[open].gadget > summary::before, details[open].change > summary::before { transform: rotate(90deg); }
details[open].gadget > summary { border-bottom: 1px solid var(--border); border-radius: 8px 8px 0 0; }
.g-title { font-weight: 600; font-size: 15px; }
.g-id { color: var(--muted); }
.g-counts { margin-left: auto; color: var(--muted); font-size: 12px; }
.g-body { padding: 4px 16px 16px; }
.g-body h3:first-child { margin-top: 12px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 12px 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.plain, ol.plain { margin: 0; padding-left: 20px; }
ul.plain li, ol.plain li { margin: 2px 0; }
.muted { color: var(--muted); }
.pad { padding: 8px 12px; margin: 0; }
details.formula { margin-top: 12px; }
.problems { margin-top: 16px; }
details.change { border: 1px solid var(--border); border-radius: 6px; margin: 8px 0; background: var(--panel); }
details.change > summary { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 12px; cursor: pointer; list-style: none; background: var(--panel-2); border-radius: 6px; }
details.change > summary::-webkit-details-marker { display: none; }
details[open].change > summary { border-bottom: 1px solid var(--border); border-radius: 6px 6px 0 0; }
.stat-add { color: var(--ok); font-weight: 600; } .stat-del { color: var(--bad); font-weight: 600; }
.diff { overflow-x: auto; }
.diff table { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; line-height: 1.45; tab-size: 4; }
.diff td { padding: 0 8px; vertical-align: top; }
.diff td.ln { width: 1%; min-width: 48px; text-align: right; color: var(--muted); user-select: none; font-variant-numeric: tabular-nums; }
.diff td.sg { width: 1%; padding: 0 4px; user-select: none; color: var(--muted); }
/* Long lines wrap (the conversion's comments are long and are what a reviewer reads). */
.diff td.code { white-space: pre-wrap; overflow-wrap: anywhere; }
.diff-s td.code { width: 50%; }
.diff-s td.ln + td.code { border-right: 1px solid var(--border); }
.diff-s td.code:last-child { border-right: 0; }
tr.d-add td, td.d-add { background: var(--add-bg); } tr.d-add td.ln, td.ln.d-add { background: var(--add-ln); }
tr.d-del td, td.d-del { background: var(--del-bg); } tr.d-del td.ln, td.ln.d-del { background: var(--del-ln); }
td.d-empty { background: var(--panel-2); }
tr.d-hunk td { background: var(--hunk-bg); color: var(--hunk); padding: 2px 8px; }
tr.hl-todo td.code, td.code.hl-todo { background: var(--todo-bg); box-shadow: inset 4px 0 var(--todo-edge); font-weight: 600; }
tr.hl-review td.code, td.code.hl-review { background: var(--review-bg); box-shadow: inset 4px 0 var(--review-edge); }
tr.hl-note td.code, td.code.hl-note { background: var(--note-bg); }
:root:not([data-diff="split"]) .diff-s, :root[data-diff="split"] .diff-u { display: none; }
.c { color: var(--c); font-style: italic; } .s { color: var(--s); } .k { color: var(--k); } .n { color: var(--n); }
.t { color: var(--t); } .a { color: var(--a); } .p { color: var(--p); }
.mk-todo { color: var(--warn); font-style: normal; font-weight: 700; }
.mk-review { color: var(--review-edge); font-style: normal; font-weight: 600; }
pre.json { margin: 0; padding: 12px; background: var(--panel-2); border: 1px solid var(--border); border-radius: 6px; overflow-x: auto; }
.flash { animation: flash 1.6s ease-out; }
@keyframes flash { from { outline: 3px solid var(--focus); } to { outline: 3px solid transparent; } }
footer { max-width: 1280px; margin: 0 auto; padding: 0 24px 32px; color: var(--muted); font-size: 12px; }
@media (max-width: 700px) { main { padding: 12px; } .grid2 { grid-template-columns: 1fr; } .toolbar { position: static; } }
@media (prefers-reduced-motion: reduce) { .flash { animation: none; } details > summary::before { transition: none; } }
`;
