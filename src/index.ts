/**
 * `linked-enforcement` — Siyang County's 联动执法 + 综合指挥 procedure as an explicit,
 * inspectable workflow.
 */
export { LinkedEnforcementError, errorCodes, isLinkedEnforcementError } from './errors.js';
export type { ErrorCode, ErrorIssue, LinkedEnforcementErrorOptions } from './errors.js';
export { defineCatalog, siyangCatalog, unitKinds } from './catalog.js';
export type {
  Catalog,
  CatalogData,
  CatalogShape,
  Item,
  ItemData,
  LocalityInput,
  Participant,
  Participants,
  ParticipantsOptions,
  PartyDuties,
  PartyDutiesData,
  ShapeOf,
  SiyangCatalog,
  SiyangItemNo,
  SiyangUnitId,
  Unit,
  UnitData,
  UnitKind,
  UnitRef,
  UnitRefData,
} from './catalog.js';
