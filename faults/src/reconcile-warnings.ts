import type { Client } from 'pg';

/** Past its due time by more than this, a warning that has not gone out is lost, not late. */
const GRACE_SECONDS = 5;

interface WarningRow {
  summons_id: string;
  /** The warning timer's state; null when none was armed. */
  state: string | null;
  overdue: boolean;
  running: boolean;
  warned: boolean;
}

/**
 * Every arrival warning that came due was issued: duplicates alone do not show a warning timer
 * that never fired, or fired without its event. sla-timer arms a warning only when its moment is
 * still ahead as the summons starts (a summons learnt late has none), so the check starts from
 * the warning timers it armed: each one due more than the grace ago must have fired. A fire
 * warns only a summons still running (one that arrived or breached before the fire ran — a fire
 * delayed by a killed instance — is rightly not warned), so a summons still running whose warning
 * fired must be marked warned, and one marked warned must have its `ArrivalWarningIssued` on Kafka.
 */
export async function checkWarningsIssued(
  db: Client,
  slaSchema: string,
  caseIds: string[],
  issued: Map<string, Set<string>>,
  lost: string[],
): Promise<number> {
  const { rows } = await db.query<WarningRow>(
    `SELECT s.summons_id, t.state, s.state = 'running' AS running, s.warned_at IS NOT NULL AS warned,
            coalesce(t.due_at < now() - make_interval(secs => $2), false) AS overdue
       FROM ${slaSchema}.summons_sla s
       LEFT JOIN ${slaSchema}.timers t ON t.kind = 'sla.arrival-warning' AND t.subject = s.summons_id::text
      WHERE s.case_id = ANY($1::uuid[])`,
    [caseIds, GRACE_SECONDS],
  );
  let checked = 0;
  for (const row of rows) {
    if (row.state === 'armed' && row.overdue) {
      lost.push(`arrival warning of summons ${row.summons_id} came due, never fired`);
    } else if (row.state === 'fired' && row.running && !row.warned) {
      lost.push(`arrival warning of summons ${row.summons_id} fired, summons running and not warned`);
    } else if (row.warned) {
      checked += 1;
      if (!issued.has(row.summons_id))
        lost.push(`arrival warning of summons ${row.summons_id} issued, no ArrivalWarningIssued on Kafka`);
    }
  }
  return checked;
}
