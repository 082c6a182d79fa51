/**
 * What the machine says when it reminds (预警) a unit of its deadline, and a few of its other
 * messages word for word: the wording is what the units read.
 */
import { describe, expect, it } from 'vitest';
import { nextReminderMs } from '../machines/_lib/reminders.js';
import { machineRules } from '../machines/_lib/machineRules.js';
import { createCaseMachine } from '../machines/createCaseMachine.js';
import { defaultCalendar } from '../src/calendar/index.js';
import { accept, applicationInput, approveApplication, bj, center, enforceItem1, ev, justice, market, startCase, sweeper } from './_lib/cases.js';

describe('reminders (预警) of a unit’s own deadline', () => {
  it('an acknowledgement: to the unit and the center, with the time set for it', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    accept(actor, ev('deadline.remind', sweeper, bj('2026-09-28 08:00'), { beforeDueWorkingDays: 1 }));
    const reminders = notifications.filter((notification) => notification.kind === 'deadlineApproaching');
    expect(reminders).toHaveLength(7);
    expect(reminders[0]).toEqual({
      type: 'notification',
      kind: 'deadlineApproaching',
      caseId: 'case-1',
      at: bj('2026-09-28 08:00'),
      recipients: [{ unit: 'fire-rescue' }, { unit: 'command-center' }],
      message: '预警：请消防救援大队在指定时间（2026-09-29 09:00，北京时间）前确认接收联动执法任务「城东农贸市场安全综合执法」并报告派出的执法人员和装备。',
    });
  });

  it('the results: to the lead unit and the center, with the due day', () => {
    const { actor, notifications } = startCase();
    approveApplication(actor);
    enforceItem1(actor);
    accept(actor, ev('deadline.remind', sweeper, bj('2026-10-12 08:00'), { beforeDueWorkingDays: 1 }));
    expect(notifications.filter((notification) => notification.kind === 'deadlineApproaching')).toEqual([
      { type: 'notification', kind: 'deadlineApproaching', caseId: 'case-1', at: bj('2026-10-12 08:00'), recipients: [{ unit: 'market-regulation' }, { unit: 'command-center' }],
        message: '预警：联动执法「城东农贸市场安全综合执法」的执法结果应于2026-10-13（2026-10-13 23:59，北京时间）前上传，请市场监管局按时上传。',
      },
    ]);
  });

  it('zero working days ahead: from the start of the due day itself, also when that is a rest day', () => {
    const { actor } = startCase();
    approveApplication(actor);
    // 2026-09-26 is a Saturday.
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-26 09:00') }));
    const snapshot = actor.getSnapshot();
    expect(nextReminderMs(snapshot.context, 0, machineRules.get(snapshot.machine)!)).toBe(Date.parse(bj('2026-09-26 00:00')));
  });

  it('counts working days back on the machine’s own calendar', () => {
    // A county calendar whose working days run twice as fast backwards: its reminder is a day earlier than Siyang's.
    const calendar = { deadline: defaultCalendar.deadline.bind(defaultCalendar), addWorkingDays: (day: string, days: number) => defaultCalendar.addWorkingDays(day, days * 2) };
    const { actor } = startCase(applicationInput(), createCaseMachine({ calendar }));
    approveApplication(actor);
    accept(actor, ev('task.dispatch', center, bj('2026-09-04 10:00'), { place: '城东农贸市场', startAt: bj('2026-09-29 09:00') }));
    const snapshot = actor.getSnapshot();
    const twoBack = Date.parse(`${defaultCalendar.addWorkingDays('2026-09-29', -2)}T00:00:00+08:00`);
    expect(nextReminderMs(snapshot.context, 1, machineRules.get(snapshot.machine)!)).toBe(twoBack);
    expect(twoBack).toBeLessThan(Date.parse(bj('2026-09-28 00:00')));
  });
});

describe('messages, word for word', () => {
  it('an application received says nothing of an amendment until there was one', () => {
    const { actor, notifications } = startCase();
    expect(notifications.map((notification) => notification.message)).toEqual(['收到市场监管局的联动执法申请「城东农贸市场安全综合执法」，请进行初审。']);
    accept(actor, ev('review.pass', center, bj('2026-09-01 10:00')));
    accept(actor, ev('legal.return', justice, bj('2026-09-02 10:00'), { reason: '材料不全' }));
    accept(actor, ev('amendment.request', center, bj('2026-09-03 10:00'), { reason: '补充现场照片' }));
    accept(actor, ev('application.resubmit', market, bj('2026-09-04 10:00')));
    expect(notifications.at(-1)!.message).toBe('收到市场监管局的联动执法申请「城东农贸市场安全综合执法」（第1次补正后重新提交），请进行初审。');
  });

  it('an emergency reported without a description says none', () => {
    const { actor, notifications } = startCase({ caseId: 'c4', title: '提请', itemNo: 1, origin: 'emergencyRequest', reporter: 'fire-rescue', description: '需要联动', at: bj('2026-09-01 09:00'), by: { unit: 'fire-rescue' } });
    accept(actor, ev('emergency.report', market, bj('2026-09-01 10:00')));
    expect(notifications.filter((notification) => notification.kind === 'emergencyReported').map((notification) => notification.message)).toEqual([
      '市场监管局（牵头单位）上报突发事件「提请」，请县委县政府审核同意后组织联动执法。',
      '牵头单位市场监管局已将「提请」上报县委县政府。',
    ]);
  });
});
