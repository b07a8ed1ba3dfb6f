import { Client } from 'pg';

export interface DbWait {
  /** `state | wait event | statement` of a database session, the statement cut short. */
  what: string;
  /** How many sessions were in that state on average while sampled. */
  sessions: number;
}

/**
 * Samples what the bench database's sessions are doing (pg_stat_activity) every `intervalMs`
 * while a run goes on: a system that waits more than it computes shows where it waits — on a
 * lock, on the WAL, or idle in a transaction while the service does something else.
 */
export class DbWaitSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private running = false;
  private loop: Promise<void> | null = null;
  private db: Client | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly intervalMs = 50,
  ) {}

  async start(): Promise<void> {
    this.db = new Client({ connectionString: this.databaseUrl });
    await this.db.connect();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.db?.end();
  }

  /** The most frequent states, as average sessions in each. */
  top(count: number): DbWait[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([what, n]) => ({ what, sessions: Math.round((n / Math.max(1, this.samples)) * 100) / 100 }));
  }

  private async run(): Promise<void> {
    while (this.running && this.db) {
      const { rows } = await this.db.query<{ state: string; wait: string; query: string }>(
        `SELECT state, coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS query
         FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND state IN ('active', 'idle in transaction')`,
      );
      this.samples += 1;
      for (const row of rows) {
        // Schema names differ per run: keep the statement's shape only.
        const query = row.query.replace(/"?bench_[0-9a-f]{8}_[a-z_]+"?\./g, '');
        const key = `${row.state} | ${row.wait} | ${query}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }
}
