import type { CaseStore, CaseWrite, Clock } from '../types.js';
import type { CaseCache } from './load/CaseCache.js';
import type { MachineInfo } from './machineInfo.js';

/** What every step of an engine call needs: the machine, the (guarded) store, the engine's copies of cases and its clock. */
export interface EngineContext {
  readonly info: MachineInfo;
  readonly store: CaseStore;
  readonly cache: CaseCache;
  readonly clock: Clock;
  /** How often a send without `expectedVersion` goes round again after losing a race. */
  readonly maxAttempts: number;
  /** After a stored write: hands its own notifications to `onNotification` through the outbox. */
  readonly afterWrite: (write: CaseWrite) => Promise<void>;
}
