// linked-enforcement/schemas against what the engine really takes and hands out: the demo's
// payloads validate with Ajv (JSON Schema 2020-12), and the schemas agree with the engine on
// malformed payloads in both directions (what one refuses, the other refuses).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Package from 'linked-enforcement';
import type { CaseEngine, CaseEvent, CaseInput, SendResult } from 'linked-enforcement';
import { expectedSchemaFiles, schemaFilesIn } from '../scripts/_lib/schemaFiles.js';
import { caseEventInputJsonSchema, caseEventInputJsonSchemas, jsonSchemas, type JsonSchemaDocument } from '../src/schemas/index.js';

/** What the demo did through its engine: every opening input and event it sent, and the engine itself. */
const recorded = vi.hoisted(() => ({
  opened: [] as unknown[],
  sent: [] as { caseId: string; event: unknown }[],
  results: [] as unknown[],
  engines: [] as unknown[],
}));

vi.mock('linked-enforcement', async (importOriginal) => {
  const original = await importOriginal<typeof Package>();
  return {
    ...original,
    createCaseEngine: (...args: Parameters<typeof original.createCaseEngine>) => {
      const engine = original.createCaseEngine(...args);
      recorded.engines.push(engine);
      return {
        ...engine,
        open: async (input: CaseInput) => {
          recorded.opened.push(structuredClone(input));
          const result = await engine.open(input);
          recorded.results.push(result);
          return result;
        },
        send: async (caseId: string, event: CaseEvent, ...rest: unknown[]) => {
          recorded.sent.push({ caseId, event: structuredClone(event) });
          const result = await engine.send(caseId, event, ...(rest as []));
          recorded.results.push(result);
          return result;
        },
      };
    },
  };
});

// ajv-formats is CommonJS with a default export; under ESM its function may sit one level down.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ?? addFormatsPlugin) as typeof import('ajv-formats').default;
// allowUnionTypes: a statistic may be a number or a text (`figures`), written `type: [number, string]`.
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
// strict mode refuses unknown keywords; the documents only use standard ones (and annotations).
for (const document of Object.values(jsonSchemas)) ajv.addSchema(document);
const validator = (document: JsonSchemaDocument): ValidateFunction => ajv.getSchema(document.$id)!;

/** Asserts `value` is valid against the document named `name`, showing Ajv's errors if not. */
function expectValid(name: string, value: unknown): void {
  const validate = validator(jsonSchemas[name]!);
  const valid = validate(JSON.parse(JSON.stringify(value)));
  expect(valid ? [] : validate.errors, `${name}: ${JSON.stringify(value).slice(0, 200)}`).toEqual([]);
}

const schemaAccepts = (name: string, value: unknown) => validator(jsonSchemas[name]!)(value);

let demoEngine: CaseEngine;
/** What the demo sent and got back (the engines the tests below make are recorded too, so copied here). */
let demo: { opened: unknown[]; sent: { caseId: string; event: unknown }[]; results: unknown[] };
const lib = await import('linked-enforcement');

beforeAll(async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import('../examples/demo.js');
  } finally {
    log.mockRestore();
  }
  demoEngine = recorded.engines[0] as CaseEngine;
  demo = { opened: [...recorded.opened], sent: [...recorded.sent], results: [...recorded.results] };
}, 60_000);

