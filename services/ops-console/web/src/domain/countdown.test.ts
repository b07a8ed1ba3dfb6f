import { describe, expect, it } from 'vitest';
import { formatRemaining, remainingSeconds, signalOf } from './countdown';

describe('the countdown', () => {
  const base = { warningSeconds: 600 };
  it('is green, then amber in the warning window or once warned, then red', () => {
    expect(signalOf({ ...base, status: 'notified', remainingSeconds: 1200 })).toBe('green');
    expect(signalOf({ ...base, status: 'acknowledged', remainingSeconds: 599 })).toBe('amber');
    expect(signalOf({ ...base, status: 'notified', remainingSeconds: 1200, warned: true })).toBe('amber');
    expect(signalOf({ ...base, status: 'notified', remainingSeconds: 0 })).toBe('red');
    expect(signalOf({ ...base, status: 'breached', remainingSeconds: 100, breached: true })).toBe('red');
    expect(signalOf({ ...base, status: 'arrived', remainingSeconds: -100 })).toBe('done');
  });

  it('counts by the server clock and prints minutes and seconds', () => {
    expect(remainingSeconds('2026-10-08T06:30:00Z', 60_000, Date.parse('2026-10-08T06:00:00Z'))).toBe(1740);
    expect(formatRemaining(1740)).toBe('29:00');
    expect(formatRemaining(3725)).toBe('1:02:05');
    expect(formatRemaining(-150)).toBe('−02:30');
  });
});
