// @vitest-environment happy-dom
// The Desktop simulator (src/verify/desktop-sim): the SDK contract it keeps (listeners and requests
// before init, latestData filling late, argument checks), the session steps and their events, the
// records it keeps, and that its surface type-checks as the real SDK's.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStep } from '../src/verify/desktop-sim/protocol.js';
import {
  SIM,
  SimRequestError,
  createDesktopSim,
  jsonSafe,
  type AgentContactMsg,
  type ContactData,
  type DesktopSimOptions,
  type UpdatedEntry,
} from '../src/verify/desktop-sim/sdk.js';
import { ROOT } from './helpers.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const widget = { widgetName: 'sim-test', widgetProvider: 'finesse-migrate' };

function setup(options: DesktopSimOptions = { agentDataDelayMs: 5 }) {
  const sim = createDesktopSim(options);
  const { Desktop, control } = sim;
  let index = 0;
  /** Plays steps with consecutive indexes, as the runner does. */
  const play = async (...steps: SessionStep[]) => {
    for (const s of steps) await control.play(s, index++);
  };
  return { Desktop, control, play };
}

/** Records every agentContact event a listener sees, by name. */
function recordContactEvents(Desktop: ReturnType<typeof setup>['Desktop'], names: string[]) {
  const seen: Array<{ event: string; msg: AgentContactMsg }> = [];
  for (const event of names)
    Desktop.agentContact.addEventListener(event, (msg: AgentContactMsg) => seen.push({ event, msg }));
  return seen;
}

const CONTACT_EVENTS = [
  'eAgentOfferContact',
  'eAgentContactAssigned',
  'eAgentContactHeld',
  'eAgentContactUnHeld',
  'eAgentContactEnded',
  'eAgentWrapup',
  'eAgentContactWrappedUp',
  'eAgentOfferContactRona',
  'eAgentContactAssignFailed',
];

afterEach(() => {
  delete (globalThis as { __fmOrigTimers?: unknown }).__fmOrigTimers;
});

describe('before Desktop.config.init', () => {
  it('drops listeners with a misuse record, and they never run', async () => {
    const { Desktop, control, play } = setup();
    const early: unknown[] = [];
    Desktop.agentContact.addEventListener('eAgentOfferContact', (m: unknown) => early.push(m));
    Desktop.agentStateInfo.addEventListener('updated', (m: unknown) => early.push(m));
    Desktop.screenpop.addEventListener('eScreenPop', (m: unknown) => early.push(m));
    expect(control.misuse.map((m) => m.api)).toEqual([
      'agentContact.addEventListener',
      'agentStateInfo.addEventListener',
      'screenpop.addEventListener',
    ]);
    expect(control.misuse[0]?.reason).toBe('listener registered before Desktop.config.init resolved: dropped');
    expect(control.logs.some((l) => l.message === 'SERVICE is not defined...')).toBe(true);

    await Desktop.config.init(widget);
    const late: unknown[] = [];
    Desktop.agentContact.addEventListener('eAgentOfferContact', (m: unknown) => late.push(m));
    await play({ do: 'login' }, { do: 'offer', contact: 'c1' });
    expect(early).toEqual([]);
    expect(late).toHaveLength(1);
  });

  it('drops a listener registered while init is still pending (init not awaited)', async () => {
    const { Desktop, control, play } = setup();
    const seen: unknown[] = [];
    const init = Desktop.config.init(widget);
    Desktop.agentContact.addEventListener('eAgentOfferContact', (m: unknown) => seen.push(m));
    expect(control.inited).toBe(false);
    await init;
    expect(control.inited).toBe(true);
    await play({ do: 'login' }, { do: 'offer', contact: 'c1' });
    expect(seen).toEqual([]);
    expect(control.misuse).toHaveLength(1);
  });

  it('answers requests with undefined and records them as misuse', async () => {
    const { Desktop, control } = setup();
    expect(await Desktop.actions.getTaskMap()).toBeUndefined();
    expect(await Desktop.agentStateInfo.stateChange({ state: 'Available', auxCodeIdArray: '0' })).toBeUndefined();
    expect(control.misuse.map((m) => m.api)).toEqual(['actions.getTaskMap', 'agentStateInfo.stateChange']);
    expect(control.misuse.every((m) => m.reason.includes('before Desktop.config.init'))).toBe(true);
  });

  it('rejects init without its config object, as the SDK does', async () => {
    const { Desktop, control } = setup();
    const init = Desktop.config.init as (cfg?: unknown) => Promise<void>;
    await expect(init()).rejects.toThrow(TypeError);
    expect(control.misuse[0]?.api).toBe('config.init');
    expect(control.inited).toBe(false);
  });
});

