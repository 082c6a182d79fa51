import type { Label } from '../machines/labels.js';
import { issueLineZh, issueMessageZh, issuesLineZh } from './_lib/messagesZh.js';

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
  /** A blob store holds no file for that document reference (same hash, size and media type). */
  'BLOB_NOT_FOUND',
  /**
   * A stored file no longer hashes to its reference: the file was changed or damaged after it was
   * stored. `context.actualSha256` says what it hashes to now (a reference of a stored hash with
   * another size is `BLOB_NOT_FOUND`).
   */
  'BLOB_CORRUPT',
] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];

/**
 * Each code's title in Chinese and English: the `title` of an HTTP problem body, the start of
 * {@link LinkedEnforcementError.messageZh}.
 *
 * @example
 * errorTitles.NOT_ALLOWED.zh
 * //=> '不允许此操作'
 */
export const errorTitles: Readonly<Record<ErrorCode, Label>> = {
  INVALID_INPUT: { zh: '输入有误', en: 'Invalid input' },
  UNKNOWN_ITEM: { zh: '事项不存在', en: 'Unknown item' },
  UNKNOWN_UNIT: { zh: '单位不存在', en: 'Unknown unit' },
  INVALID_CATALOG: { zh: '事项清单数据有误', en: 'Invalid catalog' },
  LOCALITY_REQUIRED: { zh: '须指明属地乡镇（街道）', en: 'Locality required' },
  INVALID_DATE: { zh: '日期无效', en: 'Invalid date' },
  OUT_OF_COVERAGE: { zh: '超出节假日数据的年份范围', en: 'Out of coverage' },
  INVALID_EVENT: { zh: '操作内容有误', en: 'Invalid event' },
  NOT_ALLOWED: { zh: '不允许此操作', en: 'Not allowed' },
  CASE_NOT_FOUND: { zh: '案件不存在', en: 'Case not found' },
  VERSION_CONFLICT: { zh: '案件已被他人更新', en: 'Version conflict' },
  INCOMPATIBLE_SNAPSHOT: { zh: '案件的存储数据无法读取', en: 'Incompatible snapshot' },
  STORE_UNAVAILABLE: { zh: '存储暂不可用', en: 'Store unavailable' },
  BLOB_NOT_FOUND: { zh: '文件不存在', en: 'Blob not found' },
  BLOB_CORRUPT: { zh: '文件已损坏或被替换', en: 'Blob corrupt' },
};

/** One problem found while validating, in the shape zod reports it. */
export interface ErrorIssue {
  /** What kind of problem (zod's issue code, or one of ours such as `duplicate_id`). */
  readonly code: string;
  /** Where in the input, e.g. `['items', 3, 'lead', 'unit']`. */
  readonly path: readonly PropertyKey[];
  /** In English; {@link LinkedEnforcementError.localizedIssues} gives it in Chinese. */
  readonly message: string;
}

/** A language of the messages: `en` (the `message` of errors and issues) or `zh-CN` (简体中文). */
export type MessageLocale = 'en' | 'zh-CN';

/** Options of the {@link LinkedEnforcementError} constructor. */
export interface LinkedEnforcementErrorOptions {
  /** Values a caller needs to handle or report the error: the date, the item number, the case id. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Every validation problem, when there were several. */
  readonly issues?: readonly ErrorIssue[];
  readonly cause?: unknown;
  /** The message in Chinese; by default it is made from the code's title, `context.reasonZh` (or the issues) and the case id. */
  readonly messageZh?: string;
}

/** The Chinese issues listed in a message: enough to act on, and a count of the rest. */
const ISSUES_IN_MESSAGE = 10;

const numberOrNone = (value: unknown) => (typeof value === 'number' ? String(value) : '无');

