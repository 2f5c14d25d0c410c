// `finesse-migrate verify`: build each widget of an output folder against the Desktop simulator, run
// the scripted agent sessions on it in headless Chromium (browser.ts), and let the result decide the
// gadget's status: a widget that throws, misuses the SDK, depends on a blocked request or leaks is not
// `migrated`, whatever its emitted code looks like.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidget } from '../build/build.js';
import { siblingEntry } from '../build/browser-script.js';
import type { GadgetRecord, Report } from '../report/report.js';
import { summarize } from '../report/report.js';
import { buildSimulatorPage, verifyWidgets, type NetworkStub, type WidgetUnderTest } from './browser.js';
import type { Session } from './desktop-sim/protocol.js';
import { unverified, type WidgetVerification } from './result.js';

export interface VerifyRunOptions {
  sessions: Session[];
  /** Gadget ids or element names to verify (default: every widget). */
  only?: string[];
  screenshots: 'all' | 'failed' | 'none';
  chromium?: string;
  concurrency?: number;
  network?: NetworkStub[];
  onProgress?: (msg: string) => void;
}

/** Reads a --network file: a JSON array of { url, status?, contentType?, json? | body? }. Throws naming the file and entry. */
export function parseNetworkStubs(text: string, file: string): NetworkStub[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new Error(`${file}: expected an array of { "url": "https://host/path*", "json": ... } entries`);
  return data.map((entry: unknown, i) => {
    const e = entry as Partial<NetworkStub> | null;
    if (!e || typeof e !== 'object' || typeof e.url !== 'string' || !/^https?:\/\//.test(e.url)) throw new Error(`${file}: entry ${i}: "url" must be an http(s) URL pattern`);
    if (e.status !== undefined && (!Number.isInteger(e.status) || e.status < 100 || e.status > 599)) throw new Error(`${file}: entry ${i}: "status" must be an HTTP status`);
    if (e.body !== undefined && typeof e.body !== 'string') throw new Error(`${file}: entry ${i}: "body" must be text (use "json" for data)`);
    return e as NetworkStub;
  });
}

/** What a widget's layout entry carries that the Desktop would set on the element. */
function entryOf(rec: GadgetRecord): { attributes: Record<string, string>; properties: Record<string, string> } {
  const f = rec.layoutFragment as { attributes?: Record<string, string>; properties?: Record<string, string> } | undefined;
  return { attributes: f?.attributes ?? {}, properties: f?.properties ?? {} };
}

/** The shim a widget imports in place of @wxcc-desktop/sdk (desktop-sim/shim.js beside this module; .ts from src). */
function shimPath(): string {
  return siblingEntry(path.join(path.dirname(fileURLToPath(import.meta.url)), 'desktop-sim'), 'shim', 'the Desktop simulator shim');
}

/** The widgets of a report that verify looks at. */
export function widgetRecords(report: Report, only: string[] = []): GadgetRecord[] {
  return report.gadgets.filter((g) => g.widget && g.status !== 'failed' && (only.length === 0 || only.includes(g.id ?? '') || only.includes(g.widget.element)));
}

/** Builds and runs every widget; results by gadget id. Writes screenshots under `<out>/verify/`. */
export async function verifyOutput(out: string, report: Report, options: VerifyRunOptions): Promise<Map<string, WidgetVerification>> {
  const records = widgetRecords(report, options.only);
  const results = new Map<string, WidgetVerification>();
  const work = mkdtempSync(path.join(os.tmpdir(), 'finesse-migrate-verify-'));
  try {
    const shim = shimPath();
    const under: WidgetUnderTest[] = [];
    for (const rec of records) {
      const element = rec.widget!.element;
      const outfile = path.join(work, element, `${element}.js`);
      options.onProgress?.(`build  ${element}`);
      const built = await buildWidget(path.join(out, 'widgets', element), { alias: { '@wxcc-desktop/sdk': shim }, outfile });
      if (!built.ok) {
        results.set(rec.id!, notBuilt(element, built.errors));
        continue;
      }
      under.push({ id: rec.id!, elementName: element, bundle: outfile, ...entryOf(rec), headless: rec.placement?.area === 'headless' });
    }
    if (under.length) {
      const simulatorScript = await buildSimulatorPage();
      const verified = await verifyWidgets(under, options.sessions, {
        outDir: out,
        screenshots: options.screenshots,
        simulatorScript,
        ...(options.chromium ? { chromium: options.chromium } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.network ? { network: options.network } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      under.forEach((w, i) => results.set(w.id, verified[i]!));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}

function notBuilt(widget: string, errors: string[]): WidgetVerification {
  return {
    ...unverified(widget),
    errors: errors.map((message) => ({ kind: 'uncaught' as const, message: `build failed: ${message}`, session: '', step: -1 })),
  };
}

/** One line per reason a verified widget is not ready to ship. */
export function verifyFailures(v: WidgetVerification, headless: boolean): string[] {
  if (!v.built) return ['it does not build against the Desktop SDK'];
  const out: string[] = [];
  if (!v.defined) out.push('its element is not defined after the bundle ran');
  const first = v.errors.find((e) => e.kind === 'uncaught' || e.kind === 'script');
  if (first) out.push(`it throws: ${first.message}${first.at ? ` at ${first.at.file}:${first.at.line}:${first.at.column}` : ''} (session ${first.session}, step ${first.step})`);
  else if (!v.started) out.push('it does not start cleanly');
  if (!v.rendered && !headless) out.push('it shows nothing after start-up');
  if (v.misuse.length) out.push(`it misuses the Desktop SDK: ${v.misuse[0]!.api}: ${v.misuse[0]!.reason}${v.misuse.length > 1 ? ` (+${v.misuse.length - 1} more)` : ''}`);
  const needed = [...new Set(v.blocked.filter((b) => b.needed).map((b) => b.host))];
  if (needed.length) out.push(`it depends on requests the Desktop page would not answer: ${needed.join(', ')}`);
  if (v.leakedGlobals.length) out.push(`it leaves globals on the Desktop's window after removal: ${v.leakedGlobals.join(', ')}`);
  if (v.leakedTimers) out.push(`${v.leakedTimers} of its timers keep running after removal`);
  for (const s of v.sessions.filter((x) => !x.passed)) if (!out.length) out.push(`session ${s.session}: ${s.failures[0] ?? 'failed'}`);
  return out;
}

/**
 * Puts each verification into the report and lets it decide the status: a `migrated` widget that did
 * not pass becomes `needs-work`, with why. A re-run starts from the status migrate gave.
 */
export function applyVerification(report: Report, results: Map<string, WidgetVerification>): void {
  for (const rec of report.gadgets) {
    const v = rec.id !== undefined ? results.get(rec.id) : undefined;
    if (!v) continue;
    const headless = rec.placement?.area === 'headless';
    const emitted = rec.verify?.emittedStatus ?? rec.status;
    const failures = v.passed ? [] : verifyFailures(v, headless);
    const previous = rec.verify?.failures ?? [];
    rec.actions = rec.actions.filter((a) => !previous.some((f) => a === verifyAction(f)));
    rec.verify = { ...v, emittedStatus: emitted, failures };
    rec.status = emitted === 'migrated' && !v.passed ? 'needs-work' : emitted;
    rec.actions.push(...failures.map(verifyAction));
  }
  report.summary = summarize(report.gadgets);
  const verified = report.gadgets.filter((g) => g.verify);
  report.summary.verify = {
    widgets: verified.length,
    passed: verified.filter((g) => g.verify!.passed).length,
    started: verified.filter((g) => g.verify!.started).length,
    rendered: verified.filter((g) => g.verify!.rendered).length,
    reacted: verified.filter((g) => g.verify!.reacted).length,
    misuse: verified.filter((g) => g.verify!.misuse.length > 0).length,
    blocked: verified.filter((g) => g.verify!.blocked.some((b) => b.needed)).length,
  };
}

function verifyAction(failure: string): string {
  return `Verification in a browser (finesse-migrate verify): ${failure}.`;
}
