// Types for the converted gadget code, which stays plain JavaScript.
import type { GadgetContext } from "finesse-migrate-widget-runtime";

declare function runGadget(ctx: GadgetContext): void;
export = runGadget;
