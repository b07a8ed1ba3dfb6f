import {
  AgreementReached,
  CaseRegistered,
  DeadlineReached,
  createEvent,
  type EventDefinition,
  type PayloadOf,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, http, waitFor, type Json, type RunningService } from '@chuishao/testing';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { DataSource } from 'typeorm';

const ROOT = path.join(__dirname, '..', '..', '..');
export const DAY_MS = 86_400_000;
export const COURT_ID = 'court-simulator';
export const COURT_SECRET = 'test-court-secret';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The court simulator as its own process, the way `npm start` runs it: built (incrementally) from
 * services/court-simulator, then spawned on a free port.
 */
export class CourtSimulator {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<CourtSimulator> {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-b', path.join(ROOT, 'services', 'court-simulator')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    const main = path.join(ROOT, 'services', 'court-simulator', 'dist', 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`the court simulator did not build: ${main} is missing`);
    const port = await freePort();
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        PORT: String(port),
        COURT_ID,
        COURT_SECRET,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const simulator = new CourtSimulator(child, `http://127.0.0.1:${port}`);
    await waitFor(
      'the court simulator to listen',
      async () => (await fetch(`${simulator.url}/health/ready`).catch(() => null))?.status === 200,
      { timeoutMs: 30000 },
    );
    return simulator;
  }

  async configure(settings: Record<string, unknown>): Promise<Json> {
    const response = await http(this.url, 'PUT', '/admin/settings', settings);
    if (response.status !== 200)
      throw new Error(`simulator settings refused: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** The filings the court holds for one of our requests. */
  async filingsOf(requestId: string): Promise<Json[]> {
    return (await http(this.url, 'GET', `/filings?reference=${requestId}`)).body.items;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** The headers a court sends with `raw`, signed with its secret (or a forger's). */
export function courtHeaders(
  raw: string,
  options: { secret?: string; courtId?: string; timestamp?: number } = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', options.secret ?? COURT_SECRET)
    .update(`${timestamp}.${raw}`)
    .digest('hex');
  return {
    'x-court-id': options.courtId ?? COURT_ID,
    'x-court-timestamp': String(timestamp),
    'x-court-signature': `sha256=${signature}`,
  };
}

/** Signs a court notice the way a court does; tests forge, age and replay them with it. */
export function signedCallback(
  body: Record<string, unknown>,
  options: { secret?: string; courtId?: string; timestamp?: number } = {},
): { raw: string; headers: Record<string, string> } {
  const raw = JSON.stringify(body);
  return { raw, headers: courtHeaders(raw, options) };
}

/** Plays mediation and sla-timer: their events, straight onto the service's topics. */
export class Script {
  readonly raw = new RawProducer(process.env.KAFKA_BROKERS!);

  constructor(private readonly service: () => RunningService) {}

  async publish<D extends EventDefinition>(
    definition: D,
    topic: string,
    caseId: string,
    payload: PayloadOf<D>,
  ) {
    const event = createEvent(definition, {
      id: uuidv7(),
      occurredAt: new Date(),
      caseId,
      correlationId: caseId,
      actor: { role: 'mediator', id: 'mediator-1' },
      payload,
    });
    await this.raw.send(this.service().topic(topic), caseId, JSON.stringify(event));
    return event;
  }

  /** Sends an event already built (a redelivery of the same id). */
  async redeliver(event: { caseId: string; topic?: string }, topic: string) {
    await this.raw.send(this.service().topic(topic), event.caseId, JSON.stringify(event));
  }

  /**
   * intake's CaseRegistered for a new case at the last center of `path` (district → town →
   * village); answers its id once the service has learned where it sits.
   */
  async registerCase(path: readonly string[]): Promise<string> {
    const caseId = uuidv7();
    await this.publish(CaseRegistered, 'cases', caseId, {
      caseNo: `SQ-${caseId.slice(-6)}`,
      center: {
        id: path.at(-1)!,
        name: path.at(-1)!,
        tier: (['district', 'town', 'village'] as const)[path.length - 1]!,
        path: [...path],
      },
      channel: 'walk_in',
      disputeType: 'neighbour',
      summary: 'Two neighbours dispute a wall between their yards.',
      headcount: 2,
      urgency: 'normal',
      parties: [
        { partyId: uuidv7(), role: 'applicant', name: '王某', idNumberMasked: null, phoneMasked: null },
      ],
      registeredAt: new Date().toISOString(),
    });
    const database = this.service().app.get(DataSource);
    await waitFor(
      'the service to learn where the case sits',
      async () =>
        (await database.query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId])).length === 1,
    );
    return caseId;
  }

  async agreement(
    options: {
      parties?: string[];
      categories?: PayloadOf<typeof AgreementReached>['matters'][number]['category'][];
      terms?: string;
      effectiveAt?: Date;
      performanceDeadline?: Date | null;
      caseId?: string;
    } = {},
  ) {
    const caseId = options.caseId ?? uuidv7();
    const agreementId = uuidv7();
    const parties = options.parties ?? ['王某', '李某'];
    const event = await this.publish(AgreementReached, 'mediation', caseId, {
      agreementId,
      mediationId: uuidv7(),
      parties,
      mediatorId: 'mediator-1',
      matters: (options.categories ?? ['compensation']).map((category) => ({
        category,
        description: `${category} in dispute`,
      })),
      terms: options.terms ?? '李某 pays 王某 8000 yuan for medical costs within 10 days',
      amount: 8000,
      performanceDeadline: options.performanceDeadline?.toISOString() ?? null,
      effectiveAt: (options.effectiveAt ?? new Date()).toISOString(),
    });
    return { caseId, agreementId, parties, event };
  }

  deadlineReached(
    caseId: string,
    payload: Omit<PayloadOf<typeof DeadlineReached>, 'firedAt' | 'context'> & {
      context?: Record<string, unknown>;
    },
  ) {
    return this.publish(DeadlineReached, 'sla', caseId, {
      ...payload,
      firedAt: new Date().toISOString(),
      context: payload.context ?? {},
    });
  }

  stop() {
    return this.raw.stop();
  }
}
