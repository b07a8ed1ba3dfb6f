import {
  decideArrival,
  isOnTime,
  latenessSeconds,
  plannedTimers,
  remainingSeconds,
  validatePolicy,
} from './sla';

const policy = { warningSeconds: 600, escalationSeconds: 900, levels: 2 };
const deadline = new Date('2018-10-15T08:30:00.000Z');
const at = (iso: string) => new Date(`2018-10-15T${iso}Z`);

describe('the timers of a summons', () => {
  it('arms the warning 10 minutes before the deadline, and the deadline', () => {
    expect(plannedTimers(deadline, at('08:00:00.000'), policy)).toEqual([
      { kind: 'warning', dueAt: at('08:20:00.000') },
      { kind: 'deadline', dueAt: deadline },
    ]);
  });

  it('skips a warning whose moment has passed, but never the deadline', () => {
    expect(plannedTimers(deadline, at('08:25:00.000'), policy)).toEqual([
      { kind: 'deadline', dueAt: deadline },
    ]);
    expect(plannedTimers(deadline, at('08:45:00.000'), policy)).toEqual([
      { kind: 'deadline', dueAt: deadline },
    ]);
  });
});

describe('an arrival, judged by its stored time against the stored deadline', () => {
  it('is on time at or before the deadline, late after it', () => {
    expect(isOnTime(deadline, at('08:29:59.000'))).toBe(true);
    expect(isOnTime(deadline, deadline)).toBe(true);
    expect(isOnTime(deadline, at('08:30:00.001'))).toBe(false);
    expect(latenessSeconds(deadline, at('08:30:00.001'))).toBe(1);
    expect(latenessSeconds(deadline, at('08:42:00.000'))).toBe(720);
  });

  it('before any breach: met when on time; late (and a breach to record) when not', () => {
    expect(decideArrival({ state: 'running', deadline }, at('08:29:59.000'))).toEqual({ kind: 'met' });
    expect(decideArrival({ state: 'running', deadline }, at('08:31:00.000'))).toEqual({
      kind: 'late',
      latenessSeconds: 60,
      breach: true,
    });
  });

  it('after the breach fired: an on-time arrival retracts it (29:59 wins), a late one is recorded', () => {
    expect(decideArrival({ state: 'breached', deadline }, at('08:29:59.000'))).toEqual({ kind: 'retract' });
    expect(decideArrival({ state: 'breached', deadline }, at('08:47:00.000'))).toEqual({
      kind: 'late',
      latenessSeconds: 1020,
      breach: false,
    });
  });

  it('ignores an arrival once the summons is decided or withdrawn', () => {
    for (const state of ['met', 'late', 'withdrawn'] as const)
      expect(decideArrival({ state, deadline }, at('08:10:00.000'))).toEqual({ kind: 'ignore' });
  });
});

describe('the SLA board', () => {
  it('counts whole seconds down while the clock runs, never below zero', () => {
    expect(remainingSeconds({ state: 'running', deadline }, at('08:29:58.500'))).toBe(2);
    expect(remainingSeconds({ state: 'running', deadline }, at('08:31:00.000'))).toBe(0);
    expect(remainingSeconds({ state: 'met', deadline }, at('08:10:00.000'))).toBeNull();
  });
});

describe('a policy', () => {
  it('needs positive whole numbers', () => {
    expect(validatePolicy(policy)).toEqual(policy);
    expect(() => validatePolicy({ ...policy, levels: 0 })).toThrow(/levels/);
    expect(() => validatePolicy({ ...policy, warningSeconds: 1.5 })).toThrow(/warningSeconds/);
  });
});