/** What a code's Chinese message adds from its context when there is no reason and no issue. */
function detailZh(code: ErrorCode, context: Readonly<Record<string, unknown>>): string {
  switch (code) {
    case 'VERSION_CONFLICT':
      return `期望版本 ${numberOrNone(context.expectedVersion)}，实际版本 ${numberOrNone(context.actualVersion)}；请重新读取案件后再操作`;
    case 'STORE_UNAVAILABLE':
      return `${context.retryable === false ? '重试无效，请联系系统管理员' : '请稍后重试'}${context.outcome === 'unknown' ? '；写入是否成功未知，请用同一幂等键重试' : ''}`;
    case 'UNKNOWN_ITEM':
      return typeof context.no === 'number' ? `清单中没有事项 ${context.no}` : '';
    case 'UNKNOWN_UNIT':
      return typeof context.unit === 'string' ? `清单中没有单位“${context.unit}”` : '';
    case 'LOCALITY_REQUIRED':
      return typeof context.placeholder === 'string' ? `事项 ${numberOrNone(context.no)} 的单位含“${context.placeholder}”，请指明执法所在的乡镇或街道` : '';
    case 'INCOMPATIBLE_SNAPSHOT':
      return '存储的数据已损坏或来自不兼容的版本，请联系系统管理员';
    case 'BLOB_NOT_FOUND':
      return typeof context.name === 'string' ? `文件存储中没有“${context.name}”` : '';
    case 'BLOB_CORRUPT':
      return `${typeof context.name === 'string' ? `“${context.name}”` : '文件'}的内容与其 SHA-256 摘要不符，请联系系统管理员`;
    case 'OUT_OF_COVERAGE':
      return typeof context.date === 'string' ? `${context.date} 超出节假日数据的年份范围` : '节假日数据无法使用';
    case 'CASE_NOT_FOUND':
    case 'INVALID_INPUT':
    case 'INVALID_CATALOG':
    case 'INVALID_DATE':
    case 'INVALID_EVENT':
    case 'NOT_ALLOWED':
      return '';
  }
}

/** The default Chinese message: the code's title, the case, and why (`context.reasonZh`, else the issues, else the context). */
function defaultMessageZh(code: ErrorCode, context: Readonly<Record<string, unknown>>, issues: readonly ErrorIssue[]): string {
  const title = errorTitles[code]?.zh ?? code;
  const head = typeof context.caseId === 'string' ? `${title}（案件 ${context.caseId}）` : title;
  let detail: string;
  if (typeof context.reasonZh === 'string') detail = context.reasonZh;
  else if (issues.length > 0) {
    const listed = issuesLineZh(issues.slice(0, ISSUES_IN_MESSAGE));
    detail = issues.length > ISSUES_IN_MESSAGE ? `${listed}；等共 ${issues.length} 项` : listed;
  } else detail = detailZh(code, context);
  return detail === '' ? head : `${head}：${detail}`;
}

/** {@link defaultMessageZh}, or the code's title should wording it fail: making an error never throws. */
function safeMessageZh(code: ErrorCode, context: Readonly<Record<string, unknown>>, issues: readonly ErrorIssue[]): string {
  try {
    return defaultMessageZh(code, context, issues);
  } catch {
    return errorTitles[code]?.zh ?? String(code);
  }
}

/**
 * The one error class this library throws. Branch on `code`; read `context` and `issues` for
 * what exactly was wrong. `message` is English, for logs and developers; `messageZh` says the
 * same in Chinese for the people who run the procedure (a clerk's screen, an HTTP problem body),
 * and `localizedIssues('zh-CN')` gives each issue's message in Chinese.
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
  /**
   * The message in Chinese (简体中文): the code's title, the case, and why — the machine's
   * reason (`context.reasonZh`) or each issue, with field names in Chinese.
   *
   * @example
   * error.messageZh
   * //=> '操作内容有误（案件 c1）：理由：不能为空'
   */
  readonly messageZh: string;

  constructor(code: Code, message: string, options: LinkedEnforcementErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.context = Object.freeze({ ...options.context });
    this.issues = Object.freeze([...(options.issues ?? [])]);
    this.messageZh = options.messageZh ?? safeMessageZh(code, this.context, this.issues);
  }

  /**
   * The message in a language: `message` for `en`, `messageZh` for `zh-CN`.
   *
   * @example
   * error.localizedMessage('zh-CN') === error.messageZh
   * //=> true
   */
  localizedMessage(locale: MessageLocale): string {
    return locale === 'zh-CN' ? this.messageZh : this.message;
  }

  /**
   * The issues with their `message` in a language (same `code` and `path`). In Chinese, the
   * message says what is wrong with the field; {@link localizedIssueLine} adds the field's
   * Chinese name, as `messageZh` lists them.
   *
   * @example
   * error.localizedIssues('zh-CN')
   * //=> [{ code: 'too_small', path: ['event', 'reason'], message: '不能为空' }]
   */
  localizedIssues(locale: MessageLocale): readonly ErrorIssue[] {
    if (locale !== 'zh-CN') return this.issues;
    return this.issues.map((issue) => ({ code: issue.code, path: issue.path, message: issueMessageZh(issue) }));
  }
}

/**
 * `理由：不能为空` — an issue's field (its Chinese name) and message in Chinese, as
 * {@link LinkedEnforcementError.messageZh} lists them.
 *
 * @example
 * localizedIssueLine({ code: 'too_small', path: ['event', 'reason'], message: 'must not be empty' })
 * //=> '理由：不能为空'
 */
export function localizedIssueLine(issue: ErrorIssue): string {
  return issueLineZh(issue);
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