describe('the demo’s payloads validate against linked-enforcement/schemas (Ajv, JSON Schema 2020-12)', () => {
  it('every opening input (case-open-input), with at and without it', () => {
    expect(demo.opened).toHaveLength(7);
    for (const input of demo.opened) {
      expectValid('case-open-input', input);
      const { at: _at, ...unstamped } = input as { at?: string };
      expectValid('case-open-input', unstamped);
    }
  });

  it('every event sent (case-event-input and its own events/<type>), with at and without it', () => {
    expect(demo.sent.length).toBeGreaterThan(40);
    const types = new Set<string>();
    for (const { event } of demo.sent) {
      const { type, at: _at, ...rest } = event as { type: string; at?: string };
      types.add(type);
      for (const payload of [event, { type, ...rest }]) {
        expectValid('case-event-input', payload);
        expectValid(`events/${type}`, payload);
      }
    }
    expect(types.size).toBeGreaterThanOrEqual(15);
  });

  it('every send result, case view, notification, outbox message, audit entry and dossier', async () => {
    expect(demo.results.length).toBe(demo.opened.length + demo.sent.length);
    for (const result of demo.results) expectValid('send-result', result);
    const { items: views } = await demoEngine.list();
    expect(views).toHaveLength(7);
    let dossiers = 0;
    let notifications = 0;
    let waiting = 0;
    let acted = 0;
    for (const actor of [{ unit: 'command-center' }, { unit: 'justice' }, { unit: 'market-regulation' }, { unit: 'public-security' }, { leader: { name: '李副县长', post: 'inCharge' } }] as const) {
      for (const item of (await demoEngine.inbox(actor, { limit: 1000 })).items) {
        waiting += 1;
        expectValid('inbox-item', item);
      }
      for (const item of (await demoEngine.done(actor, { limit: 1000 })).items) {
        acted += 1;
        expectValid('done-item', item);
      }
    }
    expect(waiting).toBeGreaterThan(0);
    expect(acted).toBeGreaterThan(0);
    for (const view of views) {
      expectValid('case-view', view);
      expectValid('case-view', await demoEngine.get(view.caseId));
      if (view.output !== undefined) {
        dossiers += 1;
        expectValid('case-dossier', view.output);
      }
      for (const entry of await demoEngine.history(view.caseId)) {
        expectValid('audit-entry', entry);
        for (const notification of entry.notifications) {
          notifications += 1;
          expectValid('case-notification', notification);
        }
      }
    }
    expect(dossiers).toBeGreaterThanOrEqual(3);
    expect(notifications).toBeGreaterThan(40);
    for (const result of demo.results as SendResult[]) for (const notification of result.notifications) expectValid('case-notification', notification);
    const outbox = await demoEngine.pendingNotifications({ status: 'delivered', limit: 1000 });
    const pending = await demoEngine.pendingNotifications({ limit: 1000 });
    const records = [...outbox, ...pending];
    expect(records.length).toBeGreaterThan(0);
    for (const { id, caseId, version, index, notification, createdAt } of records) expectValid('outbox-message', { id, caseId, version, index, notification, createdAt });
  });

  it('the demo’s statistics (stats-report, stats-row) for every grouping', async () => {
    for (const by of ['leadUnit', 'item', 'month', 'origin'] as const) {
      const report = await demoEngine.stats({ from: '2000-01-01', to: '2099-12-31', by });
      expect(report.total.opened).toBe(7);
      expectValid('stats-report', report);
      for (const row of [...report.rows, report.total]) expectValid('stats-row', row);
    }
    // The documents are closed, as the rows are: a misspelt counter is refused.
    expect(schemaAccepts('stats-row', { ...(await demoEngine.stats({ from: '2000-01-01', to: '2099-12-31', by: 'month' })).total, onTimeRatio: 1 })).toBe(false);
  });
});

/** A fresh engine with one case waiting for the center's preliminary review (初审). */
async function caseUnderReview(): Promise<CaseEngine> {
  const engine = lib.createCaseEngine({ store: lib.memoryStore(), clock: { now: () => new Date('2026-09-01T10:00:00+08:00') } });
  await engine.open({ caseId: 'c1', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } });
  return engine;
}

/** The engine's verdict on an event's shape: malformed (INVALID_EVENT) or not (taken, or refused for another reason). */
async function engineCallsMalformed(event: unknown): Promise<boolean> {
  const engine = await caseUnderReview();
  try {
    await engine.send('c1', event as CaseEvent);
    return false;
  } catch (error) {
    if (!lib.isLinkedEnforcementError(error)) throw error;
    return error.code === 'INVALID_EVENT';
  }
}

async function engineCallsInputMalformed(input: unknown): Promise<boolean> {
  const engine = lib.createCaseEngine({ store: lib.memoryStore(), clock: { now: () => new Date('2026-09-01T10:00:00+08:00') } });
  try {
    await engine.open(input as CaseInput);
    return false;
  } catch (error) {
    if (!lib.isLinkedEnforcementError(error)) throw error;
    return error.code === 'INVALID_INPUT';
  }
}

const center = { unit: 'command-center' };

