/**
 * Every stable error code this library throws. A code never changes meaning once released, so
 * callers can branch on it (and translate it) without parsing messages.
 */
export const errorCodes = [
  /** A public function got a malformed argument. */
  'INVALID_INPUT',
  /** No high-frequency item (高频事项) has that number or id. */
  'UNKNOWN_ITEM',
  /** No unit (单位) has that id, name or alias. */
  'UNKNOWN_UNIT',
  /** `defineCatalog` found problems in the data; `issues` lists every one. */
  'INVALID_CATALOG',
  /** An item names the locality (属地乡镇（街道）) but no locality was given. */
  'LOCALITY_REQUIRED',
  /** Not a real calendar date or instant. */
  'INVALID_DATE',
  /** A date outside the years the holiday data covers, with `beyondCoverage: 'throw'`. */
  'OUT_OF_COVERAGE',
  /** An event whose payload does not match its schema. */
  'INVALID_EVENT',
  /** The actor may not send that event in the case's current state. */
  'NOT_ALLOWED',
  /** No stored case has that id. */
  'CASE_NOT_FOUND',
  /** The stored case moved on since the caller read it. */
  'VERSION_CONFLICT',
  /** A stored snapshot the current machine cannot take. */
  'INCOMPATIBLE_SNAPSHOT',
  /**
   * The store failed or could not be reached (connection refused or lost, server restarting,
   * missing tables, an error inside the store). `context.retryable` says whether trying again
   * may help; `context.outcome` whether the write happened: `not-applied`, or `unknown` when
   * the store's answer to a write was lost (retry with the same idempotency key).
   */
  'STORE_UNAVAILABLE',
] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];

/** One problem found while validating, in the shape zod reports it. */
export interface ErrorIssue {
  /** What kind of problem (zod's issue code, or one of ours such as `duplicate_id`). */
  readonly code: string;
  /** Where in the input, e.g. `['items', 3, 'lead', 'unit']`. */
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Options of the {@link LinkedEnforcementError} constructor. */
export interface LinkedEnforcementErrorOptions {
  /** Values a caller needs to handle or report the error: the date, the item number, the case id. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Every validation problem, when there were several. */
  readonly issues?: readonly ErrorIssue[];
  readonly cause?: unknown;
}

/**
 * The one error class this library throws. Branch on `code`; read `context` and `issues` for
 * what exactly was wrong.
 *
 * @example
 * try {
 *   siyangCatalog.getItem(40);
 * } catch (error) {
 *   if (isLinkedEnforcementError(error, 'UNKNOWN_ITEM')) console.log(error.context.no);
 *   //=> 40
 * }
 */
export class LinkedEnforcementError<Code extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'LinkedEnforcementError' as const;
  readonly code: Code;
  readonly context: Readonly<Record<string, unknown>>;
  readonly issues: readonly ErrorIssue[];

  constructor(code: Code, message: string, options: LinkedEnforcementErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.context = Object.freeze({ ...options.context });
    this.issues = Object.freeze([...(options.issues ?? [])]);
  }
}

/**
 * Whether `error` is a {@link LinkedEnforcementError} (optionally with the given `code`).
 * Checks `name` and `code` rather than `instanceof`, so it also works across realms and across
 * duplicate copies of the package.
 *
 * @example
 * isLinkedEnforcementError(new LinkedEnforcementError('UNKNOWN_UNIT', '…'), 'UNKNOWN_UNIT')
 * //=> true
 */
export function isLinkedEnforcementError<Code extends ErrorCode = ErrorCode>(
  error: unknown,
  code?: Code,
): error is LinkedEnforcementError<Code> {
  if (typeof error !== 'object' || error === null) return false;
  try {
    const { name, code: actual } = error as { name?: unknown; code?: unknown };
    if (name !== 'LinkedEnforcementError') return false;
    if (typeof actual !== 'string' || !(errorCodes as readonly string[]).includes(actual)) return false;
    return code === undefined || actual === code;
  } catch {
    // A Proxy or a getter that throws: whatever it is, it is not one of ours.
    return false;
  }
}
