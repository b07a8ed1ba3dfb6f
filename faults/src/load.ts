import { CLERK, OPERATOR, Recorder, call, is2xx, liaison } from './client';

/** What the load did to one case; reconciliation checks the services against it. */
export interface CaseRun {
  n: number;
  marker: string;
  /** One stable key per logical action: retries after a fault reuse it, so they can have no second effect. */
  keys: { create: string; whistle: string };
  /** Every second case (by default) leaves its last summons without an arrival, so the SLA breaches and escalates. */
  leaveLastSummons: boolean;
  caseId?: string;
  whistleId?: string;
  summons: { id: string; departmentId: string; acknowledged: boolean; arrived: boolean; skip: boolean }[];
  nextAt: number;
  /** Steps in a row that could not progress: the retry interval grows with them. */
  stalls: number;
  busy: boolean;
}

export interface LoadTargets {
  intake: string;
  dispatch: string;
  department: string;
}

const CASE_BODY = (marker: string) => ({
  centerId: 'anlizha-village',
  channel: 'petition',
  disputeType: 'road_traffic',
  summary: `Road accident compensation petition (${marker})`,
  headcount: 3,
  urgency: 'urgent',
  parties: [{ role: 'applicant', name: '王某', idNumber: '620702196805051234', phone: '13909361234' }],
});

/**
 * A steady load of cases, whistles, acknowledgements and arrivals from a small pool of clients.
 * Each case is a little state machine; a worker takes the next case whose step is due, so a
 * stalled step (dispatch does not know the case yet, a service is down) never stops the others.
 */
export class Load {
  readonly recorder = new Recorder();
  readonly cases: CaseRun[] = [];
  private creating = false;
  private running = false;
  private workers: Promise<void>[] = [];
  private lastCreatedAt = 0;

  constructor(
    private readonly name: string,
    private readonly urls: LoadTargets,
    private readonly options: {
      concurrency: number;
      caseIntervalMs: number;
      maxCases: number;
      /** Leave the last summons of every case unattended (breach and escalations); default true. */
      leaveLastSummonsOfOddCases?: boolean;
    },
  ) {}

  start(): void {
    this.creating = true;
    this.running = true;
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work());
  }

  /** Stops creating cases; the ones under way carry on until settled. */
  stopCreating(): void {
    this.creating = false;
  }

  /** Every case has all its steps done. */
  settled(): boolean {
    return !this.creating && this.cases.every((c) => this.done(c));
  }

  pending(): CaseRun[] {
    return this.cases.filter((c) => !this.done(c));
  }

  async stop(): Promise<void> {
    this.creating = false;
    this.running = false;
    await Promise.all(this.workers);
  }

  private done(c: CaseRun): boolean {
    return (
      c.caseId !== undefined &&
      c.whistleId !== undefined &&
      c.summons.every((s) => s.skip || (s.acknowledged && s.arrived))
    );
  }

  private async work(): Promise<void> {
    while (this.running) {
      const now = Date.now();
      const due = this.cases.find((c) => !c.busy && c.nextAt <= now && !this.done(c));
      if (due) {
        due.busy = true;
        try {
          const progressed = await this.step(due);
          // Back off a step that could not progress (the service is down or does not know yet),
          // as a client honouring Retry-After would, without hammering a recovering service.
          due.stalls = progressed ? 0 : due.stalls + 1;
          due.nextAt = Date.now() + (progressed ? 0 : Math.min(250 * 2 ** due.stalls, 3000));
        } finally {
          due.busy = false;
        }
        continue;
      }
      if (
        this.creating &&
        this.cases.length < this.options.maxCases &&
        now - this.lastCreatedAt >= this.options.caseIntervalMs
      ) {
        this.lastCreatedAt = now;
        this.newCase(now);
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private newCase(now: number): CaseRun {
    const n = this.cases.length;
    const marker = `${this.name}-${n}-${Math.random().toString(36).slice(2, 8)}`;
    const run: CaseRun = {
      n,
      marker,
      keys: { create: `${marker}-create`, whistle: `${marker}-whistle` },
      leaveLastSummons: (this.options.leaveLastSummonsOfOddCases ?? true) && n % 2 === 1,
      summons: [],
      nextAt: now,
      stalls: 0,
      busy: false,
    };
    this.cases.push(run);
    return run;
  }

  /**
   * Registers cases at once, outside the workers (which may all be waiting on a frozen service);
   * the workers carry them on from there. Resolves when intake has answered each.
   */
  async registerNow(count: number): Promise<void> {
    const runs = Array.from({ length: count }, () => this.newCase(Date.now()));
    await Promise.all(
      runs.map(async (c) => {
        c.busy = true;
        try {
          await this.step(c);
        } finally {
          c.busy = false;
        }
      }),
    );
  }

  /** One step of a case; true when it moved forward. */
  private async step(c: CaseRun): Promise<boolean> {
    const r = this.recorder;
    if (!c.caseId) {
      const e = await call(r, 'create case', `${this.urls.intake}/cases`, {
        method: 'POST',
        caller: CLERK,
        body: CASE_BODY(c.marker),
        idempotencyKey: c.keys.create,
      });
      if (!is2xx(e)) return false;
      c.caseId = (e.body as { id: string }).id;
      return true;
    }
    if (!c.whistleId) {
      const e = await call(r, 'blow whistle', `${this.urls.dispatch}/cases/${c.caseId}/whistles`, {
        method: 'POST',
        caller: OPERATOR,
        body: {},
        idempotencyKey: c.keys.whistle,
      });
      if (!is2xx(e)) return false;
      const whistle = e.body as { id: string; summons: { id: string; departmentId: string }[] };
      c.whistleId = whistle.id;
      c.summons = whistle.summons.map((s, i) => ({
        id: s.id,
        departmentId: s.departmentId,
        acknowledged: false,
        arrived: false,
        skip: c.leaveLastSummons && i === whistle.summons.length - 1,
      }));
      return true;
    }
    const s = c.summons.find((x) => !x.skip && !(x.acknowledged && x.arrived))!;
    const action = s.acknowledged ? 'arrive' : 'acknowledge';
    const e = await call(r, action, `${this.urls.department}/summons/${s.id}/${action}`, {
      method: 'POST',
      caller: liaison(s.departmentId),
      body: action === 'arrive' ? { note: 'on site' } : undefined,
      idempotencyKey: `${c.marker}-${s.id}-${action}`,
    });
    if (!is2xx(e)) return false;
    if (action === 'arrive') s.arrived = true;
    else s.acknowledged = true;
    return true;
  }
}
