/** The case engine (案件引擎): persistence, concurrency, durable deadlines, the notification outbox and the audit log. */
export { CASE_MACHINE_VERSION, createCaseEngine } from './createCaseEngine.js';
export { memoryStore } from './memoryStore.js';
export type { MemoryCaseData, MemoryStore, MemoryStoreData, MemoryStoreOptions } from './memoryStore.js';
export { GENESIS_HASH, auditEntryHash, verifyAuditChain } from './auditChain.js';
export { auditEntrySchema, caseEnvelopeSchema } from './schemas.js';
export { statsGroupingSchema, statsQuerySchema, statsReportSchema, statsRowSchema, statsStepSchema } from './statsSchemas.js';
export type * from './types.js';
