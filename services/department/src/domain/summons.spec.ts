import { ConflictError, InvalidError } from '@chuishao/kernel';
import {
  acknowledgement,
  acknowledgeSummons,
  arrival,
  declineSummons,
  declining,
  isSummonsStatus,
  notifySummons,
  reportArrival,
  SUMMONS_STATUSES,
  withChange,
  type Summons,
  type SummonsChange,
  type SummonsStatus,
} from './summons';

const notifiedAt = new Date('2018-10-15T08:00:00.000Z');
const later = new Date('2018-10-15T08:12:00.000Z');
const latest = new Date('2018-10-15T08:25:00.000Z');

function notified(): Summons {
  return notifySummons({
    id: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6f',
    whistleId: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6e',
    caseId: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6d',
    caseNo: 'GZ-2018-000001',
    departmentId: 'ganzhou-traffic-police',
    centerId: 'anlizha-village',
    arrivalDeadline: new Date('2018-10-15T08:30:00.000Z'),
    notifiedAt,
  });
}

function inStatus(status: SummonsStatus): Summons {
  switch (status) {
    case 'notified':
      return notified();
    case 'acknowledged':
      return acknowledgeSummons(notified(), later);
    case 'arrived':
      return reportArrival(notified(), later);
    case 'declined':
      return declineSummons(notified(), later, 'not our jurisdiction');
  }
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConflictError || error instanceof InvalidError) return error.code;
    throw error;
  }
  return 'allowed';
}

describe('a new summons', () => {
  it('starts notified, with nothing acknowledged, arrived or declined', () => {
    expect(notified()).toMatchObject({
      status: 'notified',
      notifiedAt,
      acknowledgedAt: null,
      arrivedAt: null,
      arrivalNote: null,
      declinedAt: null,
      declineReason: null,
    });
  });

  it('knows its statuses', () => {
    for (const status of SUMMONS_STATUSES) expect(isSummonsStatus(status)).toBe(true);
    expect(isSummonsStatus('cancelled')).toBe(false);
    expect(isSummonsStatus(undefined)).toBe(false);
  });
});

describe('legal transitions', () => {
  it('notified → acknowledged → arrived, stamping each step', () => {
    const acknowledged = acknowledgeSummons(notified(), later);
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedAt: later });
    const arrived = reportArrival(acknowledged, latest, '  at the village gate  ');
    expect(arrived).toMatchObject({
      status: 'arrived',
      acknowledgedAt: later,
      arrivedAt: latest,
      arrivalNote: 'at the village gate',
    });
  });

  it('notified → arrived directly: a liaison may report arrival without acknowledging first', () => {
    expect(reportArrival(notified(), later)).toMatchObject({
      status: 'arrived',
      acknowledgedAt: null,
      arrivedAt: later,
      arrivalNote: null,
    });
  });

  it('keeps no blank arrival note', () => {
    expect(reportArrival(notified(), later, '   ').arrivalNote).toBeNull();
    expect(reportArrival(notified(), later, null).arrivalNote).toBeNull();
  });

  it('notified → declined and acknowledged → declined, with the reason trimmed', () => {
    expect(declineSummons(notified(), later, ' officer on another scene ')).toMatchObject({
      status: 'declined',
      declinedAt: later,
      declineReason: 'officer on another scene',
    });
    expect(declineSummons(inStatus('acknowledged'), latest, 'vehicle broke down')).toMatchObject({
      status: 'declined',
      acknowledgedAt: later,
      declinedAt: latest,
    });
  });

  it('never changes the summons it was given', () => {
    const original = notified();
    acknowledgeSummons(original, later);
    reportArrival(original, later);
    declineSummons(original, later, 'busy');
    expect(original.status).toBe('notified');
  });
});

