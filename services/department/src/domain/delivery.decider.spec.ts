import { transitionAllowed } from '@chuishao/kernel';
import { decide, deliveryTransition, evolve, type Delivery, type RecordAttempt } from './delivery.decider';
import type { RetryPolicy } from './notification';

const created = new Date('2018-10-15T08:00:00.000Z');
const at = (ms: number) => new Date(created.getTime() + ms);
const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 3, giveUpAfterMs: 60_000 };

const failed = (when: number, error = 'http_503', statusCode: number | null = 503): RecordAttempt => ({
  type: 'RecordAttempt',
  outcome: { ok: false, statusCode, error },
  at: at(when),
  durationMs: 12,
  policy,
});
const delivered = (when: number): RecordAttempt => ({
  type: 'RecordAttempt',
  outcome: { ok: true, statusCode: 200, error: null },
  at: at(when),
  durationMs: 7,
  policy,
});

/** Given a notification just written, then these attempts (each decided), when an attempt, then events. */
function given(...history: RecordAttempt[]) {
  let delivery: Delivery = {
    id: 'n1',
    state: 'pending',
    attempts: 0,
    createdAt: created,
    nextAttemptAt: created,
    deliveredAt: null,
    deadLetteredAt: null,
    lastError: null,
  };
  for (const command of history) delivery = decide(command, delivery).reduce(evolve, delivery);
  const state = delivery;
  return {
    delivery: state,
    when(command: RecordAttempt) {
      const events = decide(command, state);
      return { events, after: events.reduce(evolve, state) };
    },
  };
}

describe('Delivery decider (given / when / then, no database)', () => {
  it('a first attempt that succeeds delivers it, recorded as attempt 1', () => {
    const { events, after } = given().when(delivered(300));
    expect(events).toEqual([
      {
        type: 'Delivered',
        attempt: {
          attempt: 1,
          at: at(300),
          outcome: 'delivered',
          statusCode: 200,
          error: null,
          durationMs: 7,
        },
      },
    ]);
    expect(after).toMatchObject({
      state: 'delivered',
      attempts: 1,
      deliveredAt: at(300),
      nextAttemptAt: null,
      lastError: null,
    });
  });

  it('a failure schedules the next attempt by the backoff, from the failed attempt, keeping the error', () => {
    const { events, after } = given().when(failed(300));
    expect(events).toMatchObject([{ type: 'RetryScheduled', nextAttemptAt: at(1300) }]);
    expect(after).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: at(1300),
      lastError: 'http_503',
    });
    expect(given(failed(300)).when(failed(1300)).after.nextAttemptAt).toEqual(at(3300));
  });

  it('a success after failures clears the error', () => {
    const { after } = given(failed(0), failed(1000)).when(delivered(3000));
    expect(after).toMatchObject({ state: 'delivered', attempts: 3, lastError: null, deliveredAt: at(3000) });
  });

  it('the last attempt the policy allows dead-letters it', () => {
    const { events, after } = given(failed(0), failed(1000)).when(failed(3000, 'connection_failed', null));
    expect(events).toMatchObject([{ type: 'DeadLettered', attempt: { attempt: 3, outcome: 'failed' } }]);
    expect(after).toMatchObject({
      state: 'dead_lettered',
      attempts: 3,
      nextAttemptAt: null,
      deadLetteredAt: at(3000),
      lastError: 'connection_failed',
    });
  });

  it('a failure whose retry would fall past the window dead-letters it', () => {
    expect(given().when(failed(59_500)).events).toMatchObject([{ type: 'DeadLettered' }]);
  });

  it('a settled notification takes no attempt', () => {
    expect(given(delivered(0)).when(failed(10)).events).toEqual([]);
    expect(given(failed(0), failed(1000), failed(3000)).when(delivered(4000)).events).toEqual([]);
  });

  it('every event of the table starts from pending only', () => {
    const settled = given(delivered(0)).delivery;
    for (const command of [delivered(10), failed(10), failed(59_500)]) {
      const [event] = given().when(command).events;
      expect(transitionAllowed(given().delivery, deliveryTransition(event))).toBe(true);
      expect(transitionAllowed(settled, deliveryTransition(event))).toBe(false);
    }
  });
});
