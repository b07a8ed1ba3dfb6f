import {
  ArrivalWarningIssued,
  CaseReferred,
  createEvent,
  DepartmentReassigned,
  EscalationAcknowledged,
  SummonsAcknowledged,
  SummonsAdded,
  SummonsStoodDown,
  WhistleBlown,
  type EventDefinition,
  type EventEnvelope,
  type PayloadOf,
} from '@chuishao/contracts';
import { evolve, fold } from './read-model-projection';

const CASE = '0193a0c0-0000-7000-8000-000000000001';
const WHISTLE = '0193a0c0-0000-7000-8000-0000000000b1';
const SUMMONS = '0193a0c0-0000-7000-8000-0000000000a1';
const OTHER_SUMMONS = '0193a0c0-0000-7000-8000-0000000000a2';
let sequence = 0;

function event<D extends EventDefinition>(definition: D, payload: PayloadOf<D>, minute = 0): EventEnvelope {
  sequence += 1;
  return createEvent(definition, {
    id: `0193a0c0-0000-7000-8000-${String(sequence).padStart(12, '0')}`,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 8, minute)),
    caseId: CASE,
    correlationId: 'c',
    actor: { role: 'operator', id: 'op-1' },
    payload,
  });
}

const blown = (minute = 0) =>
  event(
    WhistleBlown,
    {
      whistleId: WHISTLE,
      caseNo: 'ALZ-1',
      centerId: 'town-1',
      disputeType: 'neighbour',
      urgency: 'urgent',
      reason: null,
      blownAt: '2026-01-01T08:00:00.000Z',
      arrivalDeadline: '2026-01-01T08:30:00.000Z',
      slaSeconds: 1800,
      summons: [
        { summonsId: SUMMONS, departmentId: 'police', departmentName: '派出所', departmentKind: 'police' },
        { summonsId: OTHER_SUMMONS, departmentId: 'fire', departmentName: '消防', departmentKind: 'fire' },
      ],
    },
    minute,
  );

const warned = (minute = 0) =>
  event(
    ArrivalWarningIssued,
    {
      whistleId: WHISTLE,
      summonsId: SUMMONS.toUpperCase(),
      departmentId: 'police',
      arrivalDeadline: '2026-01-01T08:30:00.000Z',
      secondsRemaining: 600,
      issuedAt: '2026-01-01T08:20:00.000Z',
    },
    minute,
  );

const center = (id: string, tier: 'district' | 'town' | 'village', path: string[]) => ({
  id,
  name: id,
  tier,
  path,
});
const DISTRICT = center('district-1', 'district', ['district-1']);
const TOWN = center('town-1', 'town', ['district-1', 'town-1']);
const VILLAGE = center('village-1', 'village', ['district-1', 'town-1', 'village-1']);
const referred = (from: typeof TOWN, to: typeof TOWN, direction: 'up' | 'down', minute: number) =>
  event(
    CaseReferred,
    {
      caseNo: 'ALZ-1',
      direction,
      from,
      to,
      reason: 'beyond this tier',
      referredAt: new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString(),
    },
    minute,
  );

/** Given these events folded, when one more comes, then the view. */
const given = (...events: EventEnvelope[]) => ({ when: (next: EventEnvelope) => evolve(fold(events), next) });

