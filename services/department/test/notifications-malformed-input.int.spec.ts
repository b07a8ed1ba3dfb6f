import { as, http, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { startNotifyingDepartment } from './support/notifications';

/**
 * Malformed input to the directory edits of issue 5 (fast-check): contacts, supervisors and
 * webhooks with type-confused, missing, oversized and odd fields. Never a 5xx; a 400 names a
 * field; anything accepted is something an independent reading of the rules accepts, and a
 * refused request changes nothing.
 */

const ops = as({ role: 'ops', subject: 'ops-fuzz' });
const PHONE = /^\+?\d{5,20}$/;
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const confused = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '13900000101', '+8613900000101', 'x'.repeat(300), 'http://x', '中文'),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

const validContact = fc.record({
  id: fc.constantFrom('a', 'liaison-1', 'head', 'b_2'),
  name: fc.constantFrom('张', 'Li Wei'),
  phone: fc.constantFrom('13900000101', '+8613900000102'),
});

/** A contact with any of its fields replaced by something confused, dropped, or an extra field. */
const contact = fc.oneof(
  validContact,
  fc
    .tuple(validContact, fc.constantFrom('id', 'name', 'phone', 'onDuty', 'extra'), confused, fc.boolean())
    .map(([c, field, value, drop]) => {
      const copy: Record<string, unknown> = { ...c };
      if (drop) delete copy[field];
      else copy[field] = value;
      return copy;
    }),
  confused,
);
const liaison = fc
  .tuple(contact, fc.oneof(fc.boolean(), confused))
  .map(([c, onDuty]) => (typeof c === 'object' && c !== null && !Array.isArray(c) ? { ...c, onDuty } : c));

const contactsBody = fc.oneof(
  fc.record({ head: fc.oneof(contact, fc.constant(null)), liaisons: fc.array(liaison, { maxLength: 3 }) }),
  fc.record({ head: contact }, { requiredKeys: [] }),
  fc.record({ liaisons: fc.oneof(confused, fc.array(liaison, { maxLength: 2 })) }),
  confused,
);
const supervisorsBody = fc.oneof(
  fc.record({ supervisors: fc.array(contact, { maxLength: 3 }) }),
  fc.record({ supervisors: confused }),
  confused,
);
const webhookBody = fc.oneof(
  fc.record({
    url: fc.oneof(
      fc.constantFrom(
        'http://127.0.0.1:9/hook',
        'https://example.gov.cn/h',
        'ftp://x/y',
        'javascript:alert(1)',
        '',
      ),
      confused,
    ),
    secret: fc.oneof(fc.constantFrom('short', 'a-long-enough-secret-value', 's'.repeat(201)), confused),
  }),
  confused,
);

function isContact(c: unknown, withDuty: boolean): boolean {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return false;
  const r = c as Record<string, unknown>;
  const keys = Object.keys(r).sort().join(',');
  if (keys !== (withDuty ? 'id,name,onDuty,phone' : 'id,name,phone')) return false;
  return (
    typeof r.id === 'string' &&
    ID.test(r.id) &&
    typeof r.name === 'string' &&
    /\S/.test(r.name) &&
    r.name.length <= 100 &&
    typeof r.phone === 'string' &&
    PHONE.test(r.phone) &&
    (!withDuty || typeof r.onDuty === 'boolean')
  );
}
const uniqueIds = (list: Array<{ id: string }>) => new Set(list.map((c) => c.id)).size === list.length;

/** An independent reading of the DTO and domain rules: would this body be accepted? */
const acceptable: Record<string, (body: unknown) => boolean> = {
  contacts: (b) => {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
    const r = b as Record<string, unknown>;
    if (Object.keys(r).sort().join(',') !== 'head,liaisons') return false;
    if (r.head !== null && !isContact(r.head, false)) return false;
    if (!Array.isArray(r.liaisons) || !r.liaisons.every((l) => isContact(l, true))) return false;
    const all = [...(r.head ? [r.head] : []), ...r.liaisons] as Array<{ id: string }>;
    return uniqueIds(all);
  },
  supervisors: (b) => {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
    const r = b as Record<string, unknown>;
    return (
      Object.keys(r).join(',') === 'supervisors' &&
      Array.isArray(r.supervisors) &&
      r.supervisors.every((s) => isContact(s, false)) &&
      uniqueIds(r.supervisors as Array<{ id: string }>)
    );
  },
  webhook: (b) => {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
    const r = b as Record<string, unknown>;
    return (
      Object.keys(r).sort().join(',') === 'secret,url' &&
      typeof r.url === 'string' &&
      /^https?:\/\/[^/\s]+/.test(r.url) &&
      typeof r.secret === 'string' &&
      r.secret.length >= 16 &&
      r.secret.length <= 200
    );
  },
};

describe('directory edits refuse malformed input with a 400, never a 5xx', () => {
  let department: RunningService;
  let database: DataSource;

  beforeAll(async () => {
    department = await startNotifyingDepartment({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    database = department.app.get(DataSource);
  });

  afterAll(async () => {
    await department?.close();
  });

  async function snapshot() {
    const [row] = await database.query(`
      SELECT (SELECT count(*)::int FROM audit_log) AS audit,
             (SELECT md5(coalesce(string_agg(owner_id || contact_id || phone || on_duty, '|' ORDER BY owner_id, contact_id), '')) FROM directory_contacts) AS contacts,
             (SELECT md5(coalesce(string_agg(department_id || url || coalesce(secret_sealed, secret), '|' ORDER BY department_id), '')) FROM department_webhooks) AS webhooks`);
    return row;
  }

  const cases = [
    { name: 'contacts', path: '/departments/daman-town-government/contacts', body: contactsBody },
    { name: 'supervisors', path: '/centers/daman-town/supervisors', body: supervisorsBody },
    { name: 'webhook', path: '/departments/daman-town-government/webhook', body: webhookBody },
  ] as const;

  for (const { name, path, body } of cases) {
    it(`PUT ${path}`, async () => {
      await fc.assert(
        fc.asyncProperty(body, async (sent) => {
          const before = await snapshot();
          const answer = await http(department.baseUrl, 'PUT', path, JSON.stringify(sent), ops);
          expect(answer.status).toBeLessThan(500);
          if (answer.status === 200) {
            expect(acceptable[name](sent)).toBe(true);
          } else {
            expect(answer.status).toBe(400);
            expect(typeof answer.body.code).toBe('string');
            expect(await snapshot()).toEqual(before);
          }
        }),
        { numRuns: 150 },
      );
      expect((await http(department.baseUrl, 'GET', '/health/live')).status).toBe(200);
    });
  }
});