describe('agentStateInfo.latestData', () => {
  it('is empty right after init and fills later, with one updated event', async () => {
    const { Desktop, control, play } = setup({ agentDataDelayMs: 30 });
    await play({ do: 'login', subStatus: 'Available' });
    const latest = Desktop.agentStateInfo.latestData;
    expect(latest.agentName).toBeUndefined();

    await Desktop.config.init(widget);
    const updates: UpdatedEntry[][] = [];
    Desktop.agentStateInfo.addEventListener('updated', (list: UpdatedEntry[]) => updates.push(list));
    // Every field is there and undefined (the SDK's initial object), so it serialises as {}.
    expect(JSON.stringify(Desktop.agentStateInfo.latestData)).toBe('{}');
    expect(Object.values(Desktop.agentStateInfo.latestData).every((v) => v === undefined)).toBe(true);

    await sleep(60);
    expect(updates).toHaveLength(1);
    const byName = new Map(updates[0]?.map((u) => [u.name, u]));
    expect(byName.get('agentName')).toEqual({ name: 'agentName', value: 'Ada Lovelace', oldValue: undefined });
    expect(byName.get('subStatus')?.value).toBe('Available');
    expect(byName.get('status')?.value).toBe('LoggedIn');
    expect(byName.has('idleCode')).toBe(false); // Available: no idle code
    // The same object, filled in place.
    expect(Desktop.agentStateInfo.latestData).toBe(latest);
    expect(latest.dn).toBe(SIM.dn);
    expect(latest.teamName).toBe(SIM.teamName);
    expect(latest.idleCodes?.some((c) => c.isDefault)).toBe(true);
    expect(latest.idleCodes?.some((c) => c.isSystem && c.name === 'RONA')).toBe(true);
    expect(latest.wrapupCodes?.length).toBeGreaterThan(0);
    expect(control.store['agent.agentName']).toBe('Ada Lovelace');
  });

  it('stays empty without a login; login after init resolves once the data is in', async () => {
    const { Desktop, play } = setup({ agentDataDelayMs: 10 });
    await Desktop.config.init(widget);
    await sleep(25);
    expect(Desktop.agentStateInfo.latestData.agentName).toBeUndefined();
    const updates: UpdatedEntry[][] = [];
    Desktop.agentStateInfo.addEventListener('updated', (list: UpdatedEntry[]) => updates.push(list));
    await play({ do: 'login', subStatus: 'Idle' });
    expect(updates).toHaveLength(1);
    expect(Desktop.agentStateInfo.latestData.subStatus).toBe('Idle');
    expect(Desktop.agentStateInfo.latestData.idleCode?.name).toBe('Not Ready');
  });

  it("fires updated on a state step and on the widget's stateChange", async () => {
    const { Desktop, control, play } = setup();
    await play({ do: 'login' });
    await Desktop.config.init(widget);
    await sleep(20);
    const updates: UpdatedEntry[][] = [];
    Desktop.agentStateInfo.addEventListener('updated', (list: UpdatedEntry[]) => updates.push(list));

    await play({ do: 'state', subStatus: 'Idle', idleCode: 'Lunch' });
    const lunch = SIM.idleCodes.find((c) => c.name === 'Lunch');
    expect(updates.at(-1)?.find((u) => u.name === 'subStatus')).toEqual({
      name: 'subStatus',
      value: 'Idle',
      oldValue: 'Available',
    });
    expect(Desktop.agentStateInfo.latestData.idleCode).toEqual({ id: lunch?.id, name: 'Lunch' });
    expect(control.store['agent.subStatus']).toBe('Idle');

    const reply = await Desktop.agentStateInfo.stateChange({ state: 'Available', auxCodeIdArray: '0' });
    expect(reply?.data.subStatus).toBe('Available');
    expect(updates).toHaveLength(2);
    expect(Desktop.agentStateInfo.latestData.subStatus).toBe('Available');
  });
});

