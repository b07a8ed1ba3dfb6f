import {
  AgreementReached,
  CaseClosed,
  EscalationAcknowledged,
  WhistleBlown,
  DeadlineScheduled,
  DepartmentArrived,
  MediationOpened,
  SummonsAcknowledged,
  WhistleCompleted,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

describe('ops-console read models', () => {
  let consoleService: RunningService;
  const script = new Script(() => consoleService);
  const supervisor = as({ role: 'supervisor', subject: 'supervisor-1' });

  beforeAll(async () => {
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { settings: { warningSeconds: 5 } }),
      OPS_CONSOLE_DESCRIPTION,
    );
  });

  afterAll(async () => {
    await script.stop();
    await consoleService?.close();
  });

  const caseFile = (caseId: string) =>
    http(consoleService.baseUrl, 'GET', `/api/cases/${caseId}`, undefined, supervisor);
  const board = async () =>
    (await http(consoleService.baseUrl, 'GET', '/api/board', undefined, supervisor)).body;

  it('builds a case page with the whole timeline in order, from every topic, including types it has no rule for', async () => {
    const { caseId, caseNo } = await script.registerCase();
    const deadline = new Date(Date.now() + 30 * 60_000);
    const { whistleId, summons } = await script.blow(caseId, deadline, [
      ['ganzhou-traffic-police', '交警大队'],
      ['shangqin-judicial-office', '司法所'],
    ]);
    const [traffic] = summons;
    await script.publish(SummonsAcknowledged, caseId, {
      summonsId: traffic!.summonsId,
      whistleId,
      departmentId: traffic!.departmentId,
      acknowledgedAt: new Date().toISOString(),
    });
    const arrivals = [];
    for (const s of summons) {
      const arrivedAt = new Date().toISOString();
      arrivals.push({ summonsId: s.summonsId, departmentId: s.departmentId, arrivedAt });
      await script.publish(DepartmentArrived, caseId, {
        summonsId: s.summonsId,
        whistleId,
        departmentId: s.departmentId,
        arrivedAt,
        note: null,
        location: null,
      });
    }
    await script.publish(WhistleCompleted, caseId, {
      whistleId,
      completedAt: new Date().toISOString(),
      arrivals,
    });
    const mediationId = uuidv7();
    await script.publish(MediationOpened, caseId, {
      mediationId,
      whistleId,
      openedBy: 'whistle',
      mediatorId: null,
      participants: [],
      tierLevel: 'grid_worker',
      levelDueAt: new Date(Date.now() + 3600_000).toISOString(),
      openedAt: new Date().toISOString(),
    });
    // A type the console has no special rule for still gets its timeline line.
    await script.publish(DeadlineScheduled, caseId, {
      deadlineId: uuidv7(),
      owner: 'mediation',
      kind: 'mediation.level',
      subjectId: mediationId,
      dueAt: new Date(Date.now() + 3600_000).toISOString(),
      context: {},
    });
    await script.publish(AgreementReached, caseId, {
      agreementId: uuidv7(),
      mediationId,
      parties: ['王某', '李某'],
      mediatorId: 'mediator-1',
      matters: [{ category: 'compensation', description: '死亡赔偿' }],
      terms: '赔偿 30 万元',
      amount: 300000,
      performanceDeadline: null,
      effectiveAt: new Date().toISOString(),
    });

    await script.handled();
    const response = await caseFile(caseId);
    expect(response.status).toBe(200);
    const page = response.body;
    expect(page.timeline).toHaveLength(9);
    expect(page).toMatchObject({ caseId, caseNo, status: 'agreement_reached', centerName: '安里闸村' });
    expect(page.timeline.map((e: { type: string }) => e.type)).toEqual([
      'CaseRegistered',
      'WhistleBlown',
      'SummonsAcknowledged',
      'DepartmentArrived',
      'DepartmentArrived',
      'WhistleCompleted',
      'MediationOpened',
      'DeadlineScheduled',
      'AgreementReached',
    ]);
    expect(page.timeline[0]).toMatchObject({ actor: { role: 'clerk', id: 'clerk-1' } });
    // The contracts' sentence, with the departments as the event names them (the workstation
    // names them from its directory, in the reader's language, from the same facts).
    expect(page.timeline[1].summary).toBe(
      `Whistle blown: ganzhou-traffic-police, shangqin-judicial-office to be on site by ${deadline.toISOString()}`,
    );
    expect(page.timeline[1].facts).toEqual({
      caseNo: `ALZ-${caseId.slice(-6)}`,
      centerId: 'anlizha-village',
      disputeType: 'road_traffic',
      urgency: 'urgent',
      arrivalDeadline: deadline.toISOString(),
      departmentIds: ['ganzhou-traffic-police', 'shangqin-judicial-office'],
    });
    expect(page.timeline[7].summary).toContain('kind: mediation.level');
    // Personal data never reaches the page, not even masked.
    expect(JSON.stringify(page)).not.toContain('139****1234');
    expect(
      page.summons.map((s: { departmentName: string; status: string }) => [s.departmentName, s.status]),
    ).toEqual([
      ['交警大队', 'arrived'],
      ['司法所', 'arrived'],
    ]);
    // Completed: off the board.
    expect(
      (await board()).whistles.find((w: { whistleId: string }) => w.whistleId === whistleId),
    ).toBeUndefined();
  });

  it('adds no second timeline line and no second effect when an event is delivered twice', async () => {
    const { caseId } = await script.registerCase();
    const deadline = new Date(Date.now() + 30 * 60_000);
    const { whistleId, summons } = await script.blow(caseId, deadline, [
      ['ganzhou-traffic-police', '交警大队'],
    ]);
    const { breachId, escalationId } = await script.breach(caseId, whistleId, summons[0]!, deadline);
    const acknowledged = script.event(
      EscalationAcknowledged,
      caseId,
      { escalationId, breachId, level: 1, acknowledgedAt: new Date().toISOString(), note: null },
      { role: 'supervisor', id: 'supervisor-1' },
    );
    await script.send(acknowledged, EscalationAcknowledged);
    await script.send(acknowledged, EscalationAcknowledged);
    // A marker after the duplicate: once it is in, the duplicate has been consumed too (same partition: same case).
    const marker = await script.publish(CaseClosed, caseId, {
      reason: 'withdrawn',
      closedAt: new Date().toISOString(),
    });

    await script.handled();
    const response = await caseFile(caseId);
    expect(response.status).toBe(200);
    const page = response.body;
    expect(page.timeline.some((e: { eventId: string }) => e.eventId === marker.id)).toBe(true);
    expect(page.timeline.filter((e: { eventId: string }) => e.eventId === acknowledged.id)).toHaveLength(1);
    expect(page.status).toBe('closed');
    const db = consoleService.app.get(DataSource);
    const [row] = await db.query(`SELECT count(*)::int AS n FROM timeline_entries WHERE event_id = $1`, [
      acknowledged.id,
    ]);
    expect(row.n).toBe(1);
    const [inbox] = await db.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [
      acknowledged.id,
    ]);
    expect(inbox.n).toBe(1);
  });

  it('puts a whistle on the board with a countdown per department; warning, breach and acknowledgement change it', async () => {
    const { caseId } = await script.registerCase();
    const deadline = new Date(Date.now() + 30 * 60_000);
    const { whistleId, summons } = await script.blow(caseId, deadline, [
      ['ganzhou-traffic-police', '交警大队'],
      ['shangqin-town-government', '镇政府'],
    ]);
    const whistleOnBoard = async () =>
      (await board()).whistles.find((w: { whistleId: string }) => w.whistleId === whistleId);
    await script.handled();
    const first = await whistleOnBoard();
    expect(first.summons.map((s: { signal: string; status: string }) => [s.signal, s.status])).toEqual([
      ['green', 'notified'],
      ['green', 'notified'],
    ]);
    expect(first.summons[0].remainingSeconds).toBeGreaterThan(1700);

    await script.warn(caseId, whistleId, summons[0]!, deadline);
    await script.handled();
    expect((await whistleOnBoard())?.summons[0].signal).toBe('amber');
    const { escalationId, breachId } = await script.breach(caseId, whistleId, summons[1]!, deadline);
    await script.handled();
    const breached = await board();
    const breachedWhistle = breached.whistles.find((x: { whistleId: string }) => x.whistleId === whistleId);
    expect(breachedWhistle?.summons[1].signal).toBe('red');
    expect(breached.escalations.some((e: { escalationId: string }) => e.escalationId === escalationId)).toBe(
      true,
    );
    expect(breached.breaches.find((b: { breachId: string }) => b.breachId === breachId)).toMatchObject({
      state: 'open',
      departmentName: '镇政府',
    });
    await script.acknowledged(caseId, breachId, escalationId);
    await script.handled();
    expect(
      (await board()).escalations.every((e: { escalationId: string }) => e.escalationId !== escalationId),
    ).toBe(true);
  });

  it('computes scorecards per department and per center from what it read', async () => {
    const { caseId } = await script.registerCase();
    const deadline = new Date(Date.now() - 1000);
    const { whistleId, summons } = await script.blow(caseId, deadline, [['scorecard-dept', '评价测试部门']]);
    await script.publish(DepartmentArrived, caseId, {
      summonsId: summons[0]!.summonsId,
      whistleId,
      departmentId: 'scorecard-dept',
      arrivedAt: new Date(deadline.getTime() - 500).toISOString(),
      note: null,
      location: null,
    });
    await script.handled();
    const response = await http(
      consoleService.baseUrl,
      'GET',
      '/api/scorecards?groupBy=department',
      undefined,
      supervisor,
    );
    const card = response.body.items?.find((i: { id: string }) => i.id === 'scorecard-dept');
    expect(card?.onTimeArrivalRate).toBe(1);
    expect(card).toMatchObject({ name: '评价测试部门', summoned: 1 });
    const centers = await http(
      consoleService.baseUrl,
      'GET',
      '/api/scorecards?groupBy=center',
      undefined,
      supervisor,
    );
    expect(centers.body.items.map((i: { id: string }) => i.id)).toContain('anlizha-village');
    const empty = await http(
      consoleService.baseUrl,
      'GET',
      '/api/scorecards?from=2018-01-01T00:00:00Z&to=2018-02-01T00:00:00Z',
      undefined,
      supervisor,
    );
    expect(empty.body.items).toEqual([]);
    const backwards = await http(
      consoleService.baseUrl,
      'GET',
      '/api/scorecards?from=2018-02-01T00:00:00Z&to=2018-01-01T00:00:00Z',
      undefined,
      supervisor,
    );
    expect({ status: backwards.status, code: backwards.body.code }).toEqual({
      status: 400,
      code: 'INVALID_PERIOD',
    });
  });

  it('shows the right board whatever order the topics deliver in: sla-timer events before their whistle', async () => {
    const { caseId } = await script.registerCase();
    const deadline = new Date(Date.now() + 30 * 60_000);
    const whistle = script.event(
      WhistleBlown,
      caseId,
      {
        whistleId: uuidv7(),
        caseNo: `ALZ-${caseId.slice(-6)}`,
        centerId: 'anlizha-village',
        disputeType: 'road_traffic',
        urgency: 'urgent',
        reason: null,
        blownAt: new Date().toISOString(),
        arrivalDeadline: deadline.toISOString(),
        slaSeconds: 1800,
        summons: [
          {
            summonsId: uuidv7(),
            departmentId: 'late-topic-dept',
            departmentName: '后到部门',
            departmentKind: 'town_government',
          },
        ],
      },
      { role: 'operator', id: 'op-1' },
    );
    const [summons] = whistle.payload.summons;
    const { escalationId } = await script.breach(caseId, whistle.payload.whistleId, summons!, deadline);
    await script.send(whistle, WhistleBlown);
    await script.handled();
    const current = await board();
    const b = current.whistles.find((x: { whistleId: string }) => x.whistleId === whistle.payload.whistleId);
    expect(current.escalations.some((e: { escalationId: string }) => e.escalationId === escalationId)).toBe(
      true,
    );
    expect(b.summons).toEqual([
      expect.objectContaining({ departmentName: '后到部门', status: 'breached', signal: 'red' }),
    ]);
  });

  it('streams the board as Server-Sent Events: a snapshot at once, another when something changes', async () => {
    const abort = new AbortController();
    const response = await fetch(`${consoleService.baseUrl}/api/board/stream`, {
      headers: supervisor,
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const boards: Array<{ now: string; whistles: Array<{ whistleId: string }> }> = [];
    const readBoards = async () => {
      const chunk = await reader.read();
      buffer += decoder.decode(chunk.value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('');
        if (block.includes('event: board') && data) boards.push(JSON.parse(data));
      }
      return boards.length;
    };
    try {
      await waitFor('the first snapshot', async () => (await readBoards()) >= 1, { intervalMs: 1 });
      expect(Date.parse(boards[0]!.now)).not.toBeNaN();
      const { caseId } = await script.registerCase();
      const { whistleId } = await script.blow(caseId, new Date(Date.now() + 600_000), [
        ['stream-dept', '推送部门'],
      ]);
      await waitFor(
        'a snapshot with the new whistle',
        async () => {
          await readBoards();
          return boards.some((b) => b.whistles.some((w) => w.whistleId === whistleId));
        },
        { intervalMs: 1 },
      );
    } finally {
      abort.abort();
    }
  });
});
