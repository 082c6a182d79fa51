/**
 * The floor of `engine.send` against a bare actor while the audit keeps a digest per event: the
 * bare actor, plus for every event the canonical JSON of the snapshot as stored (history cut,
 * only the context fields the event replaced written again, as the engine writes it) and of the
 * audit entry, plus their SHA-256 (the snapshot digest and the chain's hash). No store, no
 * indexes, no view, no checks: what is left of the engine's time above this is the rest.
 */
import { createActor } from 'xstate';
import { caseMachine } from '../../machines/caseMachine.js';
import type { CaseNotification } from '../../machines/types.js';
import { GENESIS_HASH } from '../../src/engine/auditChain.js';
import { canonicalJson } from '../../src/engine/_lib/canonicalJson.js';
import { headOf } from '../../src/engine/_lib/load/storedHistory.js';
import { sha256Hex } from '../../src/engine/_lib/sha256.js';
import { snapshotText, type FieldTexts } from '../../src/engine/_lib/write/snapshotText.js';
import { sink } from './stats.js';
import { applicationPath, inputOf } from './stories.js';

/** `json`: the bare actor and the canonical JSON; `hash`: and the SHA-256 of both texts. */
export type FloorLevel = 'json' | 'hash';

/** The application path on each case, with what the audit needs of every event at `level`. */
export function auditFloorCases(caseIds: readonly string[], level: FloorLevel): void {
  for (const caseId of caseIds) {
    const notifications: CaseNotification[] = [];
    const input = inputOf(caseId);
    const actor = createActor(caseMachine, { input });
    actor.on('notification', (notification) => notifications.push(notification));
    actor.start();
    let fields: FieldTexts | undefined;
    let prevHash = GENESIS_HASH;
    const record = (event: object, version: number) => {
      const snapshot = actor.getSnapshot();
      const persisted = { status: snapshot.status, value: snapshot.value, historyValue: {}, context: snapshot.context, children: {} };
      const written = snapshotText(headOf(persisted as never, 0), fields);
      fields = written.fields;
      const last = snapshot.context.history.at(-1)!;
      const entry = {
        caseId,
        version,
        type: last.type,
        by: last.by,
        at: last.at,
        event,
        from: last.from,
        to: last.to,
        notifications: [...notifications],
        machineVersion: 1,
        prevHash,
        recordedAt: last.at,
        snapshotDigest: level === 'hash' ? sha256Hex(written.text) : '',
      };
      notifications.length = 0;
      const entryText = canonicalJson(entry);
      if (level === 'hash') prevHash = sha256Hex(entryText);
      sink.value += entryText.length;
    };
    record(input, 1);
    for (const [index, event] of applicationPath().entries()) {
      actor.send(event);
      record(event, index + 2);
    }
  }
}
