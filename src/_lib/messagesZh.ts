/**
 * Chinese wording of validation issues, for `LinkedEnforcementError#messageZh` and
 * `localizedIssues('zh-CN')`. No zod here: the calendar entry loads this module and must not
 * load zod (`src/_lib/validate.ts` words zod's own issues from their parameters).
 */
import type { UnitKind } from '../../catalog/schema.js';
import type { ErrorIssue } from '../errors.js';

/**
 * Chinese issue messages written where the issue was made, keyed by the issue object (issues keep
 * their public shape). A function is worded when first asked: an input can hold thousands of
 * issues, and a message shows ten.
 */
const zhOfIssue = new WeakMap<object, string | (() => string)>();

/** Records `zh` (or how to word it) as the Chinese message of `issue`, and returns `issue`. */
export function withZh<Issue extends ErrorIssue>(issue: Issue, zh: string | (() => string)): Issue {
  zhOfIssue.set(issue, zh);
  return issue;
}

function recordedZh(issue: ErrorIssue): string | undefined {
  const recorded = zhOfIssue.get(issue);
  if (typeof recorded !== 'function') return recorded;
  let worded: string;
  try {
    worded = recorded();
  } catch {
    worded = byCode[issue.code] ?? '不符合要求';
  }
  zhOfIssue.set(issue, worded);
  return worded;
}

/** What to call a field in Chinese; other keys are shown as they are (they are identifiers). */
const fieldNames: Readonly<Record<string, string>> = {
  caseId: '案件编号',
  title: '标题',
  itemNo: '事项编号',
  origin: '立案来源',
  at: '时间',
  by: '操作人',
  type: '操作类型',
  applicant: '申请单位',
  description: '情况说明',
  leader: '县领导',
  name: '名称',
  post: '职务',
  instruction: '交办内容',
  reason: '理由',
  reporter: '报告单位',
  opinion: '意见',
  note: '说明',
  unit: '单位',
  system: '系统',
  lead: '牵头单位',
  leadChangeReason: '更换牵头单位的理由',
  cooperating: '配合单位',
  place: '集合地点',
  startAt: '集合时间',
  locality: '属地乡镇（街道）',
  kind: '类别',
  staff: '执法人员人数',
  equipment: '装备',
  plan: '工作方案',
  summary: '概要',
  division: '职责分工',
  duty: '职责',
  content: '工作内容',
  methods: '执法方式',
  steps: '步骤',
  timeLimits: '时限',
  contingency: '应急处理预案',
  heldAt: '会议时间',
  attendees: '参会人员',
  decisions: '会议决定',
  text: '发布内容',
  documents: '文书',
  sha256: 'SHA-256 摘要',
  size: '文件大小',
  mediaType: '文件类型',
  bytes: '文件内容',
  meta: '文件信息',
  ref: '文件引用',
  suggestions: '意见建议',
  results: '执法结果',
  figures: '统计数据',
  lessons: '研讨和总结',
  message: '内容',
  as: '身份',
  options: '选项',
  query: '查询条件',
  state: '状态',
  overdue: '是否逾期',
  now: '当前时间',
  expectedVersion: '期望版本',
  idempotencyKey: '幂等键',
  limit: '条数上限',
  cursor: '游标',
  snapshot: '快照',
  clock: '时钟',
  date: '日期',
  days: '天数',
};

/** Roots that name the whole argument: an issue of `event.reason` reads 理由. */
const wholeArguments = new Set<PropertyKey>(['event', 'input']);

/**
 * Where an issue is, in Chinese: `['event', 'plan', 'division', 2, 'duty']` → `工作方案 › 职责分工 第3项 › 职责`.
 * Empty for the argument as a whole.
 */
export function pathZh(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const [index, key] of path.entries()) {
    if (index === 0 && wholeArguments.has(key) && path.length > 1) continue;
    if (index === 0 && wholeArguments.has(key)) return key === 'event' ? '操作' : '立案信息';
    if (typeof key === 'number') {
      const last = parts.pop() ?? '';
      parts.push(`${last} 第${key + 1}项`.trim());
    } else {
      const name = String(key);
      parts.push(Object.hasOwn(fieldNames, name) ? fieldNames[name]! : name);
    }
  }
  return parts.join(' › ');
}

type Wording = readonly [RegExp, (...groups: string[]) => string];

/** Each kind of unit (`catalog/schema.ts`'s `unitKinds`) in Chinese: the catalog's locality messages and the machine's opening rules. */
export const unitKindNamesZh = {
  department: '部门',
  partyOrgan: '党群部门',
  judicialOrgan: '司法机关',
  enterprise: '企业',
  township: '乡镇',
  subDistrict: '街道',
  locality: '占位名称（属地…）',
} as const satisfies Record<UnitKind, string>;
const unitKindZh = (kind: string) => (Object.hasOwn(unitKindNamesZh, kind) ? unitKindNamesZh[kind as UnitKind] : kind);

/** `乡镇 (township) or 街道 (sub-district)`, as the catalog names locality kinds, → `乡镇或街道`. */
const localityKindsZh = (names: string) => names.split(' or ').map((name) => name.replace(/ \([a-z-]+\)$/u, '')).join('或');

