/**
 * The JSON Schema documents of `linked-enforcement/schemas`, made from the zod schemas by
 * `scripts/build-schemas.ts` (the build runs it). Not part of any entry: the schemas entry
 * imports the JSON it wrote, so a consumer's import loads no zod.
 */
import { z } from 'zod';
import { caseDossierSchema, caseNotificationSchema } from '../../../machines/outputSchemas.js';
import { doc, named, schemaDocs } from '../../../machines/_lib/schemaDocs.js';
import { caseEventSchema, caseInputSchema, documentReferenceSchema, instantSchema } from '../../../machines/schemas.js';
import { errorCodes } from '../../errors.js';
import { identifierKeys, MAX_IDENTIFIER_LENGTH, MAX_TEXT_LENGTH } from '../../engine/_lib/inputLimits.js';
import { statsReportSchema, statsRowSchema } from '../../engine/statsSchemas.js';
import { auditEntryViewSchema, caseViewSchema, doneItemSchema, inboxItemSchema, outboxMessageSchema, sendResultSchema } from '../../engine/viewSchemas.js';

/** One document: a file `<name>.schema.json` and the export that holds it. */
export interface SchemaDocument {
  /** The file name without `.schema.json`, also the end of its `$id`. */
  readonly name: string;
  /** The document's title: the TypeScript type it describes. */
  readonly title: string;
  readonly zh: string;
  readonly en: string;
  readonly schema: z.ZodType;
  /** `input`: what the engine accepts (open objects where it ignores extra keys); `output`: what it hands out (closed objects). */
  readonly io: 'input' | 'output';
}

const optionalAt = (zh: string, en: string) => doc(instantSchema, `${zh}；不填时由引擎按其时钟填写（建议不填）`, `${en}; leave it out and the engine stamps it with its clock`).optional();

/** `engine.open`'s input: the machine's input with `at` optional. */
export const caseOpenInputSchema = z.discriminatedUnion(
  'origin',
  caseInputSchema.options.map((option) => option.extend({ at: optionalAt('立案时间', 'When the case started') })) as unknown as typeof caseInputSchema.options,
);

const pascal = (type: string) => type.replace(/(?:^|\.)(\w)/gu, (_, letter: string) => letter.toUpperCase());

/** Each event as `engine.send` takes it (`at` optional), by type, named `<Type>Event` (`ReviewPassEvent`). */
export const caseEventInputSchemas = Object.fromEntries(
  caseEventSchema.options.map((option) => {
    const type = option.shape.type.value;
    const extended = option.extend({ at: optionalAt('操作时间', 'When it happened') });
    return [type, named(extended, `${pascal(type)}Event`, `操作：${type}`, `The event ${type}`)];
  }),
) as Record<string, z.ZodType>;

/** Any event as `engine.send` takes it. */
export const caseEventInputSchema = z.discriminatedUnion('type', Object.values(caseEventInputSchemas) as never);

const problemIssueSchema = named(
  z.object({
    code: doc(z.string(), '问题类别（zod 的 issue code 或本库的代码）', 'zod’s issue code, or one of ours'),
    path: doc(z.array(z.union([z.string(), z.number()])), '问题所在的位置，如 ["event", "reason"]', 'Where in the request, e.g. ["event", "reason"]'),
    message: doc(z.string(), '英文说明', 'The message in English'),
    messageZh: doc(z.string(), '中文说明', 'The message in Chinese'),
  }),
  'ProblemIssue',
  '一个校验问题',
  'One validation problem',
);

/** The RFC 9457 problem body `toProblemDetails` makes (and the server sends). */
export const problemDetailsSchema = named(
  z.object({
    type: doc(z.string(), '问题类型的 URI，默认 urn:linked-enforcement:error:<code>', 'A URI for the problem type; urn:linked-enforcement:error:<code> by default'),
    title: doc(z.string(), '错误代码的中文标题，如 不允许此操作', 'The code’s title in Chinese, e.g. 不允许此操作'),
    status: doc(z.number().int().min(400).max(599), 'HTTP 状态码', 'The HTTP status'),
    detail: doc(z.string(), '英文错误信息', 'The error message in English'),
    detailZh: doc(z.string(), '中文错误信息，可直接展示给办事人员', 'The error message in Chinese, for the clerk'),
    code: doc(z.enum(errorCodes), '稳定的错误代码', 'The stable error code'),
    context: doc(z.record(z.string(), z.unknown()), '处理该错误所需的信息（案件编号、版本、reason 与 reasonZh 等）', 'What a caller needs to handle it: the case id, versions, reason and reasonZh…'),
    issues: doc(z.array(problemIssueSchema), '每个校验问题', 'Every validation problem'),
    instance: doc(z.string(), '出错的请求', 'The request it concerns').optional(),
  }),
  'ProblemDetails',
  '错误响应（RFC 9457 application/problem+json）',
  'An error as an HTTP problem body (RFC 9457, application/problem+json)',
);

