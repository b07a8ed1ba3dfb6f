import { RawProducer, as, http, waitFor, type Json, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { newCase, publishToWhistles, whistleBlown } from './support/fixtures';
import { startNotifyingDepartment } from './support/notifications';

const DEPARTMENT = 'ganzhou-traffic-police';
const liaison = as({ role: 'liaison', subject: 'liaison-traffic-1', departmentId: DEPARTMENT });
const otherLiaison = as({
  role: 'liaison',
  subject: 'liaison-j-1',
  departmentId: 'shangqin-judicial-office',
});

/**
 * Units on the move (issue 20 item 4) as department sees them: after acknowledging, a liaison
 * reports their people en route with an ETA (and revises it), then on site, then gone from the
 * scene; each report an event for the board and the timeline. Real PostgreSQL and Kafka.
 */
describe('department: a summoned department on the move (real PostgreSQL and Kafka)', () => {
  let department: RunningService;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);

  beforeAll(async () => {
    department = await startNotifyingDepartment();
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
  });

  const post = (path: string, body?: unknown, headers: Record<string, string> = liaison) =>
    http(department.baseUrl, 'POST', path, body, headers);
  const published = async (summonsId: string): Promise<Json[]> =>
    (
      await department.app
        .get(DataSource)
        .query(
          `SELECT envelope FROM outbox WHERE envelope->'payload'->>'summonsId' = $1 AND event_type LIKE 'Department%Reported' ORDER BY seq`,
          [summonsId],
        )
    ).map((r: { envelope: Json }) => r.envelope);

  it('sets off with an ETA after acknowledging, revises it, arrives and leaves; each said once', async () => {
    const whistle = whistleBlown(
      [{ departmentId: DEPARTMENT, departmentName: 'Traffic police', departmentKind: 'traffic_police' }],
      newCase('MOV-'),
    );
    await publishToWhistles(raw, department, whistle.event);
    const summonsId = whistle.summonsIds[DEPARTMENT]!;
    await waitFor(
      'the summons to be known',
      async () =>
        (await http(department.baseUrl, 'GET', `/summons/${summonsId}`, undefined, liaison)).status === 200,
    );

    const early = await post(`/summons/${summonsId}/en-route`, { etaMinutes: 20 });
    expect(early).toMatchObject({ status: 409, body: { code: 'SUMMONS_NOT_ACKNOWLEDGED' } });
    expect((await post(`/summons/${summonsId}/acknowledge`)).status).toBe(200);

    const badEta = await post(`/summons/${summonsId}/en-route`, { etaMinutes: 0 });
    expect(badEta).toMatchObject({ status: 400, body: { errors: [{ field: 'etaMinutes' }] } });
    expect((await post(`/summons/${summonsId}/en-route`, { etaMinutes: 20 }, otherLiaison)).status).toBe(404);

    const key = { ...liaison, 'idempotency-key': `en-route-${summonsId}` };
    const first = await post(`/summons/${summonsId}/en-route`, { etaMinutes: 20 }, key);
    expect(first.status).toBe(200);
    const replay = await post(`/summons/${summonsId}/en-route`, { etaMinutes: 20 }, key);
    expect(replay.body).toEqual(first.body);
    const revised = await post(`/summons/${summonsId}/en-route`, { etaMinutes: 35 });
    expect(new Date(revised.body.etaAt).getTime()).toBeGreaterThan(new Date(first.body.etaAt).getTime());

    expect((await post(`/summons/${summonsId}/departure`)).body.code).toBe('SUMMONS_NOT_ON_SITE');
    expect((await post(`/summons/${summonsId}/arrive`, {})).status).toBe(200);
    expect((await post(`/summons/${summonsId}/en-route`, { etaMinutes: 5 })).body.code).toBe(
      'SUMMONS_ALREADY_ARRIVED',
    );
    const left = await post(`/summons/${summonsId}/departure`);
    expect(left).toMatchObject({ status: 200, body: { summonsId, leftAt: expect.any(String) } });
    expect((await post(`/summons/${summonsId}/departure`)).body.code).toBe('SUMMONS_ALREADY_LEFT');

    const events = await published(summonsId);
    expect(events.map((e) => [e.type, e.payload.etaAt ?? null])).toEqual([
      ['DepartmentEnRouteReported', first.body.etaAt],
      ['DepartmentEnRouteReported', revised.body.etaAt],
      ['DepartmentDepartureReported', null],
    ]);
    expect(events[0]).toMatchObject({
      caseId: whistle.caseId,
      actor: { role: 'liaison', id: 'liaison-traffic-1' },
      payload: { whistleId: whistle.whistleId, departmentId: DEPARTMENT },
    });
  });
});
