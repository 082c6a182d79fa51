/**
 * The fuzz harness's own verdicts (test/_lib/fuzz.ts): an untyped error, a call that uses too much
 * CPU time and a call that never settles are caught; a call that only waits — as every call does
 * on a busy machine — is not, so the verdict does not depend on load.
 */
import { describe, expect, it } from 'vitest';
import { LinkedEnforcementError } from '../src/errors.js';
import { FuzzLedger, problemOf, runCall, runCallAsync } from './_lib/fuzz.js';

/** Keeps the CPU busy for about `ms` milliseconds of CPU time. */
function spin(ms: number): void {
  const { user, system } = process.cpuUsage();
  const until = (user + system) / 1000 + ms;
  for (;;) {
    const now = process.cpuUsage();
    if ((now.user + now.system) / 1000 >= until) return;
  }
}

/** Blocks this thread for `ms` milliseconds without using the CPU, as a descheduled process would. */
function wait(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('the fuzz harness', () => {
  it('flags a call by its CPU time, not by how long it waited', () => {
    const busy = runCall(() => spin(300));
    expect(busy.cpuMs).toBeGreaterThanOrEqual(300);
    expect(problemOf(busy, 200)).toMatch(/^used \d+ ms of CPU time in \d+ ms \(limit 200 ms of CPU time\)$/);
    const waiting = runCall(() => wait(300));
    expect(waiting.ms).toBeGreaterThanOrEqual(290);
    expect(waiting.cpuMs).toBeLessThan(200);
    expect(problemOf(waiting, 200)).toBeUndefined();
  });

  it('tells a typed error from any other, and a call still pending after the limit is hung', async () => {
    const typed = runCall(() => {
      throw new LinkedEnforcementError('INVALID_INPUT', 'bad');
    });
    expect([typed.kind, typed.kind === 'typed' && typed.code, problemOf(typed)]).toEqual(['typed', 'INVALID_INPUT', undefined]);
    const untyped = runCall(() => {
      throw new TypeError('boom');
    });
    expect(problemOf(untyped)).toMatch(/^threw something other than a LinkedEnforcementError: TypeError: boom/);
    const hung = await runCallAsync(() => new Promise(() => {}), 50);
    expect(problemOf(hung)).toBe('still running after 50 ms: hung');
    const settled = await runCallAsync(async () => 'done', 1_000);
    expect([settled.kind, settled.kind === 'returned' && settled.value, problemOf(settled)]).toEqual(['returned', 'done', undefined]);
  });

  it("a ledger's run throws on what problemOf finds and counts the rest", () => {
    const ledger = new FuzzLedger();
    ledger.run({ entry: 'ok', args: [], run: () => 1 });
    ledger.run({ entry: 'ok', args: [], run: () => { throw new LinkedEnforcementError('INVALID_INPUT', 'bad'); } });
    expect(() => ledger.run({ entry: 'bad', args: [1], run: () => { throw new Error('x'); } })).toThrow(/^bad\(1\) threw something other/);
    expect(() => ledger.run({ entry: 'odd', args: [], run: () => 1, checkReturn: () => 'not a boolean' })).toThrow('odd() not a boolean');
    expect([ledger.total, ledger.counts.get('ok'), ledger.codes.get('ok')?.get('INVALID_INPUT')]).toEqual([2, { returned: 1, typed: 1 }, 1]);
  });
});