/** Every document, in the order the README lists them. */
export const schemaDocuments: readonly SchemaDocument[] = [
  { name: 'case-open-input', title: 'CaseOpenInput', zh: '立案信息（engine.open 的参数）', en: 'The opening input engine.open takes', schema: caseOpenInputSchema, io: 'input' },
  { name: 'case-event-input', title: 'CaseEventInput', zh: '任一操作（engine.send 的参数）', en: 'Any event engine.send takes', schema: caseEventInputSchema, io: 'input' },
  ...Object.entries(caseEventInputSchemas).map(([type, schema]): SchemaDocument => ({
    name: `events/${type}`,
    title: `${pascal(type)}Event`,
    zh: `操作 ${type}（engine.send 的参数）`,
    en: `The event ${type} as engine.send takes it`,
    schema,
    io: 'input',
  })),
  {
    name: 'document-reference',
    title: 'DocumentReference',
    zh: '法律文书引用（BlobStore.put 的结果，操作中的 documents）',
    en: 'A document reference (what BlobStore.put returns, events carry as documents)',
    schema: documentReferenceSchema,
    io: 'input',
  },
  { name: 'case-view', title: 'CaseView', zh: '案件视图（engine.get、engine.list 的结果）', en: 'A case view (engine.get, engine.list)', schema: caseViewSchema, io: 'output' },
  { name: 'send-result', title: 'SendResult', zh: '立案或操作的结果（engine.open、engine.send 的结果）', en: 'What engine.open and engine.send return', schema: sendResultSchema, io: 'output' },
  { name: 'inbox-item', title: 'InboxItem', zh: '待办事项（engine.inbox 的 items 之一）', en: 'One item of engine.inbox (待办)', schema: inboxItemSchema, io: 'output' },
  { name: 'done-item', title: 'DoneItem', zh: '已办事项（engine.done 的 items 之一）', en: 'One item of engine.done (已办)', schema: doneItemSchema, io: 'output' },
  { name: 'case-notification', title: 'CaseNotification', zh: '案件发出的通知', en: 'A notification a case emits', schema: caseNotificationSchema, io: 'output' },
  { name: 'outbox-message', title: 'OutboxMessage', zh: '发件箱中的通知，带通知编号', en: 'A notification in the outbox, with its id', schema: outboxMessageSchema, io: 'output' },
  { name: 'case-dossier', title: 'CaseDossier', zh: '存档材料', en: 'The archive dossier', schema: caseDossierSchema, io: 'output' },
  { name: 'audit-entry', title: 'AuditEntry', zh: '审计日志的一条（engine.history 的结果）', en: 'One audit log entry (engine.history)', schema: auditEntryViewSchema, io: 'output' },
  { name: 'problem-details', title: 'ProblemDetails', zh: '错误响应（RFC 9457）', en: 'An error as an RFC 9457 problem body', schema: problemDetailsSchema, io: 'output' },
  { name: 'stats-row', title: 'StatsRow', zh: '统计报表的一行', en: 'One row of the statistics (engine.stats)', schema: statsRowSchema, io: 'output' },
  { name: 'stats-report', title: 'StatsReport', zh: '统计报表（engine.stats 的结果）', en: 'What engine.stats returns', schema: statsReportSchema, io: 'output' },
];

type Json = { [key: string]: unknown };

const NO_CONTROL = '[^\\u0000-\\u001F\\u007F]';
/** An identifier the engine takes: no control characters, something besides spaces (zod trims). */
const IDENTIFIER_PATTERN = `^${NO_CONTROL}*[^\\s\\u0000-\\u001F\\u007F]${NO_CONTROL}*$`;
/** A text zod trims before requiring one character: something besides white space. */
const NOT_BLANK_PATTERN = '\\S';

/**
 * What the engine checks before any schema reads an input (`inputLimitIssues`), written into an
 * input document where JSON Schema can say it: identifiers (unit ids, names…) at most 200
 * characters without control characters, other text at most 20 000; and zod's trimming, as
 * "something besides white space".
 */
function addInputLimits(node: unknown, key: string | undefined): void {
  if (Array.isArray(node)) return node.forEach((child) => addInputLimits(child, key));
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Json;
  if (schema.type === 'string' && schema.format === undefined && schema.const === undefined && schema.enum === undefined && schema.pattern === undefined) {
    const trimmed = schema.minLength === 1;
    if (key !== undefined && identifierKeys.has(key)) {
      schema.maxLength = MAX_IDENTIFIER_LENGTH;
      schema.pattern = trimmed ? IDENTIFIER_PATTERN : `^${NO_CONTROL}*$`;
    } else {
      schema.maxLength = MAX_TEXT_LENGTH;
      if (trimmed) schema.pattern = NOT_BLANK_PATTERN;
    }
  }
  for (const [name, child] of Object.entries(schema)) {
    if (name === 'properties') {
      for (const [property, value] of Object.entries(child as Json)) addInputLimits(value, property);
    } else if (name === '$defs') {
      for (const value of Object.values(child as Json)) addInputLimits(value, undefined);
    } else if (typeof child === 'object' && child !== null) {
      addInputLimits(child, key);
    }
  }
}

/** zod writes `readOnly` for `.readonly()`; the documents describe data, not which side may write it. */
function dropReadOnly(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(dropReadOnly);
  if (typeof node !== 'object' || node === null) return;
  delete (node as Json).readOnly;
  Object.values(node).forEach(dropReadOnly);
}

/** The JSON Schema 2020-12 document, as the build writes it. */
export function toJsonSchema(document: SchemaDocument): Json {
  const { $schema, ...body } = z.toJSONSchema(document.schema, {
    target: 'draft-2020-12',
    io: document.io,
    metadata: schemaDocs,
    unrepresentable: 'throw',
    cycles: 'throw',
  }) as Json;
  if (document.io === 'input') addInputLimits(body, undefined);
  dropReadOnly(body);
  // The document's own id and description come first; a named root schema's become the document's.
  delete body.id;
  delete body.title;
  delete body.description;
  return {
    $schema,
    $id: `urn:linked-enforcement:schema:${document.name}`,
    title: document.title,
    description: `${document.zh} — ${document.en}`,
    ...body,
  };
}
