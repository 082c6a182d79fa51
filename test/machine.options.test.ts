/**
 * What `createCaseMachine` and `parseCaseInput` say about bad options and input, in full: the
 * county's integrator reads these messages to fix a roster (领导名单) or a call.
 */
import { describe, expect, it } from 'vitest';
import { createCaseMachine, parseCaseInput } from '../machines/createCaseMachine.js';
import { applicationInput } from './_lib/cases.js';
import { thrown } from './_lib/errors.js';

const zhang = { name: '张县长', post: 'principal', oversees: [] } as const;

describe('the leader roster (options.leaders)', () => {
  const problemsOf = (leaders: unknown) => {
    const error = thrown(() => createCaseMachine({ leaders: leaders as never }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'options.leaders' } });
    return error.issues.map((issue) => issue.message);
  };

  it('names a leader listed twice, an overseen unit the catalog lacks or that is a placeholder, and a roster without a principal leader', () => {
    expect(problemsOf([zhang, { ...zhang }])).toEqual(['leaders[1]: 张县长 (principal) is listed twice']);
    expect(problemsOf([zhang, { name: '李副县长', post: 'inCharge', oversees: ['market-regulation', 'tax', 'local-subdistrict'] }])).toEqual([
      'leaders[1].oversees: "tax" is not a unit id of the 泗阳县 catalog; leaders[1].oversees: "local-subdistrict" is not a unit id of the 泗阳县 catalog',
    ]);
    expect(problemsOf([{ name: '李副县长', post: 'inCharge', oversees: [] }])).toEqual(['leaders: name the principal leader (县主要领导), who may consent to any case']);
  });

  it('takes the same name in two posts as two leaders', () => {
    expect(() => createCaseMachine({ leaders: [zhang, { name: '张县长', post: 'inCharge', oversees: [] }] })).not.toThrow();
  });
});

describe('parseCaseInput', () => {
  it('takes only a machine made by createCaseMachine', () => {
    for (const machine of [{}, null, 'caseMachine', 1]) {
      const error = thrown(() => parseCaseInput(applicationInput(), machine as never));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: 'machine' }, issues: [{ path: ['machine'], message: 'must be a case machine made by createCaseMachine' }] });
    }
    expect(parseCaseInput(applicationInput(), createCaseMachine()).caseId).toBe('case-1');
  });

  it('puts every problem of the input against the catalog in one INVALID_INPUT for `input`', () => {
    const error = thrown(() => parseCaseInput(applicationInput({ itemNo: 40, applicant: '税务局' } as never)));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.context).toEqual({ argument: 'input' });
    expect(error.message).toBe(
      'Invalid input: input: itemNo: the catalog has no item 40; applicant: "税务局" is not a catalog unit id (a township or sub-district outside the catalog is written "locality:<name>")',
    );
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path).toEqual(['input']);
  });
});

describe('the center and legal-review units a county names', () => {
  it('must be catalog units that are not placeholders, named with the field and the unit', () => {
    for (const [field, id] of [['centerUnit', 'tax'], ['legalReviewUnit', 'local-subdistrict']] as const) {
      const error = thrown(() => createCaseMachine({ [field]: id }));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', context: { argument: `options.${field}`, unit: id } });
      expect(error.message).toBe(`Invalid options.${field}: "${id}" is not a unit id of the 泗阳县 catalog`);
    }
    expect(() => createCaseMachine({ centerUnit: 'justice', legalReviewUnit: 'command-center' })).not.toThrow();
  });
});
