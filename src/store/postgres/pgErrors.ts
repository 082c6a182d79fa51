import { isLinkedEnforcementError, LinkedEnforcementError } from '../../errors.js';

/** What the store was doing when the server answered with an error. */
export interface PgOperation {
  readonly operation: string;
  /** The statement writes: a lost answer leaves its outcome unknown. */
  readonly write: boolean;
  readonly caseId?: string;
}

/** Connection-level failures node-postgres reports without a SQLSTATE. */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

const retryableStates = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
]);

/** Invalid data that reached SQL: the engine validates first, so this is a store-side guard. */
const dataStates = new Set(['22021', '22P05', '22008', '22009', '22007', '22P02', '22001', '22003', '54000']);

/**
 * A typed error for whatever node-postgres threw: `STORE_UNAVAILABLE` with `retryable` and the
 * write's `outcome` (`unknown` when the connection dropped after the statement was sent, since
 * the server may have committed it; `not-applied` when the server refused or rolled it back), or
 * `INVALID_INPUT` for data PostgreSQL cannot hold. Never a raw `pg` error.
 */
export function pgFailure(error: unknown, at: PgOperation): LinkedEnforcementError {
  if (isLinkedEnforcementError(error)) return error;
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : undefined;
  const network = code !== undefined && networkCodes.has(code);
  const sqlstate = !network && code !== undefined && /^[0-9A-Z]{5}$/u.test(code) ? code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const where = `${at.operation}${at.caseId === undefined ? '' : ` (case ${at.caseId})`}`;
  const base = { store: 'postgres', operation: at.operation, ...(at.caseId === undefined ? {} : { caseId: at.caseId }), ...(code === undefined ? {} : { sqlstate: code }) };
  if (sqlstate !== undefined && dataStates.has(sqlstate)) {
    return new LinkedEnforcementError('INVALID_INPUT', `PostgreSQL cannot store the data of ${where}: ${message}`, { context: { ...base, argument: 'data', outcome: 'not-applied' }, cause: error });
  }
  const connection =
    network ||
    (sqlstate !== undefined && (sqlstate.startsWith('08') || ['57P01', '57P02', '57P03'].includes(sqlstate))) ||
    (sqlstate === undefined && /connection|terminat|timeout|socket/iu.test(message));
  if (connection) {
    // The statement may have reached the server and committed before the answer was lost.
    return new LinkedEnforcementError('STORE_UNAVAILABLE', `PostgreSQL is unreachable (${where}): ${message}`, {
      context: { ...base, retryable: true, outcome: at.write ? 'unknown' : 'not-applied' },
      cause: error,
    });
  }
  if (sqlstate !== undefined && retryableStates.has(sqlstate)) {
    return new LinkedEnforcementError('STORE_UNAVAILABLE', `PostgreSQL refused ${where} for now: ${message}`, { context: { ...base, retryable: true, outcome: 'not-applied' }, cause: error });
  }
  const hint = sqlstate === '42P01' ? ' (run store.migrate())' : sqlstate === '42501' ? ' (the role lacks a privilege: see postgresSchema’s appRole)' : '';
  return new LinkedEnforcementError('STORE_UNAVAILABLE', `PostgreSQL failed in ${where}: ${message}${hint}`, {
    context: { ...base, retryable: false, outcome: sqlstate === undefined && at.write ? 'unknown' : 'not-applied' },
    cause: error,
  });
}