/** Our own English messages (the schemas' and the engine's), worded in Chinese. */
const ownMessages: readonly Wording[] = [
  [/^must not be empty$/u, () => '不能为空'],
  [/^must be an ISO 8601 instant with an offset, e\.g\. (\S+)$/u, (example) => `须为带时区偏移的 ISO 8601 时间，如 ${example}`],
  [/^must be 1–128 letters, digits, or \. _ : -$/u, () => '须为 1–128 位字母、数字或 . _ : -'],
  [/^must give each participating unit its duty$/u, () => '须写明每个参与单位的职责'],
  [/^must name who attended$/u, () => '须写明参会人员'],
  [/^must be a SHA-256 digest in lowercase hex$/u, () => '须为小写十六进制的 SHA-256 摘要'],
  [/^must be a media type in lowercase, e\.g\. application\/pdf$/u, () => '须为小写的文件类型，如 application/pdf'],
  [/^must be a file name: no control characters, no \/ or \\$/u, () => '须为文件名：不能含有控制字符、/ 或 \\'],
  [/^must list at most (\d+) documents$/u, (max) => `最多 ${max} 份文书`],
  [/^must not be an empty file$/u, () => '不能是空文件'],
  [/^must be at most (\d+) bytes \(it has (\d+)\)$/u, (max, has) => `最多 ${max} 字节（现有 ${has} 字节）`],
  [/^must be one of the blob store's media types: (.+)$/u, (list) => `须为文件存储接受的类型之一：${list}`],
  [/^must be bytes \(a Uint8Array or Buffer\)$/u, () => '须为字节（Uint8Array 或 Buffer）'],
  [/^must be at most (\d+) characters \(it has (\d+)\)$/u, (max, has) => `最多 ${max} 个字符（现有 ${has} 个）`],
  [/^must be well-formed text \(it holds a lone UTF-16 surrogate\)$/u, () => '须为完整的文本（含有不成对的 UTF-16 代理字符）'],
  [/^must not hold control characters/u, () => '不能含有控制字符（NUL、换行等）'],
  [/^must not nest deeper than (\d+) levels$/u, (depth) => `嵌套不能超过 ${depth} 层`],
  [/^must have at most (\d+) values in all$/u, (count) => `总共最多 ${count} 个值`],
  [/^must hold at most (\d+) characters of text in all \(it has (\d+)\)$/u, (max, has) => `文本总共最多 ${max} 个字符（现有 ${has} 个）`],
  [/^must be \{ beforeDueWorkingDays \} \(an integer 0–30\) or false$/u, () => '须为 { beforeDueWorkingDays }（0–30 的整数，提前预警的工作日数）或 false（不预警）'],
  [/^must be a state path or stage: (.+)$/u, (list) => `须为状态路径或阶段之一：${list}`],
  [/^could not be read \((.*)\)$/u, (why) => `无法读取（${why}）`],
  // The catalog's localities (属地乡镇、街道): catalog.locality, options.locality, locality:<name> units.
  [/^"(.+)" is neither a known unit nor a name ending in 街道, 镇 or 乡; pass \{ name, kind \}$/u, (name) => `“${name}”既不是清单中的单位，名称也不以街道、镇或乡结尾：请以 { name, kind } 写明名称和类别`],
  [/^(.+) is a (\w+), not a township \(乡镇\) or sub-district \(街道\)$/u, (name, kind) => `${name}是${unitKindZh(kind)}，不是乡镇或街道`],
  [/^"(.+)" is a (.+) by its name, not a (.+)$/u, (name, byName, given) => `“${name}”按名称是${localityKindsZh(byName)}，不是${localityKindsZh(given)}`],
  [/^item (\d+) names (.+), which takes a (.+); (.+) is a (\w+)$/u, (no, placeholder, takes, name, kind) => `事项 ${no} 的${placeholder}须为${localityKindsZh(takes)}；${name}是${unitKindZh(kind)}`],
  [/^(\S+) must lie in 2000–2099 \(Beijing time\)/u, (at) => `${at} 须在 2000–2099 年之间（北京时间）`],
  [/^must lie in 2000–2099 \(Beijing time\)/u, () => '须在 2000–2099 年之间（北京时间）'],
  [/^(\S+) is ahead of the engine's clock \((\S+)\) by more than (\d+) ms$/u, (at, now, ms) => `${at} 比引擎时钟（${now}）超前超过 ${ms} 毫秒`],
];

/** What each kind of issue means, when nothing more precise is known. */
const byCode: Readonly<Record<string, string>> = {
  invalid_type: '类型不正确',
  too_small: '过短或过小',
  too_big: '过长或过大',
  invalid_format: '格式不正确',
  invalid_value: '不是允许的值',
  invalid_union: '不符合任何一种允许的格式',
  unrecognized_keys: '含有不接受的字段',
  invalid_key: '键不正确',
  invalid_element: '元素不正确',
  not_multiple_of: '数值不符合要求',
  invalid_date: '不是有效的日期',
  unreadable: '无法读取',
  duplicate_id: '编号重复',
};

/** Longer than any message of ours: a longer one (a value quoted at length) is not matched, so no pattern can backtrack through megabytes. */
const MAX_OWN_MESSAGE_LENGTH = 1_000;

/** The Chinese of one of our English messages, or `undefined` when it is not one of ours. */
export function ownMessageZh(message: string): string | undefined {
  if (typeof message !== 'string' || message.length > MAX_OWN_MESSAGE_LENGTH) return undefined;
  for (const [pattern, word] of ownMessages) {
    const match = pattern.exec(message);
    if (match !== null) return word(...match.slice(1));
  }
  return undefined;
}

/** The issue's message in Chinese: as recorded where it was made, else one of ours translated, else what its code means. */
export function issueMessageZh(issue: ErrorIssue): string {
  return recordedZh(issue) ?? ownMessageZh(issue.message) ?? byCode[issue.code] ?? '不符合要求';
}

/** `理由：不能为空` — the issue's place and message in Chinese. */
export function issueLineZh(issue: ErrorIssue): string {
  const where = pathZh(issue.path);
  const message = issueMessageZh(issue);
  return where === '' ? message : `${where}：${message}`;
}

/** Every issue on one line, the way the English messages list them. */
export function issuesLineZh(issues: readonly ErrorIssue[]): string {
  return issues.map(issueLineZh).join('；');
}