describe('a voice session', () => {
  it('plays offer → assign → hold → unhold → end → wrapup → wrappedup with the task map following', async () => {
    const { Desktop, control, play } = setup();
    await play({ do: 'login' });
    await Desktop.config.init(widget);
    const seen = recordContactEvents(Desktop, CONTACT_EVENTS);
    const maps: Array<Map<string, ContactData> | undefined> = [];
    const snapshot = async () => maps.push(await Desktop.actions.getTaskMap());

    await play({ do: 'offer', contact: 'c1', ani: '+14155550111', dnis: '+18005550123', cad: { accountNumber: '42' } });
    await snapshot();
    const id = control.interactionId('c1') as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const offered = seen[0]?.msg;
    expect(offered?.type).toBe('RoutingMessage');
    expect(offered?.data).toMatchObject({
      interactionId: id,
      mediaResourceId: id,
      agentId: SIM.agentId,
      eventType: 'RoutingMessage',
      type: 'AgentOfferContact',
    });
    expect(offered?.data.interaction).toMatchObject({
      mediaType: 'telephony',
      state: 'new',
      contactDirection: { type: 'INBOUND' },
      callProcessingDetails: { ani: '+14155550111', dnis: '+18005550123' },
      callAssociatedData: { accountNumber: { value: '42' } },
    });

    await play({ do: 'assign', contact: 'c1' });
    await snapshot();
    await play({ do: 'hold', contact: 'c1' });
    await snapshot();
    await play({ do: 'unhold', contact: 'c1' });
    await snapshot();
    await play({ do: 'end', contact: 'c1' });
    await snapshot();
    await play({ do: 'wrapup', contact: 'c1' });
    await snapshot();
    await play({ do: 'wrappedup', contact: 'c1' });
    await snapshot();

    expect(seen.map((s) => s.event)).toEqual([
      'eAgentOfferContact',
      'eAgentContactAssigned',
      'eAgentContactHeld',
      'eAgentContactUnHeld',
      'eAgentContactEnded',
      'eAgentWrapup',
      'eAgentContactWrappedUp',
    ]);
    expect(seen.map((s) => s.msg.data.type)).toEqual([
      'AgentOfferContact',
      'AgentContactAssigned',
      'AgentContactHeld',
      'AgentContactUnheld',
      'ContactEnded',
      'AgentWrapup',
      'AgentWrappedUp',
    ]);
    expect(seen.every((s) => s.msg.data.interactionId === id)).toBe(true);

    const task = (i: number) => maps[i]?.get(id);
    expect(maps.map((m) => m?.size)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    expect(task(0)?.interaction.state).toBe('new');
    expect(task(1)?.interaction.state).toBe('connected');
    expect(task(2)?.interaction.media[id]?.isHold).toBe(true);
    expect(seen[2]?.msg.data.interaction.media[id]?.isHold).toBe(true);
    expect(task(3)?.interaction.media[id]?.isHold).toBe(false);
    expect(task(4)?.interaction.isTerminated).toBe(true); // ended voice call waits for wrap-up
    expect(task(5)?.interaction.state).toBe('wrapUp');
    expect(task(6)).toBeUndefined();
  });

  it('drives the contact from the widget: hold, endV2 and wrapupV2 fire their events', async () => {
    const { Desktop, control, play } = setup();
    await play({ do: 'login' });
    await Desktop.config.init(widget);
    const seen = recordContactEvents(Desktop, CONTACT_EVENTS);
    await play({ do: 'offer', contact: 'c1' }, { do: 'assign', contact: 'c1' });
    const interactionId = control.interactionId('c1') as string;

    const held = await Desktop.agentContact.hold({
      interactionId,
      isPostCallConsult: false,
      data: { mediaResourceId: interactionId },
    });
    expect(held).toMatchObject({ data: { type: 'AgentContactHeld' } });
    await Desktop.agentContact.unHold({
      interactionId,
      isPostCallConsult: false,
      data: { mediaResourceId: interactionId },
    });
    await Desktop.agentContact.endV2({ interactionId });
    expect((await Desktop.actions.getTaskMap())?.has(interactionId)).toBe(true);
    const code = SIM.wrapupCodes[0];
    await Desktop.agentContact.wrapupV2({
      interactionId,
      data: { wrapUpReason: code?.name ?? '', auxCodeId: code?.id ?? '' },
    });
    expect((await Desktop.actions.getTaskMap())?.size).toBe(0);
    expect(seen.map((s) => s.event)).toEqual([
      'eAgentOfferContact',
      'eAgentContactAssigned',
      'eAgentContactHeld',
      'eAgentContactUnHeld',
      'eAgentContactEnded',
      'eAgentContactWrappedUp',
    ]);
    expect(control.misuse).toEqual([]);
  });

  it('answers an offered call with acceptWebRtcCall', async () => {
    const { Desktop, control, play } = setup();
    await play({ do: 'login' });
    await Desktop.config.init(widget);
    const seen = recordContactEvents(Desktop, ['eAgentContactAssigned']);
    await play({ do: 'offer', contact: 'c1' });
    Desktop.actions.acceptWebRtcCall();
    await play({ do: 'wait', ms: 0 });
    expect(seen).toHaveLength(1);
    expect(control.calls.some((c) => c.api === 'actions.acceptWebRtcCall')).toBe(true);
  });
});

describe('offers that do not connect', () => {
  it('rona removes the task and puts the agent in Idle with the RONA code', async () => {
    const { Desktop, control, play } = setup();
    await play({ do: 'login' });
    await Desktop.config.init(widget);
    await sleep(20);
    const seen = recordContactEvents(Desktop, CONTACT_EVENTS);
    const updates: UpdatedEntry[][] = [];
    Desktop.agentStateInfo.addEventListener('updated', (list: UpdatedEntry[]) => updates.push(list));
    await play({ do: 'offer', contact: 'c1' });
    expect((await Desktop.actions.getTaskMap())?.size).toBe(1);
    await play({ do: 'rona', contact: 'c1' });
    expect((await Desktop.actions.getTaskMap())?.size).toBe(0);
    expect(seen.map((s) => s.event)).toEqual(['eAgentOfferContact', 'eAgentOfferContactRona']);
    expect(updates).toHaveLength(1);
    const rona = SIM.idleCodes.find((c) => c.name === 'RONA');
    expect(Desktop.agentStateInfo.latestData).toMatchObject({
      subStatus: 'Idle',
      idleCode: { id: rona?.id, name: 'RONA' },
    });
    expect(control.store['agent.subStatus']).toBe('Idle');
  });

  it('assignFailed removes the task', async () => {
    const { Desktop, play } = setup();
    await play({ do: 'login' });
    await Desktop.config.init(widget);
    const seen = recordContactEvents(Desktop, CONTACT_EVENTS);
    await play({ do: 'offer', contact: 'c1' }, { do: 'assignFailed', contact: 'c1' });
    expect((await Desktop.actions.getTaskMap())?.size).toBe(0);
    expect(seen.map((s) => [s.event, s.msg.data.type])).toEqual([
      ['eAgentOfferContact', 'AgentOfferContact'],
      ['eAgentContactAssignFailed', 'AgentContactAssignFailed'],
    ]);
  });
});

describe('digital tasks', () => {
  it('a chat offer has mediaType chat and its own media resource; acceptV2 assigns it', async () => {
    const { Desktop, control, play } = setup();
    await play({ do: 'login' });
    await Desktop.config.init(widget);
    const seen = recordContactEvents(Desktop, CONTACT_EVENTS);
    await play({ do: 'offer', contact: 'chat1', mediaType: 'chat' });
    const msg = seen[0]?.msg;
    expect(msg?.data.interaction.mediaType).toBe('chat');
    expect(msg?.data.mediaResourceId).not.toBe(msg?.data.interactionId);
    const interactionId = control.interactionId('chat1') as string;
    const reply = await Desktop.agentContact.acceptV2({ interactionId });
    expect(reply?.data.type).toBe('AgentContactAssigned');
    expect(seen.map((s) => s.event)).toEqual(['eAgentOfferContact', 'eAgentContactAssigned']);
  });

  it('without digital wrap-up, an ended chat leaves the task map at once', async () => {
    const { Desktop, control, play } = setup({ agentDataDelayMs: 5, digitalWrapup: false });
    await play({ do: 'login' });
    await Desktop.config.init(widget);
    await play(
      { do: 'offer', contact: 'chat1', mediaType: 'chat' },
      { do: 'assign', contact: 'chat1' },
      { do: 'end', contact: 'chat1' },
    );
    expect((await Desktop.actions.getTaskMap())?.size).toBe(0);
    expect(control.interactionId('chat1')).toBeDefined();
  });
});

describe('argument checks', () => {
  async function ready() {
    const s = setup();
    await s.play({ do: 'login' });
    await s.Desktop.config.init(widget);
    return s;
  }

  it('stateChange Idle with auxCodeIdArray "" is misuse and rejects', async () => {
    const { Desktop, control } = await ready();
    await expect(Desktop.agentStateInfo.stateChange({ state: 'Idle', auxCodeIdArray: '' })).rejects.toBeInstanceOf(
      SimRequestError,
    );
    expect(control.misuse).toEqual([
      { api: 'agentStateInfo.stateChange', reason: 'auxCodeIdArray is null or empty', step: 0 },
    ]);
    await expect(Desktop.agentStateInfo.stateChange({ state: 'Idle', auxCodeIdArray: 'nope' })).rejects.toThrow(
      /idle codes/,
    );
    await expect(
      Desktop.agentStateInfo.stateChange({ state: 'Meeting' as 'Idle', auxCodeIdArray: SIM.idleCodes[2]?.id ?? '' }),
    ).rejects.toThrow(/not Available or Idle/);
    expect(control.misuse).toHaveLength(3);
  });

  it('hold with an unknown interactionId is misuse', async () => {
    const { Desktop, control, play } = await ready();
    await play({ do: 'offer', contact: 'c1' }, { do: 'assign', contact: 'c1' });
    const unknown = '11111111-2222-4333-8444-555555555555';
    await expect(
      Desktop.agentContact.hold({
        interactionId: unknown,
        isPostCallConsult: false,
        data: { mediaResourceId: unknown },
      }),
    ).rejects.toThrow(/not a task in the agent's task map/);
    await expect(
      Desktop.agentContact.hold({ interactionId: 'c1', isPostCallConsult: false, data: { mediaResourceId: 'c1' } }),
    ).rejects.toThrow(/not a valid UUID/);
    expect(control.misuse.map((m) => m.api)).toEqual(['agentContact.hold', 'agentContact.hold']);
  });

  it('refuses holding a call that is not connected, wrap-up codes it does not know and CAD updates without a task', async () => {
    const { Desktop, control, play } = await ready();
    await play({ do: 'offer', contact: 'c1' });
    const interactionId = control.interactionId('c1') as string;
    await expect(
      Desktop.agentContact.hold({ interactionId, isPostCallConsult: false, data: { mediaResourceId: interactionId } }),
    ).rejects.toThrow(/not connected/);
    await play({ do: 'assign', contact: 'c1' }, { do: 'end', contact: 'c1' });
    await expect(
      Desktop.agentContact.wrapupV2({ interactionId, data: { wrapUpReason: 'Sales', auxCodeId: 'made-up' } }),
    ).rejects.toThrow(/wrap-up codes/);
    const update = Desktop.dialer.updateCadVariables as (p: unknown) => Promise<unknown>;
    await expect(update({ data: { attributes: { x: '1' } }, keyId: null, keyVersion: null })).rejects.toThrow(
      /interactionId is missing/,
    );
    expect(control.misuse.map((m) => m.api)).toEqual([
      'agentContact.hold',
      'agentContact.wrapupV2',
      'dialer.updateCadVariables',
    ]);
  });

  it('refuses acceptV2 for a voice call (voice is answered on the phone or with acceptWebRtcCall)', async () => {
    const { Desktop, control, play } = await ready();
    await play({ do: 'offer', contact: 'c1' });
    const interactionId = control.interactionId('c1') as string;
    await expect(Desktop.agentContact.acceptV2({ interactionId })).rejects.toThrow(/non-voice/);
    expect(control.misuse.map((m) => m.api)).toEqual(['agentContact.acceptV2']);
  });

  it('flags listeners for events that never fire', async () => {
    const { Desktop, control } = await ready();
    Desktop.agentContact.addEventListener('eAgentContactAssignFailed', () => undefined);
    expect(control.misuse).toEqual([]);
    Desktop.agentContact.addEventListener('eNoSuchEvent', () => undefined);
    expect(control.misuse[0]?.reason).toMatch(/not an event of Desktop.agentContact/);
  });
});

describe('records', () => {
  it('records every call with JSON-safe arguments and the current step', async () => {
    const { Desktop, control, play } = setup();
    const listener = () => undefined;
    await Desktop.config.init(widget);
    Desktop.agentContact.addEventListener('eAgentOfferContact', listener);
    await play({ do: 'login' }, { do: 'offer', contact: 'c1' });
    control.setStep(7);
    await Desktop.actions.getTaskMap();
    expect(control.calls).toEqual([
      { api: 'config.init', args: [widget], step: -1 },
      { api: 'agentContact.addEventListener', args: ['eAgentOfferContact', '[function]'], step: -1 },
      { api: 'actions.getTaskMap', args: [], step: 7 },
    ]);
    expect(JSON.parse(JSON.stringify(control.calls))).toEqual(control.calls);
  });

  it('stamps calls made by listeners with the step that fired them', async () => {
    const { Desktop, control, play } = setup();
    await Desktop.config.init(widget);
    Desktop.agentContact.addEventListener('eAgentOfferContact', () => void Desktop.actions.getTaskMap());
    await play({ do: 'login' }, { do: 'offer', contact: 'c1' });
    expect(control.calls.find((c) => c.api === 'actions.getTaskMap')?.step).toBe(1);
  });

  it('puts logger errors in errors, with the stack of an Error argument', async () => {
    const { Desktop, control } = setup();
    const log = Desktop.logger.createLogger('sim-test');
    log.info('hello');
    log.error('lookup failed:', new Error('boom'), { code: 7 });
    expect(control.errors).toHaveLength(1);
    expect(control.errors[0]?.message).toBe('lookup failed: Error: boom {"code":7}');
    expect(control.errors[0]?.stack).toContain('boom');
    expect(control.logs.filter((l) => l.prefix === 'sim-test').map((l) => l.level)).toEqual(['info', 'error']);
  });

  it('records notifications and answers auto-dismiss ones as dismissed', async () => {
    const { Desktop, control } = setup();
    await Desktop.config.init(widget);
    const fire = Desktop.actions.fireGeneralAutoDismissNotification as (raw: unknown) => Promise<unknown>;
    const answer = await fire({
      data: { type: 'info', mode: 'autodismiss', title: 'Saved', data: { text: 'CRM updated' } },
    });
    expect(answer).toEqual(['deactivated', 'user_neutral_deactivate', 'autodismiss']);
    expect(control.notifications).toEqual([
      { mode: 'autodismiss', type: 'info', title: 'Saved', text: 'CRM updated', step: -1 },
    ]);
  });

  it('makes cyclic and odd values JSON-safe', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic['self'] = cyclic;
    expect(jsonSafe([cyclic, undefined, () => 1, new Map([['a', 1]]), Number.NaN])).toEqual([
      { n: 1, self: '[circular]' },
      null,
      '[function]',
      { a: 1 },
      'NaN',
    ]);
  });
});

describe('sessions', () => {
  it('delivers events through window.__fmOrigTimers when the runner provides them', async () => {
    let used = 0;
    (globalThis as { __fmOrigTimers?: unknown }).__fmOrigTimers = {
      setTimeout: (fn: () => void, ms?: number) => {
        used++;
        return setTimeout(fn, ms);
      },
      clearTimeout: (h: ReturnType<typeof setTimeout>) => clearTimeout(h),
      setInterval,
      clearInterval,
    };
    const { Desktop, play } = setup();
    await Desktop.config.init(widget);
    await play({ do: 'login' }, { do: 'offer', contact: 'c1' });
    expect(used).toBeGreaterThan(0);
  });

  it('delivers a screen pop to Desktop.screenpop', async () => {
    const { Desktop, control, play } = setup();
    await Desktop.config.init(widget);
    const pops: Array<{ data: { screenPopUrl: string; target: string; interactionId: string } }> = [];
    Desktop.screenpop.addEventListener('eScreenPop', (m: (typeof pops)[number]) => pops.push(m));
    await play(
      { do: 'login' },
      { do: 'offer', contact: 'c1' },
      { do: 'screenpop', contact: 'c1', url: 'https://crm.example.com/?ani=1' },
    );
    expect(pops).toHaveLength(1);
    expect(pops[0]?.data).toMatchObject({
      screenPopUrl: 'https://crm.example.com/?ani=1',
      target: 'insideDesktop',
      interactionId: control.interactionId('c1'),
    });
  });

  it('plays every session of verify/sessions through to an empty task map', async () => {
    const dir = path.join(ROOT, 'verify', 'sessions');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    const { Desktop, control } = setup();
    for (const file of files) {
      const session = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { steps: SessionStep[] };
      control.reset({ agentDataDelayMs: 1 });
      for (const [i, s] of session.steps.entries()) {
        if (s.do === 'mount') await Desktop.config.init(widget);
        else if (s.do !== 'unmount' && s.do !== 'wait') await control.play(s, i);
      }
      expect((await Desktop.actions.getTaskMap())?.size, file).toBe(0);
      expect(control.misuse, file).toEqual([]);
    }
  });

  it('rejects steps a session cannot play', async () => {
    const { control } = setup();
    await expect(control.play({ do: 'offer', contact: 'c1' }, 0)).rejects.toThrow(/not logged in/);
    await control.play({ do: 'login' }, 1);
    await expect(control.play({ do: 'hold', contact: 'c9' }, 2)).rejects.toThrow(/no active contact/);
  });

  it('reset forgets tasks, listeners, records and init, and logs out', async () => {
    const { Desktop, control, play } = setup();
    await Desktop.config.init(widget);
    const seen: unknown[] = [];
    Desktop.agentContact.addEventListener('eAgentOfferContact', (m: unknown) => seen.push(m));
    await play({ do: 'login' }, { do: 'offer', contact: 'c1' });
    await Desktop.agentStateInfo.stateChange({ state: 'Idle', auxCodeIdArray: '' }).catch(() => undefined);
    Desktop.logger.createLogger('x').error('bad');
    expect(seen).toHaveLength(1);

    control.reset({ agentDataDelayMs: 5 });
    expect(control.inited).toBe(false);
    expect(control.loggedIn).toBe(false);
    expect(control.calls).toEqual([]);
    expect(control.misuse).toEqual([]);
    expect(control.errors).toEqual([]);
    expect(control.interactionId('c1')).toBeUndefined();
    expect(control.store['agent.agentName']).toBeUndefined();
    expect(Object.values(Desktop.agentStateInfo.latestData).every((v) => v === undefined)).toBe(true);

    await Desktop.config.init(widget);
    expect((await Desktop.actions.getTaskMap())?.size).toBe(0);
    await play({ do: 'login' }, { do: 'offer', contact: 'c1' });
    expect(seen).toHaveLength(1); // the old listener is gone
  });
});

describe('type compatibility with @wxcc-desktop/sdk', () => {
  it("the simulated Desktop type-checks as the SDK (sdk-compat.ts, with the check command's path mappings)", () => {
    const modules = path.join(ROOT, 'node_modules');
    const types = path.join(modules, '@wxcc-desktop', 'sdk-types');
    const read = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
    const options: ts.CompilerOptions = {
      ...parsed.options,
      noEmit: true,
      baseUrl: ROOT,
      paths: {
        '@wxcc-desktop/sdk': [path.join(modules, '@wxcc-desktop', 'sdk')],
        '@agentx/agentx-services': [path.join(types, 'agentx-services', 'index.d.ts')],
        '@agentx/agentx-services/dist/types/src/*': [path.join(types, 'agentx-services', 'src', '*')],
        '@agentx/agentx': [path.join(types, 'agentx', 'index.d.ts')],
      },
    };
    const program = ts.createProgram([path.join(ROOT, 'src', 'verify', 'desktop-sim', 'sdk-compat.ts')], options);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  });
});
