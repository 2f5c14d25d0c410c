// What a verification run and the Desktop simulator say to each other. The simulator
// (desktop-sim/sdk.ts) runs inside the page with the widget; the runner (verify/browser.ts) drives it
// from Node through `window.__fmSim`. Sessions (verify/sessions/*.json) are lists of SessionSteps.

/** Media types of Webex CC tasks, as `interaction.mediaType` carries them. */
export type MediaType = 'telephony' | 'chat' | 'email' | 'social';

/** One thing that happens in a scripted agent session, from the Desktop's side. */
export type SessionStep =
  /** The element is created and put into the page (the layout mounts the widget). */
  | { do: 'mount' }
  /** The element is removed from the page (the agent leaves the page, or the task's tab closes). */
  | { do: 'unmount' }
  /** The agent signs in: the SDK's agent data fills in (asynchronously, as on the Desktop). */
  | { do: 'login'; subStatus?: 'Available' | 'Idle' }
  /**
   * The agent changes state on the Desktop's own state selector: `updated` fires on agentStateInfo.
   * Idle without `idleCode` uses the tenant's default idle code.
   */
  | { do: 'state'; subStatus: 'Available' | 'Idle'; idleCode?: string }
  /** A contact is offered to the agent (eAgentOfferContact). */
  | {
      do: 'offer';
      contact: string;
      mediaType?: MediaType;
      ani?: string;
      dnis?: string;
      /** Call-associated data (CAD variables) of the flow. */
      cad?: Record<string, string>;
    }
  /** eAgentContactAssigned: the agent accepted; the contact is connected. */
  | { do: 'assign'; contact: string }
  | { do: 'hold'; contact: string }
  | { do: 'unhold'; contact: string }
  /** eAgentContactEnded: the customer or the agent ended it; wrap-up follows for voice. */
  | { do: 'end'; contact: string }
  /** eAgentWrapup: the contact is in wrap-up. */
  | { do: 'wrapup'; contact: string }
  /** eAgentContactWrappedUp: wrap-up done; the task leaves the task map. */
  | { do: 'wrappedup'; contact: string }
  /** eAgentOfferContactRona: the offer timed out; the task leaves the task map, the agent goes Idle (RONA). */
  | { do: 'rona'; contact: string }
  /** eAgentContactAssignFailed: the Desktop could not assign the offered contact. */
  | { do: 'assignFailed'; contact: string }
  /** eScreenPop from the flow's screen-pop activity. */
  | { do: 'screenpop'; contact: string; url: string; target?: string }
  /** Lets time pass (timers, polling) without a Desktop event. */
  | { do: 'wait'; ms: number };

export interface Session {
  /** File name without .json. */
  name: string;
  description: string;
  steps: SessionStep[];
}

/** One SDK call the widget made, as the simulator recorded it. */
export interface SdkCall {
  /** e.g. "agentContact.hold", "agentStateInfo.addEventListener". */
  api: string;
  /** Arguments, made JSON-safe (functions become "[function]"). */
  args: unknown[];
  /** Index of the session step during which the call happened (-1 before the first step). */
  step: number;
}

/** A call the real SDK would refuse, ignore or answer with nothing. */
export interface SdkMisuse {
  api: string;
  /** What was wrong, in a sentence: "listener registered before Desktop.config.init resolved: dropped". */
  reason: string;
  step: number;
}

/** How a session starts the simulated Desktop. */
export interface SimOptions {
  /** ms the SDK takes to fill agentStateInfo.latestData after init (default 30). */
  agentDataDelayMs?: number;
}

/** The control surface the simulator puts on `window.__fmSim`. */
export interface SimControl {
  /** Forgets every task, listener, record and init; agent logged out. */
  reset(options?: SimOptions): void;
  /** Plays one Desktop-side step (not mount/unmount/wait: the runner does those). */
  play(step: SessionStep, index: number): Promise<void>;
  /** Sets the index recorded on calls from now on. */
  setStep(index: number): void;
  calls: SdkCall[];
  misuse: SdkMisuse[];
  /** Lines the widget logged through Desktop.logger at error level. */
  errors: Array<{ message: string; step: number }>;
  /** Whether Desktop.config.init has resolved. */
  readonly inited: boolean;
}

/** `$STORE`-like agent data the Desktop's data provider would bind to the element's properties. */
export interface SimStore {
  /** Keyed by the path after `$STORE.`, e.g. "agent.agentName". */
  [path: string]: unknown;
}
