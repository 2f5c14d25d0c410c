// Compile-time check that the simulated Desktop can stand in for the real one: each sub-API of the
// simulator must be assignable to the public members of the SDK's class (private members are left out,
// they are not part of what a widget can call). test/desktop-sim.test.ts compiles this file with the
// path mappings of `finesse-migrate check`, under which the SDK's payload types resolve in full; under
// the repo's plain tsconfig they partly collapse to `any`, and the check is weaker but still compiles.
import type { Desktop as SdkDesktop } from '@wxcc-desktop/sdk';
import type { SimDesktop } from './sdk.js';

type Sdk = typeof SdkDesktop;
/** The members a caller can reach (keyof skips private ones). */
type Public<T> = { [K in keyof T]: T[K] };

/** Sub-APIs whose whole public surface the simulator implements. */
export type CheckedApis =
  | 'config'
  | 'agentContact'
  | 'agentStateInfo'
  | 'actions'
  | 'dialer'
  | 'screenpop'
  | 'shortcutKey'
  | 'monitoring'
  | 'postInteractions'
  | 'agentConfigJsApi';

export type SdkSurface = { [K in CheckedApis]: Public<Sdk[K]> } & {
  // createLogger answers uuip's Logger.Service class (private members); its public side is checked below.
  logger: Omit<Public<Sdk['logger']>, 'createLogger'>;
};

export function asSdkDesktop(desktop: SimDesktop): SdkSurface {
  return desktop;
}

type SdkLogger = ReturnType<Sdk['logger']['createLogger']>;
export function asSdkLogger(logger: ReturnType<SimDesktop['logger']['createLogger']>): Public<SdkLogger> {
  return logger;
}
