import type { CatalogData, UnitKind } from './schema.js';

/** A unit (单位): a department, party organ, judicial organ, enterprise or locality. */
export interface Unit<Id extends string = string> {
  /** Stable ASCII slug; persisted cases store it, so it never changes once released. */
  readonly id: Id;
  /** Exactly the seed's short name, e.g. 市场监管局. */
  readonly name: string;
  /** Other names it is known by, e.g. 民宗局 for 统战部. */
  readonly aliases: readonly string[];
  readonly kind: UnitKind;
  /**
   * 垂直管理: stationed in the county but run by a higher authority (人民银行, 消防救援大队, 气象局);
   * not a 县直部门, so it applies for joint enforcement only of an item it leads. Absent otherwise.
   */
  readonly verticallyManaged?: true;
}

/**
 * A unit as an item lists it. `as` is the capacity the seed gives in parentheses:
 * 统战部（民宗局） is `{ unit: 'united-front', as: '民宗局' }`.
 */
export interface UnitRef<Id extends string = string> {
  readonly unit: Id;
  readonly as?: string;
}

/** A high-frequency item (高频事项) of 附件3 with its lead (牵头单位) and cooperating units (配合单位). */
export interface Item<Id extends string = string, No extends number = number> {
  readonly no: No;
  readonly id: string;
  readonly name: string;
  readonly lead: UnitRef<Id>;
  readonly cooperating: readonly UnitRef<Id>[];
  /** The seed's list ends with 等: other units may join. */
  readonly openEnded: boolean;
}

/** One party of 附件2 with its duties (职责), each the seed's text without its number. */
export interface PartyDuties<Id extends string = string> {
  readonly no: number;
  readonly party: string;
  readonly role?: 'lead' | 'cooperating' | 'enforcementAgencies';
  readonly unit?: Id;
  readonly duties: readonly string[];
}

/** A concrete unit taking part in a case, with any locality placeholder resolved. */
export interface Participant {
  readonly unit: Unit;
  readonly as?: string;
  /** The text to show: the seed's label, or the locality's name. */
  readonly label: string;
  /** The placeholder (属地街道 / 属地乡镇（街道）) this unit stands in for. */
  readonly placeholder?: string;
}

/** The concrete units of an item for one case: its lead and cooperating units, with 属地… resolved. */
export interface Participants<Id extends string = string, No extends number = number> {
  readonly item: Item<Id, No>;
  readonly lead: Participant;
  readonly cooperating: readonly Participant[];
  readonly openEnded: boolean;
}

/** The township (乡镇) or sub-district (街道) where the enforcement happens. */
export type LocalityInput = string | { readonly name: string; readonly kind: 'township' | 'subDistrict'; readonly id?: string };

/** Options of `participants`. */
export interface ParticipantsOptions {
  /** Replaces the placeholders 属地街道 and 属地乡镇（街道）. Required when the item has one. */
  readonly locality?: LocalityInput;
}

/**
 * What `searchItems` found. `match` says how the items match the words: `'all'` when each item's
 * name contains every word; `'closest'` when no name contains them all and the items are the
 * ones sharing the longest runs of two or more characters with the words (possibly none).
 */
export interface SearchResult<Id extends string = string, No extends number = number> {
  /** Best match first. */
  readonly items: readonly Item<Id, No>[];
  readonly match: 'all' | 'closest';
}

/** The literal types a catalog was defined with. */
export interface CatalogShape {
  readonly unitId: string;
  readonly itemNo: number;
  /** Every string `getUnit` accepts: ids, names, aliases and `名称（别名）` labels. */
  readonly unitKey: string;
}

type UnitsOf<Data extends CatalogData> = Data['units'][number];
type AliasesOf<U> = U extends { readonly aliases: readonly (infer A extends string)[] } ? A : never;
type KeysOf<U> = U extends { readonly id: infer Id extends string; readonly name: infer Name extends string }
  ? Id | Name | AliasesOf<U> | `${Name}（${AliasesOf<U>}）`
  : never;

