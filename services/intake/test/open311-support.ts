import { FixedClock } from '@chuishao/kernel';
import { as, http, startService, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

export const ops = as({ role: 'ops', subject: 'ops-1' });
export const villageClerk = as({ role: 'clerk', subject: 'clerk-anlizha', centerId: 'anlizha-village' });
export const villageOperator = as({ role: 'operator', subject: 'op-anlizha', centerId: 'anlizha-village' });
export const PHONE = '13909361234';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export type Json = Record<string, unknown>;

/** Intake with one Open311 client whose key ops issued (the 12345 hotline, at Anlizha village). */
export interface Open311Fixture {
  intake: RunningService;
  apiKey: string;
  clientId: string;
  /** A form-encoded POST of a request, as GeoReport v2 clients send it. */
  form: (fields: Record<string, string>, headers?: Record<string, string>) => ReturnType<typeof http>;
  get: (path: string) => ReturnType<typeof http>;
  db: () => DataSource;
  /** A neighbour dispute at an address, with the resident's name, phone and email. */
  neighbourRequest: (description: string) => Record<string, string>;
}

export async function startOpen311(clock: FixedClock): Promise<Open311Fixture> {
  const intake = await startService(
    'intake',
    (config) => AppModule.forRoot(config, { clock }),
    INTAKE_DESCRIPTION,
  );
  const issued = await http(
    intake.baseUrl,
    'POST',
    '/open311-clients',
    { name: '12345 热线', centerId: 'anlizha-village' },
    ops,
  );
  expect(issued.status).toBe(201);
  const { apiKey, id: clientId } = issued.body as { apiKey: string; id: string };
  return {
    intake,
    apiKey,
    clientId,
    form: (fields, headers = {}) =>
      http(intake.baseUrl, 'POST', '/open311/v2/requests.json', new URLSearchParams(fields).toString(), {
        ...FORM,
        ...headers,
      }),
    get: (path) => http(intake.baseUrl, 'GET', path, undefined),
    db: () => intake.app.get(DataSource),
    neighbourRequest: (description) => ({
      api_key: apiKey,
      service_code: 'TJ-102',
      address_string: '安立寨村二社',
      description,
      first_name: '小明',
      last_name: '王',
      phone: PHONE,
      email: 'wang@example.cn',
    }),
  };
}
