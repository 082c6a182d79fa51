import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from 'linked-enforcement/calendar';
import { siyangCatalog } from 'linked-enforcement/catalog';
import { caseMachine, toDiagramJson, toMermaid } from 'linked-enforcement';
import { runCli } from '../src/cli/runCli.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

async function json(...argv: string[]): Promise<unknown> {
  const result = await run(...argv, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe('help', () => {
  it('lists every command with --help, -h and help', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const { code, stdout } = await run(flag);
      expect(code).toBe(0);
      for (const usage of ['catalog [词语 words…]', 'catalog --unit', 'workdays add', 'workdays between', 'workdays info', 'deadline <时刻 instant> <n>', 'diagram [--format mermaid|json]', '--json']) {
        expect(stdout).toContain(usage);
      }
    }
  });

  it('gives each command its own help with help <command> and <command> --help', async () => {
    const usages = {
      catalog: 'linked-enforcement catalog --unit <单位 unit> [词语 words…]',
      workdays: 'linked-enforcement workdays between <from> <to>',
      deadline: 'linked-enforcement deadline <时刻 instant> <n>',
      diagram: 'linked-enforcement diagram [--format mermaid|json] [--lang zh|en]',
    };
    for (const [command, usage] of Object.entries(usages)) {
      const others = Object.values(usages).filter((other) => other !== usage);
      for (const argv of [['help', command], [command, '--help'], [command, '-h']]) {
        const { code, stdout, stderr } = await run(...argv);
        expect({ code, stderr }, argv.join(' ')).toEqual({ code: 0, stderr: '' });
        expect(stdout, argv.join(' ')).toContain(usage);
        for (const other of others) expect(stdout, argv.join(' ')).not.toContain(other);
      }
    }
    expect((await run('workdays', 'add', '--help')).stdout).toBe((await run('help', 'workdays')).stdout);
    expect((await run('deadline', '--help')).stdout).toContain('当天不计');
    expect((await run('--help')).stdout).toContain('linked-enforcement help deadline');
  });

  it('refuses help for a command that does not exist', async () => {
    const { code, stdout, stderr } = await run('help', 'frobnicate');
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain('unknown command "frobnicate"');
  });

  it('prints the help to stderr and exits 2 without a command', async () => {
    const { code, stdout, stderr } = await run();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('用法 Usage');
  });
});

