import { applyChanges, NO_CHANGES, type EventChanges } from '../../domain/read-model-changes';
import { CteStatement } from '@chuishao/persistence';
import { projectInto } from './projection-sql';

const CASE = '0193a0c0-0000-7000-8000-000000000001';
const SUMMONS = '0193a0c0-0000-7000-8000-0000000000a1';

function event(n: number, type: string, over: Partial<EventChanges> = {}): EventChanges {
  return {
    timeline: {
      eventId: `0193a0c0-0000-7000-8000-00000000000${n}`,
      caseId: CASE,
      type,
      version: 1,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 8, n)),
      actorRole: 'system',
      actorId: 'chuishao',
      summary: type,
      facts: {},
    },
    caseFields: {},
    status: null,
    placement: null,
    rows: [],
    ...over,
  };
}

/** The CTEs of the statement for these events' changes folded, one per line, with the parameters written in. */
function readable(events: EventChanges[]): string[] {
  const statement = new CteStatement();
  projectInto(statement, events.reduce(applyChanges, NO_CHANGES));
  const { sql, parameters } = statement;
  return sql
    .replace(/\$(\d+)/g, (_, i: string) => JSON.stringify(parameters[Number(i) - 1]))
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim());
}

describe('the statement that applies a transaction’s events to the read models', () => {
  it('writes timeline lines, then case rows, then board rows, all in one statement', () => {
    const lines = readable([
      event(1, 'WhistleBlown', {
        caseFields: { caseNo: 'ALZ-1', centerId: undefined },
        status: { to: 'whistled', from: ['registered'] },
        rows: [{ table: 'summons', key: SUMMONS, fields: { departmentId: 'police', deadline: null } }],
      }),
      event(2, 'ArrivalWarningIssued'),
    ]);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^WITH w0 AS \(INSERT INTO timeline_entries .* VALUES \(.*\), \(.*\) ON CONFLICT \(event_id\) DO NOTHING\),$/,
    );
    expect(lines[1]).toContain(
      `INSERT INTO case_files (case_id, last_event_at, case_no, status) VALUES ("${CASE}", "2026-01-01T08:02:00.000Z", "ALZ-1", "whistled")`,
    );
    expect(lines[1]).toContain('last_event_at = GREATEST(case_files.last_event_at, EXCLUDED.last_event_at)');
    expect(lines[1]).toContain(
      'status = CASE WHEN case_files.status IS NULL THEN EXCLUDED.status WHEN case_files.status = ANY(["registered"]::text[]) THEN "whistled"::text ELSE case_files.status END',
    );
    expect(lines[2]).toContain(
      `INSERT INTO summons (summons_id, department_id) VALUES ("${SUMMONS}", "police") ON CONFLICT (summons_id) DO UPDATE SET department_id = COALESCE(summons.department_id, EXCLUDED.department_id)`,
    );
    expect(lines[3]).toBe('SELECT 1');
  });

  it('leaves the status alone for events that say nothing of it', () => {
    const [, caseRow] = readable([event(1, 'DeadlineScheduled', { caseFields: { closedAt: undefined } })]);
    expect(caseRow).not.toContain('status');
  });

  it('merges what several events say of one row as applying them in order would', () => {
    const later = {
      table: 'summons' as const,
      key: SUMMONS.toUpperCase(),
      fields: { arrivedAt: new Date(0) },
    };
    const lines = readable([
      event(3, 'WhistleCompleted', { status: { to: 'on_site', from: ['registered', 'whistled'] } }),
      event(1, 'WhistleBlown', {
        caseFields: { caseNo: 'ALZ-1' },
        status: { to: 'whistled', from: ['registered'] },
        rows: [{ table: 'summons', key: SUMMONS, fields: { departmentId: 'police', acknowledgedAt: null } }],
      }),
      event(2, 'SummonsAcknowledged', {
        caseFields: { caseNo: 'ALZ-2' },
        rows: [
          {
            table: 'summons',
            key: SUMMONS,
            fields: { departmentId: 'fire', acknowledgedAt: new Date(1000) },
          },
        ],
      }),
      event(4, 'DepartmentArrived', { rows: [later] }),
    ]);
    expect(lines).toHaveLength(4); // one case row, one summons row
    // The first value of a column wins; the latest event time; on_site, never back to whistled.
    expect(lines[1]).toContain(`VALUES ("${CASE}", "2026-01-01T08:04:00.000Z", "ALZ-1", "on_site")`);
    expect(lines[1]).toContain(
      'WHEN case_files.status = ANY(["registered","whistled"]::text[]) THEN "on_site"::text',
    );
    expect(lines[2]).toContain(
      `INSERT INTO summons (summons_id, department_id, acknowledged_at, arrived_at) VALUES ("${SUMMONS}", "police", "1970-01-01T00:00:01.000Z", "1970-01-01T00:00:00.000Z")`,
    );
  });

  it('writes rows knowing different columns in one upsert, NULL filling in nothing', () => {
    const other = '0193a0c0-0000-7000-8000-0000000000a0';
    const [, , summons] = readable([
      event(1, 'SummonsAcknowledged', {
        rows: [{ table: 'summons', key: SUMMONS, fields: { acknowledgedAt: new Date(0) } }],
      }),
      event(2, 'DepartmentArrived', {
        rows: [{ table: 'summons', key: other, fields: { arrivedAt: new Date(0) } }],
      }),
    ]);
    // In key order, so concurrent transactions lock rows in one order.
    expect(summons).toContain(
      `(summons_id, arrived_at, acknowledged_at) VALUES ("${other}", "1970-01-01T00:00:00.000Z", NULL), ("${SUMMONS}", NULL, "1970-01-01T00:00:00.000Z")`,
    );
    expect(summons).toContain('arrived_at = COALESCE(summons.arrived_at, EXCLUDED.arrived_at)');
  });

  it('keeps the greatest ETA of a department on the way, folded in memory and written with GREATEST', () => {
    const eta = (n: number, minute: number): EventChanges =>
      event(n, 'DepartmentEnRouteReported', {
        rows: [
          {
            table: 'summons',
            key: SUMMONS,
            fields: {
              enRouteAt: new Date(Date.UTC(2026, 0, 1, 8, n)),
              etaAt: new Date(Date.UTC(2026, 0, 1, 8, minute)),
            },
          },
        ],
      });
    const lines = readable([eta(1, 30), eta(2, 45), eta(3, 40)]);
    const upsert = lines.find((l) => l.includes('INSERT INTO summons'))!;
    // The first departure time, the latest (greatest) ETA of the three.
    expect(upsert).toContain('"2026-01-01T08:01:00.000Z"');
    expect(upsert).toContain('"2026-01-01T08:45:00.000Z"');
    expect(upsert).not.toContain('"2026-01-01T08:40:00.000Z"');
    expect(upsert).toContain('eta_at = GREATEST(summons.eta_at, EXCLUDED.eta_at)');
    expect(upsert).toContain('en_route_at = COALESCE(summons.en_route_at, EXCLUDED.en_route_at)');
  });
});
