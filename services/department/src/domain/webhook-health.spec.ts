import { afterWebhookAttempt, healthChanged, healthyWebhook, type WebhookHealth } from './webhook-health';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 8, minute));
const failed = (minute: number, error = 'HTTP 503') => ({ delivered: false, at: at(minute), error });
const delivered = (minute: number) => ({ delivered: true, at: at(minute), error: null });

/** Plays attempts on a healthy webhook with a threshold of 3; returns the state and every announcement. */
function given(attempts: Array<ReturnType<typeof failed> | ReturnType<typeof delivered>>) {
  let health: WebhookHealth = healthyWebhook('ganzhou-traffic-police');
  const events = [];
  for (const attempt of attempts) {
    const next = afterWebhookAttempt(health, attempt, 3);
    health = next.health;
    if (next.event) events.push(next.event);
  }
  return { health, events };
}

describe('a department webhook’s health', () => {
  it('two failures in a row are not an outage yet', () => {
    const { health, events } = given([failed(0), failed(1)]);
    expect(events).toEqual([]);
    expect(health).toMatchObject({ consecutiveFailures: 2, failingSince: at(0), outageSince: null });
  });

  it('the third failure in a row begins an outage, dated from the first, announced once', () => {
    const { health, events } = given([failed(0), failed(1), failed(2, 'timeout'), failed(3)]);
    expect(events).toEqual([
      { type: 'OutageDetected', since: at(0), consecutiveFailures: 3, lastError: 'timeout' },
    ]);
    expect(health).toMatchObject({ consecutiveFailures: 4, outageSince: at(0), lastError: 'HTTP 503' });
  });

  it('a delivery ends the outage and says since when it was down', () => {
    const { health, events } = given([failed(0), failed(1), failed(2), delivered(9)]);
    expect(events.at(-1)).toEqual({ type: 'OutageEnded', since: at(0), endedAt: at(9) });
    expect(health).toEqual(healthyWebhook('ganzhou-traffic-police'));
  });

  it('a delivery between failures starts the count again, announcing nothing', () => {
    const { health, events } = given([failed(0), failed(1), delivered(2), failed(3), failed(4)]);
    expect(events).toEqual([]);
    expect(health).toMatchObject({ consecutiveFailures: 2, failingSince: at(3) });
  });

  it('a healthy webhook that delivers changes nothing worth writing; a failure does', () => {
    const healthy = healthyWebhook('d');
    expect(healthChanged(healthy, afterWebhookAttempt(healthy, delivered(0), 3).health)).toBe(false);
    expect(healthChanged(healthy, afterWebhookAttempt(healthy, failed(0), 3).health)).toBe(true);
  });
});