describe('--version', () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

  it('prints the version of package.json, alone or as JSON', async () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+/u);
    expect(await run('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(await json('--version')).toEqual({ version });
    expect(await run('catalog', '--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('catalog', () => {
  it('finds items by words, with their lead and cooperating units', async () => {
    const { code, stdout } = await run('catalog', '农贸市场');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        ' 1. 农贸市场安全方面的综合执法',
        '    牵头 lead: 市场监管局',
        '    配合 cooperating: 消防救援大队、公安局、应急管理局、城管局、卫健局、农业农村局、商务局',
        '',
        '共 1 项 1 item',
        '',
      ].join('\n'),
    );
  });

  it('lists all 39 items without words, and one item for a number', async () => {
    expect((await run('catalog')).stdout).toContain('共 39 项 39 items');
    expect(await json('catalog')).toEqual({ match: 'all', items: expect.any(Array) });
    expect(((await json('catalog')) as { items: unknown[] }).items).toHaveLength(39);
    expect(await json('catalog', '21')).toEqual({
      match: 'all',
      items: [
        expect.objectContaining({
          no: 21,
          name: '非法宗教活动治理执法（基督教私设聚会点治理等）',
          lead: { unit: 'united-front', name: '统战部', label: '统战部（民宗局）', as: '民宗局' },
          openEnded: false,
        }),
      ],
    });
  });

  it('marks an open-ended list (等)', async () => {
    const openEnded = siyangCatalog.items.find((item) => item.openEnded);
    expect(openEnded).toBeDefined();
    expect((await run('catalog', String(openEnded!.no))).stdout).toContain('等 (and others)');
  });

  it('says so when nothing matches, and gives no items as JSON', async () => {
    const { code, stdout } = await run('catalog', '火星基地');
    expect(code).toBe(0);
    expect(stdout).toContain('No item matches "火星基地"');
    expect(await json('catalog', '火星基地')).toEqual({ match: 'closest', items: [] });
  });

  it('marks closest matches as such when no item contains every word', async () => {
    const closest = siyangCatalog.search('燃气安全 农贸');
    expect(closest.length).toBeGreaterThan(1);
    const { code, stdout } = await run('catalog', '燃气安全', '农贸');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`没有同时包含“燃气安全”“农贸”的事项，以下 ${closest.length} 项是最接近的。No item matches all of "燃气安全 农贸"; these ${closest.length} are the closest matches.`);
    expect(stdout).toContain(`共 ${closest.length} 项 ${closest.length} items — 最接近的匹配 closest matches, none contains every word`);
    const listed = (await json('catalog', '燃气安全', '农贸')) as { match: string; items: { no: number }[] };
    expect(listed.match).toBe('closest');
    expect(listed.items.map((item) => item.no)).toEqual(closest.map((item) => item.no));
    const narrowed = (await json('catalog', '--unit', '公安局', '燃气安全', '农贸')) as { match: string; leads: unknown[]; cooperates: unknown[] };
    expect(narrowed.match).toBe('closest');
    expect((await run('catalog', '--unit', '公安局', '燃气安全', '农贸')).stdout).toContain('the closest matches');
  });

  it('does not mark results where every item contains every word', async () => {
    const { stdout } = await run('catalog', '燃气', '安全');
    expect(stdout).not.toContain('closest');
    expect(stdout).toContain('共 1 项 1 item\n');
    expect(await json('catalog', '燃气', '安全')).toMatchObject({ match: 'all', items: [{ no: 19 }] });
    expect(await json('catalog', '--unit', '公安局', '农贸')).toMatchObject({ match: 'all', cooperates: [{ no: 1 }] });
  });

  it('lists the items a unit leads or cooperates on with --unit', async () => {
    const result = (await json('catalog', '--unit', '公安局')) as { unit: { id: string }; leads: { no: number; lead: { unit: string } }[]; cooperates: { no: number }[] };
    expect(result.unit.id).toBe('public-security');
    expect(result.leads.map((item) => item.no)).toEqual(siyangCatalog.itemsLedBy('公安局').map((item) => item.no));
    expect([...result.leads, ...result.cooperates].map((item) => item.no).sort((a, b) => a - b)).toEqual(siyangCatalog.itemsInvolving('公安局').map((item) => item.no));
    expect(result.cooperates.map((item) => item.no)).toContain(1);
    const text = (await run('catalog', '-u', '公安局')).stdout;
    expect(text).toContain('公安局 — public-security');
    expect(text).toContain(' 1. 农贸市场安全方面的综合执法 — 牵头 lead: 市场监管局');
  });

  it('narrows a unit’s items by words, and accepts aliases', async () => {
    const result = (await json('catalog', '--unit', '民宗局', '宗教')) as { unit: { id: string }; leads: { no: number }[]; cooperates: unknown[] };
    expect(result.unit.id).toBe('united-front');
    expect(result.leads.map((item) => item.no)).toContain(21);
    expect(result.cooperates).toEqual([]);
  });

  it('refuses an unknown unit or item number with exit code 1 and the error code', async () => {
    const unknownUnit = await run('catalog', '--unit', '不存在的局');
    expect(unknownUnit).toMatchObject({ code: 1, stdout: '' });
    expect(unknownUnit.stderr).toContain('[UNKNOWN_UNIT] 没有这个单位');
    const unknownItem = await run('catalog', '40');
    expect(unknownItem.code).toBe(1);
    expect(unknownItem.stderr).toContain('[UNKNOWN_ITEM]');
  });
});

