// Stand-in for @wxcc-desktop/sdk in the widget tests: the real SDK needs the Desktop's injected
// AGENTX_SERVICE. Records what the widget asked of it on globalThis.__desktopCalls, and lets a test
// fire contact events through globalThis.__desktopEmit.
const calls = (globalThis.__desktopCalls = globalThis.__desktopCalls || []);
// Every bundle carries its own copy of this module: keep shared state on globalThis.
const listeners = (globalThis.__desktopListeners = globalThis.__desktopListeners || new Map());
const on = (module) => ({
  addEventListener: (name, fn) => {
    calls.push([`${module}.addEventListener`, name]);
    listeners.set(`${module}:${name}`, [...(listeners.get(`${module}:${name}`) || []), fn]);
  },
  removeEventListener: (name, fn) => {
    listeners.set(`${module}:${name}`, (listeners.get(`${module}:${name}`) || []).filter((f) => f !== fn));
  },
});
globalThis.__desktopEmit = (module, name, payload) => {
  for (const fn of listeners.get(`${module}:${name}`) || []) fn(payload);
};
const logger = (prefix) => ({
  info: (...a) => calls.push(['log.info', prefix, ...a]),
  warn: (...a) => calls.push(['log.warn', prefix, ...a]),
  error: (...a) => calls.push(['log.error', prefix, ...a.map((x) => (x instanceof Error ? x.message : x))]),
});
export const Desktop = {
  config: {
    init: async (config) => {
      calls.push(['config.init', config]);
    },
  },
  logger: { createLogger: logger },
  agentStateInfo: {
    latestData: { agentName: 'Ada Lovelace', dn: '+15550100', teamName: 'Billing', teamId: 't-1', subStatus: 'Idle', status: 'LoggedIn', idleCode: { id: 'idle-7', name: 'Lunch' } },
    stateChange: async (request) => {
      calls.push(['agentStateInfo.stateChange', request]);
      return { data: {} };
    },
    ...on('agentStateInfo'),
  },
  agentContact: {
    ...on('agentContact'),
    hold: async (request) => {
      calls.push(['agentContact.hold', request]);
      return {};
    },
  },
  dialer: {
    updateCadVariables: async (request) => {
      calls.push(['dialer.updateCadVariables', request]);
      return {};
    },
    startOutdial: async (request) => {
      calls.push(['dialer.startOutdial', request]);
      return { data: {} };
    },
  },
  screenpop: {
    ...on('screenpop'),
  },
  actions: {
    getTaskMap: async () => new Map(),
    getIdleCodes: async () => [
      { id: 'idle-7', name: 'Lunch', isSystem: false, isDefault: false },
      { id: 'idle-0', name: 'RONA', isSystem: true, isDefault: false },
    ],
  },
};
