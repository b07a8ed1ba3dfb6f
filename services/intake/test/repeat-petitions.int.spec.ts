import { FixedClock, uuidv7 } from '@chuishao/kernel';
import { TopicObserver, as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

/**
 * Repeat petitions (重复来访, issue #19 item 5) on real PostgreSQL and Kafka: the earlier cases a
 * clerk is shown (same party by keyed hash at any time, same center and dispute type within 30
 * days), scope, linking with its answers and CasesLinked, and the links shown both ways. The
 * clock starts at a random day far from the other suites' cases, so a rerun meets none of them.
 */
const DAY_S = 24 * 60 * 60;
const clock = new FixedClock(
  new Date(Date.UTC(2040, 0, 1) + Math.floor(Math.random() * 20000) * DAY_S * 1000),
);

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
const identity = { idNumber: `620702${digits(11)}X`, phone: `139${digits(8)}` };

const clerkAt = (centerId: string) => as({ role: 'clerk', subject: `clerk-${centerId}`, centerId });
const clerk = clerkAt('anlizha-village');
const districtOperator = as({ role: 'operator', subject: 'op-district', centerId: 'ganzhou-district' });

function registration(centerId: string, disputeType: string, party: Record<string, string>) {
  return {
    centerId,
    channel: 'walk_in',
    disputeType,
    summary: 'A dispute over a road accident.',
    headcount: 1,
    urgency: 'normal',
    parties: [{ role: 'applicant', name: '王某', ...party }],
  };
}

describe('repeat petitions (real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  let observer: TopicObserver;
  const ids: Record<'first' | 'samePlace' | 'otherVillage' | 'repeat', string> = {
    first: '',
    samePlace: '',
    otherVillage: '',
    repeat: '',
  };

  async function register(body: unknown, headers: Record<string, string>, afterDays: number) {
    clock.advanceSeconds(afterDays * DAY_S);
    const answer = await http(intake.baseUrl, 'POST', '/cases', body, headers);
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  }
  const similar = async (id: string, headers = clerk) =>
    http(intake.baseUrl, 'GET', `/cases/${id}/similar`, undefined, headers);
  const link = (id: string, body: unknown, key = `link-${uuidv7()}`, headers = clerk) =>
    http(intake.baseUrl, 'POST', `/cases/${id}/links`, body, { ...headers, 'idempotency-key': key });

  beforeAll(async () => {
    intake = await startService(
      'intake',
      (config) => AppModule.forRoot(config, { clock }),
      INTAKE_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [intake.topic('cases')]).start();
    // day 0: the first petition; day 5: another road accident at the same village, another person;
    // day 20: the same person (by ID number) at a village of another town; day 40: the same
    // person again, the ID number and the phone typed differently.
    ids.first = await register(registration('anlizha-village', 'road_traffic', identity), clerk, 0);
    ids.samePlace = await register(
      registration('anlizha-village', 'road_traffic', { phone: `138${digits(8)}` }),
      clerk,
      5,
    );
    ids.otherVillage = await register(
      registration('qinggeng-village', 'labour', { idNumber: identity.idNumber }),
      clerkAt('qinggeng-village'),
      15,
    );
    ids.repeat = await register(
      registration('anlizha-village', 'road_traffic', {
        idNumber: identity.idNumber.toLowerCase(),
        phone: ` ${identity.phone.slice(0, 3)} ${identity.phone.slice(3)}`,
      }),
      clerk,
      20,
    );
  });

  afterAll(async () => {
    await observer?.stop();
    await intake?.close();
  });

  it('shows the same center and dispute type within 30 days, parties masked', async () => {
    const { status, body } = await similar(ids.samePlace);
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({ id: ids.first, matchedBy: ['same_place_and_type'], linked: false }),
    ]);
    expect(JSON.stringify(body)).not.toContain(identity.idNumber);
    expect(body.items[0].parties[0]).toEqual({
      role: 'applicant',
      name: '王某',
      idNumberMasked: expect.stringMatching(/^6207\*+/),
      phoneMasked: expect.stringMatching(/^139\*+/),
    });
  });

  it('shows the same party at any time, and only the cases in the caller’s centers', async () => {
    // Day 40: the first case is 40 days old (no longer the same place's window), the second 35.
    expect((await similar(ids.repeat)).body.items).toEqual([
      expect.objectContaining({ id: ids.first, matchedBy: ['same_party'] }),
    ]);
    // The district's operator also sees the same person's case at the other town's village.
    const wide = (await similar(ids.repeat, districtOperator)).body.items;
    expect(wide.map((c: { id: string }) => c.id)).toEqual([ids.otherVillage, ids.first]);
    expect(await similar(ids.otherVillage)).toMatchObject({ status: 404, body: { code: 'CASE_NOT_FOUND' } });
    expect((await similar(ids.first, as('mediator'))).status).toBe(403);
  });

  it('links a repeat once, with its Idempotency-Key replayed, and publishes CasesLinked', async () => {
    const key = `link-${uuidv7()}`;
    const body = { linkedCaseId: ids.first, reason: '  same applicant, same accident ' };
    const made = await link(ids.repeat, body, key);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      caseId: ids.repeat,
      linkedCaseId: ids.first,
      matchedBy: ['same_party'],
      reason: 'same applicant, same accident',
      linkedAt: clock.now().toISOString(),
      linkedBy: { role: 'clerk', id: 'clerk-anlizha-village' },
    });
    const replayed = await link(ids.repeat, body, key);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(made.body);

    const message = await observer.waitForMessage(
      'CasesLinked',
      (m) => m.json?.caseId === ids.repeat && m.json?.type === 'CasesLinked',
    );
    expect(message.json).toMatchObject({
      type: 'CasesLinked',
      version: 1,
      payload: { linkedCaseId: ids.first, centerId: 'anlizha-village', matchedBy: ['same_party'] },
    });
    expect(message.value).not.toMatch(new RegExp(`${identity.idNumber}|${identity.phone}`));
    const db = intake.app.get(DataSource);
    const [row] = await db.query('SELECT count(*)::int AS n FROM case_links WHERE case_id = $1', [
      ids.repeat,
    ]);
    expect(row.n).toBe(1);
  });

  it('shows linked cases both ways, and the link in the trail', async () => {
    const repeat = await http(intake.baseUrl, 'GET', `/cases/${ids.repeat}`, undefined, clerk);
    expect(repeat.body.linkedCases).toEqual([
      expect.objectContaining({ id: ids.first, direction: 'repeat_of', matchedBy: ['same_party'] }),
    ]);
    const first = await http(intake.baseUrl, 'GET', `/cases/${ids.first}`, undefined, as('supervisor'));
    expect(first.body.linkedCases).toEqual([
      expect.objectContaining({
        id: ids.repeat,
        direction: 'repeated_by',
        reason: 'same applicant, same accident',
      }),
    ]);
    expect((await similar(ids.repeat)).body.items[0]).toMatchObject({ id: ids.first, linked: true });
    const trail = await waitFor('CasesLinked in the trail', async () => {
      const audit = await http(intake.baseUrl, 'GET', `/cases/${ids.repeat}/audit`, undefined, as('ops'));
      return audit.body.items?.find((i: { type: string }) => i.type === 'CasesLinked');
    });
    expect(trail.summary).toMatch(/^Linked as a repeat petition of case [A-Z]+-\d{4}-\d{6}$/);
  });

  it('refuses a link to itself, a second link either way, unknown and out-of-scope cases, bad input', async () => {
    const code = async (answer: Promise<{ status: number; body: { code?: string } }>) => {
      const { status, body } = await answer;
      return [status, body.code];
    };
    expect(await code(link(ids.first, { linkedCaseId: ids.first }))).toEqual([409, 'CASE_LINK_TO_ITSELF']);
    expect(await code(link(ids.first, { linkedCaseId: ids.repeat }))).toEqual([409, 'CASES_ALREADY_LINKED']);
    expect(await code(link(ids.repeat, { linkedCaseId: ids.first }))).toEqual([409, 'CASES_ALREADY_LINKED']);
    expect(await code(link(ids.repeat, { linkedCaseId: uuidv7() }))).toEqual([404, 'CASE_NOT_FOUND']);
    expect(await code(link(ids.repeat, { linkedCaseId: ids.otherVillage }))).toEqual([404, 'CASE_NOT_FOUND']);
    expect(await code(link(ids.otherVillage, { linkedCaseId: ids.first }))).toEqual([404, 'CASE_NOT_FOUND']);
    const unknown = await link(ids.repeat, { linkedCaseId: uuidv7() });
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'linkedCaseId' })]);
    const invalid = await link(ids.repeat, { linkedCaseId: 'not-an-id', reason: 7 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'linkedCaseId',
      'reason',
    ]);
    const db = intake.app.get(DataSource);
    const [row] = await db.query(
      'SELECT count(*)::int AS n FROM case_links WHERE $1 IN (case_id, linked_case_id)',
      [ids.first],
    );
    expect(row.n).toBe(1);
  });

  it('counts repeat petitions per center of the caller’s, over a period', async () => {
    const db = intake.app.get(DataSource);
    const [first] = await db.query('SELECT registered_at FROM cases WHERE id = $1', [ids.first]);
    const from = encodeURIComponent(first.registered_at.toISOString());
    const to = encodeURIComponent(new Date(clock.now().getTime() + 1000).toISOString());
    const counts = (headers: Record<string, string>) =>
      http(intake.baseUrl, 'GET', `/repeat-petitions?from=${from}&to=${to}`, undefined, headers);
    expect((await counts(districtOperator)).body.items).toEqual([
      { centerId: 'anlizha-village', registered: 3, repeats: 1 },
      { centerId: 'qinggeng-village', registered: 1, repeats: 0 },
    ]);
    const town = as({ role: 'operator', subject: 'op-town', centerId: 'shangqin-town' });
    expect((await counts(town)).body.items).toEqual([
      { centerId: 'anlizha-village', registered: 3, repeats: 1 },
    ]);
    expect((await counts(clerk)).status).toBe(403);
    const backwards = await http(
      intake.baseUrl,
      'GET',
      `/repeat-petitions?from=${to}&to=${from}`,
      undefined,
      districtOperator,
    );
    expect(backwards).toMatchObject({ status: 400, body: { code: 'INVALID_PERIOD' } });
  });
});
