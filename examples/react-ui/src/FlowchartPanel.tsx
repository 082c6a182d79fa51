import type { Actor, DiagramJson } from 'linked-enforcement';
import { useEffect, useState } from 'react';
import { ApiProblem, getJson, request, type Problem } from './api.js';

/** `GET /diagram?case=…&format=json`: the diagram with where the case has been and where it rests. */
type HighlightedDiagram = DiagramJson & { readonly highlight: { readonly caseId: string; readonly current: string; readonly visited: readonly string[] } };

/** `visited`, `current` or `todo` for a node of the diagram (a parent is current while a child is). */
export function nodeStatus(id: string, highlight: HighlightedDiagram['highlight']): 'current' | 'visited' | 'todo' {
  if (highlight.current === id || highlight.current.startsWith(`${id}.`)) return 'current';
  return highlight.visited.some((visited) => visited === id || visited.startsWith(`${id}.`)) ? 'visited' : 'todo';
}

/**
 * 流程图高亮: every state of the machine in its order, the visited ones ticked and the current one
 * marked, from the JSON format; the Mermaid text (`format=mermaid`, with its `visited` and
 * `current` classes) below it, to paste into any Mermaid renderer.
 */
export function FlowchartPanel({ caseId, version, by }: { caseId: string; version: number; by: Actor }) {
  const [diagram, setDiagram] = useState<HighlightedDiagram>();
  const [mermaid, setMermaid] = useState<string>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    const query = `/api/diagram?case=${encodeURIComponent(caseId)}`;
    Promise.all([getJson<HighlightedDiagram>(`${query}&format=json`, by), request(`${query}&format=mermaid`, by).then((response) => response.text())]).then(
      ([json, text]) => {
        setDiagram(json);
        setMermaid(text);
        setProblem(undefined);
      },
      (error: unknown) => {
        if (error instanceof ApiProblem) setProblem(error.problem);
      },
    );
    // The version is read so that the diagram follows the case.
  }, [caseId, version, by]);
  return (
    <section className="panel" aria-label="流程图 Flowchart">
      <h2>
        流程图 <span className="en">Flowchart</span> <span className="muted small">✓ 已经过 visited · ● 当前 current</span>
      </h2>
      {problem !== undefined ? <p className="refusal">{problem.title}</p> : null}
      {diagram === undefined ? null : (
        <ol className="flowchart" data-testid="flowchart">
          {diagram.nodes
            .filter((node) => !node.transient && node.parent === null)
            .map((node) => {
              const children = diagram.nodes.filter((child) => child.parent === node.id && !child.transient);
              const status = nodeStatus(node.id, diagram.highlight);
              return (
                <li key={node.id} className={`flow-node flow-${status}`} data-testid={`flow-${node.id}`} data-status={status}>
                  <span className="flow-label">
                    {status === 'visited' ? '✓ ' : status === 'current' ? '● ' : ''}
                    {node.label.zh}
                  </span>
                  {children.length === 0 ? null : (
                    <ol className="flow-children">
                      {children.map((child) => {
                        const childStatus = nodeStatus(child.id, diagram.highlight);
                        return (
                          <li key={child.id} className={`flow-node flow-${childStatus}`} data-testid={`flow-${child.id}`} data-status={childStatus}>
                            {childStatus === 'visited' ? '✓ ' : childStatus === 'current' ? '● ' : ''}
                            {child.label.zh}
                          </li>
                        );
                      })}
                    </ol>
                  )}
                </li>
              );
            })}
        </ol>
      )}
      {mermaid === undefined ? null : (
        <details className="mermaid-source">
          <summary>
            Mermaid 源码 <span className="en">Mermaid source (GET /diagram?case={caseId}&amp;format=mermaid)</span>
          </summary>
          <pre data-testid="mermaid">{mermaid}</pre>
        </details>
      )}
    </section>
  );
}
