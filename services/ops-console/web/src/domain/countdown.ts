export type Signal = 'green' | 'amber' | 'red' | 'done';

const DONE = new Set(['arrived', 'arrived_late', 'declined', 'reassigned', 'replaced', 'stood_down', 'left']);

/**
 * The board's colour rule, the same as ops-console's (src/domain/board.ts): done → no countdown;
 * breached or past the deadline → red; warned or within the warning window → amber; else green.
 */
export function signalOf(input: {
  status: string;
  remainingSeconds: number;
  warned?: boolean;
  breached?: boolean;
  warningSeconds: number;
}): Signal {
  if (DONE.has(input.status)) return 'done';
  if (input.breached || input.remainingSeconds <= 0) return 'red';
  if (input.warned || input.remainingSeconds <= input.warningSeconds) return 'amber';
  return 'green';
}

/** 1:05:09, 04:09, or −02:30 once late. */
export function formatRemaining(seconds: number): string {
  const sign = seconds < 0 ? '−' : '';
  const s = Math.abs(Math.trunc(seconds));
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${sign}${hours}:${mm}:${ss}` : `${sign}${mm}:${ss}`;
}

/** Seconds left until a deadline by the server's clock: `offsetMs` = server now − browser now. */
export function remainingSeconds(deadline: string, offsetMs: number, browserNow = Date.now()): number {
  return Math.round((new Date(deadline).getTime() - (browserNow + offsetMs)) / 1000);
}
