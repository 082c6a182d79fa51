export { toDiagramJson } from './toDiagramJson.js';
export { toMermaid } from './toMermaid.js';
export type { DiagramEdge, DiagramGuard, DiagramJson, DiagramNode, DiagramStateType, ToMermaidOptions } from './types.js';
