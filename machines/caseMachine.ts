import { createCaseMachine } from './createCaseMachine.js';
import type { CaseMachine } from './types.js';

/**
 * Siyang County's case machine: its catalog, the holiday-aware calendar, 综合指挥调度中心 and
 * 司法局, results due 5 working days after enforcement ends.
 */
export const caseMachine: CaseMachine = createCaseMachine();
