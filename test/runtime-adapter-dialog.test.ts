// @vitest-environment happy-dom
// The Finesse adapter's Dialog against the Desktop simulator (rules DLG-*, ACT-*, WRP-01): which
// Dialog.Actions requestAction really performs and which it refuses, the Dialog.Actions / States
// constants the rules rewrite to, getMediaType, updateCallVariables (and its old name), and
// sendDTMFRequest over the softphone's tones. Methods the adapter has no equivalent for answer
// their error handler instead of throwing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionStep } from '../src/verify/desktop-sim/protocol.js';
import { createDesktopSim } from '../src/verify/desktop-sim/sdk.js';

const holder = vi.hoisted(() => ({ sim: undefined as unknown as ReturnType<typeof createDesktopSim> }));
vi.mock('@wxcc-desktop/sdk', () => ({
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

function adapter(cadVariables: Record<string, string> = {}) {
  return createFinesseCompat({
    log,
    widgetName: 'test-widget',
    tenant: { idleCodes: {}, cadVariables, outdialEntryPointId: 'ep-1' },
    onCleanup: (c) => cleanups.push(c),
  });
}

/** The one dialog of a connected voice call, as a gadget gets it from onCollectionAdd. */
async function connectedCall(finesse: ReturnType<typeof adapter>, cad: Record<string, string> = {}) {
  const added: Array<InstanceType<typeof finesse.Dialog>> = [];
  new finesse.User({}).getDialogs({ onCollectionAdd: (d) => added.push(d) });
  await settle();
  await desktop({ do: 'offer', contact: 'c1', ani: '+15550101', cad }, { do: 'assign', contact: 'c1' });
  expect(added).toHaveLength(1);
  return added[0]!;
}

/** Calls a Finesse method with {success, error} handlers; resolves with which one ran. */
function outcome(run: (handlers: { success(): void; error(e: { status: number }): void }) => void) {
  return new Promise<string>((resolve) => {
    run({ success: () => resolve('success'), error: (e) => resolve(`error ${e.status}`) });
    setTimeout(() => resolve('no handler called'), 200);
  });
}

const sdkCalls = (api: string) => holder.sim.control.calls.filter((c) => c.api === api).map((c) => c.args[0]);

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

describe('the constants the rules rewrite to (DLG-02, DLG-12)', () => {
  it('has every Finesse Dialog.Actions and Dialog.States name, so no rewritten read is undefined', () => {
    const finesse = adapter();
    expect(Object.keys(finesse.Dialog.Actions).sort()).toEqual([
      'ACCEPT', 'ANSWER', 'BARGE_CALL', 'CANCEL_SCHEDULED_CALLBACK', 'CLOSE', 'CONFERENCE', 'CONSULT_CALL', 'DROP',
      'DTMF', 'HOLD', 'MAKE_CALL', 'PARTICIPANT_DROP', 'RECLASSIFY', 'REJECT', 'RETRIEVE', 'START_RECORDING',
      'TRANSFER', 'TRANSFER_SST', 'UPDATE_CALL_DATA', 'UPDATE_SCHEDULED_CALLBACK',
    ]);
    expect(finesse.Dialog.Actions.DTMF).toBe('SEND_DTMF');
    for (const name of ['ACCEPTED', 'ACTIVE', 'ALERTING', 'DROPPED', 'FAILED', 'INITIATED', 'INITIATING'])
      expect(finesse.Dialog.States).toHaveProperty(name, name);
  });
});

describe('Dialog.requestAction', () => {
  it('holds and retrieves the main leg, and drops the call, through Desktop.agentContact', async () => {
    const finesse = adapter();
    const dialog = await connectedCall(finesse);
    const id = dialog.getId();
    expect(await outcome((h) => dialog.requestAction('1001', finesse.Dialog.Actions.HOLD, h))).toBe('success');
    await settle();
    expect(dialog.getState()).toBe(finesse.Dialog.States.HELD);
    expect(await outcome((h) => dialog.requestAction('1001', finesse.Dialog.Actions.RETRIEVE, h))).toBe('success');
    await settle();
    expect(dialog.getState()).toBe(finesse.Dialog.States.ACTIVE);
    expect(await outcome((h) => dialog.requestAction('1001', finesse.Dialog.Actions.DROP, h))).toBe('success');
    expect(sdkCalls('agentContact.hold')).toEqual([{ interactionId: id, isPostCallConsult: false, data: { mediaResourceId: id } }]);
    expect(sdkCalls('agentContact.unHold')).toEqual([{ interactionId: id, isPostCallConsult: false, data: { mediaResourceId: id } }]);
    expect(sdkCalls('agentContact.endV2')).toEqual([{ interactionId: id }]);
  });

  it('refuses the actions the Desktop cannot perform from a Finesse request, calling the error handler', async () => {
    const finesse = adapter();
    const dialog = await connectedCall(finesse);
    const before = holder.sim.control.calls.length;
    const { Actions } = finesse.Dialog;
    for (const action of [
      Actions.BARGE_CALL, Actions.CONFERENCE, Actions.CONSULT_CALL, Actions.TRANSFER, Actions.TRANSFER_SST,
      Actions.START_RECORDING, Actions.PARTICIPANT_DROP, Actions.DTMF, Actions.REJECT, Actions.MAKE_CALL,
      Actions.UPDATE_CALL_DATA, Actions.RECLASSIFY, Actions.UPDATE_SCHEDULED_CALLBACK, Actions.CANCEL_SCHEDULED_CALLBACK,
    ])
      expect(await outcome((h) => dialog.requestAction('1001', action, h))).toBe('error 400');
    expect(holder.sim.control.calls.slice(before)).toEqual([]);
    expect(log.error).toHaveBeenCalledTimes(14);
  });
});

describe('Dialog data', () => {
  it('answers Voice for getMediaType: the adapter keeps voice contacts only', async () => {
    const finesse = adapter();
    expect((await connectedCall(finesse)).getMediaType()).toBe('Voice');
  });

  it('writes call variables under their CAD names with updateCallVariables, and with its old name', async () => {
    const finesse = adapter({ callVariable5: 'notes' });
    const dialog = await connectedCall(finesse);
    expect(await outcome((h) => dialog.updateCallVariables({ callVariable5: 'called back' }, h))).toBe('success');
    expect(await outcome((h) => dialog.updateCallVariableData({ account: 42 }, h))).toBe('success');
    expect(sdkCalls('dialer.updateCadVariables')).toEqual([
      { interactionId: dialog.getId(), data: { attributes: { notes: 'called back' } }, keyId: null, keyVersion: null },
      { interactionId: dialog.getId(), data: { attributes: { account: '42' } }, keyId: null, keyVersion: null },
    ]);
  });
});

describe('Dialog.sendDTMFRequest', () => {
  it('plays the digits 0-9 one tone each on the call, and refuses * and #', async () => {
    const finesse = adapter();
    const dialog = await connectedCall(finesse);
    expect(await outcome((h) => dialog.sendDTMFRequest('1001', h, '42'))).toBe('success');
    expect(await outcome((h) => dialog.sendDTMFRequest('1001', h, '#'))).toBe('error 400');
    expect(sdkCalls('agentContact.sendDtmf')).toEqual(['4', '2']);
  });
});

describe('Dialog methods without a Desktop equivalent (TODO rules)', () => {
  it('do nothing but log once and call their error handler, instead of throwing', async () => {
    const finesse = adapter();
    const dialog = await connectedCall(finesse) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const before = holder.sim.control.calls.length;
    expect(await outcome((h) => dialog['makeConsultCall']!('1001', '2002', h))).toBe('error 501');
    expect(await outcome((h) => dialog['initiateDirectTransfer']!('1001', '2002', h))).toBe('error 501');
    expect(dialog['getParticipants']!()).toBeUndefined();
    expect(holder.sim.control.calls.slice(before)).toEqual([]);
    expect(log.warn).toHaveBeenCalledTimes(3);
  });
});

describe('the adapter object', () => {
  it('exposes Dialog and Dialogs, the classes the rules name as finesse.Dialog.* and finesse.Dialogs.*', async () => {
    const finesse = adapter();
    const dialogs = new finesse.User({}).getDialogs({});
    expect(dialogs).toBeInstanceOf(finesse.Dialogs);
    const dialog = await connectedCall(finesse);
    expect(dialog).toBeInstanceOf(finesse.Dialog);
    expect(dialogs.getDialogCount()).toBe(1);
    expect(Object.values(dialogs.getCollection())).toEqual([dialog]);
  });
});
