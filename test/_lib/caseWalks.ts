import type { CaseEvent, CaseInput, CaseStatePath, HistoryEntry } from 'linked-enforcement';
import { center, fire, market, startCase } from './cases.js';
import { eventPool } from './eventPool.js';

/** One case of each origin (附件1): application, leader assignment, center-initiated, emergency, emergency request. */
export const inputOfEachOrigin: readonly CaseInput[] = [
  { caseId: 'walk-application', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: market, at: '2026-09-01T09:00:00+08:00', description: '国庆前联合检查' },
  { caseId: 'walk-assigned', title: '交办', itemNo: 1, origin: 'leaderAssignment', leader: { name: '张县长', post: 'principal' }, instruction: '国庆前完成', by: center, at: '2026-09-01T09:00:00+08:00' },
  { caseId: 'walk-center', title: '中心发起', itemNo: 1, origin: 'centerInitiated', reason: '群众投诉集中', by: center, at: '2026-09-01T09:00:00+08:00' },
  { caseId: 'walk-emergency', title: '突发事件', itemNo: 1, origin: 'emergency', reporter: 'market-regulation', description: '市场火情', by: market, at: '2026-09-01T09:00:00+08:00' },
  { caseId: 'walk-request', title: '火灾隐患', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '重大火灾隐患', by: fire, at: '2026-09-01T09:00:00+08:00' },
];

/** A case's history at one point of a walk, with the event each entry recorded (the opening input for `case.open`). */
export interface WalkedCase {
  readonly state: CaseStatePath;
  readonly history: readonly HistoryEntry[];
  readonly events: readonly (CaseEvent | CaseInput)[];
}

/**
 * Random walks through Siyang's machine (a fixed seed, so every run takes the same ones): from a case
 * of each origin, events of the pool the case takes, chosen at random with a lean towards event types
 * not seen yet, until the case ends or `steps` events were taken. Returns the case after every step.
 */
export function walkCases({ walksPerOrigin = 12, steps = 40, seed = 12 } = {}): WalkedCase[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const seen = new Set<string>();
  const cases: WalkedCase[] = [];
  for (const input of inputOfEachOrigin) {
    for (let walk = 0; walk < walksPerOrigin; walk++) {
      const { actor } = startCase(input);
      const events: (CaseEvent | CaseInput)[] = [input];
      const record = () => {
        const snapshot = actor.getSnapshot();
        const history = snapshot.context.history;
        cases.push({ state: history.at(-1)!.to, history, events: [...events] });
      };
      record();
      for (let step = 0; step < steps && actor.getSnapshot().status === 'active'; step++) {
        const snapshot = actor.getSnapshot();
        const taken = eventPool(snapshot.context).filter((event) => snapshot.can(event));
        if (taken.length === 0) break;
        const fresh = taken.filter((event) => !seen.has(event.type));
        const pool = fresh.length > 0 && random() < 0.5 ? fresh : taken;
        const event = pool[Math.floor(random() * pool.length)]!;
        const before = snapshot.context.history.length;
        actor.send(event);
        if (actor.getSnapshot().context.history.length === before) throw new Error(`the case did not record ${event.type} though it could take it`);
        seen.add(event.type);
        events.push(event);
        record();
      }
      actor.stop();
    }
  }
  return cases;
}
