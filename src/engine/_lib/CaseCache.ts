import { isFrozenJson } from './freezeJson.js';
import { CaseRunner } from './CaseRunner.js';
import { restoreCase, type MachineInfo, type RestoredCase } from './restore.js';
import type { CaseWrite } from '../types.js';

/**
 * What an engine remembers between calls — only about envelopes deep-frozen by `freezeJson`
 * (the memory store keeps and returns exactly those), whose content can never change:
 * - each such envelope is validated once;
 * - the actor that produced the newest one is kept running, so the next event on that case
 *   needs no restore. It is handed out once: a racing send restores its own.
 * Stores that return fresh objects (PostgreSQL) get the full restore every time.
 */
export class CaseCache {
  private readonly restored = new WeakMap<object, RestoredCase>();
  private readonly live = new Map<string, { readonly envelope: object; readonly runner: CaseRunner }>();

  constructor(
    private readonly info: MachineInfo,
    private readonly limit = 256,
  ) {}

  /**
   * The stored envelope, validated and restored (see `restoreCase`). A frozen envelope is
   * restored once: its version pins the log entries its history is rebuilt from, and a log
   * only grows.
   */
  restore(caseId: string, raw: unknown, entries: readonly unknown[] | undefined): RestoredCase {
    const frozen = isFrozenJson(raw);
    const known = frozen ? this.restored.get(raw as object) : undefined;
    if (known !== undefined && known.persisted.context.caseId === caseId) return known;
    const restored = restoreCase(this.info, caseId, raw, entries);
    if (frozen) this.restored.set(raw as object, restored);
    return restored;
  }

  /** A runner at the stored case: the live one when it is still at `raw`, else a fresh restore. */
  runnerFor(caseId: string, raw: unknown, restored: RestoredCase): CaseRunner {
    const entry = this.live.get(caseId);
    if (entry !== undefined && entry.envelope === raw) {
      this.live.delete(caseId);
      return entry.runner;
    }
    return new CaseRunner(this.info.machine, { snapshot: restored.persisted });
  }

  /** After a refusal: the runner did not move, so it still matches `raw`. */
  putBack(caseId: string, raw: unknown, runner: CaseRunner): void {
    if (isFrozenJson(raw) && !this.live.has(caseId)) this.hold(caseId, raw as object, runner);
    else runner.stop();
  }

  /** After a stored write: remember the envelope as valid (with `persisted`, its whole snapshot), and keep the runner that produced it. */
  keep(write: CaseWrite, persisted: RestoredCase['persisted'], prefixLength: number, runner: CaseRunner): void {
    if (!isFrozenJson(write.envelope)) return runner.stop();
    const state = persisted.context.history.at(-1)!.to;
    this.restored.set(write.envelope, { envelope: write.envelope, persisted, state, prefixLength });
    this.hold(write.caseId, write.envelope, runner);
  }

  private hold(caseId: string, envelope: object, runner: CaseRunner): void {
    this.live.get(caseId)?.runner.stop();
    this.live.delete(caseId);
    this.live.set(caseId, { envelope, runner });
    if (this.live.size > this.limit) {
      const [oldest, entry] = this.live.entries().next().value!;
      this.live.delete(oldest);
      entry.runner.stop();
    }
  }
}
