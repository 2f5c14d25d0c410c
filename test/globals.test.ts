// The globals a gadget's code creates (src/transform/globals.ts), resolved scope by scope: they are
// declared inside runGadget so two widgets on one Desktop page cannot overwrite each other's.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { gadgetGlobals, globalsPrologue } from '../src/transform/globals.js';

const parse = (code: string, name = 'a.js') => ts.createSourceFile(name, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
const globalsOf = (...codes: string[]) => gadgetGlobals(codes.map((c, i) => parse(c, `s${i}.js`)), new Set(['root', 'prefs', '$']));

describe('gadgetGlobals', () => {
  it('finds names assigned where no enclosing scope declares them, even if another function declares the name', () => {
    const g = globalsOf(
      `_clientLogger = finesse.cslogger.ClientLogger || {};
       function init() { var _clientLogger = finesse.cslogger.ClientLogger; _clientLogger.init(); }
       var mod = (function () { var clientLogs; return { init: function () { clientLogs = 1; containerServices = 2; counter++; } }; })();`,
    );
    expect(g.implicit).toEqual(['_clientLogger', 'containerServices', 'counter']);
  });

  it('leaves declared names alone: parameters, catch bindings, let/const in blocks, loop variables, names of other scripts, runGadget helpers', () => {
    const g = globalsOf(
      `var shared; function f(a, { b }) { a = 1; b = 2; try {} catch (e) { e = 3; } { let c; c = 4; } for (let i = 0; i < 1; i++) {} }
       root = 5; prefs = 6; location = "/x"; onresize = null;`,
      `shared = 7; later = 8; function later() {}`,
    );
    expect(g.implicit).toEqual([]);
  });

  it('routes window.x through the sandbox, sharing the variable bare reads see', () => {
    const g = globalsOf(`window.app = {}; self["cfg"] = 1; window.location = "/"; app.start();`);
    expect(g.windowProperties).toEqual(['app', 'cfg']);
    const prologue = globalsPrologue(g);
    expect(prologue).toContain('var app, cfg;');
    expect(prologue).toContain('"app": [function () { return app; }, function (value) { app = value; }]');
    expect(prologue).toContain('), self = window;');
  });

  it('lets window.x read what a top-level var x declared, as on the gadget\'s own page', () => {
    const g = globalsOf(`var finesse = window.finesse; if (!finesse) { throw new Error('no library'); } var n = window.innerWidth;`);
    expect(g.windowProperties).toEqual(['finesse']);
    expect(globalsPrologue(g)).toContain('"finesse": [function () { return finesse; }, function (value) { finesse = value; }]');
  });

  it('writes nothing for code that creates no globals and never names window', () => {
    expect(globalsPrologue(globalsOf(`var a = 1; function b() { return a; }`))).toBe('');
  });
});
