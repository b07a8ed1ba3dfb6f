/**
 * What dispatch's integration suites share: the departments the stand-in directory serves, the
 * stand-in itself (the e2e suite runs the real department service), dispatch booted against it, and
 * the events that make a case known to dispatch.
 * Each suite keeps what is its own (its callers, its case details, how its directory misbehaves)
 * and passes it in.
 */
import {
  CaseClosed,
  CaseRegistered,
  createEvent,
  type Actor,
  type EventDefinition,
  type EventOf,
  type PayloadOf,
} from '@chuishao/contracts';
import { AuthError, TokenVerifier, loadAuthConfig, type Principal } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import { http, startService, whenHandled, type RawProducer, type RunningService } from '@chuishao/testing';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AppModule, DISPATCH_DESCRIPTION } from '../../src/app.module';
import type { DispatchSettings } from '../../src/application/dispatch-settings';

/** A department as the department service's GET /departments lists it. */
export interface DirectoryEntry {
  id: string;
  kind: string;
  name: string;
  centerIds: string[];
}

/** The district's traffic police: the road-traffic routing rule summons it on top of the town's departments. */
export const GANZHOU_TRAFFIC_POLICE: DirectoryEntry = {
  id: 'ganzhou-traffic-police',
  kind: 'traffic_police',
  name: 'Ganzhou traffic police brigade',
  centerIds: ['ganzhou-district'],
};

/** The departments serving Shangqin town (and so Anlizha village, where every test case is registered). */
export const SHANGQIN_TOWN_DEPARTMENTS: readonly DirectoryEntry[] = [
  {
    id: 'shangqin-judicial-office',
    kind: 'judicial_office',
    name: 'Shangqin judicial office',
    centerIds: ['shangqin-town'],
  },
  {
    id: 'shangqin-town-government',
    kind: 'town_government',
    name: 'Shangqin town government',
    centerIds: ['shangqin-town'],
  },
  {
    id: 'shangqin-police-station',
    kind: 'police_station',
    name: 'Shangqin police station',
    centerIds: ['shangqin-town'],
  },
];

/** How a suite's stand-in behaves, so where suites' directories differ it shows at the call. */
export interface DirectoryStandInOptions {
  /** The departments it lists, asked on every request: a suite may change them between calls. */
  departments: () => readonly DirectoryEntry[];
  /**
   * How it refuses a request without a valid token: `bare-401` sends only the status; `error-body`
   * also sends the real department service's error body (its code and message).
   */
  refusesBadTokenWith: 'bare-401' | 'error-body';
  /** Told of each caller whose token it verified, before it answers. */
  onCaller?: (principal: Principal) => void;
  /** While true, it refuses even a valid token (401 TOKEN_INVALID), as a service with other keys would. */
  refusesEveryToken?: () => boolean;
  /** While false, it answers a verified caller 503, as a department service that is down would. */
  isUp?: () => boolean;
}

/** A running stand-in: the URL dispatch is told to use, and how to stop it. */
export interface DirectoryStandIn {
  url: string;
  close: () => void;
}

