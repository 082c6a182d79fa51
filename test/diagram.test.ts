import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createActor, createMachine, type AnyStateNode } from 'xstate';
import { caseMachine, createCaseMachine, eventLabels, roles, stateLabels, toDiagramJson, toMermaid, type ToMermaidOptions } from 'linked-enforcement';
import { diagramBlock, readDiagramBlock, readmePath, replaceDiagramBlock } from '../scripts/_lib/readmeDiagram.js';
import { accept, applicationInput, approveApplication, bj, center, ev } from './_lib/cases.js';
import { codeOf } from './_lib/errors.js';

/** Every state node of a machine, walked here independently of the code under test. */
function statesOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>).flatMap((child) => [child, ...statesOf(child)]);
}

interface MachineTransition {
  source: string;
  target: string | undefined;
  event: string | null;
  role: string | undefined;
  origin: string | undefined;
}

function transitionsOf(root: AnyStateNode): MachineTransition[] {
  return statesOf(root).flatMap((node) => {
    const all = [...(node.always ?? []).map((t) => [null, t] as const), ...[...node.transitions].flatMap(([event, ts]) => ts.map((t) => [event, t] as const))];
    return all.map(([event, transition]) => {
      const guard = transition.guard as { type: string; params: { role?: string; origin?: string } } | undefined;
      return {
        source: node.path.join('.'),
        target: transition.target?.[0]?.path.join('.'),
        event,
        role: guard?.type === 'actedBy' ? guard.params.role : undefined,
        origin: guard?.type === 'openedAs' ? guard.params.origin : undefined,
      };
    });
  });
}

const mermaid = toMermaid(caseMachine);
const lines = mermaid.split('\n').map((line) => line.trim());
const idOf = (path: string) => path.replace(/\./g, '_');
const origins: Record<string, string> = { application: '申请', leaderAssignment: '县领导交办', centerInitiated: '因工作需要', emergency: '突发事件', emergencyRequest: '配合单位提请' };
const roleZh = (role: string) => roles[role as keyof typeof roles].split(' (')[0]!;