describe('workdays', () => {
  it('adds working days across the National Day holiday', async () => {
    expect(await run('workdays', 'add', '2026-09-30', '5')).toEqual({
      code: 0,
      stdout: '2026-10-13 星期二 Tue — 2026-09-30 之后第 5 个工作日 the 5th working day after 2026-09-30\n',
      stderr: '',
    });
    expect(await json('workdays', 'add', '2026-09-30', '5')).toEqual({ start: '2026-09-30', n: 5, date: '2026-10-13', provisional: false });
  });

  it('counts back with a negative n, and takes an instant by its Beijing date', async () => {
    expect(await json('workdays', 'add', '2026-10-08', '-3')).toMatchObject({ date: '2026-09-28' });
    expect((await run('workdays', 'add', '2026-10-08', '-1')).stdout).toContain('the 1st working day before 2026-10-08');
    expect(await json('workdays', 'add', '2026-09-29T17:00:00Z', '5')).toMatchObject({ start: '2026-09-30', date: '2026-10-13' });
  });

  it('agrees with the calendar for any date and count', async () => {
    await fc.assert(
      fc.asyncProperty(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-06-30T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -30, max: 30 }), async (day, n) => {
        const date = day.toISOString().slice(0, 10);
        const result = (await json('workdays', 'add', date, String(n))) as { date: string };
        expect(result.date).toBe(defaultCalendar.addWorkingDays(date, n));
      }),
      { numRuns: 50 },
    );
  });

  it('marks an answer that counts estimated holidays as provisional', async () => {
    const year = defaultCalendar.coverage.lastYear + 1;
    const estimated = await run('workdays', 'add', `${year}-09-30`, '5');
    expect(estimated.stdout).toContain('Note: holiday arrangements after');
    expect(await json('workdays', 'add', `${year}-09-30`, '5')).toMatchObject({ provisional: true });
    expect(await json('workdays', 'add', `${year}-10-20`, '-20')).toMatchObject({ provisional: true });
  });

  it('counts the working days between two dates, negative when to is before from', async () => {
    expect((await run('workdays', 'between', '2026-09-30', '2026-10-13')).stdout).toBe('5 个工作日 working days（2026-09-30 < d ≤ 2026-10-13）\n');
    expect(await json('workdays', 'between', '2026-10-13', '2026-09-30')).toEqual({ from: '2026-10-13', to: '2026-09-30', workingDays: -5 });
  });

  it('tells what kind of day a date is', async () => {
    expect((await run('workdays', 'info', '2026-10-01')).stdout).toBe('2026-10-01 星期四 Thu：节假日放假 holiday (day off)（国庆节），不上班 day off\n');
    expect(await json('workdays', 'info', '2026-10-10')).toEqual({ date: '2026-10-10', working: true, kind: 'makeupWorkday', holiday: '国庆节', provisional: false });
  });

  it('refuses bad dates and counts with exit code 1', async () => {
    const badDate = await run('workdays', 'info', '2026-02-30');
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/^错误 Error \[INVALID_DATE\] 日期无效："2026-02-30" is not a date \(<date> of workdays info\)/u);
    const badCount = await run('workdays', 'add', '2026-09-30', '5.5');
    expect(badCount.code).toBe(1);
    expect(badCount.stderr).toContain('[INVALID_INPUT] 输入无效：Invalid n: expected a whole number');
    expect((await run('workdays', 'add', '2200-01-01', '1')).stderr).toContain('[OUT_OF_COVERAGE]');
  });

  it('echoes a bad date and names its argument', async () => {
    const cases = [
      { argv: ['workdays', 'add', '2026-02-30', '5'], text: '"2026-02-30" is not a date (<date> of workdays add): there is no such day', context: { argument: 'date', value: '2026-02-30', command: 'workdays add' } },
      { argv: ['workdays', 'between', '2026-09-30', '2026-13-01'], text: '"2026-13-01" is not a date (<to> of workdays between)', context: { argument: 'to', value: '2026-13-01', command: 'workdays between' } },
      { argv: ['workdays', 'between', 'yesterday', '2026-10-01'], text: '"yesterday" is not a date (<from> of workdays between): expected a date YYYY-MM-DD', context: { argument: 'from', value: 'yesterday' } },
      { argv: ['deadline', '2026-09-31T18:00:00+08:00', '5'], text: '"2026-09-31T18:00:00+08:00" is not a date (<instant> of deadline)', context: { argument: 'instant', value: '2026-09-31T18:00:00+08:00' } },
      { argv: ['deadline', '2026-09-30T18:00:00', '5'], text: "(<instant> of deadline): a date-time without 'Z' or an offset is ambiguous", context: { argument: 'instant' } },
    ];
    for (const { argv, text, context } of cases) {
      const { code, stdout, stderr } = await run(...argv);
      expect({ code, stdout }, argv.join(' ')).toEqual({ code: 1, stdout: '' });
      expect(stderr, argv.join(' ')).toContain(`[INVALID_DATE] 日期无效：`);
      expect(stderr, argv.join(' ')).toContain(text);
      const asJson = await run(...argv, '--json');
      expect(JSON.parse(asJson.stderr), argv.join(' ')).toMatchObject({ error: { code: 'INVALID_DATE', context } });
    }
  });

  it('exits 2 for a missing or unknown subcommand and the wrong number of arguments', async () => {
    for (const argv of [['workdays'], ['workdays', 'plus', '2026-09-30', '1'], ['workdays', 'add', '2026-09-30'], ['workdays', 'info', '2026-09-30', 'extra']]) {
      const { code, stderr } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toContain('用法错误 Usage error [INVALID_INPUT]');
      expect(stderr).toContain('linked-enforcement --help');
    }
  });
});

