/**
 * `linked-enforcement/catalog` — who leads and who cooperates on each high-frequency item
 * (联动执法高频事项), and the duties of each party (联动执法主体职责).
 *
 * @module linked-enforcement/catalog
 */
export { defineCatalog } from '../catalog/defineCatalog.js';
export { siyangCatalog } from '../catalog/siyang.js';
export type { SiyangCatalog, SiyangItemNo, SiyangUnitId } from '../catalog/siyang.js';
export { unitKinds } from '../catalog/schema.js';
export type { CatalogData, ItemData, PartyDutiesData, UnitData, UnitKind, UnitRefData } from '../catalog/schema.js';
export type * from '../catalog/types.js';
export { LinkedEnforcementError, isLinkedEnforcementError } from './errors.js';
export type { ErrorCode, ErrorIssue } from './errors.js';