describe('illegal transitions are conflicts with a stable code', () => {
  const table: Array<[SummonsStatus, 'acknowledge' | 'arrive' | 'decline', string]> = [
    ['notified', 'acknowledge', 'allowed'],
    ['notified', 'arrive', 'allowed'],
    ['notified', 'decline', 'allowed'],
    ['acknowledged', 'acknowledge', 'SUMMONS_ALREADY_ACKNOWLEDGED'],
    ['acknowledged', 'arrive', 'allowed'],
    ['acknowledged', 'decline', 'allowed'],
    ['arrived', 'acknowledge', 'SUMMONS_ALREADY_ARRIVED'],
    ['arrived', 'arrive', 'SUMMONS_ALREADY_ARRIVED'],
    ['arrived', 'decline', 'SUMMONS_ALREADY_ARRIVED'],
    ['declined', 'acknowledge', 'SUMMONS_DECLINED'],
    ['declined', 'arrive', 'SUMMONS_DECLINED'],
    ['declined', 'decline', 'SUMMONS_DECLINED'],
  ];

  it.each(table)('%s, then %s → %s', (status, action, expected) => {
    const summons = inStatus(status);
    const act = {
      acknowledge: () => acknowledgeSummons(summons, latest),
      arrive: () => reportArrival(summons, latest),
      decline: () => declineSummons(summons, latest, 'reason given'),
    }[action];
    expect(codeOf(act)).toBe(expected);
  });

  it('answers a refused transition as a conflict (HTTP 409)', () => {
    expect(() => reportArrival(inStatus('declined'), latest)).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
  });
});

describe('a decline needs a reason', () => {
  it('refuses an empty or blank reason, naming the field', () => {
    for (const reason of ['', '   ', '\n\t']) {
      expect(() => declineSummons(notified(), later, reason)).toThrow(
        expect.objectContaining({ code: 'DECLINE_REASON_REQUIRED', kind: 'invalid', field: 'reason' }),
      );
    }
  });

  it('refuses a reason over 1000 characters, and a note over 1000', () => {
    expect(codeOf(() => declineSummons(notified(), later, 'x'.repeat(1001)))).toBe('DECLINE_REASON_TOO_LONG');
    expect(codeOf(() => declineSummons(notified(), later, 'x'.repeat(1000)))).toBe('allowed');
    expect(codeOf(() => reportArrival(notified(), later, 'x'.repeat(1001)))).toBe('ARRIVAL_NOTE_TOO_LONG');
  });

  it('checks the reason before the state: a blank reason is a 400 even on a declined summons', () => {
    expect(codeOf(() => declineSummons(inStatus('declined'), latest, ' '))).toBe('DECLINE_REASON_REQUIRED');
  });
});

describe('a transition as a change (what a conditional UPDATE writes, and from which statuses)', () => {
  const changes: Record<
    'acknowledge' | 'arrive' | 'decline',
    { change: () => SummonsChange<Partial<Summons>>; apply: (s: Summons) => Summons }
  > = {
    acknowledge: {
      change: () => acknowledgement(latest),
      apply: (s: Summons) => acknowledgeSummons(s, latest),
    },
    arrive: {
      change: () => arrival(latest, ' at the gate '),
      apply: (s: Summons) => reportArrival(s, latest, ' at the gate '),
    },
    decline: {
      change: () => declining(latest, ' busy '),
      apply: (s: Summons) => declineSummons(s, latest, ' busy '),
    },
  };

  it.each(Object.keys(changes) as Array<keyof typeof changes>)(
    '%s: the guard allows exactly the statuses the transition accepts, and writes what it would',
    (action) => {
      const { change, apply } = changes[action];
      for (const status of SUMMONS_STATUSES) {
        const summons = inStatus(status);
        const allowed = codeOf(() => apply(summons)) === 'allowed';
        expect(change().from.includes(status)).toBe(allowed);
        if (allowed) expect(withChange(summons, change())).toEqual(apply(summons));
      }
    },
  );

  it('refuses invalid input whatever the summons, so the checked path decides what to answer', () => {
    expect(codeOf(() => arrival(latest, 'x'.repeat(1001)))).toBe('ARRIVAL_NOTE_TOO_LONG');
    expect(codeOf(() => declining(latest, ' '))).toBe('DECLINE_REASON_REQUIRED');
    expect(codeOf(() => declining(latest, 'x'.repeat(1001)))).toBe('DECLINE_REASON_TOO_LONG');
  });
});