describe('toMermaid(caseMachine)', () => {
  it('is a stateDiagram-v2 that starts at 立案 and routes each origin through a choice', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('state opening <<choice>>');
    expect(lines).toContain('[*] --> opening : 立案');
    expect(lines).toContain('opening --> preliminaryReview : [申请]');
    expect(lines).toContain('opening --> dispatching : [县领导交办]');
    expect(lines).toContain('opening --> leaderConsent : [因工作需要]');
    expect(lines).toContain('opening --> emergencyApproval : [突发事件]');
    expect(lines).toContain('opening --> leadReview : [配合单位提请]');
  });

  it('shows every state with its Chinese label, enforcing as a composite state', () => {
    const states = statesOf(caseMachine.root);
    expect(states).toHaveLength(20);
    for (const node of states) {
      const path = node.path.join('.');
      if (path === 'opening') continue;
      const label = stateLabels[path as keyof typeof stateLabels].zh;
      const declaration = `state "${label}" as ${idOf(path)}${node.type === 'compound' ? ' {' : ''}`;
      expect(lines, path).toContain(declaration);
    }
    const open = lines.indexOf('state "执法" as enforcing {');
    const close = lines.indexOf('}', open);
    expect(lines.slice(open, close).filter((line) => line.startsWith('state '))).toEqual([
      'state "执法" as enforcing {',
      'state "起草工作方案" as enforcing_planning',
      'state "集中开展执法" as enforcing_executing',
      'state "执法结果反馈" as enforcing_reporting',
    ]);
    expect(lines.slice(open, close)).toContain('[*] --> enforcing_planning');
  });

  it('leads every final state, and only those, to [*]', () => {
    const finals = statesOf(caseMachine.root).filter((node) => node.type === 'final').map((node) => node.key);
    expect(finals).toEqual(['archived', 'rejected', 'notApproved', 'declined', 'withdrawn']);
    expect(lines.filter((line) => line.endsWith('--> [*]'))).toEqual(finals.map((key) => `${key} --> [*]`));
  });

  it('draws every transition of the machine, labelled with its event and the role allowed, and nothing else', () => {
    const transitions = transitionsOf(caseMachine.root);
    expect(transitions.length).toBeGreaterThan(30);
    const unused = new Set(lines.filter((line) => line.includes('-->') && !line.includes('[*]')).concat(lines.filter((line) => line.includes(' : ↻ '))));
    const junctionArrows = new Set<string>();
    for (const t of transitions) {
      const label = t.event === null ? `[${origins[t.origin!]}]` : `${eventLabels[t.event as keyof typeof eventLabels].zh} [${roleZh(t.role!)}]`;
      const from = idOf(t.source);
      if (t.target === undefined) {
        const line = `${from} : ↻ ${label}`;
        expect(lines, `${t.source} ${t.event}`).toContain(line);
        unused.delete(line);
        continue;
      }
      // Entering enforcing at its initial child is drawn to the composite state.
      const to = t.target === 'enforcing.planning' && !t.source.startsWith('enforcing') ? 'enforcing' : idOf(t.target);
      const direct = `${from} --> ${to} : ${label}`;
      if (lines.includes(direct)) {
        unused.delete(direct);
        continue;
      }
      const viaJunction = lines.find((line) => line.startsWith(`${from} --> `) && lines.includes(`${line.slice(from.length + 5)} --> ${to} : ${label}`));
      expect(viaJunction, `${t.source} --${t.event}--> ${t.target}`).toBeDefined();
      unused.delete(viaJunction!);
      junctionArrows.add(`${viaJunction!.slice(from.length + 5)} --> ${to} : ${label}`);
    }
    for (const arrow of junctionArrows) unused.delete(arrow);
    expect([...unused]).toEqual([]);
  });

  it('merges 撤回申请 from the eight steps before a leader’s approval through one junction', () => {
    expect(lines).toContain('state application_withdraw <<choice>>');
    expect(lines.filter((line) => line.endsWith('--> application_withdraw'))).toHaveLength(8);
    expect(lines).toContain('application_withdraw --> withdrawn : 撤回申请 [申请单位]');
  });

  it('gives the same text for the same machine, and for another machine built the same way', () => {
    expect(toMermaid(caseMachine)).toBe(mermaid);
    expect(toMermaid(createCaseMachine({ resultsDueWorkingDays: 3 }))).toBe(mermaid);
  });

  it('draws in English on request, and left to right', () => {
    const english = toMermaid(caseMachine, { language: 'en', direction: 'LR' });
    expect(english).toContain('  direction LR\n');
    expect(english).toContain('preliminaryReview --> legalReview : Pass preliminary review [the command center]');
    expect(english).toContain('legalReview : ↻ Urge [the command center]');
  });

  it("draws self-transitions as arrows with selfTransitions: 'loop'", () => {
    const looped = toMermaid(caseMachine, { selfTransitions: 'loop' }).split('\n').map((line) => line.trim());
    expect(looped.some((line) => line.includes(' : ↻ '))).toBe(false);
    expect(looped).toContain('enforcing_reporting --> enforcing_reporting : 报送法律文书 [配合单位]');
  });
});

describe('README.md', () => {
  it('embeds the diagram the machine generates (run `npm run diagram:readme` after changing the machine)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    expect(readDiagramBlock(readme), 'README.md’s diagram is stale: run `npm run diagram:readme`').toBe(diagramBlock());
  });

  it('shows what a machine built with Siyang’s defaults does: every state, transition, role and description', () => {
    // Built here rather than when the module loads, so that whatever it is built from runs in the test.
    const machine = createCaseMachine();
    expect(readDiagramBlock(readFileSync(readmePath, 'utf8'))).toBe(diagramBlock(toMermaid(machine)));
    expect(toDiagramJson(machine)).toEqual(toDiagramJson(caseMachine));
  });

  it('is compared block by block: a changed diagram, or missing markers, fail', () => {
    const readme = `# Title\n\n<!-- diagram:start -->${diagramBlock('stateDiagram-v2\n  a --> b\n')}<!-- diagram:end -->\n\nMore.\n`;
    expect(readDiagramBlock(readme)).not.toBe(diagramBlock());
    const updated = replaceDiagramBlock(readme, diagramBlock());
    expect(readDiagramBlock(updated)).toBe(diagramBlock());
    expect(updated.startsWith('# Title\n\n<!-- diagram:start -->\n')).toBe(true);
    expect(updated.endsWith('```\n<!-- diagram:end -->\n\nMore.\n')).toBe(true);
    expect(() => readDiagramBlock('# no markers')).toThrow(/diagram:start/);
    expect(() => readDiagramBlock('<!-- diagram:end --> <!-- diagram:start -->')).toThrow(/diagram:start/);
  });
});

