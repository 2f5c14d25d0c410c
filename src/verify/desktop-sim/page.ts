// Entry of the simulator's browser build (an IIFE the verify runner loads before the widget bundle):
// one simulated Desktop per page, on window.__fmDesktop for the widget (through shim.ts) and its
// control surface on window.__fmSim for the runner.
import { createDesktopSim, type DesktopSimControl, type SimDesktop } from './sdk.js';

const sim = createDesktopSim();
const page = globalThis as { __fmSim?: DesktopSimControl; __fmDesktop?: SimDesktop };
page.__fmSim = sim.control;
page.__fmDesktop = sim.Desktop;
