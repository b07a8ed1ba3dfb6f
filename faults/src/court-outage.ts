import { call, is2xx, type Caller } from './client';
import { Load } from './load';
import { drained } from './reconcile';
import { reconcileContext, type ScenarioRow, type SuiteContext } from './scenario';
import type { Scenario } from './scenarios';
import { waitUntil } from './system';
import { readTopics } from './topics';

const MEDIATOR: Caller = { role: 'mediator', subject: 'faults-mediator' };
const NAME = 'court simulator down, then back';

/**
 * Cases go the whole way to a signed agreement; the court simulator is killed, the parties apply
 * for judicial confirmation while it is down (accepted: the filing waits in
 * judicial-confirmation's queue), it comes back a while later (empty: it keeps filings in memory)
 * and every application is filed once and confirmed once.
 */
export const courtOutage: Scenario = {
  name: NAME,
  run: async (ctx: SuiteContext): Promise<ScenarioRow> => {
    const { urls } = ctx.system;
    const problems: string[] = [];
    const load = new Load('court', urls, {
      concurrency: 4,
      caseIntervalMs: 200,
      maxCases: 4,
      leaveLastSummonsOfOddCases: false,
    });
    const r = load.recorder;
    load.start();
    await waitUntil('the four cases to be registered', async () => load.cases.length === 4, 60_000, 200);
    load.stopCreating(); // settled() is only true once creating has stopped
    await waitUntil('the cases to have every department on site', async () => load.settled(), 120_000, 300);
    await load.stop();

    // Each completed whistle opened a mediation; mediate it to a signed agreement.
    const agreements: string[] = [];
    for (const c of load.cases) {
      const mediationId = await waitUntil(
        `the mediation of case ${c.caseId}`,
        async () => {
          const e = await call(null, 'read mediations', `${urls.mediation}/cases/${c.caseId}/mediations`, {
            caller: MEDIATOR,
          });
          return is2xx(e) && ((e.body as { items: { id: string }[] }).items[0]?.id ?? false);
        },
        60_000,
        300,
      );
      const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
      await waitUntil(
        'the session to be recorded',
        async () =>
          is2xx(
            await call(r, 'record session', `${urls.mediation}/mediations/${mediationId}/sessions`, {
              method: 'POST',
              caller: MEDIATOR,
              body: {
                startedAt: at(60),
                endedAt: at(30),
                participants: ['王某'],
                level: 'law',
                notes: 'on site',
              },
              idempotencyKey: `${c.marker}-session`,
            }),
          ),
        30_000,
        300,
      );
      const agreementId = await waitUntil(
        'the agreement to be signed',
        async () => {
          const signedAt = at(1);
          const e = await call(r, 'sign agreement', `${urls.mediation}/mediations/${mediationId}/agreement`, {
            method: 'POST',
            caller: MEDIATOR,
            body: {
              facts: 'A road accident on the county road.',
              mattersInDispute: [{ category: 'compensation', description: 'compensation for the death' }],
              responsibilities: [{ party: '王某', responsibility: 'none' }],
              terms: 'The driver pays 520,000 yuan within 7 days.',
              amount: 520000,
              performance: {
                manner: 'bank transfer',
                deadline: new Date(Date.now() + 7 * 86400_000).toISOString(),
              },
              partySignatures: [{ party: '王某', signedAt }],
              mediatorSignature: { mediator: MEDIATOR.subject, signedAt },
            },
            idempotencyKey: `${c.marker}-agreement`,
          });
          return is2xx(e) && (e.body as { id: string }).id;
        },
        30_000,
        500,
      );
      await waitUntil(
        'judicial-confirmation to learn of the agreement',
        async () =>
          (
            await call(
              null,
              'read window',
              `${urls['judicial-confirmation']}/agreements/${agreementId}/confirmation`,
              { caller: MEDIATOR },
            )
          ).status === 200,
        60_000,
        300,
      );
      agreements.push(agreementId);
    }

    // The court goes down; the parties apply meanwhile.
    const outageSeconds = Number(process.env.FAULTS_COURT_OUTAGE_SECONDS ?? 20);
    const from = Date.now();
    await ctx.system.kill('court-simulator');
    const requests: string[] = [];
    for (const agreementId of agreements) {
      const e = await call(
        r,
        'apply for confirmation',
        `${urls['judicial-confirmation']}/agreements/${agreementId}/confirmation-requests`,
        {
          method: 'POST',
          caller: MEDIATOR,
          body: { consentingParties: ['王某'] },
          idempotencyKey: `apply-${agreementId}`,
        },
      );
      if (is2xx(e)) requests.push((e.body as { requestId: string }).requestId);
      else problems.push(`application for ${agreementId} refused while the court was down: ${e.status}`);
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, from + outageSeconds * 1000 - Date.now())),
    );
    await ctx.system.restart('court-simulator');
    const to = Date.now();
    ctx.log(`  court back after ${((to - from) / 1000).toFixed(0)} s`);

    let recoverySeconds = -1;
    const statusOf = async (id: string) =>
      (
        (
          await call(null, 'read request', `${urls['judicial-confirmation']}/confirmation-requests/${id}`, {
            caller: MEDIATOR,
          })
        ).body as { status?: string }
      )?.status;
    await waitUntil(
      'every application to be confirmed',
      async () => (await Promise.all(requests.map(statusOf))).every((s) => s === 'confirmed'),
      120_000,
      500,
    )
      .then(async () => {
        recoverySeconds = (Date.now() - to) / 1000;
        await waitUntil(
          'the system to drain',
          async () => (await drained(reconcileContext(ctx))) === true,
          60_000,
          500,
        );
      })
      .catch((error: unknown) => problems.push(`did not recover: ${String(error).slice(0, 300)}`));

    // Filed once each at the court; one ConfirmationGranted each.
    const lost: string[] = [];
    const duplicates: string[] = [];
    const events = (await readTopics(ctx.infra.brokers, [ctx.system.topic('judicial')])).flatMap((m) => {
      // The topic also holds the poison messages of the poison scenario.
      try {
        return [JSON.parse(m.value) as { id: string; type: string; payload: { requestId?: string } }];
      } catch {
        return [];
      }
    });
    for (const requestId of requests) {
      const filings = await call(
        null,
        'court filings',
        `${urls['court-simulator']}/filings?reference=${requestId}`,
      );
      const body = filings.body as { items?: unknown[] } | unknown[];
      const n = Array.isArray(body) ? body.length : (body.items?.length ?? 0);
      if (n === 0) lost.push(`request ${requestId} never filed with the court`);
      if (n > 1) duplicates.push(`request ${requestId} filed ${n} times`);
      const granted = new Set(
        events
          .filter((e) => e.type === 'ConfirmationGranted' && e.payload.requestId === requestId)
          .map((e) => e.id),
      );
      if (granted.size === 0) lost.push(`request ${requestId}: no ConfirmationGranted`);
      if (granted.size > 1)
        duplicates.push(`request ${requestId}: ConfirmationGranted ${granted.size} times`);
    }
    const serverErrors = r.serverErrors();
    if (serverErrors.length > 0)
      problems.push(
        `${serverErrors.length} answers were 5xx other than 503 (${serverErrors[0].op} → ${serverErrors[0].status})`,
      );
    problems.push(...lost.map((l) => `lost: ${l}`), ...duplicates.map((d) => `duplicate: ${d}`));
    return {
      name: NAME,
      sent: r.sent,
      accepted: r.accepted,
      refused: r.refused,
      lost: lost.length,
      duplicates: duplicates.length,
      recoverySeconds: Math.round(recoverySeconds * 10) / 10,
      problems,
    };
  },
};
