import { CaseClosed, CaseReopened, FollowUpRecorded, FollowUpScheduled } from '@chuishao/contracts';
import { FixedClock } from '@chuishao/kernel';
import { as, http, startService, type RunningService } from '@chuishao/testing';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

/**
 * The follow-up after a closing (回访, issue #19 item 2) in the console: a reopened case's status,
 * its timeline's sentences, and the follow-up rates per center and per department, on a clock of
 * the test's own so the due times are judged at a known moment.
 */
describe('ops-console: follow-ups, reopening and the follow-up rates (real PostgreSQL and Kafka)', () => {
  let consoleService: RunningService;
  const script = new Script(() => consoleService);
  const supervisor = as({ role: 'supervisor', subject: 'supervisor-1' });
  // Closings in a year of their own, judged two weeks after them, so no other test's cases count.
  const clock = new FixedClock(new Date('2032-03-15T00:00:00.000Z'));
  const period = '?from=2032-01-01T00:00:00Z&to=2032-03-15T00:00:00Z';

  beforeAll(async () => {
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { clock }),
      OPS_CONSOLE_DESCRIPTION,
    );
  });

  afterAll(async () => {
    await script.stop();
    await consoleService?.close();
  });

  const get = (path: string, headers: Record<string, string> = supervisor) =>
    http(consoleService.baseUrl, 'GET', path, undefined, headers);

  /** A case closed on 1 March 2032 at the village, summoned to `department`, its follow-up due 3 days later. */
  async function closedCase(department: string) {
    const { caseId, caseNo } = await script.registerCase();
    await script.blow(caseId, new Date('2032-02-28T09:00:00Z'), [[department, department]]);
    const closedAt = '2032-03-01T08:00:00.000Z';
    await script.publish(CaseClosed, caseId, { reason: '调解成功', closedAt });
    await script.publish(FollowUpScheduled, caseId, { caseNo, closedAt, dueAt: '2032-03-04T08:00:00.000Z' });
    return { caseId, caseNo, closedAt };
  }

  const answer = (
    c: { caseId: string; caseNo: string; closedAt: string },
    answer: 'satisfied' | 'basically_satisfied' | 'unsatisfied',
    resolved: boolean,
    comment = '',
  ) =>
    script.publish(FollowUpRecorded, c.caseId, {
      caseNo: c.caseNo,
      channel: 'phone',
      answer,
      resolved,
      comment,
      closedAt: c.closedAt,
      recordedAt: '2032-03-02T08:00:00.000Z',
    });

  it('reopens a case on an unsatisfied answer and reports the three rates per center and department', async () => {
    const satisfied = await closedCase('traffic');
    await answer(satisfied, 'satisfied', true);
    const unsatisfied = await closedCase('traffic');
    await answer(unsatisfied, 'unsatisfied', false, '赔偿未到位');
    await script.publish(CaseReopened, unsatisfied.caseId, {
      caseNo: unsatisfied.caseNo,
      comment: '赔偿未到位',
      reopenedAt: '2032-03-02T08:00:00.000Z',
    });
    await closedCase('land'); // never answered, past its due time: a miss for the response rate
    await script.handled();

    const page = await get(`/api/cases/${unsatisfied.caseId}`);
    expect(page.status).toBe(200);
    expect(page.body.status).toBe('reopened');
    const types = page.body.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['FollowUpScheduled', 'FollowUpRecorded', 'CaseReopened']));

    const rates = await get(`/api/scorecards/follow-ups${period}`);
    expect(rates.status).toBe(200);
    const center = (id: string) => rates.body.centers.find((c: { centerId: string }) => c.centerId === id);
    expect(center('anlizha-village')).toEqual({
      centerId: 'anlizha-village',
      followUps: 3,
      answered: 2,
      responseRate: 0.6667,
      resolutionRate: 0.5,
      satisfactionRate: 0.5,
    });
    expect(center('ganzhou-district')).toMatchObject({ followUps: 3 });
    const department = (id: string) =>
      rates.body.departments.find((d: { departmentId: string }) => d.departmentId === id);
    expect(department('traffic')).toMatchObject({ followUps: 2, responseRate: 1, satisfactionRate: 0.5 });
    expect(department('land')).toMatchObject({
      followUps: 1,
      answered: 0,
      responseRate: 0,
      satisfactionRate: null,
    });

    // A center elsewhere sees none of them; a mediator may not read scorecards.
    const otherTown = as({ role: 'operator', subject: 'op-daman', centerId: 'daman-town' });
    expect((await get(`/api/scorecards/follow-ups${period}`, otherTown)).body).toMatchObject({
      centers: [],
      departments: [],
    });
    const bad = await get('/api/scorecards/follow-ups?from=2032-03-15T00:00:00Z&to=2032-01-01T00:00:00Z');
    expect(bad.status).toBe(400);
  });
});
