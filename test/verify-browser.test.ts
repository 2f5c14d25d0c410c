// The browser runner of `finesse-migrate verify` (src/verify/browser.ts) on hand-written fixture widgets
// (test/fixtures/verify/), each bundled here with esbuild (IIFE, minified, source map) as a widget build
// would be. One verifyWidgets run (one Chromium) for the file; the tests read its verdicts. On CI a
// missing Chromium fails the test; locally it is skipped with a message.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSimulatorPage, verifyWidgets, type WidgetUnderTest } from '../src/verify/browser.js';
import { verifyFailures } from '../src/verify/index.js';
import type { WidgetVerification } from '../src/verify/result.js';
import { loadSessions, parseSession } from '../src/verify/sessions.js';
import { FIXTURES, tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) console.warn(`verify-browser.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const SOURCES = path.join(FIXTURES, 'verify');
const NAMES = ['good', 'broken', 'leaky', 'misuse', 'fetcher', 'startfail', 'navigator', 'headless', 'framer', 'framer-http'] as const;
type Name = (typeof NAMES)[number];

// Two sessions of the repo and a short one with a screen pop keep the run to seconds.
const POPUP = parseSession('screenpop', {
  description: 'A call with a screen pop.',
  steps: [
    { do: 'mount' },
    { do: 'login' },
    { do: 'offer', contact: 'c1', ani: '+14155550111' },
    { do: 'screenpop', contact: 'c1', url: 'https://crm.example.com/customer?ani=%2B14155550111', target: '_blank' },
    { do: 'unmount' },
  ],
});

describe.skipIf(!available && !process.env.CI)('verifyWidgets in Chromium', () => {
  const results = new Map<Name, WidgetVerification>();
  let out: string;
  let seconds = 0;

  beforeAll(async () => {
    if (!available) throw new Error(`Chromium is missing at ${CHROMIUM}; CI must install it (apt-get install -y chromium)`);
    const dir = tempDir('fm-verify-');
    out = path.join(dir, 'out');
    const widgets: WidgetUnderTest[] = [];
    for (const name of NAMES) {
      const bundle = path.join(dir, 'build', name, `fm-${name}.js`);
      // framer-http is framer with the attribute that makes it frame an http page.
      const source = name === 'framer-http' ? 'framer' : name;
      await esbuild.build({
        entryPoints: [path.join(SOURCES, `${source}.js`)],
        bundle: true,
        format: 'iife',
        minify: true,
        sourcemap: true,
        outfile: bundle,
        logLevel: 'silent',
        // leaky.js must stay sloppy-mode (its implicit global), whatever the repo tsconfig says.
        tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
      });
      widgets.push({
        id: name,
        elementName: name === 'framer-http' ? 'fm-framer' : `fm-${name}`,
        bundle,
        attributes: name === 'framer-http' ? { insecure: '' } : {},
        properties: name === 'good' ? { agentName: '$STORE.agent.agentName' } : {},
        headless: name === 'headless',
      });
    }
    const repo = loadSessions();
    const sessions = [repo.find((s) => s.name === 'voice-call')!, repo.find((s) => s.name === 'remount')!, POPUP];
    const started = Date.now();
    const verdicts = await verifyWidgets(widgets, sessions, { outDir: out, screenshots: 'failed', chromium: CHROMIUM, simulatorScript: await buildSimulatorPage(), concurrency: 4 });
    seconds = (Date.now() - started) / 1000;
    NAMES.forEach((name, i) => results.set(name, verdicts[i]!));
  }, 120_000);

  const get = (name: Name): WidgetVerification => results.get(name)!;
  const failures = (name: Name): string[] => get(name).sessions.flatMap((s) => s.failures);

  it('passes a well-behaved widget, which renders and reacts to the Desktop', () => {
    const v = get('good');
    expect(verifyFailures(v, false)).toEqual([]);
    expect(v).toMatchObject({ widget: 'fm-good', built: true, defined: true, started: true, rendered: true, reacted: true, passed: true });
    expect(v).toMatchObject({ misuse: [], blocked: [], leakedGlobals: [], leakedTimers: 0, errors: [] });
    expect(v.sessions.map((s) => s.session)).toEqual(['voice-call', 'remount', 'screenpop']);

    const voice = v.sessions[0]!;
    expect(voice.steps.map((s) => s.do)).toEqual(['mount', 'login', 'offer', 'assign', 'hold', 'unhold', 'end', 'wrapup', 'wrappedup', 'unmount']);
    // The offer shows the caller; the end clears it; hold changes nothing it shows.
    expect(voice.steps[2]!.changed).toBe(true);
    expect(voice.steps[4]!.changed).toBe(false);
    expect(voice.steps[6]!.changed).toBe(true);
    expect(voice.steps[0]!.sdkCalls).toContain('config.init');
    expect(voice.steps[0]!.sdkCalls).toContain('agentContact.addEventListener');
    expect(voice.steps[9]!.sdkCalls).toContain('agentContact.removeEventListener');

    // window.open opens nothing and is recorded on the step of the screen pop.
    const pop = v.sessions[2]!;
    expect(pop.steps[3]!.popups).toEqual(['https://crm.example.com/customer?ani=%2B14155550111']);
    // 'failed': a passing widget gets no screenshots.
    expect(v.sessions.flatMap((s) => s.steps).some((s) => s.screenshot)).toBe(false);
    expect(existsSync(path.join(out, 'verify', 'fm-good'))).toBe(false);
  });

  it('fails a widget that throws on an offer, naming the step and the source line', () => {
    const v = get('broken');
    expect(v).toMatchObject({ defined: true, started: true, rendered: true, passed: false });
    const uncaught = v.errors.filter((e) => e.kind === 'uncaught');
    expect(uncaught.length).toBe(3);
    expect(uncaught[0]).toMatchObject({ session: 'voice-call', step: 2, at: { file: 'test/fixtures/verify/broken.js', line: 6 } });
    expect(uncaught[0]!.message).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'ani'\)/);
    expect(v.sessions[0]!.failures).toEqual([
      expect.stringMatching(/^step 2 \(offer\): uncaught TypeError: Cannot read properties of undefined \(reading 'ani'\) at test\/fixtures\/verify\/broken\.js:6:\d+$/),
    ]);
    // The failed sessions' steps have screenshots, written under <out>/verify/<element>/.
    const shot = v.sessions[0]!.steps[2]!.screenshot;
    expect(shot).toBe('verify/fm-broken/voice-call-02-offer.png');
    expect(existsSync(path.join(out, shot!))).toBe(true);
    expect(readdirSync(path.join(out, 'verify', 'fm-broken')).filter((f) => f.startsWith('voice-call-')).length).toBe(9); // every step but the unmount
  });

  it('fails a widget that leaves a global and an interval behind', () => {
    const v = get('leaky');
    expect(v).toMatchObject({ defined: true, started: true, rendered: true, passed: false, errors: [] });
    expect(v.leakedGlobals).toEqual(['fmLeakyTicks']);
    // One interval per mount: voice-call 1, remount 2, screenpop 1.
    expect(v.leakedTimers).toBe(4);
    expect(v.sessions[0]!.failures).toEqual(['after removal: leaked global fmLeakyTicks', 'after removal: leaked timers (1 interval still running)']);
    expect(v.sessions[1]!.failures).toContain('after removal: leaked timers (2 intervals still running)');
  });

  it('fails a widget that registers a listener before Desktop.config.init resolved', () => {
    const v = get('misuse');
    expect(v).toMatchObject({ defined: true, started: true, passed: false });
    expect(v.misuse[0]).toMatchObject({ api: 'agentContact.addEventListener', session: 'voice-call', step: 0 });
    expect(v.misuse[0]!.reason).toMatch(/before Desktop\.config\.init/);
    expect(v.sessions[0]!.failures[0]).toMatch(/^step 0 \(mount\): misuse of agentContact\.addEventListener: listener registered before Desktop\.config\.init/);
    // The dropped listener never hears the offer.
    expect(v.sessions[0]!.steps[2]!.changed).toBe(false);
  });

  it('blocks and records a request to another host; the widget fails because it needs the answer', () => {
    const v = get('fetcher');
    expect(v).toMatchObject({ defined: true, started: true, passed: false });
    expect(v.blocked[0]).toEqual({ url: 'https://example.com/api', host: 'example.com', resourceType: 'fetch', needed: true, session: 'voice-call', step: 0 });
    expect(v.blocked.length).toBe(4); // one per mount
    expect(v.sessions[0]!.failures).toEqual(['step 0 (mount): blocked fetch https://example.com/api']);
  });

  it('lets a widget embed an https page in an iframe, and fails one that embeds an http page', () => {
    const https = get('framer');
    expect(https.passed).toBe(true);
    expect(https.blocked[0]).toMatchObject({ url: 'https://maps.example.com/embed?q=1', resourceType: 'subframe', needed: false });
    const http = get('framer-http');
    expect(http.passed).toBe(false);
    expect(http.blocked[0]).toMatchObject({ url: 'http://maps.example.com/embed?q=1', resourceType: 'subframe', needed: true });
  });

  it('says a widget that throws while starting did not start', () => {
    const v = get('startfail');
    expect(v).toMatchObject({ defined: true, started: false, rendered: false, passed: false });
    expect(v.errors[0]).toMatchObject({ kind: 'uncaught', session: 'voice-call', step: 0, at: { file: 'test/fixtures/verify/startfail.js', line: 13 } });
    expect(verifyFailures(v, false)[0]).toMatch(/^it throws: (TypeError: )?.*at test\/fixtures\/verify\/startfail\.js:13:\d+ \(session voice-call, step 0\)$/);
  });

  it('keeps the Desktop page when a widget navigates it, and records pages asked for as popups', () => {
    const v = get('navigator');
    expect(v).toMatchObject({ defined: true, started: true, rendered: true, reacted: true, passed: false });
    const pop = v.sessions[2]!;
    // The closed shadow root is read too: the offer changed what it shows.
    expect(pop.steps[2]).toMatchObject({ do: 'offer', changed: true, popups: ['https://crm.example.com/contact'] });
    expect(pop.steps[3]).toMatchObject({ do: 'screenpop', popups: ['https://crm.example.com/customer?ani=%2B14155550111'] });
    expect(pop.failures).toEqual([
      'step 0 (mount): blocked websocket wss://feed.example.com/queue',
      'step 2 (offer): navigated the Desktop page away, to https://crm.example.com/contact',
    ]);
    const hosts = new Set(v.blocked.map((b) => `${b.resourceType} ${b.host} ${b.needed}`));
    expect([...hosts].sort()).toEqual(['document crm.example.com true', 'image img.example.com false', 'websocket feed.example.com true']);
    // The new tab is a popup, not a blocked request; the page went on with the session after the navigation.
    expect(v.blocked.some((b) => b.url.startsWith('https://crm.example.com/customer'))).toBe(false);
    expect(pop.steps.map((s) => s.do)).toEqual(['mount', 'login', 'offer', 'screenpop', 'unmount']);
  });

  it('passes a headless widget that shows nothing, and takes no screenshots of it', () => {
    const v = get('headless');
    expect(v).toMatchObject({ defined: true, started: true, rendered: false, reacted: true, passed: true });
    expect(verifyFailures(v, true)).toEqual([]);
    expect(v.sessions[0]!.steps[2]!.sdkCalls).toEqual(['actions.getTaskMap']);
    expect(v.sessions[0]!.steps[0]!.sdkCalls).toContain('logger.createLogger');
  });

  it('stays quick', () => {
    // 8 widgets × 3 sessions; about 1 s a session, four widgets at a time.
    expect(seconds).toBeLessThan(60);
  });
});
