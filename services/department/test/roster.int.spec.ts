import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, as, http, waitFor, whenHandled, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { newCase, publishToWhistles, whistleBlown } from './support/fixtures';
import { ArrivalWarningIssued, publishSla, startNotifyingDepartment } from './support/notifications';

/**
 * Duty rosters (issue 20 item 1) against real Kafka and PostgreSQL: a roster picks the liaison a
 * summons texts, at the instant the whistle was blown (a hand-over instant belongs to the incoming
 * liaison), an override beats the rotation, editing the roster later leaves a past summons'
 * notifications as they were, every edit is audited, another department's keeper gets 404, and a
 * liaison's shifts come out as an iCalendar feed opened with their own token.
 */
const DEPT = 'daman-police-station';
/** Seeded (contacts.json): liaison-1 on duty by its flag, liaison-2 off. */
const FLAGGED = 'liaison-1';
const recipientOf = (contactId: string) => `department:${DEPT}:contact:${contactId}`;
const ours = as({ role: 'liaison', subject: 'liaison-2', departmentId: DEPT });
const theirs = as({ role: 'liaison', subject: 'liaison-1', departmentId: 'daman-town-government' });
const ops = as({ role: 'ops', subject: 'ops-1' });
const isoOf = (ics: string) =>
  ics.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
const bj = (local: string) => new Date(`${local}+08:00`).toISOString();