describe('the read models folded from the events', () => {
  it('given nothing, when a whistle is blown: its line, its case, the whistle and a summons per department', () => {
    const view = given().when(blown());
    expect(view.timeline.map((t) => t.type)).toEqual(['WhistleBlown']);
    expect(view.timeline[0]!.facts).toMatchObject({ caseNo: 'ALZ-1', departmentIds: ['police', 'fire'] });
    expect(view.cases.get(CASE)).toEqual({
      caseId: CASE,
      lastEventAt: new Date('2026-01-01T08:00:00.000Z'),
      fields: { caseNo: 'ALZ-1', centerId: 'town-1' },
      moves: [{ to: 'whistled', from: ['registered'] }],
      placement: null,
    });
    expect(view.rows.get(`whistles:${WHISTLE}`)?.fields).toEqual({
      caseId: CASE,
      caseNo: 'ALZ-1',
      centerId: 'town-1',
      blownAt: new Date('2026-01-01T08:00:00.000Z'),
      arrivalDeadline: new Date('2026-01-01T08:30:00.000Z'),
    });
    expect(view.rows.get(`summons:${OTHER_SUMMONS}`)?.fields).toMatchObject({
      whistleId: WHISTLE,
      departmentId: 'fire',
      departmentName: '消防',
      deadline: new Date('2026-01-01T08:30:00.000Z'),
    });
  });

  it('fills in the same rows whichever of two events comes first (a warning overtaking its whistle)', () => {
    const inOrder = given(blown(0)).when(warned(20));
    const overtaken = given(warned(20)).when(blown(0));
    const fieldsOf = (view: typeof inOrder) => [...view.rows].map(([id, row]) => [id, row.fields]);
    expect(fieldsOf(overtaken)).toEqual(expect.arrayContaining(fieldsOf(inOrder)));
    expect(overtaken.rows.size).toBe(inOrder.rows.size);
    expect(overtaken.cases.get(CASE)!.lastEventAt).toEqual(inOrder.cases.get(CASE)!.lastEventAt);
    // One row whatever letter case an event spells the key in.
    expect(inOrder.rows.get(`summons:${SUMMONS}`)!.fields).toMatchObject({
      departmentName: '派出所',
      warnedAt: new Date('2026-01-01T08:20:00.000Z'),
    });
  });

  it('keeps a column’s first known value: a later event fills in only what is still unknown', () => {
    const acknowledged = (at: string) =>
      event(SummonsAcknowledged, {
        summonsId: SUMMONS,
        whistleId: WHISTLE,
        departmentId: 'police',
        acknowledgedAt: at,
      });
    const view = given(acknowledged('2026-01-01T08:05:00.000Z')).when(
      acknowledged('2026-01-01T08:09:00.000Z'),
    );
    expect(view.rows.get(`summons:${SUMMONS}`)!.fields).toMatchObject({
      acknowledgedAt: new Date('2026-01-01T08:05:00.000Z'),
    });
    expect(view.timeline).toHaveLength(2);
  });

  it('given a whistle, when a department is reassigned: the old summons replaced, the new one summoned', () => {
    const replacement = '0193a0c0-0000-7000-8000-0000000000a3';
    const view = given(blown(0)).when(
      event(DepartmentReassigned, {
        whistleId: WHISTLE,
        caseNo: 'ALZ-1',
        fromDepartmentId: 'fire',
        fromSummonsId: OTHER_SUMMONS,
        to: {
          summonsId: replacement,
          departmentId: 'water',
          departmentName: '水务',
          departmentKind: 'utility',
        },
        reason: '不归我管',
        reassignedAt: '2026-01-01T08:10:00.000Z',
        arrivalDeadline: '2026-01-01T08:40:00.000Z',
      }),
    );
    expect(view.rows.get(`summons:${OTHER_SUMMONS}`)!.fields).toMatchObject({
      departmentName: '消防',
      reassignedAt: new Date('2026-01-01T08:10:00.000Z'),
    });
    expect(view.rows.get(`summons:${replacement}`)!.fields).toEqual({
      whistleId: WHISTLE,
      caseId: CASE,
      departmentId: 'water',
      departmentName: '水务',
      summonedAt: new Date('2026-01-01T08:10:00.000Z'),
      deadline: new Date('2026-01-01T08:40:00.000Z'),
    });
    expect(view.cases.get(CASE)!.moves).toEqual([{ to: 'whistled', from: ['registered'] }]);
  });

  it('given a whistle, when a department is added and another stood down: the new summons on its own deadline, the other marked, both in the timeline', () => {
    const added = '0193a0c0-0000-7000-8000-0000000000a4';
    const view = given(
      blown(0),
      event(SummonsAdded, {
        whistleId: WHISTLE,
        caseNo: 'ALZ-1',
        centerId: 'anlizha-village',
        summons: {
          summonsId: added,
          departmentId: 'water',
          departmentName: '水务',
          departmentKind: 'utility',
        },
        reason: '人群聚集',
        addedAt: '2026-01-01T08:10:00.000Z',
        arrivalDeadline: '2026-01-01T08:25:00.000Z',
        slaSeconds: 900,
      }),
    ).when(
      event(SummonsStoodDown, {
        whistleId: WHISTLE,
        caseNo: 'ALZ-1',
        summonsId: OTHER_SUMMONS,
        departmentId: 'fire',
        reason: '无需到场',
        stoodDownAt: '2026-01-01T08:12:00.000Z',
      }),
    );
    expect(view.rows.get(`summons:${added}`)!.fields).toMatchObject({
      departmentId: 'water',
      summonedAt: new Date('2026-01-01T08:10:00.000Z'),
      deadline: new Date('2026-01-01T08:25:00.000Z'),
    });
    expect(view.rows.get(`summons:${OTHER_SUMMONS}`)!.fields).toMatchObject({
      departmentName: '消防',
      stoodDownAt: new Date('2026-01-01T08:12:00.000Z'),
    });
    expect(view.timeline.map((t) => t.type)).toEqual(['WhistleBlown', 'SummonsAdded', 'SummonsStoodDown']);
  });

  it('leaves the view it is given as it was (a fold, not an update)', () => {
    const before = fold([blown(0)]);
    const copy = { timeline: [...before.timeline], cases: new Map(before.cases), rows: new Map(before.rows) };
    evolve(before, warned(20));
    expect(before).toEqual(copy);
    expect(before.rows.get(`summons:${SUMMONS}`)!.fields).not.toHaveProperty('warnedAt');
  });

  it('records who acknowledged an escalation; a note left out says nothing', () => {
    const escalation = '0193a0c0-0000-7000-8000-0000000000e1';
    const view = given().when(
      event(EscalationAcknowledged, {
        escalationId: escalation,
        breachId: '0193a0c0-0000-7000-8000-0000000000c1',
        level: 1,
        acknowledgedAt: '2026-01-01T09:00:00.000Z',
        note: null,
      }),
    );
    expect(view.rows.get(`escalations:${escalation}`)!.fields).toMatchObject({
      acknowledgedBy: 'operator:op-1',
      note: null,
      level: 1,
    });
  });

  it('given a whistle, when an event of a type this code does not know: a line and the case’s time only', () => {
    const unknown: EventEnvelope = {
      ...blown(45),
      id: '0193a0c0-0000-7000-8000-0000000000ff',
      type: 'SomethingNew',
    };
    const before = fold([blown(0)]);
    const view = evolve(before, unknown);
    expect(view.timeline.map((t) => t.type)).toEqual(['WhistleBlown', 'SomethingNew']);
    expect(view.rows).toEqual(before.rows);
    expect(view.cases.get(CASE)).toMatchObject({
      fields: before.cases.get(CASE)!.fields,
      moves: before.cases.get(CASE)!.moves,
      lastEventAt: new Date('2026-01-01T08:45:00.000Z'),
    });
  });

  it('places a referred case at its latest center, whichever referral arrives last', () => {
    const up = referred(VILLAGE, TOWN, 'up', 1);
    const upAgain = referred(TOWN, DISTRICT, 'up', 2);
    const inOrder = given(up).when(upAgain).cases.get(CASE)!.placement;
    const lateFirst = given(upAgain).when(up).cases.get(CASE)!.placement;
    expect(inOrder).toEqual({
      centerId: 'district-1',
      centerName: 'district-1',
      centerPath: ['district-1'],
      at: new Date('2026-01-01T09:02:00.000Z'),
    });
    expect(lateFirst).toEqual(inOrder);
  });
});
