import { z } from 'zod';
import type { CaseMachine } from '../../../machines/createCaseMachine.js';
import { machineRules } from '../../../machines/_lib/machineRules.js';
import { remindersOptionSchema } from '../../../machines/_lib/reminders.js';
import { CASE_MACHINE_VERSION } from '../migrations.js';
import type { BlobStore } from '../../blobs/types.js';
import type { CaseEngineOptions, CaseMigration, CaseStore, Clock } from '../types.js';

const isFunction = (value: unknown): boolean => typeof value === 'function';
const hasMethods = (value: unknown, names: readonly string[]): boolean =>
  typeof value === 'object' && value !== null && names.every((name) => isFunction((value as Record<string, unknown>)[name]));

const migrationSchema = z.object({
  from: z.number().int().min(0),
  to: z.number().int().min(1),
  migrate: z.custom<CaseMigration['migrate']>(isFunction, 'must be a function'),
});

/** `createCaseEngine`'s options, checked. */
export const engineOptionsSchema = z
  .object({
    store: z
      .custom<CaseStore>(
        (value) => hasMethods(value, ['load', 'create', 'commit', 'audit', 'list', 'claimDue', 'caseIds', 'claimNotifications', 'settleNotifications', 'notifications']),
        'must be a case store (memoryStore(), postgresStore(…)) with the methods of CaseStore 0.2 (list with pages, claimDue)',
      )
      .optional(),
    // WeakMap#has answers false for anything that is not an object (null, a string…): no need to ask first.
    machine: z.custom<CaseMachine>((value) => machineRules.has(value as object), 'must be a case machine made by createCaseMachine').optional(),
    machineVersion: z.number().int().min(0).optional(),
    migrations: z.array(migrationSchema).max(1000).optional(),
    blobs: z.custom<BlobStore>((value) => hasMethods(value, ['put', 'get', 'has']), 'must be a blob store (memoryBlobStore(), fileBlobStore(…), postgresBlobStore(…))').optional(),
    clock: z.custom<Clock>((value) => hasMethods(value, ['now']), 'must have a now() method returning a Date').optional(),
    sweeper: z.object({ system: z.string().trim().min(1) }).strict().optional(),
    reminders: remindersOptionSchema.optional(),
    onNotification: z.custom<NonNullable<CaseEngineOptions['onNotification']>>(isFunction, 'must be a function').optional(),
    onHookError: z.custom<NonNullable<CaseEngineOptions['onHookError']>>(isFunction, 'must be a function').optional(),
    maxAttempts: z.number().int().min(1).max(1000).optional(),
    maxClockSkewMs: z.number().int().min(0).max(24 * 60 * 60 * 1000).optional(),
    delivery: z
      .object({
        maxAttempts: z.number().int().min(1).max(1000).optional(),
        baseDelayMs: z.number().int().min(0).max(24 * 60 * 60 * 1000).optional(),
        maxDelayMs: z.number().int().min(0).max(30 * 24 * 60 * 60 * 1000).optional(),
        leaseMs: z.number().int().min(1).max(24 * 60 * 60 * 1000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((options, ctx) => {
    if (options.migrations === undefined) return;
    const target = options.machineVersion ?? CASE_MACHINE_VERSION;
    const seen = new Set<number>();
    for (const [index, migration] of options.migrations.entries()) {
      const path = ['migrations', index];
      if (migration.to <= migration.from) ctx.addIssue({ code: 'custom', path, message: `goes from ${migration.from} to ${migration.to}: "to" must be greater` });
      if (migration.to > target) ctx.addIssue({ code: 'custom', path, message: `goes to ${migration.to}, beyond machineVersion ${target}` });
      if (seen.has(migration.from)) ctx.addIssue({ code: 'custom', path, message: `a second migration from ${migration.from}` });
      seen.add(migration.from);
    }
  });