describe('department: duty rosters decide who is texted (real PostgreSQL and Kafka)', () => {
  let department: RunningService;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);

  beforeAll(async () => {
    department = await startNotifyingDepartment();
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = ours) =>
    http(department.baseUrl, method, path, body, headers);

  /** A whistle on DEPT blown at `at` (its event's time and `blownAt`); answers its summons id. */
  async function blowAt(at: string): Promise<string> {
    return (await whistleAt(at)).summonsIds[DEPT];
  }

  async function whistleAt(at: string) {
    const whistle = whistleBlown(
      [{ departmentId: DEPT, departmentName: 'Daman police', departmentKind: 'police_station' }],
      newCase('ROS-'),
    );
    const event = { ...whistle.event, occurredAt: at, payload: { ...whistle.event.payload, blownAt: at } };
    await publishToWhistles(raw, department, event);
    await whenHandled(department, event.id);
    return whistle;
  }

  const textedFor = (summonsId: string, kind = 'summons') =>
    waitFor(
      `the SMS notifications (${kind}) of ${summonsId}`,
      async () => {
        const answer = await call('GET', `/summons/${summonsId}/notifications`, undefined, ops);
        const sms = (answer.body.items as Array<{ channel: string; recipient: string; kind: string }>).filter(
          (n) => n.channel === 'sms' && n.kind === kind,
        );
        return sms.length > 0 && sms.map((n) => n.recipient);
      },
      { timeoutMs: 30000 },
    );

  it('texts the rostered liaison, the incoming one at the exact hand-over, and keeps it after an edit', async () => {
    const put = await call('PUT', `/departments/${DEPT}/roster`, {
      contactIds: ['liaison-1', 'liaison-2'],
      shift: 'daily',
      handover: '08:30',
      startDate: '2026-12-01',
    });
    expect(put.status).toBe(200);
    expect(put.body.rotation).toMatchObject({ contactIds: ['liaison-1', 'liaison-2'], handover: '08:30' });

    const before = await call('GET', `/departments/${DEPT}/on-duty?at=${bj('2026-12-02T08:29:59.999')}`);
    expect(before.body).toMatchObject({ roster: true, contactIds: ['liaison-1'] });
    // The second shift begins at 12-02 08:30 Beijing time: the summons blown then goes to its
    // liaison, not to the one whose on-duty flag is set.
    const handoverWhistle = await whistleAt(bj('2026-12-02T08:30:00'));
    const atHandover = handoverWhistle.summonsIds[DEPT];
    expect(await textedFor(atHandover)).toEqual([recipientOf('liaison-2')]);
    const beforeHandover = await blowAt(bj('2026-12-02T08:29:59.999'));
    expect(await textedFor(beforeHandover)).toEqual([recipientOf(FLAGGED)]);

    const edited = await call('PUT', `/departments/${DEPT}/roster`, {
      contactIds: ['liaison-1'],
      shift: 'weekly',
      handover: '09:00',
      startDate: '2026-11-30',
    });
    expect(edited.status).toBe(200);
    const now = await call('GET', `/departments/${DEPT}/on-duty?at=${bj('2026-12-02T08:30:00')}`);
    expect(now.body.contactIds).toEqual(['liaison-1']);
    expect(await textedFor(atHandover)).toEqual([recipientOf('liaison-2')]);
    // Its warning, issued after the edit, goes to the liaison who was told of it, who may be on the way.
    const warning = await publishSla(raw, department, ArrivalWarningIssued, handoverWhistle.caseId, {
      whistleId: handoverWhistle.whistleId,
      summonsId: atHandover,
      departmentId: DEPT,
      arrivalDeadline: handoverWhistle.arrivalDeadline,
      secondsRemaining: 600,
      issuedAt: new Date().toISOString(),
    });
    await whenHandled(department, warning.id);
    expect(await textedFor(atHandover, 'warning')).toEqual([recipientOf('liaison-2')]);

    const audit = await department.app
      .get(DataSource)
      .query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY id`, [DEPT]);
    expect(audit.filter((a: { action: string }) => a.action === 'DutyRotationSet')).toEqual([
      { action: 'DutyRotationSet', actor_id: 'liaison-2' },
      { action: 'DutyRotationSet', actor_id: 'liaison-2' },
    ]);
  });

  it('lets an override for one night beat the rotation, once per Idempotency-Key, until cancelled', async () => {
    await call('PUT', `/departments/${DEPT}/roster`, {
      contactIds: ['liaison-1'],
      shift: 'daily',
      handover: '08:30',
      startDate: '2026-12-01',
    });
    const swap = { contactId: 'liaison-2', from: bj('2026-12-03T20:00:00'), to: bj('2026-12-04T08:30:00') };
    const key = { ...ours, 'idempotency-key': uuidv7() };
    const added = await call('POST', `/departments/${DEPT}/roster/overrides`, swap, key);
    expect(added.status).toBe(201);
    const again = await call('POST', `/departments/${DEPT}/roster/overrides`, swap, key);
    expect({ id: again.body.id, replayed: again.headers.get('idempotent-replayed') }).toEqual({
      id: added.body.id,
      replayed: 'true',
    });
    const roster = await call('GET', `/departments/${DEPT}/roster`);
    // The liaisons the screen offers, by name: never a phone.
    expect(roster.body.liaisons.map((l: { id: string }) => l.id)).toEqual(['liaison-1', 'liaison-2']);
    expect(JSON.stringify(roster.body)).not.toMatch(/1390000/);
    expect(roster.body.overrides.filter((o: { id: string }) => o.id === added.body.id)).toHaveLength(1);

    const night = await blowAt(bj('2026-12-03T23:00:00'));
    expect(await textedFor(night)).toEqual([recipientOf('liaison-2')]);
    const cancelled = await call('POST', `/departments/${DEPT}/roster/overrides/${added.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    const after = await call('GET', `/departments/${DEPT}/on-duty?at=${bj('2026-12-03T23:00:00')}`);
    expect(after.body.contactIds).toEqual(['liaison-1']);
    expect(await textedFor(night)).toEqual([recipientOf('liaison-2')]);
  });

  it("refuses another department's keeper (404), other roles (403) and bad input (400 naming the field)", async () => {
    const rotation = {
      contactIds: ['liaison-1'],
      shift: 'daily',
      handover: '08:30',
      startDate: '2026-12-01',
    };
    const counted = () =>
      department.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1`, [DEPT]);
    const [{ n: auditBefore }] = await counted();
    for (const [method, path, body] of [
      ['GET', `/departments/${DEPT}/roster`, undefined],
      ['PUT', `/departments/${DEPT}/roster`, rotation],
      ['GET', `/departments/${DEPT}/on-duty`, undefined],
    ] as const) {
      const answer = await call(method, path, body, theirs);
      expect({ status: answer.status, code: answer.body.code }).toEqual({
        status: 404,
        code: 'DEPARTMENT_NOT_FOUND',
      });
    }
    const operator = await call('PUT', `/departments/${DEPT}/roster`, rotation, as('operator'));
    expect(operator.status).toBe(403);
    const service = await call(
      'PUT',
      `/departments/${DEPT}/roster`,
      rotation,
      as({ role: 'ops', subject: 'service:dispatch' }),
    );
    expect({ status: service.status, code: service.body.code }).toEqual({
      status: 403,
      code: 'SERVICE_ACCOUNT_READ_ONLY',
    });
    const badTime = await call('PUT', `/departments/${DEPT}/roster`, { ...rotation, handover: '25:00' });
    expect(badTime.status).toBe(400);
    expect(JSON.stringify(badTime.body)).toContain('handover');
    const stranger = await call('PUT', `/departments/${DEPT}/roster`, { ...rotation, contactIds: ['head'] });
    expect({ status: stranger.status, code: stranger.body.code }).toEqual({
      status: 400,
      code: 'ROSTER_CONTACT_UNKNOWN',
    });
    const [{ n: auditAfter }] = await counted();
    expect(auditAfter).toBe(auditBefore);
  });

  it("serves a liaison's shifts as an iCalendar feed opened with their own token only", async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await call('PUT', `/departments/${DEPT}/roster`, {
      contactIds: ['liaison-2', 'liaison-1'],
      shift: 'daily',
      handover: '08:30',
      startDate: today,
    });
    const notYours = await call('POST', `/departments/${DEPT}/roster/contacts/liaison-1/feed-token`);
    expect({ status: notYours.status, code: notYours.body.code }).toEqual({
      status: 403,
      code: 'FEED_NOT_YOURS',
    });
    const issued = await call('POST', `/departments/${DEPT}/roster/contacts/liaison-2/feed-token`);
    expect(issued.status).toBe(201);

    const feed = await fetch(`${department.baseUrl}${issued.body.path}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const ics = (await feed.text()).replace(/\r\n[ \t]/g, '');
    const starts = [...ics.matchAll(/^DTSTART:(\d{8}T\d{6}Z)$/gm)].map((m) => m[1]);
    const ends = [...ics.matchAll(/^DTEND:(\d{8}T\d{6}Z)$/gm)].map((m) => m[1]);
    // Every other day from today's 08:30 (00:30 UTC), 24 hours each, over the next eight weeks.
    expect(starts[0]).toBe(`${today.replaceAll('-', '')}T003000Z`);
    expect(Date.parse(isoOf(ends[0])) - Date.parse(isoOf(starts[0]))).toBe(86400_000);
    const gaps = starts.slice(1).map((s, i) => Date.parse(isoOf(s)) - Date.parse(isoOf(starts[i])));
    expect(starts.length).toBeGreaterThanOrEqual(28);
    expect(new Set(gaps)).toEqual(new Set([2 * 86400_000]));
    expect(ics).toContain('BEGIN:VCALENDAR');

    const wrong = await fetch(
      `${department.baseUrl}/departments/${DEPT}/roster/contacts/liaison-2/shifts.ics?token=nope`,
    );
    expect(wrong.status).toBe(404);
    const rotated = await call('POST', `/departments/${DEPT}/roster/contacts/liaison-2/feed-token`);
    expect(rotated.status).toBe(201);
    expect((await fetch(`${department.baseUrl}${issued.body.path}`)).status).toBe(404);
  });
});
