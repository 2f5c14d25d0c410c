// @vitest-environment happy-dom
// runtime/widget's finesse.utilities.Utilities (GadgetContext.utilities, rules UTL-04 to UTL-12):
// each helper against what the Finesse library's JSDoc says it does.
import { describe, expect, it, vi } from 'vitest';
import { GadgetRuntime } from '../runtime/widget/runtime';

function utilities() {
  const host = document.createElement('div');
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const runtime = new GadgetRuntime(host, host.attachShadow({ mode: 'open' }), { prefs: {}, messages: {}, name: 'test-widget' }, log);
  return { u: runtime.context.utilities, log };
}

const { u } = utilities();

describe('text and value helpers (UTL-04)', () => {
  it('convertNullToEmptyString, escapeSpaces, removeSpaces, trim', () => {
    expect(u.convertNullToEmptyString(null)).toBe('');
    expect(u.convertNullToEmptyString(undefined)).toBe('');
    expect(u.convertNullToEmptyString('abc')).toBe('abc');
    expect(u.escapeSpaces('a b\tc')).toBe('a\u00a0b\u00a0c');
    expect(u.removeSpaces(' a b  c ')).toBe('abc');
    expect(u.removeSpaces('a\tb')).toBe('a\tb');
    expect(u.trim('  x y \n')).toBe('x y');
  });

  it('isArray', () => {
    expect(u.isArray([])).toBe(true);
    expect(u.isArray({ length: 0 })).toBe(false);
    expect(u.isArray('abc')).toBe(false);
  });

  it('getEquals compares the first object\'s own keys, a falsy value counting as ""', () => {
    expect(u.getEquals({ a: 1, b: 'x' }, { a: 1, b: 'x', c: 3 })).toBe(true);
    expect(u.getEquals({ a: 1 }, { a: 2 })).toBe(false);
    expect(u.getEquals({ a: 1 }, {})).toBe(false);
    expect(u.getEquals({ a: null }, { a: '' })).toBe(true);
    expect(u.getEquals({ a: 0 }, { a: 0 })).toBe(false);
  });

  it('getParameterByName', () => {
    const url = 'http://www.company.com/?param1=value1&param2=a+b%26c#frag';
    expect(u.getParameterByName(url, 'param1')).toBe('value1');
    expect(u.getParameterByName(url, 'param2')).toBe('a b&c');
    expect(u.getParameterByName(url, 'param3')).toBe('');
    expect(u.getParameterByName('?a[0]=1', 'a[0]')).toBe('1');
    expect(u.getParameterByName('?a.b=1', 'a.b')).toBe('1');
    expect(u.getParameterByName('?axb=1', 'a.b')).toBe('');
  });

  it('padWithWidth', () => {
    expect(u.padWithWidth(5, 3)).toBe('005');
    expect(u.padWithWidth(42, 3)).toBe('042');
    expect(u.padWithWidth(1234, 3)).toBe('1234');
    expect(u.padWithWidth(7, 1)).toBe('7');
  });

  it('validateHandler returns a function or undefined and throws for anything else', () => {
    const f = () => 1;
    expect(u.validateHandler(f)).toBe(f);
    expect(u.validateHandler(undefined)).toBeUndefined();
    expect(() => u.validateHandler('nope')).toThrow('handler must be a function');
    expect(() => u.validateHandler(null)).toThrow();
  });

  it('generateUUID and currentTimeMillis', () => {
    expect(u.generateUUID()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(u.currentTimeMillis() - Date.now())).toBeLessThan(1000);
  });
});

describe('elapsed-time formatting (UTL-05)', () => {
  it('buildTimeString gives MM:SS', () => {
    expect(u.buildTimeString(0)).toBe('00:00');
    expect(u.buildTimeString('-1')).toBe('00:00');
    expect(u.buildTimeString(5_000)).toBe('00:05');
    expect(u.buildTimeString(683_999)).toBe('11:23');
    expect(u.buildTimeString(3_723_000)).toBe('62:03');
  });

  it('buildTimeStringWithOptionalHours adds HH: from an hour on', () => {
    expect(u.buildTimeStringWithOptionalHours(0)).toBe('00:00');
    expect(u.buildTimeStringWithOptionalHours(683_000)).toBe('11:23');
    expect(u.buildTimeStringWithOptionalHours(4_283_000)).toBe('01:11:23');
  });

  it('the elapsed variants format now - start, "--:--" when start is 0 or not before now', () => {
    const now = 1_700_000_000_000;
    expect(u.buildElapsedTimeString(now, now - 65_000)).toBe('01:05');
    expect(u.buildElapsedTimeString(now, 0)).toBe('--:--');
    expect(u.buildElapsedTimeString(now, now)).toBe('--:--');
    expect(u.buildElapsedTimeString(now, now + 5_000)).toBe('--:--');
    expect(u.buildElapsedTimeStringWithOptionalHours(now, now - 3_725_000)).toBe('01:02:05');
    expect(u.buildTotalTimeString(now, now - 1_000)).toBe('00:01');
    expect(u.buildHoldTimeString(now, now - 61_000)).toBe('01:01');
    expect(u.buildWrapupTimeString(now, now - 3_725_000)).toBe('62:05');
  });

  it('getDisplayTime takes seconds and gives HH:MM:SS', () => {
    expect(u.getDisplayTime(0)).toBe('00:00:00');
    expect(u.getDisplayTime('-1')).toBe('00:00:00');
    expect(u.getDisplayTime(59)).toBe('00:00:59');
    expect(u.getDisplayTime(3_725)).toBe('01:02:05');
    expect(u.getDisplayTime(360_000)).toBe('100:00:00');
  });
});

