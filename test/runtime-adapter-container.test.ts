// @vitest-environment happy-dom
// runtime/widget's ContainerServices and FinesseToaster, as every emitted widget carries them, against the
// Desktop simulator: container dialogs, gadget notifications and toasters become Desktop notifications of
// the right mode (the SDK's promise never settles otherwise), removeHandler really stops a handler, and
// the event objects handlers receive (WorkflowActionEvent from a screen pop, TimerTickEvent).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionStep } from '../src/verify/desktop-sim/protocol.js';
import { createDesktopSim } from '../src/verify/desktop-sim/sdk.js';

const holder = vi.hoisted(() => ({ sim: undefined as unknown as ReturnType<typeof createDesktopSim> }));
vi.mock('@wxcc-desktop/sdk', () => ({
  // The adapter reads Desktop when it calls it; each test's simulator stands behind it.
  Desktop: new Proxy({}, { get: (_t, key) => (holder.sim.Desktop as unknown as Record<PropertyKey, unknown>)[key] }),
}));

const { createFinesseCompat } = await import('../runtime/widget/finesse-compat');

const settle = (ms = 10) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
let cleanups: Array<() => void> = [];
let step = 0;

async function desktop(...steps: SessionStep[]) {
  for (const s of steps) await holder.sim.control.play(s, step++);
  await settle();
}

function adapter() {
  return createFinesseCompat({
    log,
    widgetName: 'test-widget',
    tenant: { idleCodes: {}, cadVariables: {}, outdialEntryPointId: 'ep-1' },
    onCleanup: (c) => cleanups.push(c),
  });
}

/** The raw notifications the widget fired through one Desktop.actions method. */
function fired(api: string) {
  return holder.sim.control.calls
    .filter((c) => c.api === api)
    .map((c) => c.args[0] as { data: Record<string, unknown>; options?: Record<string, unknown> });
}

beforeEach(async () => {
  holder.sim = createDesktopSim({ agentDataDelayMs: 1, notificationDelayMs: 5 });
  step = 0;
  await holder.sim.Desktop.config.init({ widgetName: 'test-widget', widgetProvider: 'finesse-migrate' });
  await desktop({ do: 'login', subStatus: 'Available' });
  log.warn.mockClear();
  log.error.mockClear();
});
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) c();
  expect(holder.sim.control.misuse).toEqual([]);
  expect(log.error).not.toHaveBeenCalled();
});

describe('FinesseToaster', () => {
  it('init returns the toaster; showToaster fires an auto-dismiss notification for autoClose ms', async () => {
    const finesse = adapter();
    const toaster = finesse.FinesseToaster.init({}, undefined);
    expect(toaster).toBe(finesse.FinesseToaster);
    expect(toaster.showToaster('Incoming chat', { body: 'From Ada', icon: 'INCOMING_CHAT_ICON', autoClose: 8000 })).toBeUndefined();
    toaster.showToaster('Seconds', { body: 'x', autoClose: 8 });
    toaster.showToaster('No timeout');
    await settle(20);
    expect(holder.sim.control.notifications.map((n) => [n.mode, n.type, n.title, n.text])).toEqual([
      ['autodismiss', 'info', 'Incoming chat', 'From Ada'],
      ['autodismiss', 'info', 'Seconds', 'x'],
      ['autodismiss', 'info', 'No timeout', ''],
    ]);
    expect(fired('actions.fireGeneralAutoDismissNotification').map((r) => r.options)).toEqual([
      { AUTO_DISMISS_TIMEOUT: 8000 },
      { AUTO_DISMISS_TIMEOUT: 8000 },
      undefined,
    ]);
  });
});

describe('ContainerServices dialogs and notifications', () => {
  it('showDialog fires an acknowledge notification and calls close once the agent dismissed it', async () => {
    const cs = adapter().ContainerServices;
    const close = vi.fn();
    cs.showDialog({ title: 'Save failed', message: 'The CRM did not answer', close, isBlocking: true });
    await settle(1);
    expect(close).not.toHaveBeenCalled();
    await settle(20);
    expect(close).toHaveBeenCalledTimes(1);
    // Some gadgets pass the title first.
    cs.showDialog('Title first', { message: 'text' });
    cs.hideDialog();
    await settle(20);
    expect(holder.sim.control.notifications.map((n) => [n.mode, n.title, n.text])).toEqual([
      ['acknowledge', 'Save failed', 'The CRM did not answer'],
      ['acknowledge', 'Title first', 'text'],
    ]);
  });

  it('showMyGadgetNotification fires an auto-dismiss notification, (type, message, details) or 12.6 options', async () => {
    const cs = adapter().ContainerServices;
    cs.showMyGadgetNotification('ERROR', 'Lookup failed', 'HTTP 503');
    cs.showMyGadgetNotification({ messageFrom: 'Ada', message: 'New email', timeout: 8000, isDismissable: true });
    cs.hideMyGadgetNotification();
    await settle(20);
    expect(holder.sim.control.notifications.map((n) => [n.mode, n.type, n.title, n.text])).toEqual([
      ['autodismiss', 'error', 'test-widget', 'Lookup failed: HTTP 503'],
      ['autodismiss', 'info', 'Ada', 'New email'],
    ]);
    expect(fired('actions.fireGeneralAutoDismissNotification')[1]!.options).toEqual({ AUTO_DISMISS_TIMEOUT: 8000 });
  });

  it('tab, title-bar and collapse requests do nothing, without the no-equivalent warning', () => {
    const cs = adapter().ContainerServices;
    cs.activateTab('home');
    cs.collapseMyGadget();
    cs.expandMyGadget();
    cs.enableTitleBar();
    expect(log.warn).not.toHaveBeenCalled();
    expect(holder.sim.control.calls.filter((c) => c.api.startsWith('actions.'))).toEqual([]);
  });
});

