/**
 * The built-in 2 → 3 migration (README › Changes in 0.4.0: each stored document name becomes
 * `{ name }`) changes document names only: results that recorded none are handed on as they
 * were, without a `documents` field made up. Written against the mutants of
 * src/engine/migrations.ts that survived the older suites.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEnvelope } from 'linked-enforcement';
import { caseMachineMigrations } from '../src/engine/migrations.js';

describe('migration 2 → 3 of results without documents', () => {
  const toVersion3 = caseMachineMigrations.find((migration) => migration.from === 2)!;

  it('keeps the results of the context and of the dossier exactly as they were', () => {
    const snapshot = {
      value: 'closed',
      context: { title: '专项整治', results: { summary: '已完成' }, reports: [] },
      output: { outcome: 'archived', results: { lessons: '夜查效果好' } },
    };
    expect(toVersion3.migrate(structuredClone(snapshot), {} as CaseEnvelope)).toStrictEqual(snapshot);
  });
});
