/**
 * Why a case refuses an event or an opening: in English (`reason`, for logs and developers) and
 * in Chinese (`reasonZh`, for the clerk who pressed the button). Every refusal the machine can
 * give is made as one, so none exists in English only.
 */
export class Reason {
  constructor(
    readonly en: string,
    readonly zh: string,
  ) {}

  /** This reason after a prefix: `lead: …` / `牵头单位：…`. */
  within(en: string, zh: string): Reason {
    return new Reason(`${en}: ${this.en}`, `${zh}：${this.zh}`);
  }
}

/** Shorthand for `new Reason(en, zh)`. */
export const reason = (en: string, zh: string): Reason => new Reason(en, zh);
