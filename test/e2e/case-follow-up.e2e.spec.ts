import { as, http, waitFor } from '@chuishao/testing';
import { ANLIZHA_CASE, clerk, ok } from './api';
import { startSystem, type RunningSystem } from './system';

const villageOperator = as({ role: 'operator', subject: 'operator-anlizha', centerId: 'anlizha-village' });
const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1' });

/**
 * The follow-up with the parties after a closing (回访, issue #19 item 2) through the real system,
 * as the workstation calls it: intake and ops-console as processes on real Kafka and PostgreSQL,
 * every call through the console's forwarding. The clerk closes a case, the party answers the
 * phone follow-up unsatisfied, and the case is back in the village's queue as reopened; the
 * console's case page and timeline read it, and its follow-up rates count the answer.
 */
describe('following up a closed case and reopening it, end to end (intake, ops-console as processes)', () => {
  let system: RunningSystem;
  let consoleUrl: string;

  beforeAll(async () => {
    system = await startSystem({
      services: ['intake', 'ops-console'],
      env: { FOLLOW_UP_WINDOW_HOURS: '24' },
    });
    consoleUrl = system.urls['ops-console'];
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('an unsatisfied answer reopens the case to its center’s queue; the console reads it and counts the rates', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const registered = await ok(consoleUrl, 'POST', '/api/intake/cases', ANLIZHA_CASE, clerk);
    const close = { reason: '双方达成和解' };
    await ok(consoleUrl, 'POST', `/api/intake/cases/${registered.id}/close`, close, clerk);

    const scheduled = await waitFor('the console to read the follow-up due', async () => {
      const { status, body } = await http(
        consoleUrl,
        'GET',
        `/api/cases/${registered.id}`,
        undefined,
        supervisor,
      );
      return status === 200 && body.timeline.find((t: { type: string }) => t.type === 'FollowUpScheduled');
    });
    const closing = await ok(consoleUrl, 'GET', `/api/intake/cases/${registered.id}`, undefined, clerk);
    expect(Date.parse(scheduled.facts.dueAt) - Date.parse(closing.closedAt)).toBe(24 * 3_600_000);

    const answer = { answer: 'unsatisfied', resolved: false, comment: '对方的赔偿还没有到位' };
    const headers = { ...clerk, 'idempotency-key': `follow-up-${registered.id}` };
    const path = `/api/intake/cases/${registered.id}/follow-up`;
    const recorded = await http(consoleUrl, 'POST', path, answer, headers);
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ id: registered.id, status: 'reopened' });
    expect((await http(consoleUrl, 'POST', path, answer, headers)).status).toBe(200);

    const queue = await ok(
      consoleUrl,
      'GET',
      '/api/intake/cases?status=reopened',
      undefined,
      villageOperator,
    );
    expect(queue.items.map((c: { id: string }) => c.id)).toContain(registered.id);

    const page = await waitFor('the console case page to read the reopening', async () => {
      const { status, body } = await http(
        consoleUrl,
        'GET',
        `/api/cases/${registered.id}`,
        undefined,
        supervisor,
      );
      return status === 200 && body.status === 'reopened' && body;
    });
    const reopened = page.timeline.find((t: { type: string }) => t.type === 'CaseReopened');
    expect(reopened.summary).toBe('Reopened after an unsatisfied follow-up: 对方的赔偿还没有到位');
    const followUp = page.timeline.find((t: { type: string }) => t.type === 'FollowUpRecorded');
    expect(followUp.facts).toMatchObject({ channel: 'phone', answer: 'unsatisfied' });

    const rates = await waitFor('the follow-up rates to count the answer', async () => {
      const { body } = await http(
        consoleUrl,
        'GET',
        `/api/scorecards/follow-ups?from=${encodeURIComponent(from)}`,
        undefined,
        villageOperator,
      );
      const village = body.centers?.find((c: { centerId: string }) => c.centerId === 'anlizha-village');
      return village?.answered >= 1 && village;
    });
    expect(rates).toMatchObject({ responseRate: 1, satisfactionRate: 0, resolutionRate: 0 });
  });
});
