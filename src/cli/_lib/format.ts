import type { DayKind } from '../../calendar/index.js';
import type { ErrorCode } from '../../errors.js';

const weekdays = [
  ['星期日', 'Sun'],
  ['星期一', 'Mon'],
  ['星期二', 'Tue'],
  ['星期三', 'Wed'],
  ['星期四', 'Thu'],
  ['星期五', 'Fri'],
  ['星期六', 'Sat'],
] as const;

/** `'2026-10-13'` → `'2026-10-13 星期二 Tue'`, the same in every time zone. */
export function withWeekday(date: string): string {
  const [zh, en] = weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
  return `${date} ${zh} ${en}`;
}

/** How each kind of day reads. */
export const dayKindText: Readonly<Record<DayKind, string>> = {
  workday: '工作日 working day',
  weekend: '周末 weekend',
  holiday: '节假日放假 holiday (day off)',
  makeupWorkday: '调休上班 make-up working day',
};

/** `1` → `'1st'`, `22` → `'22nd'`. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Each error code in Chinese, beside the English message the error carries. */
export const errorCodeText: Readonly<Record<ErrorCode, string>> = {
  INVALID_INPUT: '输入无效',
  UNKNOWN_ITEM: '没有这个高频事项',
  UNKNOWN_UNIT: '没有这个单位',
  INVALID_CATALOG: '目录数据有误',
  LOCALITY_REQUIRED: '需要指定属地乡镇（街道）',
  INVALID_DATE: '日期无效',
  OUT_OF_COVERAGE: '超出日历能计算的年份',
  INVALID_EVENT: '事件无效',
  NOT_ALLOWED: '当前不允许此操作',
  CASE_NOT_FOUND: '找不到这个案件',
  VERSION_CONFLICT: '案件已被他人更新',
  INCOMPATIBLE_SNAPSHOT: '存储的案件与当前流程不兼容',
  STORE_UNAVAILABLE: '案件存储暂时不可用',
  BLOB_NOT_FOUND: '文件存储中没有这个文件',
  BLOB_CORRUPT: '文件已损坏或被替换',
};