/** Stands in for the department service's GET /departments, answering only a valid bearer token as the real one does. */
export async function startDirectoryStandIn(options: DirectoryStandInOptions): Promise<DirectoryStandIn> {
  const verifier = new TokenVerifier(loadAuthConfig());
  const json = (res: ServerResponse, status: number, body: unknown) =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    verifier.verify(req.headers.authorization).then(
      (principal) => {
        options.onCaller?.(principal);
        if (options.refusesEveryToken?.())
          return json(res, 401, { statusCode: 401, code: 'TOKEN_INVALID', message: 'invalid signature' });
        if (options.isUp?.() === false) return void res.writeHead(503).end();
        json(res, 200, { items: options.departments() });
      },
      (error: unknown) => {
        if (options.refusesBadTokenWith === 'bare-401') return void res.writeHead(401).end();
        json(res, 401, {
          statusCode: 401,
          code: error instanceof AuthError ? error.code : 'TOKEN_INVALID',
          message: error instanceof Error ? error.message : String(error),
        });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

/** Boots dispatch reading its departments from the stand-in, so every suite starts it the same way. */
export function startDispatch(
  directory: DirectoryStandIn,
  options: { settings?: Partial<DispatchSettings>; env?: Record<string, string> } = {},
): Promise<RunningService> {
  return startService(
    'dispatch',
    (config) =>
      AppModule.forRoot(config, {
        settings: { departmentServiceUrl: directory.url, ...options.settings },
      }),
    DISPATCH_DESCRIPTION,
    { env: options.env },
  );
}

/**
 * Dispatch reading Shangqin town's departments (what most suites whistle to) from a stand-in that
 * answers only a valid token; the suite closes both.
 */
export async function startTownDispatch(
  options: Parameters<typeof startDispatch>[1] = {},
): Promise<{ dispatch: RunningService; directory: DirectoryStandIn }> {
  const directory = await startDirectoryStandIn({
    departments: () => SHANGQIN_TOWN_DEPARTMENTS,
    refusesBadTokenWith: 'bare-401',
  });
  try {
    return { directory, dispatch: await startDispatch(directory, options) };
  } catch (error) {
    directory.close();
    throw error;
  }
}

/** Puts an event on the topic its contract names, enveloped and keyed by case as its producer would. */
export async function publishEvent<D extends EventDefinition>(
  dispatch: RunningService,
  raw: RawProducer,
  definition: D,
  event: { caseId: string; actor: Actor; payload: PayloadOf<D>; id?: string },
): Promise<EventOf<D>> {
  const envelope = createEvent(definition, {
    id: event.id ?? uuidv7(),
    occurredAt: new Date(),
    caseId: event.caseId,
    correlationId: event.caseId,
    actor: event.actor,
    payload: event.payload,
  });
  await raw.send(dispatch.topic(definition.topic), event.caseId, JSON.stringify(envelope));
  return envelope;
}

/** The window clerk who registers (and closes) cases, as intake's events name them. */
export const CLERK: Actor = { role: 'clerk', id: 'clerk-1' };

type CaseRegisteredPayload = PayloadOf<typeof CaseRegistered>;

/** What a suite says about the case it registers (unless told: a 2-person neighbour quarrel of normal urgency). */
export interface CaseToRegister extends Partial<
  Pick<CaseRegisteredPayload, 'disputeType' | 'summary' | 'headcount' | 'urgency'>
> {
  /** The case number is this prefix and the last six characters of the case id. */
  caseNoPrefix: string;
  /** The caller whose read of the case's whistles shows that dispatch knows the case. */
  readAs: Record<string, string>;
  /** Who the event names as having registered it (the clerk unless told). */
  registeredBy?: Actor;
  /** Where it was registered (Anlizha village unless told). */
  center?: CaseRegisteredPayload['center'];
}

/** Registers a new case at Anlizha village and waits until dispatch knows it: dispatch whistles only known cases. */
export async function registerCase(
  dispatch: RunningService,
  raw: RawProducer,
  details: CaseToRegister,
): Promise<string> {
  const caseId = uuidv7();
  const registered = await publishEvent(dispatch, raw, CaseRegistered, {
    caseId,
    actor: details.registeredBy ?? CLERK,
    payload: {
      caseNo: `${details.caseNoPrefix}${caseId.slice(-6)}`,
      center: details.center ?? {
        id: 'anlizha-village',
        name: 'Anlizha',
        tier: 'village',
        path: ['ganzhou-district', 'shangqin-town', 'anlizha-village'],
      },
      channel: 'petition',
      disputeType: details.disputeType ?? 'neighbour',
      summary: details.summary ?? 'a boundary quarrel',
      headcount: details.headcount ?? 2,
      urgency: details.urgency ?? 'normal',
      parties: [
        { partyId: uuidv7(), role: 'applicant', name: '王某', idNumberMasked: null, phoneMasked: null },
      ],
      registeredAt: new Date().toISOString(),
    },
  });
  await whenHandled(dispatch, registered.id);
  const known = await http(dispatch.baseUrl, 'GET', `/cases/${caseId}/whistles`, undefined, details.readAs);
  expect(known.status).toBe(200);
  return caseId;
}

/** Publishes a CaseClosed (withdrawn) and waits until dispatch reads the case closed: it whistles no closed case. */
export async function closeCase(
  dispatch: RunningService,
  raw: RawProducer,
  caseId: string,
  { readAs, closedBy }: { readAs: Record<string, string>; closedBy: Actor },
): Promise<void> {
  const closed = await publishEvent(dispatch, raw, CaseClosed, {
    caseId,
    actor: closedBy,
    payload: { reason: 'withdrawn', closedAt: new Date().toISOString() },
  });
  await whenHandled(dispatch, closed.id);
  const read = await http(dispatch.baseUrl, 'GET', `/cases/${caseId}/whistles`, undefined, readAs);
  expect(read.body.case.closed).toBe(true);
}

/** What a refused request must leave as it was: row counts, and digests of the rows a request can rewrite. */
export async function writableState(
  dispatch: RunningService,
  /** Also count dispatch's copy of the cases, which only events (never requests) write. */
  { countKnownCases }: { countKnownCases: boolean },
): Promise<Record<string, number | string>> {
  const knownCases = countKnownCases ? '(SELECT count(*)::int FROM known_cases) AS known_cases,' : '';
  const [row] = await dispatch.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM whistles) AS whistles,
             (SELECT count(*)::int FROM whistle_summons) AS summons,
             ${knownCases}
             (SELECT count(*)::int FROM routing_rules) AS routing_rules,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT count(*)::int FROM audit_log) AS audit_log,
             (SELECT md5(coalesce(string_agg(dispute_type || ':' || array_to_string(department_kinds, ',') || ':' ||
                     updated_at::text, '|' ORDER BY dispute_type), '')) FROM routing_rules) AS routing_rules_digest,
             (SELECT md5(coalesce(string_agg(id::text || ':' || status, '|' ORDER BY id), ''))
                FROM whistle_summons) AS summons_digest`);
  return row as Record<string, number | string>;
}
