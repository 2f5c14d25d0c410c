// `finesse-migrate verify` on the samples, as a user runs it: every sample widget passes every scripted
// agent session in headless Chromium against the Desktop simulator, report.json says so, and the
// screen-popping sample pops on the second call, after a RONA and when mounted mid-call. A widget
// broken on purpose fails, with its error at the gadget's own file and line, and loses `migrated`.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { ROOT, runCli, tempDir, verifiedSamples } from './helpers.js';

const chromium = existsSync('/usr/bin/chromium');
if (!chromium && process.env['CI']) throw new Error('CI runs need Debian chromium (.ci/run installs it)');

describe.runIf(chromium)('verify on the samples', () => {
  let out: string;
  let report: Report;
  beforeAll(async () => {
    out = await verifiedSamples();
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
  }, 240_000);

  it('passes every session for every sample widget, and keeps the status migrate gave', () => {
    const widgets = report.gadgets.filter((g) => g.widget);
    expect(widgets.map((g) => g.widget!.element)).toEqual(['agent-state-panel', 'call-popper', 'customer-lookup', 'queue-dashboard', 'wrap-up-notes']);
    for (const g of widgets) {
      const v = g.verify!;
      expect(v.failures, g.id).toEqual([]);
      expect(v.sessions.map((s) => s.session)).toEqual(['assign-failed', 'chat-and-call', 'mounted-mid-call', 'not-ready', 'remount', 'rona', 'second-call', 'voice-call']);
      expect(v.sessions.every((s) => s.passed), g.id).toBe(true);
      expect(v.misuse).toEqual([]);
      expect(v.leakedGlobals).toEqual([]);
      expect(v.leakedTimers).toBe(0);
      expect(g.status).toBe(v.emittedStatus);
    }
    expect(report.summary.verify).toEqual({ widgets: 5, passed: 5, started: 5, rendered: 4, reacted: 5, misuse: 0, blocked: 0 });
  });

  it('saves a screenshot of every step the widget is on the page for, none of a headless one', () => {
    const panel = report.gadgets.find((g) => g.widget?.element === 'wrap-up-notes')!.verify!;
    for (const s of panel.sessions) {
      let mounted = false;
      for (const st of s.steps) {
        if (st.do === 'mount') mounted = true;
        if (st.do === 'unmount') mounted = false;
        expect(Boolean(st.screenshot), `${s.session} step ${st.index} (${st.do})`).toBe(mounted);
        if (st.screenshot) expect(existsSync(path.join(out, st.screenshot))).toBe(true);
      }
    }
    const headless = report.gadgets.find((g) => g.widget?.element === 'call-popper')!.verify!;
    expect(headless.sessions.flatMap((s) => s.steps.filter((st) => st.screenshot))).toEqual([]);
  });

  it('pops the caller on the second call, after a RONA, and when mounted mid-call', () => {
    const v = report.gadgets.find((g) => g.widget?.element === 'call-popper')!.verify!;
    const popsIn = (session: string) => v.sessions.find((s) => s.session === session)!.steps.filter((st) => st.popups.length).map((st) => `${st.do} ${st.popups.length}`);
    expect(popsIn('second-call')).toEqual(['offer 1', 'offer 1']);
    expect(popsIn('rona')).toEqual(['offer 1', 'offer 1']);
    expect(popsIn('mounted-mid-call')).toEqual(['mount 1']);
    // A chat is not a call: only the voice offer pops.
    expect(popsIn('chat-and-call')).toEqual(['offer 1']);
  });

  it('shows the caller in the panel and clears it when the call ends, in every call of a session', () => {
    const v = report.gadgets.find((g) => g.widget?.element === 'wrap-up-notes')!.verify!;
    const changedOn = (session: string) => v.sessions.find((s) => s.session === session)!.steps.filter((st) => st.changed && st.do !== 'mount' && st.do !== 'unmount').map((st) => st.do);
    expect(changedOn('second-call')).toEqual(['offer', 'end', 'offer', 'end']);
    expect(changedOn('mounted-mid-call')).toEqual(['end']);
  });

  it('fails a widget broken on purpose, naming its error at the gadget file and line, and takes away migrated', () => {
    const broken = tempDir('fm-verify-broken-');
    cpSync(out, broken, { recursive: true });
    const gadget = path.join(broken, 'widgets', 'call-popper', 'src', 'gadget.cjs');
    const code = readFileSync(gadget, 'utf8');
    expect(code).toContain('.b64Encode(');
    writeFileSync(gadget, code.replace('.b64Encode(', '.b64Encoded('));
    // One session is enough to show it.
    const sessions = path.join(broken, 'sessions');
    mkdirSync(sessions);
    cpSync(path.join(ROOT, 'verify', 'sessions', 'voice-call.json'), path.join(sessions, 'voice-call.json'));
    const r = runCli(['verify', broken, '--only', 'call-popper', '--sessions', sessions, '--screenshots', 'none']);
    expect(r.status).toBe(1);
    const after = JSON.parse(readFileSync(path.join(broken, 'report.json'), 'utf8')) as Report;
    const popper = after.gadgets.find((g) => g.widget?.element === 'call-popper')!;
    expect(popper.verify!.passed).toBe(false);
    expect(popper.verify!.emittedStatus).toBe('migrated');
    expect(popper.status).toBe('needs-work');
    expect(popper.verify!.failures[0]).toMatch(/^it throws: .*b64Encoded is not a function at samples\/call-popper\/CallPopper\.js:\d+:\d+ \(session voice-call, step \d+\)$/);
    expect(popper.actions.at(-1)).toBe(`Verification in a browser (finesse-migrate verify): ${popper.verify!.failures[0]}.`);
    expect(r.stderr).toMatch(/FAILED call-popper/);
    // The other widgets keep what the full run found.
    expect(after.gadgets.find((g) => g.widget?.element === 'wrap-up-notes')!.verify!.passed).toBe(true);
  });
});
