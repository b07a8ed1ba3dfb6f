/**
 * Time is injected, never read ad hoc: every deadline, timestamp and timer goes through a Clock so
 * tests can run the 30-minute SLA in seconds or freeze time entirely.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol.for('chuishao.Clock');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock for tests: stands still until told to move. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date | string = '2018-10-15T08:00:00.000Z') {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export function addSeconds(at: Date, seconds: number): Date {
  return new Date(at.getTime() + seconds * 1000);
}
