import {
  auditEntryJsonSchema,
  caseEventInputJsonSchema,
  caseNotificationJsonSchema,
  caseOpenInputJsonSchema,
  caseViewJsonSchema,
  documentReferenceJsonSchema,
  doneItemJsonSchema,
  inboxItemJsonSchema,
  problemDetailsJsonSchema,
  sendResultJsonSchema,
  statsReportJsonSchema,
} from '../schemas/index.js';
import { version } from '../cli/_lib/version.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string, headers?: Json): Json => ({ description, content: { 'application/json': { schema } }, ...(headers === undefined ? {} : { headers }) });
const problem = (description: string): Json => ({ description, content: { 'application/problem+json': { schema: ref('ProblemDetails') } } });
const etagHeader = { ETag: { description: '案件版本 — The case version, e.g. "3"', schema: { type: 'string' } } };
const caseIdParameter = { name: 'caseId', in: 'path', required: true, description: '案件编号 — The case id', schema: { type: 'string', minLength: 1 } };
const queryParameter = (name: string, schema: Json, description: string, required = false): Json => ({ name, in: 'query', required, description, schema });

/** Answers every authenticated route may give besides its own. */
const common: Json = {
  '400': problem('请求有误 — Bad input: malformed JSON or URL encoding, an unknown query parameter or value, a body naming `by`'),
  '401': problem('未认证 — No valid credentials'),
  '503': problem('存储不可用 — The store is unavailable; retry after Retry-After seconds'),
};
const publicCommon: Json = { '400': common['400'] };
const failedCases: Json = {
  type: 'array',
  description: '无法读取的案件 — Cases that could not be read (run verifyAudit on them)',
  items: { type: 'object', required: ['caseId', 'code', 'message'], additionalProperties: false, properties: { caseId: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
};
/** A page of 待办 or 已办: the items (`item` names the component), the next cursor, the cases that could not be read. */
const workPage = (item: string, description: string): Json => ({
  type: 'object',
  description,
  required: ['items', 'nextCursor', 'failed'],
  additionalProperties: false,
  properties: { items: { type: 'array', items: ref(item) }, nextCursor: { type: ['string', 'null'], description: '下一页的游标 — Pass as cursor for the next page; null after the last' }, failed: failedCases },
});
const pageParameters = [
  queryParameter('limit', { type: 'integer', minimum: 1, maximum: 1000 }, '每页条数 — Page size (default 20)'),
  queryParameter('cursor', { type: 'string' }, '上一页的 nextCursor — The previous page’s nextCursor'),
];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachmentHeader = { 'Content-Disposition': { description: '导出文件名 — attachment; filename="stats_<from>_<to>_<by>.<ext>" (and filename* in Chinese) for csv and xlsx', schema: { type: 'string' } } };
const secured = [{ bearer: [] }];

/**
 * The OpenAPI 3.1 document of the server (what `GET /openapi.json` answers), built from the
 * package's JSON Schemas (the same documents as `linked-enforcement/schemas`): a Java or low-code
 * team generates its client from it.
 *
 * @returns The document: plain JSON.
 * @example
 * openApiDocument().openapi
 * //=> '3.1.0'
 */
export function openApiDocument(): Record<string, unknown> {
  const schemas: Json = {
    CaseOpenInput: caseOpenInputJsonSchema,
    CaseEventInput: caseEventInputJsonSchema,
    CaseView: caseViewJsonSchema,
    SendResult: sendResultJsonSchema,
    CaseNotification: caseNotificationJsonSchema,
    AuditEntry: auditEntryJsonSchema,
    ProblemDetails: problemDetailsJsonSchema,
    InboxItem: inboxItemJsonSchema,
    DoneItem: doneItemJsonSchema,
    StatsReport: statsReportJsonSchema,
    DocumentReference: documentReferenceJsonSchema,
    InboxPage: workPage('InboxItem', '待办的一页 — One page of the caller’s inbox'),
    DonePage: workPage('DoneItem', '已办的一页 — One page of the cases the caller acted on'),
    CasePage: {
      type: 'object',
      description: '案件列表的一页 — One page of the case list',
      required: ['items', 'nextCursor', 'failed'],
      additionalProperties: false,
      properties: {
        items: { type: 'array', items: ref('CaseView') },
        nextCursor: { type: ['string', 'null'], description: '下一页的游标 — Pass as cursor for the next page; null after the last' },
        failed: {
          type: 'array',
          items: { type: 'object', required: ['caseId', 'code', 'message'], additionalProperties: false, properties: { caseId: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
    AuditVerification: {
      type: 'object',
      description: '审计核验结果 — What verifyAudit found',
      required: ['caseId', 'ok', 'problems', 'warnings', 'replayed', 'entries', 'head'],
      properties: {
        caseId: { type: 'string' },
        ok: { type: 'boolean' },
        problems: { type: 'array', items: { type: 'object', required: ['kind', 'version', 'message'] } },
        warnings: { type: 'array', items: { type: 'object', required: ['kind', 'version', 'message'] } },
        replayed: { type: 'boolean' },
        replayNote: { type: 'string' },
        entries: { type: 'array', items: ref('AuditEntry') },
        head: { type: ['string', 'null'] },
        brokenAt: { type: 'integer' },
        reason: { type: 'string' },
      },
    },
    DayInfo: {
      type: 'object',
      description: '某日是否工作日 — Whether a day is a working day',
      required: ['date', 'working', 'kind', 'provisional'],
      additionalProperties: false,
      properties: { date: { type: 'string', format: 'date' }, working: { type: 'boolean' }, kind: { type: 'string' }, holiday: { type: 'string' }, provisional: { type: 'boolean' } },
    },
  };
  const paths: Json = {
    '/health': { get: { operationId: 'health', summary: '健康检查 — Health', responses: { '200': json({ type: 'object', required: ['status', 'store', 'machineVersion'], properties: { status: { const: 'ok' }, store: { type: 'string' }, machineVersion: { type: 'integer' }, documents: { type: 'boolean', description: '是否提供法律文书上传下载 — Whether /documents is offered (the engine has a blob store)' } } }, 'The store answers'), '503': common['503'] } } },
    '/openapi.json': { get: { operationId: 'openApi', summary: '本文档 — This document', responses: { '200': json({ type: 'object', required: ['openapi', 'paths'] }, 'OpenAPI 3.1') } } },
    '/cases': {
      post: {
        operationId: 'openCase',
        summary: '立案 — Open a case (the caller is `by`)',
        security: secured,
        requestBody: { required: true, content: { 'application/json': { schema: { description: 'The opening input without `by`', type: 'object' } } } },
        responses: { '201': json(ref('SendResult'), 'Opened', etagHeader), '403': problem('不允许此操作 — NOT_ALLOWED'), '409': problem('案件编号已存在 — VERSION_CONFLICT'), '413': problem('请求体过大 — Body too large'), '415': problem('不是 JSON — Not JSON'), ...common },
      },
      get: {
        operationId: 'listCases',
        summary: '案件列表 — List cases (filters and a cursor)',
        security: secured,
        parameters: [
          queryParameter('state', { type: 'string' }, '状态路径或阶段 — A state path or stage'),
          queryParameter('unit', { type: 'string' }, '参与单位 — A unit taking part'),
          queryParameter('overdue', { type: 'string', enum: ['true', 'false'] }, '是否超期 — Overdue or not'),
          queryParameter('origin', { type: 'string' }, '立案方式 — How the case started'),
          queryParameter('itemNo', { type: 'integer', minimum: 1 }, '事项编号 — Catalog item'),
          queryParameter('openedFrom', { type: 'string', format: 'date-time' }, '立案时间起（含） — Opened at or after'),
          queryParameter('openedTo', { type: 'string', format: 'date-time' }, '立案时间止（不含） — Opened before'),
          queryParameter('limit', { type: 'integer', minimum: 1, maximum: 500 }, '每页条数 — Page size (default 50)'),
          queryParameter('cursor', { type: 'string' }, '上一页的 nextCursor — The previous page’s nextCursor'),
        ],
        responses: { '200': json(ref('CasePage'), 'One page'), ...common },
      },
    },
    '/cases/{caseId}': {
      get: {
        operationId: 'getCase',
        summary: '案件详情 — A case (ETag = version)',
        security: secured,
        parameters: [caseIdParameter, { name: 'If-None-Match', in: 'header', schema: { type: 'string' } }],
        responses: { '200': json(ref('CaseView'), 'The case', etagHeader), '304': { description: 'Not modified since that ETag' }, '404': problem('案件不存在 — CASE_NOT_FOUND'), ...common },
      },
    },
    '/cases/{caseId}/events': {
      post: {
        operationId: 'sendEvent',
        summary: '办理（发送事件） — Send an event (the caller is `by`)',
        security: secured,
        parameters: [
          caseIdParameter,
          { name: 'If-Match', in: 'header', description: '期望的案件版本 — Apply only to this version ("3"): 412 otherwise', schema: { type: 'string' } },
          { name: 'Idempotency-Key', in: 'header', description: '幂等键 — A retry with the same key returns the first result', schema: { type: 'string' } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { description: 'An event without `by` (see CaseEventInput)', type: 'object', required: ['type'] } } } },
        responses: {
          '200': json(ref('SendResult'), 'Accepted', etagHeader),
          '403': problem('不允许此操作 — NOT_ALLOWED'),
          '404': problem('案件不存在 — CASE_NOT_FOUND'),
          '409': problem('版本冲突 — VERSION_CONFLICT'),
          '412': problem('If-Match 版本已过时 — The case moved on from If-Match'),
          '413': problem('请求体过大 — Body too large'),
          '415': problem('不是 JSON — Not JSON'),
          '422': problem('事件无效 — INVALID_EVENT'),
          ...common,
        },
      },
    },
    '/cases/{caseId}/history': { get: { operationId: 'caseHistory', summary: '审计日志 — The audit log', security: secured, parameters: [caseIdParameter], responses: { '200': json({ type: 'array', items: ref('AuditEntry') }, 'Oldest first'), '404': problem('CASE_NOT_FOUND'), ...common } } },
    '/cases/{caseId}/audit': { get: { operationId: 'verifyAudit', summary: '审计核验 — Verify the audit log', security: secured, parameters: [caseIdParameter], responses: { '200': json(ref('AuditVerification'), 'The verdict'), '404': problem('CASE_NOT_FOUND'), ...common } } },
    '/cases/{caseId}/dossier': {
      get: {
        operationId: 'caseDossier',
        summary: '案卷（打印版） — The printable dossier of a closed case (renderDossierHtml)',
        security: secured,
        parameters: [caseIdParameter, queryParameter('locale', { type: 'string', enum: ['zh-CN', 'en'] }, '语言 — Headings and labels (default zh-CN)')],
        responses: {
          '200': { description: 'One self-contained HTML document', headers: etagHeader, content: { 'text/html': { schema: { type: 'string' } } } },
          '404': problem('案件不存在 — CASE_NOT_FOUND'),
          '409': problem('案件仍在办理中 — INVALID_INPUT: the case is still open, only a closed case has a dossier'),
          ...common,
        },
      },
    },
    '/cases/{caseId}/allowed-events': { get: { operationId: 'allowedEvents', summary: '当前可办理的操作 — What the caller may send now', security: secured, parameters: [caseIdParameter], responses: { '200': json({ type: 'array', items: { type: 'string' } }, 'Event types'), '404': problem('CASE_NOT_FOUND'), ...common } } },
    '/notifications/stream': {
      get: {
        operationId: 'notificationStream',
        summary: '通知推送（SSE） — The caller’s notifications as server-sent events; `id` is the outbox id, resume with Last-Event-ID',
        security: secured,
        parameters: [{ name: 'Last-Event-ID', in: 'header', schema: { type: 'string' } }],
        responses: { '200': { description: '`event: notification` with a CaseNotification as data; `event: reset` when Last-Event-ID is no longer kept', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...common },
      },
    },
    '/documents': {
      post: {
        operationId: 'uploadDocument',
        summary: '上传法律文书 — Upload a document into the blob store; put the reference it returns in an event’s documents',
        description:
          'The body is the file; Content-Type its media type (one of the blob store’s: by default PDF, OFD, JPEG, PNG, Word, Excel, ZIP); `name` the file name. Any signed-in caller. Without a blob store the server answers 404 (context.reason noBlobStore).',
        security: secured,
        parameters: [queryParameter('name', { type: 'string', minLength: 1, maxLength: 200 }, '文件名（URL 编码的 UTF-8） — The file name, e.g. 检查记录.pdf (percent-encoded UTF-8, as every client encodes a query)', true)],
        requestBody: { required: true, content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The file’s bytes' } } } },
        responses: {
          '201': json(ref('DocumentReference'), 'Stored (storing the same bytes again is harmless)', { Location: { description: 'GET /documents/{sha256}?mediaType=&size=&name= for this reference', schema: { type: 'string' } } }),
          '404': problem('未配置文件存储 — The server has no blob store (context.reason noBlobStore)'),
          '413': problem('文件过大 — Over the blob store’s maxBytes (default 20 MiB)'),
          '415': problem('不接受此类文件 — A media type the blob store does not take (context.accepted lists them)'),
          ...common,
        },
      },
    },
    '/documents/{sha256}': {
      get: {
        operationId: 'getDocument',
        summary: '下载法律文书 — The bytes of a stored document, re-hashed as they are read',
        description: 'The reference an event carries, as the path and query. Any signed-in caller, as for a case.',
        security: secured,
        parameters: [
          { name: 'sha256', in: 'path', required: true, description: 'SHA-256 — 64 lowercase hex digits', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
          queryParameter('mediaType', { type: 'string' }, '文件类型 — The reference’s mediaType', true),
          queryParameter('size', { type: 'integer', minimum: 1 }, '文件大小（字节） — The reference’s size', true),
          queryParameter('name', { type: 'string', minLength: 1, maxLength: 200 }, '文件名 — The name for Content-Disposition (default the hash)'),
        ],
        responses: {
          '200': {
            description: 'The file, as its media type, with Content-Disposition: attachment and the name',
            headers: { 'Content-Disposition': { description: 'attachment; filename="<ASCII>"; filename*=UTF-8\'\'<name>', schema: { type: 'string' } }, ETag: { description: '"<sha256>"', schema: { type: 'string' } } },
            content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
          },
          '404': problem('文件不存在 — BLOB_NOT_FOUND, or no blob store (context.reason noBlobStore)'),
          '500': problem('文件已损坏 — BLOB_CORRUPT: the stored bytes no longer hash to the reference'),
          ...common,
        },
      },
    },
    '/inbox': {
      get: {
        operationId: 'inbox',
        summary: '待办 — The cases that owe the caller their next step, most urgent first',
        security: secured,
        parameters: pageParameters,
        responses: { '200': json(ref('InboxPage'), 'One page'), ...common },
      },
    },
    '/done': {
      get: {
        operationId: 'done',
        summary: '已办 — The cases the caller acted on, newest first',
        security: secured,
        parameters: pageParameters,
        responses: { '200': json(ref('DonePage'), 'One page'), ...common },
      },
    },
    '/stats': {
      get: {
        operationId: 'stats',
        summary: '统计报表 — Statistics of the cases opened from `from` to `to` (command center and county leaders only)',
        security: secured,
        parameters: [
          queryParameter('from', { type: 'string', format: 'date' }, '起始日期（北京时间，含） — First day, Beijing date, included', true),
          queryParameter('to', { type: 'string', format: 'date' }, '截止日期（北京时间，含） — Last day, Beijing date, included', true),
          queryParameter('by', { type: 'string', enum: ['leadUnit', 'item', 'month', 'origin'] }, '分组方式 — Grouping: lead unit, item, month, origin', true),
          queryParameter('format', { type: 'string', enum: ['json', 'csv', 'xlsx'] }, '格式 — Default json; csv (UTF-8 with BOM) and xlsx are downloads'),
        ],
        responses: {
          '200': {
            description: 'The report',
            headers: attachmentHeader,
            content: { 'application/json': { schema: ref('StatsReport') }, 'text/csv': { schema: { type: 'string' } }, [XLSX_TYPE]: { schema: { type: 'string', contentMediaType: XLSX_TYPE } } },
          },
          '403': problem('不允许此操作 — NOT_ALLOWED: a unit other than the command center'),
          ...common,
        },
      },
    },
    '/catalog': { get: { operationId: 'catalog', summary: '事项清单 — The catalog (units and items)', responses: { '200': json({ type: 'object', required: ['units', 'items'], properties: { units: { type: 'array' }, items: { type: 'array' } } }, 'The catalog'), ...publicCommon } } },
    '/calendar/days/{date}': { get: { operationId: 'dayInfo', summary: '某日信息 — A day', parameters: [{ name: 'date', in: 'path', required: true, schema: { type: 'string', format: 'date' } }], responses: { '200': json(ref('DayInfo'), 'The day'), '422': problem('OUT_OF_COVERAGE'), ...publicCommon } } },
    '/calendar/add': {
      get: {
        operationId: 'addWorkingDays',
        summary: '加工作日 — The n-th working day after a date',
        parameters: [queryParameter('date', { type: 'string', format: 'date' }, 'YYYY-MM-DD', true), queryParameter('n', { type: 'integer' }, 'Working days (negative: before)', true)],
        responses: { '200': json({ type: 'object', required: ['start', 'n', 'date'], properties: { start: { type: 'string' }, n: { type: 'integer' }, date: { type: 'string', format: 'date' } } }, 'The day reached'), '422': problem('OUT_OF_COVERAGE'), ...publicCommon },
      },
    },
    '/calendar/between': {
      get: {
        operationId: 'workingDaysBetween',
        summary: '两日之间的工作日 — Working days between two dates',
        parameters: [queryParameter('from', { type: 'string', format: 'date' }, 'YYYY-MM-DD', true), queryParameter('to', { type: 'string', format: 'date' }, 'YYYY-MM-DD', true)],
        responses: { '200': json({ type: 'object', required: ['from', 'to', 'workingDays'], properties: { from: { type: 'string' }, to: { type: 'string' }, workingDays: { type: 'integer' } } }, 'The count'), '422': problem('OUT_OF_COVERAGE'), ...publicCommon },
      },
    },
    '/diagram': {
      get: {
        operationId: 'diagram',
        summary: '流程图 — The workflow diagram',
        description: 'Open to every caller; with `case` it shows that case and needs the token GET /cases/{caseId} needs.',
        security: [{}, ...secured],
        parameters: [
          queryParameter('format', { type: 'string', enum: ['json', 'mermaid'] }, 'Default json'),
          queryParameter('lang', { type: 'string', enum: ['zh', 'en'] }, 'Labels of the Mermaid text (default zh)'),
          queryParameter('case', { type: 'string', minLength: 1 }, '高亮此案件 — Highlight this case: Mermaid `visited`/`current` classes; JSON `highlight`'),
        ],
        responses: {
          '200': {
            description: 'The diagram',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['nodes', 'edges'],
                  properties: {
                    highlight: {
                      description: '流程图高亮 — With `case`: the state it rests in and every state its 流转记录 passed through (node ids)',
                      type: 'object',
                      required: ['caseId', 'current', 'visited'],
                      properties: { caseId: { type: 'string' }, current: { type: 'string' }, visited: { type: 'array', items: { type: 'string' } } },
                    },
                  },
                },
              },
              'text/vnd.mermaid': { schema: { type: 'string' } },
            },
          },
          '404': problem('案件不存在 — CASE_NOT_FOUND (with `case`)'),
          ...common,
        },
      },
    },
  };
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: { title: 'linked-enforcement 联动执法 + 综合指挥', version, description: '泗阳县联动执法案件服务 — The case service of Siyang County’s joint law-enforcement procedure. Errors are RFC 9457 problems (application/problem+json).' },
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
