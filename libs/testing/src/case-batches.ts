import { CaseReferred, CaseRegistered, createEvent, type EventEnvelope } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { Inbox, type InboxOutcome } from '@chuishao/messaging';
import type { RunningService } from './service-harness';

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

/**
 * `events` handed to the service's inbox as one consumed batch, each through `handle` (what the
 * transport would run for its type: the service's handlers of it), as the transport does.
 */
export function consumeAsBatch(
  service: RunningService,
  events: EventEnvelope[],
  handle: (event: EventEnvelope) => Promise<void>,
): Promise<InboxOutcome[]> {
  const entries = events.map((event, i) => ({
    event,
    position: { topic: 'cases', partition: 0, offset: `${i}` },
  }));
  return service.app
    .get(Inbox)
    .handleBatchOnce(`${service.config.service}-batch-test`, entries, ({ event }) => handle(event));
}
