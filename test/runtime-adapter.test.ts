// @vitest-environment happy-dom
// runtime/widget, as every emitted widget carries it, against the Desktop simulator: the Finesse
// adapter's contact lifecycle in the SDK's event order (a call leaves once; wrap-up never brings it
// back; RONA and assign failures remove it; chats are not dialogs; a widget mounted mid-call sees the
// call), NOT_READY's default idle code, workflow events, and the runtime's sandbox window.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionStep } from '../src/verify/desktop-sim/protocol.js';
import { createDesktopSim, SIM } from '../src/verify/desktop-sim/sdk.js';

const holder = vi.hoisted(() => ({ sim: undefined as unknown as ReturnType<typeof createDesktopSim> }));
vi.mock('@wxcc-desktop/sdk', () => ({
  // The adapter reads Desktop when it calls it; each test's simulator stands behind it.
  Desktop: new Proxy({}, { get: (_t, key) => (holder.sim.Desktop as unknown as Record<PropertyKey, unknown>)[key] }),
}));

const { createFinesseCompat, DialogStates } = await import('../runtime/widget/finesse-compat');
const { GadgetRuntime } = await import('../runtime/widget/runtime');

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 10));
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
let cleanups: Array<() => void> = [];
let step = 0;

async function desktop(...steps: SessionStep[]) {
  for (const s of steps) await holder.sim.control.play(s, step++);
  await settle();
}

function adapter(tenant = { idleCodes: {}, cadVariables: {}, outdialEntryPointId: 'ep-1' }) {
  return createFinesseCompat({ log, widgetName: 'test-widget', tenant, onCleanup: (c) => cleanups.push(c) });
}

/** A Dialogs collection as gadgets make one, recording what its handlers saw. */
function dialogs(finesse: ReturnType<typeof adapter>) {
  const seen: string[] = [];
  const user = new finesse.User({});
  const collection = user.getDialogs({
    onCollectionAdd: (d) => seen.push(`add ${d.getFromAddress()} ${d.getState()}`),
    onCollectionDelete: (d) => seen.push(`delete ${d.getFromAddress()} ${d.getState()}`),
    onLoad: () => seen.push('load'),
  });
  return { seen, collection };
}

beforeEach(async () => {
  holder.sim = createDesktopSim({ agentDataDelayMs: 1 });
  step = 0;
  await holder.sim.Desktop.config.init({ widgetName: 'test-widget', widgetProvider: 'finesse-migrate' });
  await desktop({ do: 'login', subStatus: 'Available' });
  log.error.mockClear();
});
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  expect(holder.sim.control.misuse).toEqual([]);
});

describe('Dialogs over the contact events', () => {
  it('follows a voice call from offer to wrapped-up, and the next call is a new dialog', async () => {
    const { seen, collection } = dialogs(adapter());
    await settle();
    await desktop({ do: 'offer', contact: 'c1', ani: '+15550101' }, { do: 'assign', contact: 'c1' }, { do: 'hold', contact: 'c1' });
    expect(Object.values(collection.getCollection()).map((d) => d.getState())).toEqual([DialogStates.HELD]);
    await desktop({ do: 'unhold', contact: 'c1' }, { do: 'end', contact: 'c1' }, { do: 'wrapup', contact: 'c1' }, { do: 'wrappedup', contact: 'c1' });
    await desktop({ do: 'offer', contact: 'c2', ani: '+15550102' }, { do: 'assign', contact: 'c2' });
    expect(seen).toEqual(['load', 'add +15550101 ALERTING', 'delete +15550101 DROPPED', 'add +15550102 ALERTING']);
    expect(collection.getDialogCount()).toBe(1);
  });

  it('removes an offer that RONAs or fails to assign, once', async () => {
    const { seen, collection } = dialogs(adapter());
    await settle();
    await desktop({ do: 'offer', contact: 'c1', ani: '+15550101' }, { do: 'rona', contact: 'c1' });
    await desktop({ do: 'offer', contact: 'c2', ani: '+15550102' }, { do: 'assignFailed', contact: 'c2' });
    expect(seen.slice(1)).toEqual(['add +15550101 ALERTING', 'delete +15550101 DROPPED', 'add +15550102 ALERTING', 'delete +15550102 FAILED']);
    expect(collection.getDialogCount()).toBe(0);
  });

  it('leaves chats and emails out: Finesse dialogs are voice calls', async () => {
    const { seen } = dialogs(adapter());
    await desktop({ do: 'offer', contact: 'chat', mediaType: 'chat' }, { do: 'assign', contact: 'chat' });
    await desktop({ do: 'offer', contact: 'call', ani: '+15550103' });
    expect(seen).toEqual(['load', 'add +15550103 ALERTING']);
  });

  it('seeds itself from the task map when made mid-call, before its onLoad', async () => {
    await desktop({ do: 'offer', contact: 'c1', ani: '+15550104' }, { do: 'assign', contact: 'c1' }, { do: 'offer', contact: 'chat', mediaType: 'chat' });
    const { seen, collection } = dialogs(adapter());
    await settle();
    expect(seen).toEqual(['add +15550104 ACTIVE', 'load']);
    await desktop({ do: 'end', contact: 'c1' });
    expect(seen[seen.length - 1]).toBe('delete +15550104 DROPPED');
    expect(collection.getDialogCount()).toBe(0);
  });

  it('stops listening when the widget is removed', async () => {
    const { seen } = dialogs(adapter());
    await settle();
    for (const c of cleanups.splice(0)) c();
    await desktop({ do: 'offer', contact: 'c1' });
    expect(seen).toEqual(['load']);
  });
});

