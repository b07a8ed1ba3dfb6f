import type { ContractEvent } from '@chuishao/contracts';
import type { RowFill } from './read-model-changes';

/**
 * The follow-up row a closing's events fill in (回访, issue #19 item 2), keyed by the case and the
 * closing's time so a case reopened and closed again has one row per closing: FollowUpScheduled
 * says when it is due, FollowUpRecorded how the party answered. Either may come first.
 */
export const followUpKey = (caseId: string, closedAt: string) =>
  `${caseId}@${new Date(closedAt).toISOString()}`;

export function followUpRows(event: ContractEvent): RowFill[] {
  switch (event.type) {
    case 'FollowUpScheduled': {
      const { closedAt, dueAt } = event.payload;
      return [
        {
          table: 'follow_ups',
          key: followUpKey(event.caseId, closedAt),
          fields: { caseId: event.caseId, closedAt: new Date(closedAt), dueAt: new Date(dueAt) },
        },
      ];
    }
    case 'FollowUpRecorded': {
      const p = event.payload;
      return [
        {
          table: 'follow_ups',
          key: followUpKey(event.caseId, p.closedAt),
          fields: {
            caseId: event.caseId,
            closedAt: new Date(p.closedAt),
            answeredAt: new Date(p.recordedAt),
            channel: p.channel,
            answer: p.answer,
            resolved: p.resolved,
          },
        },
      ];
    }
    default:
      return [];
  }
}
