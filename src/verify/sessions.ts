// The scripted agent sessions `finesse-migrate verify` replays against every widget: one JSON file
// per session in verify/sessions/ ({ "description", "steps" }, the name is the file name). Loaded and
// checked here, so a typo in a session fails with the file and step rather than as an odd verdict.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MediaType, Session, SessionStep } from './desktop-sim/protocol.js';

/** The package root: the nearest folder above this module holding package.json (works from src/ and dist/). */
export function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; ) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
}

/** verify/sessions of the finesse-migrate package. */
export function defaultSessionsDir(): string {
  return path.join(packageRoot(), 'verify', 'sessions');
}

const MEDIA_TYPES: readonly MediaType[] = ['telephony', 'chat', 'email', 'social'];
const SUB_STATUSES = ['Available', 'Idle'] as const;

type FieldKind = 'contact' | 'string' | 'subStatus' | 'mediaType' | 'cad' | 'ms' | 'url';
/** Per step kind: its fields, and whether each is required. */
const STEP_FIELDS: Record<SessionStep['do'], Record<string, { kind: FieldKind; required: boolean }>> = {
  mount: {},
  unmount: {},
  login: { subStatus: { kind: 'subStatus', required: false } },
  state: { subStatus: { kind: 'subStatus', required: true }, idleCode: { kind: 'string', required: false } },
  offer: {
    contact: { kind: 'contact', required: true },
    mediaType: { kind: 'mediaType', required: false },
    ani: { kind: 'string', required: false },
    dnis: { kind: 'string', required: false },
    cad: { kind: 'cad', required: false },
  },
  assign: { contact: { kind: 'contact', required: true } },
  hold: { contact: { kind: 'contact', required: true } },
  unhold: { contact: { kind: 'contact', required: true } },
  end: { contact: { kind: 'contact', required: true } },
  wrapup: { contact: { kind: 'contact', required: true } },
  wrappedup: { contact: { kind: 'contact', required: true } },
  rona: { contact: { kind: 'contact', required: true } },
  assignFailed: { contact: { kind: 'contact', required: true } },
  screenpop: { contact: { kind: 'contact', required: true }, url: { kind: 'url', required: true }, target: { kind: 'string', required: false } },
  wait: { ms: { kind: 'ms', required: true } },
};

/** Longest `wait` a session may ask for: sessions are meant to run in seconds. */
const MAX_WAIT_MS = 60_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkField(kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'contact':
      return typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'url':
      if (typeof value !== 'string') return 'must be a string';
      try {
        new URL(value);
        return undefined;
      } catch {
        return 'must be an absolute URL';
      }
    case 'subStatus':
      return (SUB_STATUSES as readonly unknown[]).includes(value) ? undefined : `must be one of ${SUB_STATUSES.join(', ')}`;
    case 'mediaType':
      return (MEDIA_TYPES as readonly unknown[]).includes(value) ? undefined : `must be one of ${MEDIA_TYPES.join(', ')}`;
    case 'cad':
      return isRecord(value) && Object.values(value).every((v) => typeof v === 'string') ? undefined : 'must be an object of string values';
    case 'ms':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_WAIT_MS ? undefined : `must be a number of ms from 0 to ${MAX_WAIT_MS}`;
  }
}

/**
 * Checks one session's steps: known kinds with their fields, and a sequence the runner can play
 * (mount/unmount alternate; contact steps name a contact offered earlier in the session).
 * Throws naming the file and the step index.
 */
export function parseSession(name: string, data: unknown, file = `${name}.json`): Session {
  const fail = (where: string, why: string): never => {
    throw new Error(`${file}: ${where}: ${why}`);
  };
  if (!isRecord(data)) return fail('top level', 'must be an object { "description", "steps" }');
  for (const key of Object.keys(data)) if (key !== 'description' && key !== 'steps') fail('top level', `unknown field "${key}"`);
  if (typeof data['description'] !== 'string' || data['description'].trim() === '') fail('description', 'must be a non-empty string');
  const steps = data['steps'];
  if (!Array.isArray(steps) || steps.length === 0) return fail('steps', 'must be a non-empty array');

  const offered = new Set<string>();
  let mounted = false;
  const out: SessionStep[] = [];
  steps.forEach((step: unknown, i) => {
    const where = `step ${i}`;
    if (!isRecord(step)) return fail(where, 'must be an object with "do"');
    const kind = step['do'];
    if (typeof kind !== 'string' || !Object.hasOwn(STEP_FIELDS, kind)) {
      return fail(where, `unknown "do": ${JSON.stringify(kind)} (one of ${Object.keys(STEP_FIELDS).join(', ')})`);
    }
    const fields = STEP_FIELDS[kind as SessionStep['do']];
    for (const key of Object.keys(step)) {
      if (key !== 'do' && !Object.hasOwn(fields, key)) fail(`${where} (${kind})`, `unknown field "${key}"`);
    }
    for (const [key, spec] of Object.entries(fields)) {
      if (!(key in step)) {
        if (spec.required) fail(`${where} (${kind})`, `"${key}" is required`);
        continue;
      }
      const problem = checkField(spec.kind, step[key]);
      if (problem) fail(`${where} (${kind})`, `"${key}" ${problem}`);
    }
    if (kind === 'mount') {
      if (mounted) fail(`${where} (mount)`, 'the widget is already mounted (unmount it first)');
      mounted = true;
    } else if (kind === 'unmount') {
      if (!mounted) fail(`${where} (unmount)`, 'the widget is not mounted');
      mounted = false;
    }
    const contact = step['contact'];
    if (typeof contact === 'string') {
      if (kind === 'offer') offered.add(contact);
      else if (!offered.has(contact)) fail(`${where} (${kind})`, `contact "${contact}" was not offered earlier in the session`);
    }
    out.push(step as SessionStep);
  });
  return { name, description: data['description'] as string, steps: out };
}

/** Every verify/sessions/*.json of `dir`, checked, sorted by name. */
export function loadSessions(dir = defaultSessionsDir()): Session[] {
  if (!existsSync(dir)) throw new Error(`no session folder at ${dir}`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new Error(`no session files (*.json) in ${dir}`);
  return files.map((f) => {
    const file = path.join(dir, f);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
    }
    return parseSession(f.slice(0, -'.json'.length), data, file);
  });
}