describe('User.setState', () => {
  it('NOT_READY without a reason sends the default idle code; with one, that code', async () => {
    const finesse = adapter();
    const user = new finesse.User({});
    const done = vi.fn();
    user.setState(finesse.UserStates.NOT_READY, undefined, { success: done });
    await settle();
    const lunch = SIM.idleCodes.find((c) => c.name === 'Lunch')!;
    user.setState(finesse.UserStates.NOT_READY, { id: lunch.id }, { success: done });
    await settle();
    const requests = holder.sim.control.calls.filter((c) => c.api === 'agentStateInfo.stateChange').map((c) => c.args[0]);
    const byDefault = SIM.idleCodes.find((c) => c.isDefault && !c.isSystem)!;
    expect(requests).toEqual([
      { state: 'Idle', auxCodeIdArray: byDefault.id },
      { state: 'Idle', auxCodeIdArray: lunch.id },
    ]);
    expect(done).toHaveBeenCalledTimes(2);
    expect(user.getState()).toBe('NOT_READY');
  });
});

describe('ContainerServices workflow events', () => {
  it('hands screen pops to the gadget as browser pops it must handle (OTHER)', async () => {
    const finesse = adapter();
    const events: Array<{ getHandledBy(): string; getType(): string; getParams(): unknown }> = [];
    finesse.ContainerServices.addHandler(finesse.ContainerServices.Topics.WORKFLOW_ACTION_EVENT, (e) => events.push(e as (typeof events)[number]));
    await desktop({ do: 'offer', contact: 'c1' }, { do: 'screenpop', contact: 'c1', url: 'https://crm.example/case?ani=1' });
    expect(events.map((e) => [e.getType(), e.getHandledBy()])).toEqual([['BROWSER_POP', 'OTHER']]);
    expect(events[0]!.getParams()).toMatchObject({ path: { expandedValue: 'https://crm.example/case?ani=1' } });
  });
});

describe('the gadget sandbox window', () => {
  it('keeps what the gadget sets, ends its timers and listeners with the element, and shares bare globals', async () => {
    const host = document.createElement('div');
    const runtime = new GadgetRuntime(host, host.attachShadow({ mode: 'open' }), { prefs: {}, messages: {}, name: 'test-widget' }, log);
    let app: unknown;
    const win = runtime.context.sandboxWindow({ app: [() => app, (v) => (app = v)] }) as Window & Record<string, unknown>;
    win['myState'] = 42;
    win['app'] = { ready: true };
    expect(win['myState']).toBe(42);
    expect((window as unknown as Record<string, unknown>)['myState']).toBeUndefined();
    expect(app).toEqual({ ready: true });
    expect(win.window).toBe(win);
    let ticks = 0;
    win.setInterval(() => ticks++, 1);
    const resized = vi.fn();
    win.addEventListener('resize', resized);
    await new Promise((r) => setTimeout(r, 15));
    expect(ticks).toBeGreaterThan(0);
    runtime.stop();
    const after = ticks;
    window.dispatchEvent(new Event('resize'));
    await new Promise((r) => setTimeout(r, 15));
    expect(ticks).toBe(after);
    expect(resized).not.toHaveBeenCalled();
    // Page members still reach the page: a method of window is called on it.
    expect(win.getComputedStyle(document.body)).toBeDefined();
  });
});

describe('Finesse methods without a Desktop equivalent', () => {
  it('do nothing, log once and call the error handler, instead of throwing', async () => {
    const finesse = adapter();
    const user = new finesse.User({}) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const error = vi.fn();
    expect(() => user['getQueues']!({ onLoad: vi.fn(), error })).not.toThrow();
    user['getQueues']!({});
    await settle();
    expect(error).toHaveBeenCalledWith({ status: 501, message: 'User.getQueues() has no Desktop equivalent' });
    expect(log.warn.mock.calls.filter((c) => String(c[0]).startsWith('User.getQueues()'))).toHaveLength(1);
    // Real members and promise checks are untouched.
    expect((user as unknown as { then?: unknown }).then).toBeUndefined();
    expect(typeof user['getState']).toBe('function');
  });
});