describe('deadline', () => {
  it('gives the due date and instant in Beijing time', async () => {
    const { code, stdout } = await run('deadline', '2026-09-30T18:00:00+08:00', '5');
    expect(code).toBe(0);
    expect(stdout).toContain('截止 Due: 2026-10-13 星期二 Tue 23:59:59 北京时间 Beijing time（2026-10-13T23:59:59.999+08:00）');
    expect(await json('deadline', '2026-09-30T10:00:00Z', '5')).toEqual({
      start: '2026-09-30T10:00:00Z',
      startDate: '2026-09-30',
      workingDays: 5,
      dueDate: '2026-10-13',
      dueAt: '2026-10-13T23:59:59.999+08:00',
      provisional: false,
    });
  });

  it('refuses a negative count and a time without an offset', async () => {
    expect((await run('deadline', '2026-09-30T18:00:00+08:00', '-1')).stderr).toContain('[INVALID_INPUT]');
    const noOffset = await run('deadline', '2026-09-30T18:00:00', '5');
    expect(noOffset.code).toBe(1);
    expect(noOffset.stderr).toContain('[INVALID_DATE]');
  });
});

describe('diagram', () => {
  it('prints the Mermaid diagram of the case machine', async () => {
    expect(await run('diagram')).toEqual({ code: 0, stdout: toMermaid(caseMachine), stderr: '' });
    expect((await run('diagram', '--lang', 'en')).stdout).toBe(toMermaid(caseMachine, { language: 'en' }));
  });

  it('prints nodes and edges with --json or --format json', async () => {
    const expected = JSON.parse(JSON.stringify(toDiagramJson(caseMachine)));
    expect(await json('diagram')).toEqual(expected);
    expect(JSON.parse((await run('diagram', '--format', 'json')).stdout)).toEqual(expected);
  });

  it('exits 2 for an unknown format or language, or conflicting options', async () => {
    for (const argv of [['diagram', '--format', 'svg'], ['diagram', '--lang', 'fr'], ['diagram', '--json', '--format', 'mermaid'], ['diagram', 'extra']]) {
      expect((await run(...argv)).code, argv.join(' ')).toBe(2);
    }
  });
});

describe('errors', () => {
  it('exits 2 for an unknown command, an unknown option, or an option of another command', async () => {
    for (const argv of [['frobnicate'], ['catalog', '--bogus'], ['workdays', 'add', '2026-09-30', '5', '--unit', '公安局'], ['catalog', '--unit']]) {
      const { code, stderr } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toContain('[INVALID_INPUT]');
    }
  });

  it('reports errors as JSON on stderr with --json, stdout staying empty', async () => {
    const refused = await run('workdays', 'info', 'tomorrow', '--json');
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'INVALID_DATE', zh: '日期无效', context: { argument: 'date', value: 'tomorrow' } } });
    const usage = await run('nope', '--json');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toMatchObject({ error: { code: 'INVALID_INPUT', usage: true } });
  });
});

describe('the linked-enforcement bin', () => {
  const exec = promisify(execFile);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

  it('starts with a shebang', () => {
    expect(readFileSync(new URL('../src/cli/main.ts', import.meta.url), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs as a process: output on stdout, exit code 0, and 1 with the code on stderr for bad input', async () => {
    const ok = await exec(tsx, ['src/cli/main.ts', 'deadline', '2026-09-30T18:00:00+08:00', '5', '--json'], { cwd: root });
    expect(JSON.parse(ok.stdout)).toMatchObject({ dueDate: '2026-10-13' });
    const failed = await exec(tsx, ['src/cli/main.ts', 'workdays', 'info', '2026-02-30'], { cwd: root }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 1, stdout: '' });
    expect(failed!.stderr).toContain('[INVALID_DATE]');
  }, 30_000);

  it('prints the version of package.json when run from source (the packed bin is checked by .ci/consumer-smoke)', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((await exec(tsx, ['src/cli/main.ts', '--version'], { cwd: root })).stdout).toBe(`${version}\n`);
  }, 30_000);
});