describe('ContainerServices handlers', () => {
  it('hands screen pops to WORKFLOW_ACTION_EVENT handlers as WorkflowActionEvents, until removeHandler', async () => {
    const finesse = adapter();
    const cs = finesse.ContainerServices;
    const events: InstanceType<typeof finesse.WorkflowActionEvent>[] = [];
    const handler = (e: unknown) => events.push(e as (typeof events)[number]);
    cs.addHandler(cs.Topics.WORKFLOW_ACTION_EVENT, handler);
    await desktop({ do: 'offer', contact: 'c1' }, { do: 'screenpop', contact: 'c1', url: 'https://crm.example/case?ani=1', target: 'newTab' });
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toBeInstanceOf(finesse.WorkflowActionEvent);
    expect([e.getName(), e.getType(), e.getHandledBy()]).toEqual(['Screen pop', 'BROWSER_POP', finesse.WorkflowActionEvent.HandledBy.OTHER]);
    expect(e.getParams()).toEqual({
      path: { value: 'https://crm.example/case?ani=1', expandedValue: 'https://crm.example/case?ani=1' },
      windowName: { value: 'newTab', expandedValue: 'newTab' },
    });
    expect(e.getActionVariables()).toEqual([]);
    cs.removeHandler(cs.Topics.WORKFLOW_ACTION_EVENT, handler);
    await desktop({ do: 'screenpop', contact: 'c1', url: 'https://crm.example/again' });
    expect(events).toHaveLength(1);
  });

  it('lists a screen pop query parameters as action variables', () => {
    const finesse = adapter();
    const e = new finesse.WorkflowActionEvent({ data: { screenPopUrl: 'u', queryParameters: { ani: '+1555', case: '42' } } });
    expect(e.getActionVariables()).toEqual([
      { name: 'ani', actualValue: '+1555' },
      { name: 'case', actualValue: '42' },
    ]);
    expect(e.getName()).toBe('screenpop');
  });

  it('ticks TIMER_TICK_EVENT handlers every second with a TimerTickEvent, until removeHandler', () => {
    vi.useFakeTimers();
    const finesse = adapter();
    const cs = finesse.ContainerServices;
    const ticks: Date[] = [];
    const handler = (e: unknown) => ticks.push((e as InstanceType<typeof finesse.TimerTickEvent>).getDateQueued());
    const other = vi.fn();
    cs.addHandler(cs.Topics.TIMER_TICK_EVENT, handler);
    cs.addHandler(cs.Topics.TIMER_TICK_EVENT, other);
    vi.advanceTimersByTime(3000);
    expect(ticks).toHaveLength(3);
    expect(ticks.every((d) => d instanceof Date)).toBe(true);
    cs.removeHandler(cs.Topics.TIMER_TICK_EVENT, handler);
    vi.advanceTimersByTime(2000);
    expect(ticks).toHaveLength(3);
    expect(other).toHaveBeenCalledTimes(5);
    // Without a handler, removeHandler stops every handler of the topic.
    cs.removeHandler(cs.Topics.TIMER_TICK_EVENT);
    vi.advanceTimersByTime(2000);
    expect(other).toHaveBeenCalledTimes(5);
  });

  it('runs ACTIVE_TAB handlers once at start, unless removed first; ignores topics the Desktop has no event for', async () => {
    const cs = adapter().ContainerServices;
    const shown = vi.fn();
    const removed = vi.fn();
    cs.addHandler(cs.Topics.ACTIVE_TAB, shown);
    cs.addHandler(cs.Topics.ACTIVE_TAB, removed);
    cs.removeHandler(cs.Topics.ACTIVE_TAB, removed);
    const view = vi.fn();
    cs.addHandler(cs.Topics.GADGET_VIEW_CHANGED_EVENT, view);
    cs.addHandler(cs.Topics.FINESSE_MAINTENANCE_MODE_EVENT, view);
    await settle();
    expect(shown).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    expect(view).not.toHaveBeenCalled();
    expect(log.warn.mock.calls.map((c) => String(c[0]))).toEqual([
      'ContainerServices topic GADGET_VIEW_CHANGED_EVENT has no Desktop equivalent; handler not called',
      'ContainerServices topic FINESSE_MAINTENANCE_MODE_EVENT has no Desktop equivalent; handler not called',
    ]);
  });
});
