/** A day an official notice gives and the installed chinese-days omits or gets wrong. */
export interface OfficialCorrection {
  /** `'YYYY-MM-DD'`. */
  readonly date: string;
  readonly working: boolean;
  /** The holiday the day belongs to (or makes up for), as chinese-days names it. */
  readonly name: string;
  /** The notice's number (文号). */
  readonly notice: string;
  /** The notice's own words for the day. */
  readonly says: string;
}

/**
 * Corrections to chinese-days from the notices themselves, applied on top of its data when the
 * index is built (overrides still win), so upgrading chinese-days cannot undo them; a test checks
 * that each is still needed or agrees with a chinese-days that has fixed it.
 *
 * Checked against the notices (国务院办公厅关于…部分节假日安排的通知) for 2004–2026: every other
 * make-up working day (调休上班) of chinese-days 1.5.7 matches. Weekend days strictly inside a
 * holiday need no row here: the index gives them the holiday (see dayIndex.ts).
 */
export const officialCorrections: readonly OfficialCorrection[] = Object.freeze([
  {
    date: '2005-12-31',
    working: true,
    name: '元旦',
    notice: '国办发明电〔2005〕35号 (国务院办公厅关于2006年部分节假日安排的通知)',
    says: '元旦：1月1日—3日放假，共3天……12月31日（星期六）上班。',
  },
  {
    // The last day of the span the notice gives, a Saturday: no later day of the holiday follows,
    // so the weekend rule cannot reach it.
    date: '2015-09-05',
    working: false,
    name: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日',
    notice: '国发明电〔2015〕1号 (国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知)',
    says: '9月3日至5日调休放假，共3天。其中9月3日（星期四）放假，9月4日（星期五）调休，9月6日（星期日）上班。',
  },
]);