describe('the schemas and the engine agree on malformed payloads', () => {
  const badEvents: Record<string, unknown> = {
    'not an object': 'review.pass',
    'no type': { by: center },
    'an unknown type': { type: 'review.maybe', by: center },
    'no by': { type: 'review.pass' },
    'by as a string': { type: 'review.pass', by: 'command-center' },
    'an empty unit': { type: 'review.pass', by: { unit: '' } },
    'a blank unit': { type: 'review.pass', by: { unit: '   ' } },
    'a unit with a control character': { type: 'review.pass', by: { unit: 'command\u0000center' } },
    'a unit of 201 characters': { type: 'review.pass', by: { unit: 'u'.repeat(201) } },
    'an actor with two identities': { type: 'review.pass', by: { unit: 'command-center', system: 'sweep' } },
    'a key the event does not have': { type: 'review.pass', by: center, comment: 'ok' },
    'no reason for a rejection': { type: 'review.reject', by: center },
    'a blank reason': { type: 'review.reject', by: center, reason: ' \n ' },
    'a reason of 20 001 characters': { type: 'review.reject', by: center, reason: '理'.repeat(20_001) },
    'a reason that is a number': { type: 'review.reject', by: center, reason: 42 },
    'at without an offset': { type: 'review.pass', by: center, at: '2026-09-01T11:00:00' },
    'at as a date only': { type: 'review.pass', by: center, at: '2026-09-01' },
    'at as a number': { type: 'review.pass', by: center, at: 1_788_000_000_000 },
    'at null': { type: 'review.pass', by: center, at: null },
    'a leader with an unknown post': { type: 'leader.approve', by: { leader: { name: '李副县长', post: 'mayor' } } },
    'a staff count that is not a whole number': { type: 'unit.acknowledge', by: { unit: 'fire-rescue' }, staff: 2.5 },
    'a dispatch without a place': { type: 'task.dispatch', by: center, startAt: '2026-09-29T09:00:00+08:00' },
  };

  for (const [name, event] of Object.entries(badEvents)) {
    it(`refuse an event with ${name}`, async () => {
      expect(await engineCallsMalformed(event)).toBe(true);
      expect(schemaAccepts('case-event-input', event)).toBe(false);
    });
  }

  it('each demo event without one of its required fields: refused by both; whole and without at: accepted by both', async () => {
    const seen = new Set<string>();
    for (const { event } of demo.sent) {
      const { type } = event as { type: string };
      if (seen.has(type)) continue;
      seen.add(type);
      const { at: _at, ...unstamped } = event as Record<string, unknown>;
      expect(await engineCallsMalformed(unstamped), `${type} without at`).toBe(false);
      expect(schemaAccepts('case-event-input', unstamped), `${type} without at`).toBe(true);
      const required = (caseEventInputJsonSchemas[type as keyof typeof caseEventInputJsonSchemas].$defs as Record<string, { required: string[] }>)[
        Object.keys(caseEventInputJsonSchemas[type as keyof typeof caseEventInputJsonSchemas].$defs as object)[0]!
      ]!.required;
      for (const field of required) {
        const { [field]: _dropped, ...without } = unstamped;
        expect(await engineCallsMalformed(without), `${type} without ${field}`).toBe(true);
        expect(schemaAccepts('case-event-input', without), `${type} without ${field}`).toBe(false);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(15);
  });

  const goodInput = { caseId: 'c9', title: '城东农贸市场安全综合执法', itemNo: 1, origin: 'application', applicant: 'market-regulation', by: { unit: 'market-regulation' } };
  const badInputs: Record<string, unknown> = {
    'no title': { ...goodInput, title: undefined },
    'a blank title': { ...goodInput, title: '  ' },
    'an unknown origin': { ...goodInput, origin: 'rumour' },
    'no by': { ...goodInput, by: undefined },
    'a case id with a control character': { ...goodInput, caseId: 'c\u00079' },
    'an item number that is text': { ...goodInput, itemNo: '1' },
    'an item number that is not a whole number': { ...goodInput, itemNo: 1.5 },
    'at without an offset': { ...goodInput, at: '2026-09-01T09:00:00' },
    'an emergency without a description': { caseId: 'c9', title: '突发事件', itemNo: 1, origin: 'emergency', reporter: 'market-regulation', by: { unit: 'market-regulation' } },
  };

  for (const [name, input] of Object.entries(badInputs)) {
    it(`refuse an opening with ${name}`, async () => {
      const given = JSON.parse(JSON.stringify(input)) as unknown;
      expect(await engineCallsInputMalformed(given)).toBe(true);
      expect(schemaAccepts('case-open-input', given)).toBe(false);
    });
  }

  it('accept a well-formed opening without at, and with a key the engine ignores', async () => {
    for (const input of [goodInput, { ...goodInput, comment: '备注' }]) {
      expect(await engineCallsInputMalformed(input)).toBe(false);
      expect(schemaAccepts('case-open-input', input)).toBe(true);
    }
  });
});

describe('error bodies (problem-details)', () => {
  it('every error the engine gives for the bad payloads above is a valid problem body with a Chinese title and detail', async () => {
    const engine = await caseUnderReview();
    const errors: unknown[] = [];
    for (const event of [{ type: 'review.reject', by: center, reason: '' }, { type: 'legal.approve', by: center }, { type: 'review.pass', by: { unit: 'police' } }, 'x']) {
      await engine.send('c1', event as CaseEvent).catch((error: unknown) => errors.push(error));
    }
    await engine.get('nope').catch((error: unknown) => errors.push(error));
    await engine.send('c1', { type: 'review.pass', by: center }, { expectedVersion: 7 }).catch((error: unknown) => errors.push(error));
    expect(errors.map((error) => (error as Package.LinkedEnforcementError).code)).toEqual(['INVALID_EVENT', 'NOT_ALLOWED', 'NOT_ALLOWED', 'INVALID_EVENT', 'CASE_NOT_FOUND', 'VERSION_CONFLICT']);
    for (const error of errors) {
      expect(lib.isLinkedEnforcementError(error)).toBe(true);
      const body = lib.toProblemDetails(error as Package.LinkedEnforcementError);
      expectValid('problem-details', body);
      expect(body.title).toMatch(/\p{Script=Han}/u);
      expect(body.detailZh).toMatch(/\p{Script=Han}/u);
    }
  });
});

describe('the documents', () => {
  it('are JSON Schema 2020-12 with an $id and a description in Chinese and English on every property', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((child, index) => walk(child, `${where}/${index}`));
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Record<string, unknown>;
      if (typeof schema.properties === 'object' && schema.properties !== null) {
        for (const [name, property] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
          const description = property.description ?? (typeof property.$ref === 'string' ? resolve(document, property.$ref).description : undefined);
          if (typeof description !== 'string' || !/\p{Script=Han}.* — .*[A-Za-z]/u.test(description)) undescribed.push(`${where}/properties/${name}`);
        }
      }
      for (const [key, child] of Object.entries(schema)) walk(child, `${where}/${key}`);
    };
    let document: JsonSchemaDocument;
    const resolve = (root: JsonSchemaDocument, ref: string) => ref.slice(2).split('/').reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, root as never);
    for (const [name, value] of Object.entries(jsonSchemas)) {
      document = value;
      expect(value.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(value.$id).toBe(`urn:linked-enforcement:schema:${name}`);
      expect(value.description).toMatch(/\p{Script=Han}.* — .*[A-Za-z]/u);
      walk(value, name);
    }
    expect(undescribed).toEqual([]);
  });

  it('cover every event type the engine takes, each with at optional', () => {
    expect(Object.keys(caseEventInputJsonSchemas).sort()).toEqual(Object.keys(lib.eventLabels).filter((type) => type !== 'case.open').sort());
    for (const [type, document] of Object.entries(caseEventInputJsonSchemas)) {
      const [own] = Object.values(document.$defs as Record<string, { required: string[]; properties: Record<string, unknown> }>);
      expect(own!.properties).toHaveProperty('at');
      expect(own!.required, type).not.toContain('at');
      expect(own!.required, type).toEqual(expect.arrayContaining(['type', 'by']));
    }
    expect((caseEventInputJsonSchema.$defs as object)).toBeDefined();
  });

  it('committed in src/schemas/json/ are what the zod schemas make now (run npm run schemas after changing a schema)', () => {
    const dir = fileURLToPath(new URL('../src/schemas/json/', import.meta.url));
    const expected = expectedSchemaFiles();
    expect(schemaFilesIn(dir).sort()).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) expect(readFileSync(`${dir}${file}`, 'utf8'), file).toBe(text);
  });
});
