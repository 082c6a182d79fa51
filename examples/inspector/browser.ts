/**
 * Attaching Stately's browser inspector to a case actor: `createBrowserInspector()` opens
 * https://stately.ai/inspect in a new window and streams the actor's events and snapshots to it.
 * `npx vite examples/inspector`, then click "打开检查器 Open the inspector".
 */
import { createBrowserInspector } from '@statelyai/inspect';
import { caseMachine, eventLabels, explainEvent, selectState } from 'linked-enforcement';
import { createActor } from 'xstate';
import { caseEvents, caseInput } from './caseScript.js';

// Not started yet: browsers only allow a new window from a click.
const inspector = createBrowserInspector({ autoStart: false });
const actor = createActor(caseMachine, { id: caseInput.caseId, input: caseInput, inspect: inspector.inspect });

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const startButton = element<HTMLButtonElement>('start');
const nextButton = element<HTMLButtonElement>('next');
const stateView = element<HTMLElement>('state');
const logView = element<HTMLOListElement>('log');
let sent = 0;

function show(line: string) {
  const item = document.createElement('li');
  item.textContent = line;
  logView.append(item);
}

function render() {
  const state = selectState(actor.getSnapshot());
  stateView.textContent = `${state.label.zh} ${state.label.en} (${state.path})`;
  const next = caseEvents[sent];
  nextButton.disabled = next === undefined;
  nextButton.textContent = next === undefined ? '已存档 Archived' : `下一步 Next: ${eventLabels[next.type].zh} ${eventLabels[next.type].en}`;
}

startButton.addEventListener('click', () => {
  inspector.start();
  actor.start();
  startButton.disabled = true;
  render();
});

nextButton.addEventListener('click', () => {
  const event = caseEvents[sent++];
  if (event === undefined) return;
  const refusal = explainEvent(actor.getSnapshot(), event);
  actor.send(event);
  show(`${eventLabels[event.type].zh} ${event.type}${refusal === undefined ? '' : ` — refused: ${refusal.reason}`}`);
  render();
});
