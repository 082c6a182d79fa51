/**
 * The engine's migrations as the README states them: one migration per machine version (a second
 * from the same version is refused by name), and 2 → 3 turning the document names a v2 case
 * recorded in its results (context and dossier) into `{ name }` legacy documents. Written against
 * the mutants the older suites did not reach.
 */
import { describe, expect, it } from 'vitest';
import { createCaseEngine, type CaseEnvelope } from 'linked-enforcement';
import { caseMachineMigrations } from '../src/engine/migrations.js';
import { thrown } from './_lib/errors.js';

describe('createCaseEngine({ migrations })', () => {
  it('refuses a second migration from the same version, naming it', () => {
    const same = (s: unknown) => s;
    expect(thrown(() => createCaseEngine({ migrations: [{ from: 1, to: 2, migrate: same }, { from: 2, to: 3, migrate: same }, { from: 1, to: 3, migrate: same }] }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Invalid options: options.migrations.2: a second migration from 1',
      context: { argument: 'options' },
      issues: [{ code: 'custom', path: ['options', 'migrations', 2], message: 'a second migration from 1' }],
    });
  });
});

describe('migration 2 → 3: document names become legacy documents', () => {
  const toVersion3 = caseMachineMigrations.find((migration) => migration.from === 2)!;
  // The 2 → 3 migration reads the snapshot alone.
  const envelope = {} as CaseEnvelope;

  it('in the results of the context and of the dossier, keeping the rest', () => {
    const migrated = toVersion3.migrate({
      value: 'closed',
      context: { title: '专项整治', results: { summary: '已完成', documents: ['检查记录', { name: '整改通知' }] }, reports: [] },
      output: { outcome: 'archived', results: { lessons: '夜查效果好', documents: ['现场照片'] } },
    }, envelope);
    expect(migrated).toEqual({
      value: 'closed',
      context: { title: '专项整治', results: { summary: '已完成', documents: [{ name: '检查记录' }, { name: '整改通知' }] }, reports: [] },
      output: { outcome: 'archived', results: { lessons: '夜查效果好', documents: [{ name: '现场照片' }] } },
    });
  });

  it('leaves results without documents as they were', () => {
    expect(toVersion3.migrate({ context: { results: { summary: '已完成' } } }, envelope)).toEqual({ context: { results: { summary: '已完成' } } });
  });
});
