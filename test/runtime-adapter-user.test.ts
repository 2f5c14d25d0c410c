// @vitest-environment happy-dom
// The Finesse adapter's User (runtime/widget/finesse-compat.ts) against the Desktop simulator: the
// members rules USR-14, USR-22..USR-27 name (reason code id and label of the current idle code, reason
// code lookup, change/load handlers, isLoaded, hasAgentRole).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionStep } from '../src/verify/desktop-sim/protocol.js';
import { createDesktopSim, SIM } from '../src/verify/desktop-sim/sdk.js';

const holder = vi.hoisted(() => ({ sim: undefined as unknown as ReturnType<typeof createDesktopSim> }));
vi.mock('@wxcc-desktop/sdk', () => ({
  // The adapter reads Desktop when it calls it; each test's simulator stands behind it.
  Desktop: new Proxy({}, { get: (_t, key) => (holder.sim.Desktop as unknown as Record<PropertyKey, unknown>)[key] }),
}));

const { createFinesseCompat } = await import('../runtime/widget/finesse-compat');

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 10));
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
let cleanups: Array<() => void> = [];
let step = 0;

async function desktop(...steps: SessionStep[]) {
  for (const s of steps) await holder.sim.control.play(s, step++);
  await settle();
}

function adapter(idleCodes: Record<string, string> = {}) {
  return createFinesseCompat({
    log,
    widgetName: 'test-widget',
    tenant: { idleCodes, cadVariables: {}, outdialEntryPointId: 'ep-1' },
    onCleanup: (c) => cleanups.push(c),
  });
}

const code = (name: string) => SIM.idleCodes.find((c) => c.name === name)!;

beforeEach(async () => {
  holder.sim = createDesktopSim({ agentDataDelayMs: 1 });
  step = 0;
  await holder.sim.Desktop.config.init({ widgetName: 'test-widget', widgetProvider: 'finesse-migrate' });
  await desktop({ do: 'login', subStatus: 'Available' });
  log.error.mockClear();
  log.warn.mockClear();
});
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  expect(holder.sim.control.misuse).toEqual([]);
});

describe('User reason code of the current state', () => {
  it('getNotReadyReasonCodeId and getReasonCodeLabel follow the idle code, and are undefined while Available', async () => {
    const user = new (adapter().User)({});
    expect(user.getNotReadyReasonCodeId()).toBeUndefined();
    expect(user.getReasonCodeLabel()).toBeUndefined();
    await desktop({ do: 'state', subStatus: 'Idle', idleCode: 'Lunch' });
    expect(user.getNotReadyReasonCodeId()).toBe(code('Lunch').id);
    expect(user.getReasonCodeLabel()).toBe('Lunch');
    // Back to Available: the SDK reports idle code "0", which is no reason code.
    await desktop({ do: 'state', subStatus: 'Available' });
    expect(holder.sim.Desktop.agentStateInfo.latestData.idleCode?.id).toBe('0');
    expect(user.getNotReadyReasonCodeId()).toBeUndefined();
    expect(user.getReasonCodeLabel()).toBeUndefined();
  });

  it('getNotReadyReasonCodeId answers the Finesse id tenant.idleCodes maps to the Desktop idle code', async () => {
    const user = new (adapter({ '12': code('Meeting').id }).User)({});
    await desktop({ do: 'state', subStatus: 'Idle', idleCode: 'Meeting' });
    expect(user.getNotReadyReasonCodeId()).toBe('12');
    await desktop({ do: 'state', subStatus: 'Idle', idleCode: 'Lunch' });
    expect(user.getNotReadyReasonCodeId()).toBe(code('Lunch').id);
  });
});

describe('User.getReasonCodeById', () => {
  it('finds an idle code by Desktop id or mapped Finesse id, and calls error for an unknown id', async () => {
    const user = new (adapter({ '12': code('Meeting').id }).User)({});
    const success = vi.fn();
    const error = vi.fn();
    user.getReasonCodeById({ success, error }, code('Lunch').id);
    user.getReasonCodeById({ success, error }, 12);
    user.getReasonCodeById({ success, error }, '99');
    await settle();
    expect(success.mock.calls).toEqual([[{ id: code('Lunch').id, label: 'Lunch' }], [{ id: '12', label: 'Meeting' }]]);
    expect(error).toHaveBeenCalledWith({ status: 404, message: 'no idle code with id 99' });
    expect(holder.sim.control.calls.filter((c) => c.api === 'actions.getIdleCodes')).toHaveLength(3);
  });
});

describe('User handlers', () => {
  it('addHandler("change") runs on each agent update until removeHandler; "load" runs once', async () => {
    const user = new (adapter().User)({});
    const changed = vi.fn();
    const loaded = vi.fn();
    user.addHandler('change', changed);
    user.addHandler('change', changed);
    user.addHandler('load', loaded);
    await settle();
    expect(loaded).toHaveBeenCalledTimes(1);
    expect(loaded).toHaveBeenCalledWith(user);
    await desktop({ do: 'state', subStatus: 'Idle', idleCode: 'Lunch' });
    expect(changed).toHaveBeenCalledTimes(1);
    expect(changed).toHaveBeenCalledWith(user);
    user.removeHandler('change', changed);
    await desktop({ do: 'state', subStatus: 'Available' });
    expect(changed).toHaveBeenCalledTimes(1);
    expect(loaded).toHaveBeenCalledTimes(1);
  });

  it('ignores other events with a log line, and change handlers end with the widget', async () => {
    const user = new (adapter().User)({});
    const changed = vi.fn();
    user.addHandler('error', vi.fn());
    expect(log.warn).toHaveBeenCalledWith('User.addHandler(error) has no Desktop equivalent; ignored');
    user.addHandler('change', changed);
    for (const c of cleanups.splice(0)) c();
    await desktop({ do: 'state', subStatus: 'Idle', idleCode: 'Lunch' });
    expect(changed).not.toHaveBeenCalled();
  });
});

describe('User.isLoaded and hasAgentRole', () => {
  it('isLoaded once the Desktop has the agent data', async () => {
    const user = new (adapter().User)({});
    expect(user.isLoaded()).toBe(true);
    holder.sim.control.reset({ agentDataDelayMs: 1 });
    expect(user.isLoaded()).toBe(false);
  });

  it('hasAgentRole answers true, logged once', () => {
    const user = new (adapter().User)({});
    expect(user.hasAgentRole()).toBe(true);
    expect(user.hasAgentRole()).toBe(true);
    expect(log.warn.mock.calls.filter((c) => String(c[0]).startsWith('User.hasAgentRole()'))).toHaveLength(1);
  });
});
