import { afterCourtAttempt, answeringCourt, courtHealthChanged, type CourtHealth } from './court-health';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 8, minute));
const unanswered = (minute: number, error = 'court unavailable: timeout') => ({
  answered: false,
  at: at(minute),
  error,
});
const answered = (minute: number) => ({ answered: true, at: at(minute), error: null });
const TEN_MINUTES = 10 * 60_000;

/** Plays filing attempts on an answering court with a 10-minute threshold. */
function given(attempts: Array<{ answered: boolean; at: Date; error: string | null }>) {
  let health: CourtHealth = answeringCourt('court-simulator');
  const events = [];
  for (const attempt of attempts) {
    const next = afterCourtAttempt(health, attempt, TEN_MINUTES);
    health = next.health;
    if (next.event) events.push(next.event);
  }
  return { health, events };
}

describe('a court’s health', () => {
  it('silent for less than ten minutes is not an outage yet, however many attempts', () => {
    const { health, events } = given([unanswered(0), unanswered(1), unanswered(3), unanswered(9)]);
    expect(events).toEqual([]);
    expect(health).toMatchObject({ silentSince: at(0), outageSince: null });
  });

  it('the first attempt ten minutes into the silence begins the outage, dated from its start, said once', () => {
    const { events } = given([unanswered(0), unanswered(4), unanswered(10, 'HTTP 502'), unanswered(20)]);
    expect(events).toEqual([{ type: 'OutageDetected', since: at(0), lastError: 'HTTP 502' }]);
  });

  it('an answer ends the outage; an answer within the ten minutes ends the silence quietly', () => {
    expect(given([unanswered(0), unanswered(10), answered(12)]).events.at(-1)).toEqual({
      type: 'OutageEnded',
      since: at(0),
      endedAt: at(12),
    });
    const quiet = given([unanswered(0), answered(5), unanswered(9), unanswered(14)]);
    expect(quiet.events).toEqual([]);
    expect(quiet.health.silentSince).toEqual(at(9));
  });

  it('an answering court that answers changes nothing worth writing', () => {
    const court = answeringCourt('c');
    expect(courtHealthChanged(court, afterCourtAttempt(court, answered(0), TEN_MINUTES).health)).toBe(false);
    expect(courtHealthChanged(court, afterCourtAttempt(court, unanswered(0), TEN_MINUTES).health)).toBe(true);
  });
});
