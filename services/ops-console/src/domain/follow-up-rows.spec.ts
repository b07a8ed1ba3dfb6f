import {
  CaseClosed,
  CaseReopened,
  createEvent,
  FollowUpRecorded,
  FollowUpScheduled,
  type EventDefinition,
  type EventEnvelope,
  type PayloadOf,
} from '@chuishao/contracts';
import { fold } from './read-model-projection';

const CASE = '0193a0c0-0000-7000-8000-0000000000f1';
const CLOSED_AT = '2026-01-01T08:00:00.000Z';
let sequence = 0;

function event<D extends EventDefinition>(definition: D, payload: PayloadOf<D>): EventEnvelope {
  sequence += 1;
  return createEvent(definition, {
    id: `0193a0c0-0000-7000-8000-${String(sequence).padStart(12, '0')}`,
    occurredAt: new Date(CLOSED_AT),
    caseId: CASE,
    correlationId: 'c',
    actor: { role: 'clerk', id: 'clerk-1' },
    payload,
  });
}

const scheduled = () =>
  event(FollowUpScheduled, { caseNo: 'ALZ-1', closedAt: CLOSED_AT, dueAt: '2026-01-04T08:00:00.000Z' });
const recorded = () =>
  event(FollowUpRecorded, {
    caseNo: 'ALZ-1',
    channel: 'sms_link',
    answer: 'unsatisfied',
    resolved: false,
    comment: '没有赔偿',
    closedAt: CLOSED_AT,
    recordedAt: '2026-01-02T08:00:00.000Z',
  });

describe('the follow-up rows (回访) of the console read model', () => {
  it('given the answer before its schedule, when folded, then one row per closing knows both', () => {
    const inOrder = fold([scheduled(), recorded()]);
    const overtaken = fold([recorded(), scheduled()]);
    const key = `follow_ups:${CASE}@${CLOSED_AT}`.toLowerCase();
    const expected = {
      caseId: CASE,
      closedAt: new Date(CLOSED_AT),
      dueAt: new Date('2026-01-04T08:00:00.000Z'),
      answeredAt: new Date('2026-01-02T08:00:00.000Z'),
      channel: 'sms_link',
      answer: 'unsatisfied',
      resolved: false,
    };
    expect(inOrder.rows.get(key)?.fields).toEqual(expected);
    expect(overtaken.rows.get(key)?.fields).toEqual(expected);
  });

  it('given a closed case, when it is reopened, then its status is reopened; a new closing closes it again', () => {
    const closed = event(CaseClosed, { reason: 'resolved', closedAt: CLOSED_AT });
    const reopened = event(CaseReopened, {
      caseNo: 'ALZ-1',
      comment: '没有赔偿',
      reopenedAt: '2026-01-02T08:00:00.000Z',
    });
    const closedAgain = event(CaseClosed, { reason: 'paid', closedAt: '2026-01-05T08:00:00.000Z' });
    const moves = (events: EventEnvelope[]) =>
      fold(events)
        .cases.get(CASE)!
        .moves.map((m) => m.to);
    expect(moves([closed, reopened])).toEqual(['closed', 'reopened']);
    expect(moves([closed, reopened, closedAgain])).toEqual(['closed', 'reopened', 'closed']);
    expect(fold([reopened]).cases.get(CASE)!.moves[0]!.from).toContain('closed');
  });
});