describe('ISO 8601 dates (UTL-06)', () => {
  const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));

  it('convertDateToISODateString and dateToISOString', () => {
    expect(u.convertDateToISODateString(date)).toBe('2024-01-02T03:04:05.006Z');
    expect(u.dateToISOString(date)).toBe('2024-01-02T03:04:05.006Z');
    expect(u.dateToISOString(new Date(NaN))).toBe('NaN-NaN-NaNTNaN:NaN:NaN.NaNZ');
  });

  it('parseDateStringISO8601', () => {
    expect(u.parseDateStringISO8601('2024-01-02T03:04:05.006Z')?.getTime()).toBe(date.getTime());
    expect(u.parseDateStringISO8601('2024-01-02T03:04:05Z')?.getTime()).toBe(date.getTime() - 6);
    expect(u.parseDateStringISO8601('2024-01-02T03:04:05.5Z')?.getTime()).toBe(date.getTime() + 494);
    expect(u.parseDateStringISO8601('2024-01-02T05:04:05.006+02:00')?.getTime()).toBe(date.getTime());
    expect(u.parseDateStringISO8601('2024-01-01T22:34:05.006-04:30')?.getTime()).toBe(date.getTime());
    expect(u.parseDateStringISO8601('2024-01-02')).toBeNull();
    expect(u.parseDateStringISO8601('not a date')).toBeNull();
  });

  it('extractTime', () => {
    expect(u.extractTime('')).toBe(0);
    expect(u.extractTime(null)).toBe(0);
    expect(u.extractTime('2024-01-02T03:04:05.006Z')).toBe(date.getTime());
  });
});

describe('the server clock is the browser\'s (UTL-07)', () => {
  it('has no drift', () => {
    expect(u.getCurrentDrift()).toBe(0);
    expect(u.convertToServerTimeMillis(12_345)).toBe(12_345);
    expect(Math.abs(u.currentServerTimeMillis() - Date.now())).toBeLessThan(1000);
  });

  it('convertTsToDuration gives HH:MM:SS since the timestamp', () => {
    const now = new Date('2024-01-02T04:05:06.000Z');
    expect(u.convertTsToDuration('2024-01-02T03:04:05.000Z', now)).toBe('01:01:01');
    expect(u.convertTsToDuration('2024-01-02T04:05:06.500Z', now)).toBe('00:00:00');
    expect(u.convertTsToDuration('2024-01-02T05:00:00.000Z', now)).toBe('00:00:00');
    expect(u.convertTsToDuration('', now)).toBe('00:00:00');
    expect(u.convertTsToDuration(undefined)).toBe('00:00:00');
    expect(u.convertTsToDuration('--')).toBe('-1');
    const recent = new Date(Date.now() - 10_000).toISOString();
    expect(u.convertTsToDuration(recent)).toMatch(/^00:00:1[01]$/);
  });

  it('convertTsToDurationWithFormat answers "-1" where there is no duration', () => {
    const now = new Date('2024-01-02T04:05:06.000Z');
    expect(u.convertTsToDurationWithFormat('2024-01-02T04:04:06.000Z', true, now)).toBe('00:01:00');
    expect(u.convertTsToDurationWithFormat('2024-01-02T05:00:00.000Z', true, now)).toBe('-1');
    expect(u.convertTsToDurationWithFormat('', true, now)).toBe('-1');
    expect(u.convertTsToDurationWithFormat(null, true, now)).toBe('-1');
    expect(u.convertTsToDurationWithFormat('-1', false, now)).toBe('-1');
  });
});

describe('base64 (UTL-08)', () => {
  it('is standard base64 for ASCII and UTF-8 beyond', () => {
    expect(u.b64Encode('agent1:secret')).toBe('YWdlbnQxOnNlY3JldA==');
    expect(u.b64Decode('YWdlbnQxOnNlY3JldA==')).toBe('agent1:secret');
    expect(u.b64Encode('José')).toBe('Sm9zw6k=');
    expect(u.b64Decode(u.b64Encode('ü€'))).toBe('ü€');
  });
});

describe('getAuthHeaderString (UTL-09)', () => {
  it('answers "" and says why', () => {
    const { u: own, log } = utilities();
    expect(own.getAuthHeaderString({ authorization: 'x' })).toBe('');
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('Desktop.actions.getToken()'));
  });
});

