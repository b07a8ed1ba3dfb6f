import { onMounted, onUnmounted, ref } from 'vue';
import { api } from '../api/client';
import { openStream } from '../api/stream';
import type { SummonsRow } from '../components/SummonsTable.vue';

export interface BoardSummons {
  summonsId: string;
  departmentId: string;
  deadline: string;
  status: string;
  warned: boolean;
  breachedAt: string | null;
  enRoute: { since: string; etaAt: string | null } | null;
  leftAt: string | null;
  awayFromPlaceMeters: number | null;
}
export interface BoardWhistle {
  whistleId: string;
  caseId: string;
  caseNo: string | null;
  centerId: string | null;
  blownAt: string | null;
  summons: BoardSummons[];
}
export interface Escalation {
  escalationId: string;
  caseId: string;
  caseNo: string | null;
  departmentId: string;
  level: number;
  target: { kind: string; id: string };
  raisedAt: string;
  state: string;
}
export interface Breach {
  breachId: string;
  caseId: string;
  caseNo: string | null;
  departmentId: string;
  breachedAt: string;
  state: string;
}
/** An outside system that stopped answering (issue 20 item 7): a department's webhook, a court. */
export interface Outage {
  party: 'department-webhook' | 'court';
  partyId: string;
  since: string;
  detectedAt: string | null;
  lastError: string | null;
}
export interface Board {
  now: string;
  warningSeconds: number;
  counts: { openWhistles: number; openBreaches: number; openEscalations: number; cases: number };
  whistles: BoardWhistle[];
  escalations: Escalation[];
  breaches: Breach[];
  outages: Outage[];
}

export function summonsRows(whistle: BoardWhistle): SummonsRow[] {
  return whistle.summons.map((s) => ({
    id: s.summonsId,
    departmentId: s.departmentId,
    status: s.status,
    arrivalDeadline: s.deadline,
    warned: s.warned,
    breached: s.status === 'breached',
    etaAt: s.enRoute?.etaAt ?? null,
    awayFromPlaceMeters: s.awayFromPlaceMeters,
  }));
}

/** The live board: a snapshot on every projected event (SSE), the server's clock kept as an offset. */
export function useLiveBoard() {
  const board = ref<Board | null>(null);
  const offsetMs = ref(0);
  const live = ref(false);
  const apply = (snapshot: Board) => {
    board.value = snapshot;
    offsetMs.value = new Date(snapshot.now).getTime() - Date.now();
  };
  let stop = () => {};
  onMounted(() => {
    void api<Board>('console', '/board').then(apply);
    stop = openStream(
      { service: 'console', path: '/board/stream', events: ['board'] },
      (_e, data) => apply(data as Board),
      (state) => (live.value = state),
    );
  });
  onUnmounted(() => stop());
  return { board, offsetMs, live };
}
