import type { CaseRunner } from '../decide/CaseRunner.js';
import type { CaseCopy } from './restoreCase.js';

interface Held {
  readonly copy: CaseCopy;
  /** The actor at `copy`'s version, kept running between events; handed out once (a racing send restores its own). */
  runner: CaseRunner | undefined;
}

/**
 * Each engine's copies of the cases it touched (newest `limit`, least recently used dropped),
 * with the live actor of each: a send on a case whose copy is current needs no read and no
 * restore — the store's compare-and-set on the version says whether it was current. A copy is
 * replaced only by a newer version.
 */
export class CaseCache {
  private readonly held = new Map<string, Held>();

  constructor(private readonly limit = 1000) {}

  /** The copy held for the case, if any (marks it recently used). */
  get(caseId: string): CaseCopy | undefined {
    const held = this.held.get(caseId);
    if (held === undefined) return undefined;
    this.held.delete(caseId);
    this.held.set(caseId, held);
    return held.copy;
  }

  /**
   * Keeps `copy` (with `runner`, the actor at exactly its version) unless a newer version is held,
   * or the same version read before (which keeps its actor and views). Returns the copy kept.
   */
  put(copy: CaseCopy, runner?: CaseRunner): CaseCopy {
    const current = this.held.get(copy.caseId);
    const same = current !== undefined && current.copy.version === copy.version && current.copy.envelope.auditHead === copy.envelope.auditHead;
    if (current !== undefined && (current.copy.version > copy.version || (same && runner === undefined))) {
      runner?.stop();
      return current.copy;
    }
    if (current !== undefined && current.runner !== undefined && current.runner !== runner) current.runner.stop();
    this.held.delete(copy.caseId);
    this.held.set(copy.caseId, { copy, runner });
    if (this.held.size > this.limit) {
      const [oldest, entry] = this.held.entries().next().value!;
      this.held.delete(oldest);
      entry.runner?.stop();
    }
    return copy;
  }

  /** The live actor at `copy`, handed out once; `undefined` when none is held at that version. */
  takeRunner(copy: CaseCopy): CaseRunner | undefined {
    const held = this.held.get(copy.caseId);
    if (held === undefined || held.copy !== copy) return undefined;
    const { runner } = held;
    held.runner = undefined;
    return runner;
  }

  /** Gives back an actor that did not move (a refused event): it is still at `copy`. */
  giveBack(copy: CaseCopy, runner: CaseRunner): void {
    const held = this.held.get(copy.caseId);
    if (held !== undefined && held.copy === copy && held.runner === undefined) held.runner = runner;
    else runner.stop();
  }

  /** Forgets the case (it is gone from the store). */
  drop(caseId: string): void {
    this.held.get(caseId)?.runner?.stop();
    this.held.delete(caseId);
  }
}
