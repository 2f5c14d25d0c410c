// What a widget bundle imports instead of `@wxcc-desktop/sdk` when it is built for verification (the
// build aliases the package to this file). The simulator page (page.ts) must have run first and put
// its Desktop on window.__fmDesktop. Like the real package, this module exports Desktop only: the SDK's
// `logger` export exists in its .d.ts, not in its JavaScript.
import type { Desktop as SdkDesktop } from '@wxcc-desktop/sdk';

function simulatedDesktop(): typeof SdkDesktop {
  const desktop = (globalThis as { __fmDesktop?: unknown }).__fmDesktop;
  if (!desktop)
    throw new Error(
      'finesse-migrate verify: window.__fmDesktop is missing. Load the Desktop simulator (desktop-sim page build) before the widget bundle.',
    );
  return desktop as typeof SdkDesktop;
}

export const Desktop: typeof SdkDesktop = simulatedDesktop();
