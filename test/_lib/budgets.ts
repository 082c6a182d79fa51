/**
 * Time budgets for the tests that do real work. Vitest's default of 5 s suits unit tests; CI runs
 * on 2 cores shared with other jobs, where a test can take several times what it takes on an idle
 * machine (the SHA-256 property test once took 11.7 s there). A budget is a ceiling against hangs,
 * never a speed goal (those are in `npm run bench`). A test that outgrows its budget should get
 * cheaper rather than get a bigger one.
 */

/** Exhaustive loops and property tests: about 0.5–2 s on an idle machine. */
export const CPU_HEAVY = { timeout: 30_000 } as const;

/** Tests that start a Node process (and wait for it to load the library): about 1 s idle. */
export const CHILD_PROCESS = { timeout: 60_000 } as const;
