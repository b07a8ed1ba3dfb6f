import {
  ArrivalDeadlineBreached,
  ArrivalWarningIssued,
  CaseRegistered,
  EscalationAcknowledged,
  EscalationRaised,
  WhistleBlown,
  createEvent,
  type EventDefinition,
  type EventEnvelope,
  type PayloadOf,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, whenHandled, type RunningService } from '@chuishao/testing';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export const CENTER_PATH = ['ganzhou-district', 'shangqin-town', 'anlizha-village'];

export interface Summons {
  summonsId: string;
  departmentId: string;
  departmentName: string;
  departmentKind: string;
}

/**
 * Plays every other service: intake, dispatch, the departments, sla-timer, mediation and the
 * court, their events straight onto the console's topics, as they would publish them.
 */
export class Script {
  readonly raw = new RawProducer(process.env.KAFKA_BROKERS!);

  constructor(private readonly service: () => RunningService) {}

  event<D extends EventDefinition>(
    definition: D,
    caseId: string,
    payload: PayloadOf<D>,
    actor: EventEnvelope['actor'] = { role: 'system', id: 'chuishao' },
  ) {
    return createEvent(definition, {
      id: uuidv7(),
      occurredAt: new Date(),
      caseId,
      correlationId: caseId,
      actor,
      payload,
    });
  }

  /** Sends an event (or the same one again: a redelivery) onto its topic. */
  /** Every event sent so far, for `handled()`. */
  private readonly sent: string[] = [];

  async send(event: EventEnvelope, definition: EventDefinition): Promise<void> {
    await this.raw.send(this.service().topic(definition.topic), event.caseId, JSON.stringify(event));
    this.sent.push(event.id);
  }

  /** The point where the console has handled every event this script sent (its inbox commits). */
  async handled(): Promise<void> {
    await Promise.all(this.sent.map((id) => whenHandled(this.service(), id)));
  }

  async publish<D extends EventDefinition>(
    definition: D,
    caseId: string,
    payload: PayloadOf<D>,
    actor?: EventEnvelope['actor'],
  ) {
    const event = this.event(definition, caseId, payload, actor);
    await this.send(event, definition);
    return event;
  }

  async registerCase(
    caseId = uuidv7(),
    center: PayloadOf<typeof CaseRegistered>['center'] = {
      id: 'anlizha-village',
      name: '安里闸村',
      tier: 'village',
      path: CENTER_PATH,
    },
    place?: PayloadOf<typeof CaseRegistered>['place'],
  ): Promise<{ caseId: string; caseNo: string }> {
    const caseNo = `ALZ-${caseId.slice(-6)}`;
    await this.publish(
      CaseRegistered,
      caseId,
      {
        caseNo,
        center,
        channel: 'petition',
        disputeType: 'road_traffic',
        summary: '交通事故致女儿死亡，家属信访',
        headcount: 5,
        urgency: 'urgent',
        parties: [
          {
            partyId: uuidv7(),
            role: 'applicant',
            name: '王某',
            idNumberMasked: '6207**********1234',
            phoneMasked: '139****1234',
          },
        ],
        registeredAt: new Date().toISOString(),
        ...(place ? { place } : {}),
      },
      { role: 'clerk', id: 'clerk-1' },
    );
    return { caseId, caseNo };
  }

  /** A whistle summoning `departments`, all due at `deadline`. */
  async blow(caseId: string, deadline: Date, departments: Array<[string, string]>) {
    const whistleId = uuidv7();
    const blownAt = new Date();
    const summons: Summons[] = departments.map(([departmentId, departmentName]) => ({
      summonsId: uuidv7(),
      departmentId,
      departmentName,
      departmentKind: 'traffic_police',
    }));
    await this.publish(
      WhistleBlown,
      caseId,
      {
        whistleId,
        caseNo: `ALZ-${caseId.slice(-6)}`,
        centerId: 'anlizha-village',
        disputeType: 'road_traffic',
        urgency: 'urgent',
        reason: null,
        blownAt: blownAt.toISOString(),
        arrivalDeadline: deadline.toISOString(),
        slaSeconds: Math.max(1, Math.round((deadline.getTime() - blownAt.getTime()) / 1000)),
        summons,
      },
      { role: 'operator', id: 'op-1' },
    );
    return { whistleId, summons };
  }

  warn(caseId: string, whistleId: string, s: Summons, deadline: Date) {
    return this.publish(ArrivalWarningIssued, caseId, {
      whistleId,
      summonsId: s.summonsId,
      departmentId: s.departmentId,
      arrivalDeadline: deadline.toISOString(),
      secondsRemaining: Math.max(0, Math.round((deadline.getTime() - Date.now()) / 1000)),
      issuedAt: new Date().toISOString(),
    });
  }

  /** What sla-timer publishes when a deadline passes: the breach and its first escalation. */
  async breach(caseId: string, whistleId: string, s: Summons, deadline: Date) {
    const breachId = uuidv7();
    const escalationId = uuidv7();
    await this.publish(ArrivalDeadlineBreached, caseId, {
      breachId,
      whistleId,
      summonsId: s.summonsId,
      departmentId: s.departmentId,
      arrivalDeadline: deadline.toISOString(),
      breachedAt: new Date().toISOString(),
    });
    await this.publish(EscalationRaised, caseId, {
      escalationId,
      breachId,
      whistleId,
      summonsId: s.summonsId,
      departmentId: s.departmentId,
      level: 1,
      target: { kind: 'department_head', id: s.departmentId },
      raisedAt: new Date().toISOString(),
    });
    return { breachId, escalationId };
  }

  acknowledged(caseId: string, breachId: string, escalationId: string, supervisor = 'supervisor-1') {
    return this.publish(
      EscalationAcknowledged,
      caseId,
      { escalationId, breachId, level: 1, acknowledgedAt: new Date().toISOString(), note: null },
      { role: 'supervisor', id: supervisor },
    );
  }

  stop() {
    return this.raw.stop();
  }
}

export interface RecordedCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Stands in for sla-timer's HTTP API: records each call and answers as sla-timer would. */
export class SlaTimerStub {
  readonly calls: RecordedCall[] = [];
  private server: Server | null = null;
  /** What the next answers are; by default sla-timer's acknowledged escalation. */
  answer: (call: RecordedCall) => { status: number; body: unknown } = (call) => ({
    status: 200,
    body: { id: call.url.split('/')[2], state: 'acknowledged' },
  });

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const call = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
        this.calls.push(call);
        const answer = this.answer(call);
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
