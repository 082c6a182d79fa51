/**
 * Property: the statistics (统计) a write stores are carried on from the previous version's step
 * progress, walking only the history entries its event added; after every accepted event of a
 * random walk (any opening, any actor, any allowed event, step limits on or off), on every store
 * and whether the engine held the case or restored it first, they are exactly what the walk of the
 * whole history derives — the write's columns and the visits it opened or closed, and what the
 * store keeps.
 */
import fc from 'fast-check';
import pg from 'pg';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { caseMachine, createCaseEngine, createCaseMachine, type CaseMachine, type CaseStore, type MemoryStore } from 'linked-enforcement';
import { STATS_STEPS, caseStatsOf } from '../src/engine/_lib/stats/caseStats.js';
import type { CaseStatsWrite } from '../src/engine/statsTypes.js';
import type { CaseMachineSnapshot } from '../src/engine/_lib/machineInfo.js';
import type { postgresStore } from '../src/store/postgres/index.js';
import { bj } from './_lib/cases.js';
import { following, testClock } from './_lib/engine.js';
import { allowedSamples, openingInput } from './_lib/fuzzEngine.js';
import { memoryHarness, postgresHarness } from './_lib/storeHarness.js';

const databaseUrl = process.env.DATABASE_URL;

/** Every step limited (环节办理时限), so the step-limit columns count too. */
const machines: Record<string, CaseMachine> = {
  plain: caseMachine,
  limited: createCaseMachine({ stepLimits: { preliminaryReview: 1, legalReview: 1, approval: 1, dispatching: 1, workPlan: 1, aggregating: 1 } }),
};

/** The store, recording the statistics of every write it is handed. */
function recording(store: CaseStore, writes: CaseStatsWrite[]): CaseStore {
  return {
    ...store,
    create: (write) => {
      if (write.stats !== undefined) writes.push(write.stats);
      return store.create(write);
    },
    commit: (write, expectedVersion) => {
      if (write.stats !== undefined) writes.push(write.stats);
      return store.commit(write, expectedVersion);
    },
  };
}

/** What the store keeps of the case's statistics, against the whole-history derivation. */
async function expectStored(store: CaseStore, caseId: string, snapshot: CaseMachineSnapshot, version: number, pool: pg.Pool | undefined): Promise<void> {
  const whole = caseStatsOf(snapshot, version);
  if (pool === undefined) {
    // The memory store keeps every visit, merged write by write: all of the case's.
    expect((store as MemoryStore).toJSON().cases[caseId]!.stats).toEqual({ stats: whole.stats, steps: caseStatsOf(snapshot, version, true).steps });
    return;
  }
  const table = (store as ReturnType<typeof postgresStore>).tables.stats;
  const { rows } = await pool.query(
    `SELECT version, outcome, urges, archive_working_days, steps_on_time, steps_late, steps_overdue, step_days, step_visits, complete FROM ${table} WHERE case_id = $1`,
    [caseId],
  );
  const s = whole.stats;
  expect(rows).toEqual([
    {
      version,
      outcome: s.outcome,
      urges: s.urges,
      archive_working_days: s.archiveWorkingDays,
      steps_on_time: s.stepsOnTime,
      steps_late: s.stepsLate,
      steps_overdue: s.stepsOverdue,
      step_days: STATS_STEPS.map((step) => s.stepTotals[step].sum),
      step_visits: STATS_STEPS.map((step) => s.stepTotals[step].count),
      complete: true,
    },
  ]);
}

const walkArbitrary = fc.record({
  kind: fc.nat(20),
  item: fc.nat(200),
  limits: fc.boolean(),
  choices: fc.array(fc.record({ pick: fc.nat(1000), onward: fc.boolean(), restore: fc.boolean() }), { minLength: 1, maxLength: 24 }),
});

for (const [harness, runs] of [
  [memoryHarness(), 60],
  [postgresHarness(databaseUrl), 12],
] as const) {
  describe.skipIf(harness.skip)(`statistics carried on event by event equal the whole history's: ${harness.name}`, () => {
    it('after every event, on an engine that holds the case and on one that restores it first', { timeout: 240_000 }, async () => {
      let store: CaseStore | undefined;
      const pool = harness.name === 'memory' ? undefined : new pg.Pool({ connectionString: databaseUrl, max: 1 });
      let count = 0;
      try {
        await fc.assert(
          fc.asyncProperty(walkArbitrary, async ({ kind, item, limits, choices }) => {
            store ??= await harness.create();
            const writes: CaseStatsWrite[] = [];
            const onStore = recording(store, writes);
            const machine = machines[limits ? 'limited' : 'plain']!;
            const clock = testClock(bj('2026-09-01 09:00'));
            const engineOf = () => following(createCaseEngine({ store: onStore, machine, clock }), clock);
            let engine = engineOf();
            const caseId = `s${++count}-${kind}-${item}`;
            await engine.open(openingInput(kind, item, caseId));
            const actor = createActor(machine, { input: (await engine.history(caseId))[0]!.event as never }).start();
            const check = async (version: number) => {
              const snapshot = actor.getSnapshot() as unknown as CaseMachineSnapshot;
              expect(writes.at(-1), `version ${version}`).toEqual(caseStatsOf(snapshot, version));
              await expectStored(store!, caseId, snapshot, version, pool);
            };
            await check(1);
            for (const { pick, onward, restore } of choices) {
              const snapshot = actor.getSnapshot();
              const samples = allowedSamples(snapshot, onward);
              if (samples.length === 0) break;
              const event = samples[pick % samples.length]!;
              // A new engine holds nothing: it restores the case from the store, history and all, before the write.
              if (restore) engine = engineOf();
              const sent = await engine.send(caseId, event);
              actor.send(event);
              await check(sent.version);
            }
            actor.stop();
          }),
          { numRuns: runs, seed: 20261130, endOnFailure: true },
        );
      } finally {
        await pool?.end();
      }
    });
  });
}
