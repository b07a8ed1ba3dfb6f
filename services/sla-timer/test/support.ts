import {
  CaseRegistered,
  DepartmentArrivedV1,
  DepartmentReassigned,
  SummonsAdded,
  SummonsDeclined,
  SummonsStoodDown,
  WhistleBlown,
  createEvent,
  type EventDefinition,
  type EventEnvelope,
  type PayloadOf,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { Inbox } from '@chuishao/messaging';
import { RawProducer, startService, type RunningService } from '@chuishao/testing';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';

export const CENTER_PATH = ['ganzhou-district', 'shangqin-town', 'anlizha-village'];

/**
 * sla-timer with the test driving it: no timer fires unless the test fires it (`timersFire`:
 * the engine polls every second, as a test that waits for a fire needs).
 */
export function startSlaTimer({ timersFire = false } = {}): Promise<RunningService> {
  return startService(
    'sla-timer',
    (config) =>
      AppModule.forRoot(config, {
        settings: { timers: { pollCapMs: 1000, sweepIntervalMs: 1000, batchSize: 100, enabled: timersFire } },
      }),
    SLA_TIMER_DESCRIPTION,
  );
}

/** Plays dispatch, intake and the departments: their events, straight onto the service's topics. */
export class Script {
  readonly raw = new RawProducer(process.env.KAFKA_BROKERS!);

  /** The id of the last event this script published. */
  private last: string | null = null;

  /** `deliver`: where the events go (by default onto the service's topics). */
  constructor(
    private readonly service: () => RunningService,
    private readonly deliver?: (event: EventEnvelope) => Promise<void>,
  ) {}

  /**
   * Resolves once the service has committed the last published event (its inbox), no polling;
   * the deadline is waitFor's (30 s): a consumer joining its group on a loaded machine is slow.
   */
  handled(): Promise<void> {
    if (!this.last) throw new Error('nothing published yet');
    return this.service().app.get(Inbox).whenHandled(this.last, 30_000);
  }

  async publish<D extends EventDefinition>(
    definition: D,
    topic: string,
    caseId: string,
    payload: PayloadOf<D>,
  ) {
    const event = createEvent(definition, {
      id: uuidv7(),
      occurredAt: new Date(),
      caseId,
      correlationId: caseId,
      actor: { role: 'operator', id: 'op-1' },
      payload,
    });
    if (this.deliver) await this.deliver(event);
    else await this.raw.send(this.service().topic(topic), caseId, JSON.stringify(event));
    this.last = event.id;
    return event;
  }

  /** A case registered at `center` (by default the Anlizha village window). */
  async registerCase(
    center: PayloadOf<typeof CaseRegistered>['center'] = {
      id: 'anlizha-village',
      name: 'Anlizha',
      tier: 'village',
      path: CENTER_PATH,
    },
  ): Promise<string> {
    const caseId = uuidv7();
    await this.publish(CaseRegistered, 'cases', caseId, {
      caseNo: `ALZ-${caseId.slice(-6)}`,
      center,
      channel: 'petition',
      disputeType: 'road_traffic',
      summary: 'road accident',
      headcount: 5,
      urgency: 'urgent',
      parties: [
        { partyId: uuidv7(), role: 'applicant', name: '王某', idNumberMasked: null, phoneMasked: null },
      ],
      registeredAt: new Date().toISOString(),
    });
    return caseId;
  }

  /** A whistle summoning `departments`, all due `deadlineInMs` from now. */
  async blow(
    caseId: string,
    deadlineInMs: number,
    departments = ['ganzhou-traffic-police'],
    deadline?: Date,
    disputeType: PayloadOf<typeof WhistleBlown>['disputeType'] = 'road_traffic',
  ) {
    const whistleId = uuidv7();
    const blownAt = new Date();
    const arrivalDeadline = deadline ?? new Date(blownAt.getTime() + deadlineInMs);
    const summons = departments.map((departmentId) => ({
      summonsId: uuidv7(),
      departmentId,
      departmentName: departmentId,
      departmentKind: 'traffic_police',
    }));
    await this.publish(WhistleBlown, 'whistles', caseId, {
      whistleId,
      caseNo: `ALZ-${caseId.slice(-6)}`,
      centerId: 'anlizha-village',
      disputeType,
      urgency: 'urgent',
      reason: null,
      blownAt: blownAt.toISOString(),
      arrivalDeadline: arrivalDeadline.toISOString(),
      slaSeconds: Math.max(1, Math.round((arrivalDeadline.getTime() - blownAt.getTime()) / 1000)),
      summons,
    });
    return { whistleId, summons, arrivalDeadline };
  }

  arrive(caseId: string, whistleId: string, s: { summonsId: string; departmentId: string }, arrivedAt: Date) {
    // Version 1, as a department not yet redeployed sends it: sla-timer's handler sees it upcast.
    return this.publish(DepartmentArrivedV1, 'department-responses', caseId, {
      summonsId: s.summonsId,
      whistleId,
      departmentId: s.departmentId,
      arrivedAt: arrivedAt.toISOString(),
      note: null,
    });
  }

  decline(caseId: string, whistleId: string, s: { summonsId: string; departmentId: string }) {
    return this.publish(SummonsDeclined, 'department-responses', caseId, {
      summonsId: s.summonsId,
      whistleId,
      departmentId: s.departmentId,
      declinedAt: new Date().toISOString(),
      reason: 'no staff on duty',
    });
  }

  async reassign(
    caseId: string,
    whistleId: string,
    from: { summonsId: string; departmentId: string },
    deadline: Date,
  ) {
    const to = {
      summonsId: uuidv7(),
      departmentId: 'shangqin-police-station',
      departmentName: 'Shangqin police',
      departmentKind: 'police_station',
    };
    await this.publish(DepartmentReassigned, 'whistles', caseId, {
      whistleId,
      caseNo: `ALZ-${caseId.slice(-6)}`,
      fromDepartmentId: from.departmentId,
      fromSummonsId: from.summonsId,
      to,
      reason: 'declined',
      reassignedAt: new Date().toISOString(),
      arrivalDeadline: deadline.toISOString(),
    });
    return to;
  }

  /** The operator adds `departmentId` to the whistle, due by `deadline` (more hands, issue 20). */
  async add(caseId: string, whistleId: string, departmentId: string, deadline: Date) {
    const summons = {
      summonsId: uuidv7(),
      departmentId,
      departmentName: departmentId,
      departmentKind: 'judicial_office',
    };
    const addedAt = new Date();
    await this.publish(SummonsAdded, 'whistles', caseId, {
      whistleId,
      caseNo: `ALZ-${caseId.slice(-6)}`,
      centerId: 'anlizha-village',
      summons,
      reason: 'the crowd grew',
      addedAt: addedAt.toISOString(),
      arrivalDeadline: deadline.toISOString(),
      slaSeconds: Math.max(1, Math.round((deadline.getTime() - addedAt.getTime()) / 1000)),
    });
    return summons;
  }

  /** The operator stands the summons down. */
  standDown(caseId: string, whistleId: string, s: { summonsId: string; departmentId: string }) {
    return this.publish(SummonsStoodDown, 'whistles', caseId, {
      whistleId,
      caseNo: `ALZ-${caseId.slice(-6)}`,
      summonsId: s.summonsId,
      departmentId: s.departmentId,
      reason: 'no longer needed',
      stoodDownAt: new Date().toISOString(),
    });
  }

  stop() {
    return this.raw.stop();
  }
}
