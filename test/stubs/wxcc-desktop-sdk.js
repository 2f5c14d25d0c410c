// Stand-in for @wxcc-desktop/sdk in the widget tests: the real SDK needs the Desktop's injected
// AGENTX_SERVICE. Records what the widget asked of it on globalThis.__desktopCalls.
const calls = (globalThis.__desktopCalls = globalThis.__desktopCalls || []);
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
};
