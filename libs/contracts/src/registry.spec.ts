import { createEvent } from './define-event';
import { buildAsyncApiDocument } from './asyncapi';
import { DepartmentArrived, DepartmentArrivedV1 } from './events/department-arrived';
import { EscalationRaised, EscalationRaisedV1 } from './events/escalation-raised';
import { WhistleBlown } from './events/whistle-blown';
import { ContractViolation, EVENT_DEFINITIONS, findEventDefinition, parseEvent } from './registry';
import { ALL_TOPICS } from './topics';

const caseId = '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6d';
const whistleId = '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6e';
const summonsId = '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6f';

function whistleBlown() {
  return createEvent(WhistleBlown, {
    id: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c70',
    occurredAt: new Date('2018-10-15T08:00:00Z'),
    caseId,
    correlationId: caseId,
    actor: { role: 'operator', id: 'op-1' },
    payload: {
      whistleId,
      caseNo: 'GZ-2018-000001',
      centerId: 'ganzhou',
      disputeType: 'road_traffic',
      urgency: 'urgent',
      reason: null,
      blownAt: '2018-10-15T08:00:00.000Z',
      arrivalDeadline: '2018-10-15T08:30:00.000Z',
      slaSeconds: 1800,
      summons: [
        {
          summonsId,
          departmentId: 'traffic',
          departmentName: 'Traffic police',
          departmentKind: 'traffic_police',
        },
      ],
    },
  });
}

function violationCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ContractViolation) return error.code;
    throw error;
  }
  return 'none';
}

describe('event contracts', () => {
  it('round-trips a valid event through JSON', () => {
    const event = whistleBlown();
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(event.type).toBe('WhistleBlown');
    expect(event.version).toBe(1);
  });

  it('refuses to create an event whose payload breaks the schema', () => {
    expect(() =>
      createEvent(WhistleBlown, { ...whistleBlown(), payload: { ...whistleBlown().payload, summons: [] } }),
    ).toThrow();
  });

  it('names why a message is not a valid event', () => {
    const event = whistleBlown();
    expect(violationCode(() => parseEvent({ hello: 'world' }))).toBe('MALFORMED_EVENT');
    expect(violationCode(() => parseEvent({ ...event, type: 'WhistleEaten' }))).toBe('UNKNOWN_EVENT_TYPE');
    expect(violationCode(() => parseEvent({ ...event, version: 99 }))).toBe('UNKNOWN_EVENT_VERSION');
    expect(violationCode(() => parseEvent({ ...event, payload: { ...event.payload, slaSeconds: -1 } }))).toBe(
      'INVALID_PAYLOAD',
    );
  });

  it('has unique type/version pairs and past-tense names', () => {
    const keys = EVENT_DEFINITIONS.map((d) => `${d.type}@${d.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of EVENT_DEFINITIONS)
      expect(d.type).toMatch(/^[A-Z][A-Za-z]+(ed|Blown|Raised|Issued|StoodDown)$/);
  });

  it('documents every topic and event in the AsyncAPI document', () => {
    const doc = buildAsyncApiDocument() as {
      channels: Record<string, unknown>;
      components: { messages: object };
    };
    expect(Object.keys(doc.channels).sort()).toEqual([...ALL_TOPICS].sort());
    expect(Object.keys(doc.components.messages)).toHaveLength(EVENT_DEFINITIONS.length);
  });

  describe('evolution', () => {
    const arrived = {
      id: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c71',
      occurredAt: new Date('2018-10-15T08:20:00Z'),
      caseId,
      correlationId: caseId,
      actor: { role: 'liaison' as const, id: 'liaison-1' },
    };
    const facts = {
      summonsId,
      whistleId,
      departmentId: 'traffic',
      arrivedAt: '2018-10-15T08:20:00.000Z',
      note: null,
    };

    it('upcasts a version 1 DepartmentArrived to version 2 with no location', () => {
      const v1 = createEvent(DepartmentArrivedV1, { ...arrived, payload: facts });
      expect(v1.version).toBe(1);
      const seen = parseEvent(JSON.parse(JSON.stringify(v1)));
      expect(seen.version).toBe(2);
      expect(seen.payload).toEqual({ ...facts, location: null });
    });

    it('passes a version 2 DepartmentArrived through with its location, and checks its ranges', () => {
      const location = { latitude: 25.83, longitude: 114.93, accuracyMeters: 12 };
      const v2 = createEvent(DepartmentArrived, { ...arrived, payload: { ...facts, location } });
      expect(parseEvent(JSON.parse(JSON.stringify(v2))).payload).toEqual({ ...facts, location });
      const wrong = { ...v2, payload: { ...v2.payload, location: { ...location, latitude: 91 } } };
      expect(violationCode(() => parseEvent(wrong))).toBe('INVALID_PAYLOAD');
    });

    it('reads a version 1 EscalationRaised as version 2; only version 2 may chase the on-duty liaison', () => {
      const raised = {
        escalationId: whistleId,
        breachId: whistleId,
        whistleId,
        summonsId,
        departmentId: 'traffic',
        level: 3,
        raisedAt: '2018-10-15T08:50:00.000Z',
      };
      const v1 = createEvent(EscalationRaisedV1, {
        ...arrived,
        payload: { ...raised, target: { kind: 'center', id: 'town' } },
      });
      const seen = parseEvent(JSON.parse(JSON.stringify(v1)));
      expect([seen.version, seen.payload]).toEqual([2, v1.payload]);
      const liaison = { ...raised, target: { kind: 'on_duty_liaison' as const, id: 'traffic' } };
      expect(
        parseEvent(
          JSON.parse(JSON.stringify(createEvent(EscalationRaised, { ...arrived, payload: liaison }))),
        ).payload,
      ).toEqual(liaison);
      expect(violationCode(() => parseEvent({ ...v1, payload: liaison }))).toBe('INVALID_PAYLOAD');
    });

    it('gives every version after the first an upcaster from the one before, and names the newest', () => {
      for (const d of EVENT_DEFINITIONS) {
        if (d.version === 1) continue;
        expect(d.upcastFrom?.version).toBe(d.version - 1);
        expect(findEventDefinition(d.type, d.version - 1)).toBeDefined();
      }
      expect(findEventDefinition('DepartmentArrived')).toBe(DepartmentArrived);
    });
  });
});