describe('getErrCode (UTL-10)', () => {
  it('reads the Finesse error type, else the HTTP status', () => {
    expect(u.getErrCode({ status: 400, object: { ApiErrors: { ApiError: { ErrorType: 'Invalid State' } } } })).toBe('Invalid State');
    expect(u.getErrCode({ status: 501, message: 'no Desktop equivalent' })).toBe('HTTP 501');
    expect(u.getErrCode({})).toBeUndefined();
    expect(u.getErrCode(undefined)).toBeUndefined();
  });
});

describe('json2xml (UTL-11)', () => {
  const update = { Dialog: { requestedAction: 'UPDATE_CALL_DATA', mediaProperties: { callvariables: { CallVariable: [{ name: 'callVariable1', value: 'a<b & c' }, { name: 'callVariable2', value: '' }] } } } };

  it('escapes values when asked, repeating an element for each array item', () => {
    expect(u.json2xml(update, true)).toBe(
      '<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><callvariables>' +
        '<CallVariable><name>callVariable1</name><value>a&lt;b &amp; c</value></CallVariable>' +
        '<CallVariable><name>callVariable2</name><value></value></CallVariable>' +
        '</callvariables></mediaProperties></Dialog>',
    );
  });

  it('otherwise writes values as they are, with @attributes, #text and #cdata', () => {
    expect(u.json2xml({ a: { '@id': '1', b: 'x<y', c: null, d: { '#text': 't' }, e: { '#cdata': '<z>' } } })).toBe(
      '<a id="1"><b>x<y</b><c/><d>t</d><e><![CDATA[<z>]]></e></a>',
    );
    expect(u.json2xml({ a: { '@id': '1' }, b: [1, 2] })).toBe('<a id="1"/><b>1</b><b>2</b>');
  });
});

describe('whenAllDone (UTL-12)', () => {
  it('resolves with the results once every task is done', async () => {
    await expect(u.whenAllDone(Promise.resolve(1), 2, { then: (ok: (v: number) => void) => ok(3) })).resolves.toEqual([1, 2, 3]);
  });

  it('rejects with every failure after all have settled', async () => {
    let late = false;
    const slow = new Promise((resolve) => setTimeout(() => { late = true; resolve('x'); }, 5));
    await expect(u.whenAllDone(Promise.reject(new Error('a')), slow, Promise.reject('b'))).rejects.toEqual([new Error('a'), 'b']);
    expect(late).toBe(true);
  });
});

describe('ClientServices kept in a variable (INIT-09)', () => {
  it('runs connect handlers with the other start-up handlers, after the element has connected', () => {
    const host = document.createElement('div');
    const runtime = new GadgetRuntime(host, host.attachShadow({ mode: 'open' }), { prefs: {}, messages: {}, name: 'test-widget' }, { info: vi.fn(), warn: vi.fn(), error: vi.fn() });
    const cs = runtime.context.clientServices;
    const calls: string[] = [];
    cs.init({ id: 'agent1' });
    cs.setLogger({});
    cs.registerOnDisconnectHandler(() => calls.push('disconnected'));
    cs.registerOnConnectHandler(() => calls.push('connected'));
    expect(calls).toEqual([]);
    runtime.start();
    expect(calls).toEqual(['connected']);
  });
});

describe('scripts from other hosts (loadScripts)', () => {
  it("lets jQuery plugins attach to the widget's own jQuery, and puts the page's back", async () => {
    const { loadScripts } = await import('../runtime/widget/runtime');
    const w = window as unknown as Record<string, unknown>;
    const pageJQuery = { fn: {} as Record<string, unknown>, page: true };
    w['jQuery'] = pageJQuery;
    w['$'] = pageJQuery;
    const widgetJQuery = { fn: {} as Record<string, unknown> };
    // A plugin does what jQuery UI does as it loads: it extends window.jQuery.
    const append = vi.spyOn(document.head, 'appendChild').mockImplementation((node) => {
      (w['jQuery'] as { fn: Record<string, unknown> }).fn['dialog'] = () => undefined;
      (node as HTMLScriptElement).onload?.(new Event('load'));
      return node;
    });
    await loadScripts(['https://code.jquery.com/ui/1.13.2/jquery-ui.min.js'], { info: vi.fn(), warn: vi.fn(), error: vi.fn() }, widgetJQuery);
    append.mockRestore();
    expect(typeof widgetJQuery.fn['dialog']).toBe('function');
    expect(pageJQuery.fn['dialog']).toBeUndefined();
    expect(w['jQuery']).toBe(pageJQuery);
    expect(w['$']).toBe(pageJQuery);
  });
  it('leaves no jQuery global behind on a page that had none', async () => {
    const { loadScripts } = await import('../runtime/widget/runtime');
    const w = window as unknown as Record<string, unknown>;
    delete w['jQuery'];
    delete w['$'];
    const append = vi.spyOn(document.head, 'appendChild').mockImplementation((node) => {
      (node as HTMLScriptElement).onload?.(new Event('load'));
      return node;
    });
    await loadScripts(['https://cdn.example.com/plugin.js'], { info: vi.fn(), warn: vi.fn(), error: vi.fn() }, { fn: {} });
    append.mockRestore();
    expect('jQuery' in w).toBe(false);
    expect('$' in w).toBe(false);
  });
});
