import {
  CaseClosed,
  CaseReferred,
  CaseRegistered,
  createEvent,
  type EventEnvelope,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { Inbox, methodCollectsItsWrites, type InboxOutcome } from '@chuishao/messaging';
import { DataSource } from 'typeorm';
import type { RunningService } from './service-harness';
import { StatementCounter } from './statement-counter';

/** A center as CaseRegistered and CaseReferred name it. */
export interface CenterInTree {
  id: string;
  name: string;
  tier: 'district' | 'town' | 'village';
  path: string[];
}

export const ANLIZHA_VILLAGE: CenterInTree = {
  id: 'anlizha-village',
  name: '安里闸村',
  tier: 'village',
  path: ['ganzhou-district', 'shangqin-town', 'anlizha-village'],
};

export const SHANGQIN_TOWN: CenterInTree = {
  id: 'shangqin-town',
  name: '上秦镇',
  tier: 'town',
  path: ['ganzhou-district', 'shangqin-town'],
};

/** The envelope of an event intake publishes about the case on a clerk's request. */
const byIntakeClerk = (caseId: string) => ({
  id: uuidv7(),
  occurredAt: new Date(),
  caseId,
  correlationId: caseId,
  actor: { role: 'clerk' as const, id: 'clerk-1' },
});

/** Intake's CaseRegistered of a new case at `center`, as it would publish it. */
export function caseRegistered(caseId: string, center: CenterInTree = ANLIZHA_VILLAGE): EventEnvelope {
  return createEvent(CaseRegistered, {
    ...byIntakeClerk(caseId),
    payload: {
      caseNo: `ALZ-2026-${caseId.slice(-6)}`,
      center,
      channel: 'petition',
      disputeType: 'neighbour',
      summary: 'a boundary quarrel',
      headcount: 2,
      urgency: 'normal',
      parties: [
        { partyId: uuidv7(), role: 'applicant', name: '王某', idNumberMasked: null, phoneMasked: null },
      ],
      registeredAt: new Date().toISOString(),
    },
  });
}

/** Intake's CaseReferred of the case up from `from` to `to`. */
export function caseReferred(caseId: string, from: CenterInTree, to: CenterInTree): EventEnvelope {
  return createEvent(CaseReferred, {
    ...byIntakeClerk(caseId),
    payload: {
      caseNo: `ALZ-2026-${caseId.slice(-6)}`,
      direction: 'up',
      from,
      to,
      reason: 'beyond the village',
      referredAt: new Date().toISOString(),
    },
  });
}

/** Intake's CaseClosed of the case, a clerk having closed it. */
export function caseClosed(caseId: string): EventEnvelope {
  return createEvent(CaseClosed, {
    ...byIntakeClerk(caseId),
    payload: { reason: 'resolved at the window', closedAt: new Date().toISOString() },
  });
}

/**
 * `events` handed to the service's inbox as one consumed batch, each through `handle` (what the
 * transport would run for its type: the service's handlers of it), as the transport does: tried
 * as one statement when `asOneStatement` (every handler of the batch marked COLLECTS_ITS_WRITES).
 */
function consumeAsBatch(
  service: RunningService,
  events: EventEnvelope[],
  handle: (event: EventEnvelope) => Promise<void>,
  asOneStatement: boolean,
): Promise<InboxOutcome[]> {
  const entries = events.map((event, i) => ({
    event,
    position: { topic: 'batch-test', partition: 0, offset: `${i}` },
  }));
  return service.app
    .get(Inbox)
    .handleBatchOnce(`${service.config.service}-batch-test`, entries, ({ event }) => handle(event), {
      asOneStatement,
    });
}

/**
 * A service's consumption of events a batch at a time (intake's case events, other services'
 * deadlines), on real PostgreSQL: each event goes to the handler the transport would run for its
 * type (`on<Type>` of `handlers`, the service's controller of them), the batch tried as one
 * statement when each of those is marked COLLECTS_ITS_WRITES, as the transport decides; a batch's
 * statements are counted; `knownCase` reads the row the service keeps of a case. `start` once the
 * service runs, `stop` in afterAll.
 */
export class ConsumedBatches {
  private readonly counter = new StatementCounter();

  private constructor(
    private readonly service: RunningService,
    private readonly handlers: object,
  ) {}

  static start(service: RunningService, handlers: object): ConsumedBatches {
    const batches = new ConsumedBatches(service, handlers);
    batches.counter.install();
    return batches;
  }

  stop(): void {
    this.counter.uninstall();
  }

  consume(events: EventEnvelope[]): Promise<InboxOutcome[]> {
    const asOneStatement = events.every((event) => methodCollectsItsWrites(this.handlerOf(event)));
    return consumeAsBatch(this.service, events, (event) => this.handle(event), asOneStatement);
  }

  /** The batch's outcomes, and every statement it sent. */
  consumeCounting(events: EventEnvelope[]): Promise<{ answer: InboxOutcome[]; sent: string[] }> {
    return this.counter.answerAndSent(() => this.consume(events));
  }

  async knownCase(caseId: string): Promise<Record<string, unknown> | undefined> {
    const rows = await this.service.app
      .get(DataSource)
      .query('SELECT * FROM known_cases WHERE case_id = $1', [caseId]);
    return rows[0];
  }

  private handle(event: EventEnvelope): Promise<void> {
    return this.handlerOf(event).call(this.handlers, event);
  }

  private handlerOf(event: EventEnvelope): (event: EventEnvelope) => Promise<void> {
    const handler = (this.handlers as Record<string, unknown>)[`on${event.type}`];
    if (typeof handler !== 'function') throw new Error(`no handler on${event.type} to consume with`);
    return handler as (event: EventEnvelope) => Promise<void>;
  }
}
