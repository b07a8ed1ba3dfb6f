import type { ContractEvent } from '@chuishao/contracts';

/** Whose system is down: a department's webhook, or a court's filing system. */
export type OutsideParty = 'department-webhook' | 'court';

/**
 * What an outside-health event says of one outage (issue 20 item 7), keyed by the party and when
 * its silence began: the detection opens it, the end closes it. Either may arrive alone (a console
 * started after the detection), so each fills in only what it knows.
 */
export interface OutageChange {
  party: OutsideParty;
  partyId: string;
  since: Date;
  detectedAt?: Date;
  lastError?: string | null;
  endedAt?: Date;
}

type HealthEvent = Extract<
  ContractEvent,
  {
    type:
      | 'DepartmentWebhookOutageDetected'
      | 'DepartmentWebhookOutageEnded'
      | 'CourtOutageDetected'
      | 'CourtOutageEnded';
  }
>;

export function outageChangeOf(event: HealthEvent): OutageChange {
  const detectedAt = new Date(event.occurredAt);
  switch (event.type) {
    case 'DepartmentWebhookOutageDetected': {
      const p = event.payload;
      const since = new Date(p.failingSince);
      return {
        party: 'department-webhook',
        partyId: p.departmentId,
        since,
        detectedAt,
        lastError: p.lastError,
      };
    }
    case 'DepartmentWebhookOutageEnded': {
      const p = event.payload;
      const since = new Date(p.failingSince);
      return {
        party: 'department-webhook',
        partyId: p.departmentId,
        since,
        endedAt: new Date(p.recoveredAt),
      };
    }
    case 'CourtOutageDetected': {
      const p = event.payload;
      return {
        party: 'court',
        partyId: p.courtId,
        since: new Date(p.silentSince),
        detectedAt,
        lastError: p.lastError,
      };
    }
    case 'CourtOutageEnded': {
      const p = event.payload;
      return {
        party: 'court',
        partyId: p.courtId,
        since: new Date(p.silentSince),
        endedAt: new Date(p.answeredAt),
      };
    }
  }
}
