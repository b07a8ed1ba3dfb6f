/**
 * `npm run demo`: replays SPEC's reference case against the running system (`npm start`), with a
 * 20-second arrival deadline so the SLA story shows in a minute: two departments arrive at once,
 * the town government only after its deadline (breach, level-1 escalation), then mediation in two
 * sessions, the agreement, judicial confirmation through the court simulator, and the case closed.
 * Prints each step and, at the end, the case's timeline from intake. The console shows it live.
 */
import { issueDevelopmentToken, loadAuthConfig, type PersonRole } from '@chuishao/auth';
import { resolveServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const urls = Object.fromEntries(resolveServices().map((s) => [s.name, s.url])) as Record<string, string>;
// Runs against `npm start`, which is development (CHUISHAO_DEV=1, the built-in secret).
const auth = loadAuthConfig({ CHUISHAO_DEV: '1', ...process.env });

function token(role: PersonRole, subject: string, extra: { departmentId?: string; centerId?: string } = {}) {
  if (auth.mode !== 'hs256')
    throw new Error('the demo mints development tokens: it needs the shared-secret auth of `npm start`');
  return `Bearer ${issueDevelopmentToken({ role, subject, secret: auth.secret, ...extra })}`;
}

const as = {
  clerk: token('clerk', 'clerk-anlizha-1', { centerId: 'anlizha-village' }),
  operator: token('operator', 'operator-ganzhou-1', { centerId: 'ganzhou-district' }),
  mediator: token('mediator', 'mediator-zhang'),
  supervisor: token('supervisor', 'supervisor-ganzhou-1'),
  liaison: (departmentId: string) => token('liaison', `liaison-${departmentId}`, { departmentId }),
};

async function call(
  service: string,
  method: string,
  path: string,
  authorization: string,
  body?: unknown,
): Promise<Json> {
  const response = await fetch(`${urls[service]}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as Json) : {};
  if (!response.ok) throw new Error(`${method} ${service}${path} answered ${response.status}: ${text}`);
  return parsed;
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const say = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${line}\n`);

async function main(): Promise<void> {
  for (const [name, url] of Object.entries(urls)) {
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready)
      throw new Error(`${name} is not running at ${url}: start the system with \`npm start\` first`);
  }
  const parties = [
    { role: 'applicant', name: '王某', idNumber: '62070219680505123X', phone: '13909361234' },
    { role: 'respondent', name: '赵某', idNumber: '620702199002021110', phone: '13519361111' },
  ];
  const registered = await call('intake', 'POST', '/cases', as.clerk, {
    centerId: 'anlizha-village',
    channel: 'petition',
    disputeType: 'road_traffic',
    summary:
      'A villager petitions after his daughter died in a road accident; the family asks for compensation.',
    headcount: 5,
    urgency: 'urgent',
    parties,
  });
  say(`case ${registered.caseNo} registered at Anlizha village (${registered.id})`);
  // 小事不出村、大事不出镇: a death on the road is beyond the village window; it goes to the town.
  const referred = await call('intake', 'POST', `/cases/${registered.id}/referrals`, as.clerk, {
    toCenterId: 'shangqin-town',
    reason: 'A death on the road: beyond the village, referred to the town center',
  });
  say(`case referred up to ${referred.centerId}`);
  await until('dispatch to learn of the case', () =>
    call('dispatch', 'GET', `/cases/${registered.id}/whistles`, as.operator).then(() => true),
  );
  const whistle = await call('dispatch', 'POST', `/cases/${registered.id}/whistles`, as.operator, {
    reason: 'Family petition at the town center',
    arrivalWithinSeconds: 20,
  });
  say(
    `whistle blown: ${whistle.summons.map((s: Json) => s.departmentId).join(', ')}; on site by ${whistle.arrivalDeadline}`,
  );
  const [early1, early2, late] = whistle.summons as Json[];
  for (const s of [early1, early2, late]) {
    await until(`${s.departmentId}'s summons`, () =>
      call('department', 'GET', `/departments/${s.departmentId}/summons`, as.liaison(s.departmentId)).then(
        (b) => b.items?.some((x: Json) => x.id === s.id),
      ),
    );
    await call('department', 'POST', `/summons/${s.id}/acknowledge`, as.liaison(s.departmentId), {});
    say(`${s.departmentId} acknowledged`);
  }
  for (const s of [early1, early2]) {
    await call('department', 'POST', `/summons/${s.id}/arrive`, as.liaison(s.departmentId), {
      note: 'on site',
    });
    say(`${s.departmentId} on site`);
  }
  say(`waiting for ${late.departmentId} to miss its deadline…`);
  const breach = await until('the breach', () =>
    call('sla-timer', 'GET', '/breaches?open=true', as.supervisor).then((b) =>
      b.items?.find((x: Json) => x.summonsId === late.id && x.escalations.length > 0),
    ),
  );
  say(
    `BREACH: ${late.departmentId} missed ${breach.arrivalDeadline}; escalated to ${breach.escalations[0].target.id}`,
  );
  await call('sla-timer', 'POST', `/escalations/${breach.escalations[0].id}/acknowledge`, as.supervisor, {
    note: 'called the town head',
  });
  say('a supervisor took the escalation in charge');
  await call('department', 'POST', `/summons/${late.id}/arrive`, as.liaison(late.departmentId), {
    note: 'late',
  });
  say(`${late.departmentId} on site, late`);

  const mediation = await until('mediation to open', () =>
    call('mediation', 'GET', `/cases/${registered.id}/mediations`, as.mediator).then((b) => b.items?.[0]),
  );
  say(`mediation opened (${mediation.id})`);
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const names = parties.map((p) => p.name);
  await call('mediation', 'POST', `/mediations/${mediation.id}/sessions`, as.mediator, {
    startedAt: ago(50),
    endedAt: ago(35),
    participants: names,
    level: '情',
    notes: 'listened to the family',
  });
  await call('mediation', 'POST', `/mediations/${mediation.id}/sessions`, as.mediator, {
    startedAt: ago(30),
    endedAt: ago(5),
    participants: names,
    level: '法',
    notes: 'the judicial office explained the law',
  });
  say('two mediation sessions recorded (情, 法)');
  const signedAt = ago(1);
  const agreement = await call('mediation', 'POST', `/mediations/${mediation.id}/agreement`, as.mediator, {
    facts: 'A road accident on the county road; the applicant’s daughter died.',
    mattersInDispute: [{ category: 'compensation', description: 'compensation for the death' }],
    responsibilities: [{ party: '赵某', responsibility: 'the driver bears the main responsibility' }],
    terms: 'The driver pays 520,000 yuan within 7 days.',
    amount: 520000,
    performance: { manner: 'bank transfer', deadline: new Date(Date.now() + 7 * 86400_000).toISOString() },
    partySignatures: names.map((party) => ({ party, signedAt })),
    mediatorSignature: { mediator: 'mediator-zhang', signedAt },
  });
  say(`agreement signed (${agreement.id})`);
  await until('judicial-confirmation to learn of the agreement', () =>
    call('judicial-confirmation', 'GET', `/agreements/${agreement.id}/confirmation`, as.mediator).then(
      () => true,
    ),
  );
  await call(
    'judicial-confirmation',
    'POST',
    `/agreements/${agreement.id}/confirmation-requests`,
    as.mediator,
    {
      consentingParties: names,
    },
  );
  say('judicial confirmation applied for; waiting for the court…');
  const closed = await until('the case to close', () =>
    call('intake', 'GET', `/cases/${registered.id}`, as.operator).then((c) => c.status === 'closed' && c),
  );
  say(`case closed: ${closed.closeReason}`);
  // The follow-up with the parties (回访, issue #19 item 2), taken on the phone by the operator.
  await call('intake', 'POST', `/cases/${registered.id}/follow-up`, as.operator, {
    answer: 'basically_satisfied',
    resolved: true,
    comment: 'The family received the compensation',
  });
  say('follow-up recorded: basically satisfied, resolved');

  const trail = await call('intake', 'GET', `/cases/${registered.id}/audit`, as.supervisor);
  process.stdout.write(`\nTimeline of ${registered.caseNo}:\n`);
  for (const entry of trail.items as Json[])
    process.stdout.write(
      `  ${String(entry.occurredAt).slice(11, 19)}  ${entry.type.padEnd(26)} ${entry.summary}\n`,
    );
  if (urls['ops-console'])
    process.stdout.write(`\nSee it on the console: ${urls['ops-console']}/cases/${registered.id}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