describe('toDiagramJson(caseMachine)', () => {
  const json = toDiagramJson(caseMachine);

  it('lists every state, parents before children, with labels and descriptions', () => {
    expect(json.id).toBe('linkedEnforcementCase');
    expect(json.initial).toBe('opening');
    expect(json.nodes.map((node) => node.id)).toEqual(statesOf(caseMachine.root).map((node) => node.path.join('.')));
    expect(json.nodes.find((node) => node.id === 'enforcing')).toMatchObject({ type: 'compound', initial: 'enforcing.planning', parent: null });
    expect(json.nodes.find((node) => node.id === 'enforcing.reporting')).toMatchObject({
      parent: 'enforcing',
      label: { zh: '执法结果反馈', en: 'Reporting results' },
      description: expect.stringContaining('5个工作日'),
    });
    expect(json.nodes.find((node) => node.id === 'opening')).toMatchObject({ transient: true, label: { zh: '立案' } });
    expect(json.nodes.filter((node) => node.type === 'final').map((node) => node.id)).toEqual(['archived', 'rejected', 'notApproved', 'declined', 'withdrawn']);
  });

  it('lists every transition with its event, guard, role and target', () => {
    expect(json.edges).toHaveLength(transitionsOf(caseMachine.root).length);
    expect(json.edges.find((edge) => edge.event === 'task.dispatch')).toEqual({
      source: 'dispatching',
      target: 'enforcing.planning',
      event: 'task.dispatch',
      eventLabel: { zh: '派送任务', en: 'Dispatch task' },
      guard: { type: 'actedBy', params: { role: 'center' }, label: { zh: '综合指挥调度中心', en: 'the command center' } },
      role: 'center',
      description: '派送任务：指定牵头单位、配合单位、时间和地点',
      internal: false,
    });
    expect(json.edges.filter((edge) => edge.event === null)).toHaveLength(5);
    expect(json.edges.filter((edge) => edge.event === 'task.dispatch').map((edge) => edge.role)).toEqual(['center', 'emergencyLead']);
    expect(json.edges.filter((edge) => edge.internal).map((edge) => `${edge.source} ${edge.event}`)).toContain('enforcing.reporting deadline.check');
    for (const edge of json.edges) if (edge.event !== null) expect(edge.role, `${edge.source} ${edge.event}`).toBeDefined();
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('any machine', () => {
  const machine = createMachine({
    id: 'sample',
    initial: 'end',
    states: {
      end: { on: { GO: { target: 'b', description: 'x' }, 'a;b': 'c', STAY: { actions: [] } } },
      b: { on: { BACK: 'end', OUT: 'done' } },
      c: { on: { BACK: 'end', OUT: 'done' } },
      d: { on: { OUT: 'done' } },
      p: {
        type: 'parallel',
        states: {
          left: { initial: 'x', states: { x: {} } },
          right: { initial: 'y', states: { y: { on: { 'sp"ecial:': '#sample.done' } } } },
        },
      },
      done: { type: 'final' },
    },
  });
  const text = toMermaid(machine);
  const at = text.split('\n').map((line) => line.trim());

  it('falls back to keys and event types, keeps ids clear of keywords and escapes what Mermaid reads as syntax', () => {
    expect(at).toContain('state "end" as s_end');
    expect(at).toContain('[*] --> s_end');
    expect(at).toContain('s_end --> b : GO');
    expect(at).toContain('s_end --> c : a#59;b');
    expect(at).toContain('s_end : ↻ STAY');
    expect(at).toContain('p_right_y --> done : sp#quot;ecial#58;');
  });

  it('separates the regions of a parallel state with --', () => {
    const open = at.indexOf('state "p" as p {');
    expect(at.slice(open, open + 10)).toEqual([
      'state "p" as p {',
      'state "left" as p_left {',
      'state "x" as p_left_x',
      '[*] --> p_left_x',
      '}',
      '--',
      'state "right" as p_right {',
      'state "y" as p_right_y',
      '[*] --> p_right_y',
      '}',
    ]);
  });

  it('merges alike transitions from three states into a junction, not from two', () => {
    expect(at).toContain('state OUT <<choice>>');
    expect(at.filter((line) => line.endsWith('--> OUT'))).toEqual(['b --> OUT', 'c --> OUT', 'd --> OUT']);
    expect(at).toContain('OUT --> done : OUT');
    expect(at).toContain('b --> s_end : BACK');
    expect(at).toContain('c --> s_end : BACK');
  });

  it('refuses what is not a machine, malformed options, and transitions on the root', () => {
    expect(codeOf(() => toMermaid({} as never))).toBe('INVALID_INPUT');
    expect(codeOf(() => toDiagramJson(null as never))).toBe('INVALID_INPUT');
    expect(codeOf(() => toMermaid(caseMachine, { language: 'fr' } as never))).toBe('INVALID_INPUT');
    expect(codeOf(() => toMermaid(caseMachine, { colour: 'red' } as never))).toBe('INVALID_INPUT');
    const global = createMachine({ initial: 'a', on: { RESET: '.a' }, states: { a: {} } });
    expect(codeOf(() => toDiagramJson(global))).toBe('INVALID_INPUT');
  });
});

describe('toMermaid(machine, { highlight: snapshot }) (流程图高亮)', () => {
  const actor = createActor(caseMachine, { input: applicationInput() }).start();
  approveApplication(actor);
  accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
  const highlighted = toMermaid(caseMachine, { highlight: actor.getSnapshot() });
  const tail = highlighted.trimEnd().split('\n').slice(-4);

  it('styles the states the case went through as visited and the one it rests in as current', () => {
    expect(highlighted.startsWith(mermaid.trimEnd())).toBe(true);
    expect(tail).toEqual([
      '  classDef visited fill:#ddeaff,stroke:#1d5fbf,stroke-width:2px,color:#0b1f3a',
      '  classDef current fill:#1d5fbf,stroke:#0b3d8c,stroke-width:3px,color:#ffffff,font-weight:bold',
      '  class opening,preliminaryReview,legalReview,leaderApproval,dispatching,enforcing visited',
      '  class enforcing_planning current',
    ]);
  });

  it('leaves the diagram as it was without a highlight, and a fresh case marks only where it is', () => {
    expect(toMermaid(caseMachine, {})).toBe(mermaid);
    const fresh = createActor(caseMachine, { input: applicationInput() }).start();
    expect(toMermaid(caseMachine, { highlight: fresh.getSnapshot() }).trimEnd().split('\n').slice(-2)).toEqual(['  class opening visited', '  class preliminaryReview current']);
  });

  it('takes a persisted snapshot (plain JSON) too', () => {
    const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as NonNullable<ToMermaidOptions['highlight']>;
    expect(toMermaid(caseMachine, { highlight: persisted })).toBe(highlighted);
  });

  it('refuses a highlight that is not a snapshot of a case of this machine, naming what is wrong', () => {
    const snapshot = actor.getSnapshot();
    const invalid = (highlight: unknown) => {
      try {
        toMermaid(caseMachine, { highlight } as never);
      } catch (error) {
        return error as { code: string; message: string };
      }
      throw new Error('expected a throw');
    };
    expect(invalid('enforcing').code).toBe('INVALID_INPUT');
    expect(invalid({ value: 'legalReview', context: {} }).message).toContain('history');
    expect(invalid({ value: { enforcing: 5 }, context: { history: [] } }).message).toContain('value must be a state value');
    expect(invalid({ value: 'nowhere', context: { history: [] } }).message).toContain('highlight: value "nowhere" is not a state of the machine');
    expect(invalid({ value: snapshot.value, context: { history: [{ from: 'legalReview', to: 'limbo' }] } }).message).toContain('context.history.0.to "limbo" is not a state of the machine');
  });
});
