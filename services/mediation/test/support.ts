import {
  CaseRegistered,
  DeadlineReached,
  WhistleCompleted,
  createEvent,
  type EventDefinition,
  type EventOf,
  type PayloadOf,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, as, type RunningService } from '@chuishao/testing';

export const MEDIATOR = { role: 'mediator', subject: 'mediator-zhang' } as const;
export const AS_MEDIATOR = as(MEDIATOR);
export const AS_SUPERVISOR = as({ role: 'supervisor', subject: 'supervisor-1' });

/** The reference case's parties (Anlizha, 2018): the applicant's family and the driver. */
export const PARTIES = ['王某', '李某'];
export const DEPARTMENTS = ['ganzhou-traffic-police', 'shangqin-judicial-office', 'shangqin-town-government'];

/** Plays intake, dispatch and sla-timer: their events, straight onto the service's topics. */
export class Script {
  readonly raw = new RawProducer(process.env.KAFKA_BROKERS!);

  constructor(private readonly service: () => RunningService) {}

  event<D extends EventDefinition>(definition: D, caseId: string, payload: PayloadOf<D>): EventOf<D> {
    return createEvent(definition, {
      id: uuidv7(),
      occurredAt: new Date(),
      caseId,
      correlationId: caseId,
      actor: { role: 'system', id: 'script' },
      payload,
    });
  }

  /** Sends an event as it is (send it twice to play a redelivery). */
  async send(event: EventOf<EventDefinition>, topic: string): Promise<void> {
    await this.raw.send(this.service().topic(topic), event.caseId, JSON.stringify(event));
  }

  /** A case registered at `center` (by default the Anlizha village window). */
  async registerCase(
    parties = PARTIES,
    center: PayloadOf<typeof CaseRegistered>['center'] = {
      id: 'anlizha-village',
      name: 'Anlizha',
      tier: 'village',
      path: ['ganzhou-district', 'shangqin-town', 'anlizha-village'],
    },
  ): Promise<string> {
    const caseId = uuidv7();
    await this.send(
      this.event(CaseRegistered, caseId, {
        caseNo: `ALZ-${caseId.slice(-6)}`,
        center,
        channel: 'petition',
        disputeType: 'road_traffic',
        summary: 'Daughter died in a road accident; the family petitions',
        headcount: 5,
        urgency: 'urgent',
        parties: parties.map((name, i) => ({
          partyId: uuidv7(),
          role: i === 0 ? ('applicant' as const) : ('respondent' as const),
          name,
          idNumberMasked: '620702********1234',
          phoneMasked: '139****1234',
        })),
        registeredAt: new Date().toISOString(),
      }),
      'cases',
    );
    return caseId;
  }

  whistleCompleted(caseId: string, departments = DEPARTMENTS, whistleId = uuidv7()) {
    const now = new Date().toISOString();
    return this.event(WhistleCompleted, caseId, {
      whistleId,
      completedAt: now,
      arrivals: departments.map((departmentId) => ({ summonsId: uuidv7(), departmentId, arrivedAt: now })),
    });
  }

  deadlineReached(
    caseId: string,
    scheduled: {
      deadlineId: string;
      owner: string;
      kind: string;
      subjectId: string;
      dueAt: string;
      context: object;
    },
  ) {
    return this.event(DeadlineReached, caseId, {
      deadlineId: scheduled.deadlineId,
      owner: scheduled.owner,
      kind: scheduled.kind,
      subjectId: scheduled.subjectId,
      dueAt: scheduled.dueAt,
      firedAt: new Date().toISOString(),
      context: scheduled.context as Record<string, unknown>,
    });
  }

  stop() {
    return this.raw.stop();
  }
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
/** Always ahead of the run's clock, so a fixed date never drifts into the past under the tests. */
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export function sessionBody(level: string, overrides: Record<string, unknown> = {}) {
  return {
    startedAt: minutesAgo(300),
    endedAt: minutesAgo(180),
    participants: [...PARTIES, ...DEPARTMENTS],
    level,
    notes: 'Heard both families; the traffic police explained the accident finding',
    ...overrides,
  };
}

/** A complete agreement of the reference case (People's Mediation Law art. 29). */
export function agreementBody(overrides: Record<string, unknown> = {}) {
  return {
    facts: 'On 12 October a car driven by 李某 hit and killed the daughter of 王某 near Anlizha village',
    mattersInDispute: [
      { category: 'compensation', description: 'Compensation for the death and funeral costs' },
    ],
    responsibilities: [
      { party: '李某', responsibility: 'Full responsibility for the accident (traffic police finding)' },
      { party: '王某', responsibility: 'None' },
    ],
    terms: '李某 pays 王某 520,000 yuan in full settlement; 王某 withdraws the petition',
    amount: 520000,
    performance: { manner: 'Bank transfer to 王某', deadline: daysAhead(30) },
    partySignatures: [
      { party: '王某', signedAt: minutesAgo(20) },
      { party: '李某', signedAt: minutesAgo(15) },
    ],
    mediatorSignature: { mediator: MEDIATOR.subject, signedAt: minutesAgo(10) },
    ...overrides,
  };
}
