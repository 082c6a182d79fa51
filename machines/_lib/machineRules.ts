import type { CaseRules } from './rules.js';

/** The rules each machine was built with, so helpers that get only a snapshot can apply them. */
export const machineRules = new WeakMap<object, CaseRules>();
