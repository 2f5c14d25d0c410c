// verify/sessions/*.json: every session file loads and is one the runner can play; bad input fails
// naming the file and the step.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSessionsDir, loadSessions, packageRoot, parseSession } from '../src/verify/sessions.js';
import { ROOT, tempDir } from './helpers.js';

describe('verify sessions', () => {
  it('finds the package root and its verify/sessions folder from src/ (and dist/ alike)', () => {
    expect(packageRoot()).toBe(ROOT);
    expect(defaultSessionsDir()).toBe(path.join(ROOT, 'verify', 'sessions'));
  });

  it('loads every session of the repo, sorted by name, with the steps the brief asks for', () => {
    const sessions = loadSessions();
    const names = sessions.map((s) => s.name);
    for (const n of ['assign-failed', 'chat-and-call', 'mounted-mid-call', 'not-ready', 'remount', 'rona', 'second-call', 'voice-call']) expect(names).toContain(n);
    expect(names).toEqual([...names].sort());
    for (const s of sessions) expect(s.description.length).toBeGreaterThan(10);
    const kinds = (name: string): string[] => sessions.find((s) => s.name === name)!.steps.map((s) => s.do);
    expect(kinds('voice-call')).toEqual(['mount', 'login', 'offer', 'assign', 'hold', 'unhold', 'end', 'wrapup', 'wrappedup', 'unmount']);
    expect(kinds('mounted-mid-call').slice(0, 4)).toEqual(['login', 'offer', 'assign', 'mount']);
    expect(kinds('remount')).toEqual(['mount', 'login', 'offer', 'assign', 'unmount', 'mount', 'end', 'wrapup', 'wrappedup', 'unmount']);
    expect(kinds('rona')).toContain('rona');
    expect(kinds('assign-failed')).toContain('assignFailed');
    expect(kinds('second-call').filter((k) => k === 'screenpop').length).toBe(2);
  });

  it('refuses bad steps, naming the file and the step index', () => {
    const bad = (steps: unknown[]): (() => unknown) => () => parseSession('x', { description: 'd', steps }, 'x.json');
    expect(bad([{ do: 'mount' }, { do: 'dance' }])).toThrow(/^x\.json: step 1: unknown "do": "dance"/);
    expect(bad([{ do: 'mount' }, { do: 'login' }, { do: 'offer' }])).toThrow('x.json: step 2 (offer): "contact" is required');
    expect(bad([{ do: 'offer', contact: 'a', mediaType: 'fax' }])).toThrow('x.json: step 0 (offer): "mediaType" must be one of telephony, chat, email, social');
    expect(bad([{ do: 'offer', contact: 'a', cad: { n: 1 } }])).toThrow('x.json: step 0 (offer): "cad" must be an object of string values');
    expect(bad([{ do: 'hold', contact: 'a' }])).toThrow('x.json: step 0 (hold): contact "a" was not offered earlier in the session');
    expect(bad([{ do: 'mount' }, { do: 'mount' }])).toThrow('x.json: step 1 (mount): the widget is already mounted');
    expect(bad([{ do: 'unmount' }])).toThrow('x.json: step 0 (unmount): the widget is not mounted');
    expect(bad([{ do: 'wait', ms: -1 }])).toThrow(/x\.json: step 0 \(wait\): "ms" must be a number/);
    expect(bad([{ do: 'state', subStatus: 'Busy' }])).toThrow('x.json: step 0 (state): "subStatus" must be one of Available, Idle');
    expect(bad([{ do: 'mount', contact: 'a' }])).toThrow('x.json: step 0 (mount): unknown field "contact"');
    expect(bad([{ do: 'offer', contact: 'a' }, { do: 'screenpop', contact: 'a', url: 'crm/page' }])).toThrow('x.json: step 1 (screenpop): "url" must be an absolute URL');
    expect(() => parseSession('x', { steps: [] }, 'x.json')).toThrow('x.json: description: must be a non-empty string');
  });

  it('names the file of a session folder that holds bad JSON', () => {
    const dir = path.join(tempDir('fm-sessions-'), 'sessions');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ description: 'ok', steps: [{ do: 'mount' }] }));
    writeFileSync(path.join(dir, 'a.json'), '{ "description": ');
    expect(() => loadSessions(dir)).toThrow(`${path.join(dir, 'a.json')}: not valid JSON`);
  });
});
