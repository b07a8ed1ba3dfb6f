import { PersonalDataCipher, type PersonalDataKeys } from '@chuishao/kernel';
import { as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';
import { PersonalDataRewrap } from '../src/infrastructure/personal-data/personal-data-rewrap';

const clerk = as({ role: 'clerk', subject: 'clerk-7' });
const operator = as('operator');

function uniqueIdentity() {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
  return { idNumber: `620702${digits(11)}X`, phone: `139${digits(8)}` };
}

const caseOf = (identity: { idNumber: string; phone: string }) => ({
  centerId: 'anlizha-village',
  channel: 'petition',
  disputeType: 'road_traffic',
  summary: 'A villager petitions after his daughter died in a road accident.',
  headcount: 5,
  urgency: 'urgent',
  parties: [{ role: 'applicant', name: '王某', ...identity }],
});

/**
 * Issue #16: PII_HASH_KEY rotates. With PII_HASH_KEY_PREVIOUS set, a search finds parties hashed
 * under either key (an instance still on the old key keeps writing old hashes during a rolling
 * deploy), and the rewrap re-hashes every party under the new key, after which the old key goes.
 */
describe('intake: rotating PII_HASH_KEY (real PostgreSQL)', () => {
  const ring = { activeKeyId: 'k1', keys: { k1: randomBytes(32) } };
  const oldKeys: PersonalDataKeys = { ...ring, hashKey: randomBytes(32) };
  const rotatingKeys: PersonalDataKeys = {
    ...ring,
    hashKey: randomBytes(32),
    previousHashKey: oldKeys.hashKey,
  };
  const newKeys: PersonalDataKeys = { ...ring, hashKey: rotatingKeys.hashKey };
  const started: RunningService[] = [];
  let schema: string;
  let db: DataSource;

  const start = async (keys: PersonalDataKeys) => {
    const service = await startService(
      'intake',
      (config) => AppModule.forRoot(config, { personalDataKeys: keys }),
      INTAKE_DESCRIPTION,
      schema ? { env: { DB_SCHEMA: schema } } : {},
    );
    started.push(service);
    return service;
  };
  const search = async (service: RunningService, query: string) =>
    (await http(service.baseUrl, 'GET', `/cases?${query}`, undefined, operator)).body.items.map(
      (c: { id: string }) => c.id,
    );
  const storedHash = async (caseId: string) =>
    (await db.query('SELECT id_number_hash FROM parties WHERE case_id = $1', [caseId]))[0].id_number_hash;

  afterAll(async () => {
    for (const service of started.reverse()) await service.close();
  });

  it('finds old and new hashes while rotating, then re-hashes every party under the new key', async () => {
    const old = await start(oldKeys);
    schema = old.config.database.schema;
    db = old.app.get(DataSource);
    const first = uniqueIdentity();
    const { body: before } = await http(old.baseUrl, 'POST', '/cases', caseOf(first), clerk);

    const rotating = await start(rotatingKeys);
    const rehashed = new PersonalDataCipher(newKeys);
    await waitFor('the first party re-hashed at start', async () => {
      return (await storedHash(before.id)) === rehashed.searchHash(first.idNumber);
    });
    // A case written by the instance not yet redeployed (a rolling deploy): under the old key.
    const second = uniqueIdentity();
    const { body: during } = await http(old.baseUrl, 'POST', '/cases', caseOf(second), clerk);
    const previous = new PersonalDataCipher(oldKeys);
    await db.query('UPDATE parties SET id_number_hash = $2, phone_hash = $3 WHERE case_id = $1', [
      during.id,
      previous.searchHash(second.idNumber),
      previous.searchHash(second.phone),
    ]);
    expect(await search(rotating, `idNumber=${second.idNumber}`)).toEqual([during.id]);
    expect(await search(rotating, `phone=${second.phone}`)).toEqual([during.id]);
    expect(await search(old, `idNumber=${first.idNumber}`)).toEqual([]); // re-hashed: the old key alone misses it

    expect((await rotating.app.get(PersonalDataRewrap).rehashAll()).complete).toBe(true);
    expect(await storedHash(during.id)).toBe(rehashed.searchHash(second.idNumber));

    // The rotation is over: an instance with the new key alone finds both.
    const done = await start(newKeys);
    expect(await search(done, `idNumber=${first.idNumber}`)).toEqual([before.id]);
    expect(await search(done, `phone=${second.phone}`)).toEqual([during.id]);
  });
});