/** The literal unit ids, item numbers and lookup keys of a catalog's data. */
export type ShapeOf<Data extends CatalogData> = {
  unitId: UnitsOf<Data>['id'];
  itemNo: Data['items'][number]['no'];
  unitKey: KeysOf<UnitsOf<Data>>;
};

/** A county's catalog: its units, items and duties, and the queries over them. */
export interface Catalog<Shape extends CatalogShape = CatalogShape> {
  readonly name: string;
  readonly roles: { readonly commandCenter: Shape['unitId']; readonly legalReview: Shape['unitId'] };
  readonly units: readonly Unit<Shape['unitId']>[];
  readonly items: readonly Item<Shape['unitId'], Shape['itemNo']>[];
  readonly duties: readonly PartyDuties<Shape['unitId']>[];

  /**
   * The item with that number.
   * @throws {LinkedEnforcementError} `UNKNOWN_ITEM`, or `INVALID_INPUT` when `no` is not a positive integer.
   */
  getItem(no: Shape['itemNo']): Item<Shape['unitId'], Shape['itemNo']>;
  /**
   * The unit with that id, name, alias or `名称（别名）` label (a leading county name such as
   * 泗阳县 or 县 is ignored, and full- or half-width parentheses are both accepted).
   * @throws {LinkedEnforcementError} `UNKNOWN_UNIT`, or `INVALID_INPUT` for a non-string, empty key or one
   * over 200 characters.
   */
  getUnit(key: Shape['unitKey']): Unit<Shape['unitId']>;
  /**
   * Like `getUnit` for free text (e.g. user input): `undefined` when nothing matches.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a non-string or text over 200 characters.
   */
  findUnit(text: string): Unit<Shape['unitId']> | undefined;
  /** Items this unit leads (牵头). */
  itemsLedBy(unit: Shape['unitKey']): readonly Item<Shape['unitId'], Shape['itemNo']>[];
  /** Items this unit leads or cooperates on (牵头或配合). */
  itemsInvolving(unit: Shape['unitKey']): readonly Item<Shape['unitId'], Shape['itemNo']>[];
  /**
   * Items whose name contains the words of `text`, best matches first; when no name contains
   * every word, the closest ones. `searchItems` also says which of the two it found.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a non-string, blank text or text over 200 characters.
   */
  search(text: string): readonly Item<Shape['unitId'], Shape['itemNo']>[];
  /**
   * Like `search`, saying whether the items contain every word (`match: 'all'`) or are only the
   * closest matches (`match: 'closest'`), so a UI can tell its user that nothing matched exactly.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` for a non-string, blank text or text over 200 characters.
   * @example
   * siyangCatalog.searchItems('燃气 安全')
   * //=> { items: [item 19], match: 'all' }
   * siyangCatalog.searchItems('燃气安全 农贸').match
   * //=> 'closest'
   */
  searchItems(text: string): SearchResult<Shape['unitId'], Shape['itemNo']>;
  /**
   * The concrete lead and cooperating units of an item, with the locality placeholder resolved.
   * @throws {LinkedEnforcementError} `LOCALITY_REQUIRED` when the item names 属地… and no locality is given.
   */
  participants(no: Shape['itemNo'], options?: ParticipantsOptions): Participants<Shape['unitId'], Shape['itemNo']>;
  /**
   * The township (乡镇) or sub-district (街道) a locality names: a catalog unit, or one outside the
   * catalog with the id `locality:<name>` (a leading county name is dropped, so one place gets
   * one id). The kind comes from the name's suffix (街道, 镇, 乡) or `{ name, kind }`, never
   * contradicting the suffix.
   * @throws {LinkedEnforcementError} `INVALID_INPUT` naming `locality`, also for a name or id over 200
   * characters or with control characters or lone surrogates (they could not be stored).
   */
  locality(locality: LocalityInput): Unit;
  /** The seed's text for a unit as an item lists it: 统战部（民宗局）. */
  label(ref: UnitRef<Shape['unitId']> | Shape['unitId']): string;
}
