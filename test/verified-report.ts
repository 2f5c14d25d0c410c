// A verified report without a browser: the golden samples' report.json with made-up `finesse-migrate
// verify` results put in by the real applyVerification, shaped like a real run's (one widget passes
// with screenshots, one fails with everything verify can find). For the schema and report.html tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../src/report/report.js';
import { applyVerification } from '../src/verify/index.js';
import type { SessionResult, WidgetVerification } from '../src/verify/result.js';
import { ROOT } from './helpers.js';

const base = (widget: string): WidgetVerification => ({
  widget, built: true, defined: true, started: true, rendered: true, reacted: true,
  misuse: [], blocked: [], leakedGlobals: [], leakedTimers: 0, errors: [], sessions: [], passed: true,
});

const voiceCall = (element: string, shots: boolean, passed = true, failures: string[] = []): SessionResult => ({
  session: 'voice-call',
  passed,
  failures,
  steps: ['mount', 'login', 'offer', 'assign', 'end', 'unmount'].map((step, index) => ({
    index,
    do: step,
    changed: step === 'mount' || step === 'offer',
    sdkCalls: step === 'mount' ? ['logger.createLogger', 'config.init', 'agentContact.addEventListener', 'agentContact.addEventListener'] : [],
    popups: step === 'offer' && !shots ? ['https://crm.example/records?ani=1408555'] : [],
    ...(shots && step !== 'unmount' ? { screenshot: `verify/${element}/voice-call-${String(index).padStart(2, '0')}-${step}.png` } : {}),
  })),
});

/** The failing widget's results: an error at the gadget's own line, SDK misuse, blocked requests, leaks. */
export const FAILING: WidgetVerification = {
  ...base('call-popper'),
  started: false,
  misuse: [{ api: 'agentContact.addEventListener', reason: 'called before Desktop.config.init <b>early</b>', session: 'voice-call', step: 0 }],
  blocked: [
    { url: 'https://api.acme.example/lookup?ani=1408555', host: 'api.acme.example', resourceType: 'fetch', needed: true, session: 'voice-call', step: 2 },
    { url: 'https://cdn.acme.example/logo.png', host: 'cdn.acme.example', resourceType: 'image', needed: false, session: 'voice-call', step: 0 },
  ],
  leakedGlobals: ['acmePopper'],
  leakedTimers: 2,
  errors: [
    { kind: 'script', message: 'a gadget start-up handler failed Error: boom </script><img src=x onerror=alert(1)>', session: 'voice-call', step: 1, at: { file: 'samples/call-popper/CallPopper.xml', line: 41, column: 13 } },
    { kind: 'console', message: 'lookup failed', session: 'voice-call', step: 2 },
  ],
  sessions: [voiceCall('call-popper', false, false, ['step 1 (login): a gadget start-up handler failed Error: boom at samples/call-popper/CallPopper.xml:41:13'])],
  passed: false,
};

/** The passing widget's results, with a screenshot of every step but the last. */
export const PASSING: WidgetVerification = { ...base('wrap-up-notes'), sessions: [voiceCall('wrap-up-notes', true)] };

/** The golden samples' report with FAILING on call-popper and PASSING on wrap-up-notes. */
export function verifiedGoldenReport(): Report {
  const report = JSON.parse(readFileSync(path.join(ROOT, 'test/golden/samples/report.json'), 'utf8')) as Report;
  applyVerification(report, new Map([['call-popper', structuredClone(FAILING)], ['wrap-up-notes', structuredClone(PASSING)]]));
  return report;
}
