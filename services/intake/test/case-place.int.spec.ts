import { as, http, startService, type Json, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

const clerk = as({ role: 'clerk', subject: 'clerk-place', centerId: 'anlizha-village' });
const registration = (place: unknown) => ({
  centerId: 'anlizha-village',
  channel: 'walk_in',
  disputeType: 'neighbour',
  summary: 'Two neighbours quarrel over a lane blocked with firewood.',
  headcount: 2,
  urgency: 'normal',
  place,
  parties: [{ role: 'applicant', name: '张某' }],
});

/**
 * A case's place (issue 20 item 4): the address and the position the window picked, kept with the
 * case and carried by CaseRegistered, so the departments' on-site reports can be compared with it.
 */
describe('intake: where a dispute is (real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  const published = async (caseId: string): Promise<Json> =>
    (
      await intake.app
        .get(DataSource)
        .query(
          `SELECT envelope FROM outbox WHERE event_type = 'CaseRegistered' AND envelope->>'caseId' = $1`,
          [caseId],
        )
    )[0].envelope;

  beforeAll(async () => {
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION);
  });

  afterAll(async () => intake?.close());

  it('keeps the address and position given, trimmed, and publishes them; none given is null', async () => {
    const place = { address: '  安立寨村二社巷道 ', location: { latitude: 34.5812, longitude: 105.7241 } };
    const created = await http(intake.baseUrl, 'POST', '/cases', registration(place), clerk);
    expect(created.status).toBe(201);
    const kept = { address: '安立寨村二社巷道', location: place.location };
    expect(created.body.place).toEqual(kept);
    expect(
      (await http(intake.baseUrl, 'GET', `/cases/${created.body.id}`, undefined, clerk)).body.place,
    ).toEqual(kept);
    expect((await published(created.body.id)).payload.place).toEqual(kept);

    const without = await http(intake.baseUrl, 'POST', '/cases', registration(undefined), clerk);
    expect(without.body.place).toBeNull();
    expect((await published(without.body.id)).payload.place).toBeNull();
  });

  it('refuses a position off the globe, naming the field', async () => {
    const refused = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      registration({ location: { latitude: 134.5, longitude: 105.7 } }),
      clerk,
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain('place.location.latitude');
  });
});
