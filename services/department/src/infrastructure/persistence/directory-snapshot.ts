import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { CONTACT_OWNERS, CONTACT_ROLES, type Contact, type ContactOwner } from '../../domain/notification';
import { contactsOnDutyAt, contactsTold } from '../../domain/roster';
import type { Center } from './directory.repository';
import { rosterJson, rosterOfJson, type StoredRoster } from './roster.repository';

export interface DirectoryQuery {
  departmentIds: readonly string[];
  /** Centers whose supervisors are needed (escalations of level 2 and up). */
  supervisingCenterIds: readonly string[];
  /** Centers whose names are needed (the place of each trigger). */
  centerIds: readonly string[];
  /** The earliest instant asked about: older roster overrides are left out. */
  since?: Date;
  /** Summons whose texted liaisons are needed (warnings and stand-downs follow them). */
  toldOfSummons?: readonly string[];
}

/** The snapshot as its SQL builds it, one JSON object, checked before it is read. */
const snapshotJson = z.object({
  contacts: z.array(
    z.object({
      owner_kind: z.enum(CONTACT_OWNERS),
      owner_id: z.string(),
      contact_id: z.string(),
      role: z.enum(CONTACT_ROLES),
      name: z.string(),
      phone: z.string(),
      on_duty: z.boolean(),
    }),
  ),
  centers: z.array(z.object({ id: z.string(), tier: z.string(), name: z.string(), name_zh: z.string() })),
  webhooks: z.array(z.string()),
  /** Each as `rosterJson` builds it, read by `rosterOfJson`. */
  rosters: z.array(z.unknown()),
  told: z.array(z.object({ summons_id: z.string(), recipient: z.string() })),
});

/**
 * Everything planning notifications needs about the query's departments and centers, as ONE
 * scalar subquery (a JSON object, read by `directorySnapshotOf`): a statement of its own
 * (DirectoryRepository.snapshot), or riding with a write that needs no answer from it first
 * (the summons' insert, SummonsStore.insertNew), one round trip for both.
 */
export function directorySnapshotSql(query: DirectoryQuery): RawBuilder<unknown> {
  const departments = [...query.departmentIds];
  return sql`(SELECT json_build_object(
      'contacts', (SELECT coalesce(json_agg(json_build_object('owner_kind', owner_kind, 'owner_id', owner_id,
                    'contact_id', contact_id, 'role', role, 'name', name, 'phone', phone, 'on_duty', on_duty)
                    ORDER BY owner_kind, owner_id, role, contact_id), '[]'::json)
             FROM directory_contacts
            WHERE (owner_kind = 'department' AND owner_id = ANY(${departments}::text[]))
               OR (owner_kind = 'center' AND owner_id = ANY(${[...query.supervisingCenterIds]}::text[]))),
      'centers', (SELECT coalesce(json_agg(json_build_object('id', id, 'tier', tier, 'name', name,
                    'name_zh', name_zh)), '[]'::json)
             FROM centers WHERE id = ANY(${[...query.centerIds]}::text[])),
      'webhooks', (SELECT coalesce(json_agg(department_id), '[]'::json)
             FROM department_webhooks WHERE department_id = ANY(${departments}::text[])),
      'rosters', (SELECT coalesce(json_agg(${sql.raw(rosterJson('since.at'))}), '[]'::json)
             FROM duty_rosters r CROSS JOIN (SELECT ${query.since ?? new Date(0)}::timestamptz AS at) AS since
            WHERE r.department_id = ANY(${departments}::text[])),
      'told', (SELECT coalesce(json_agg(json_build_object('summons_id', summons_id, 'recipient', recipient)), '[]'::json)
             FROM notifications WHERE summons_id = ANY(${[...(query.toldOfSummons ?? [])]}::uuid[])
              AND channel = 'sms' AND trigger_key = 'summons:' || summons_id::text)))`;
}

/** The snapshot of `directorySnapshotSql`'s JSON. */
export function directorySnapshotOf(json: unknown): DirectorySnapshot {
  const read = snapshotJson.parse(json);
  const contacts = new Map<string, Contact[]>();
  for (const r of read.contacts) {
    const key = `${r.owner_kind}:${r.owner_id}`;
    const list = contacts.get(key) ?? [];
    list.push({ id: r.contact_id, role: r.role, name: r.name, phone: r.phone, onDuty: r.on_duty });
    contacts.set(key, list);
  }
  const centers = new Map(
    read.centers.map((c) => [c.id, { id: c.id, tier: c.tier, name: c.name, nameZh: c.name_zh }]),
  );
  const rosters = new Map(
    read.rosters.map((json) => {
      const roster = rosterOfJson(json);
      return [roster.departmentId, roster];
    }),
  );
  return new DirectorySnapshot(contacts, centers, new Set(read.webhooks), rosters, toldBySummons(read.told));
}

/**
 * What the directory says about the owners of a batch of triggers, read in one query: contacts by
 * `<owner kind>:<owner id>` (in the order `contactsOf` gives), centers by id, and which departments
 * registered a webhook.
 */
export class DirectorySnapshot {
  constructor(
    private readonly contacts: ReadonlyMap<string, readonly Contact[]>,
    private readonly centers: ReadonlyMap<string, Center>,
    private readonly webhooks: ReadonlySet<string>,
    private readonly rosters: ReadonlyMap<string, StoredRoster> = new Map(),
    private readonly told: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ) {}

  /**
   * A department's contacts with who is on duty at `at`: the roster's decision where it keeps one.
   * With `followingSummons` (a warning, a stand-down), the liaisons texted that summons, while
   * still in the directory.
   */
  departmentContactsAt(departmentId: string, at: Date, followingSummons: string | null = null): Contact[] {
    const contacts = this.contactsOf('department', departmentId);
    const told = followingSummons ? this.told.get(followingSummons) : undefined;
    return (
      (told && contactsTold(contacts, told)) ??
      contactsOnDutyAt(contacts, this.rosters.get(departmentId) ?? null, at)
    );
  }

  contactsOf(owner: ContactOwner, ownerId: string): readonly Contact[] {
    return this.contacts.get(`${owner}:${ownerId}`) ?? [];
  }

  center(id: string): Center | null {
    return this.centers.get(id) ?? null;
  }

  hasWebhook(departmentId: string): boolean {
    return this.webhooks.has(departmentId);
  }
}

/** Contact ids texted each summons, from recipient keys `department:<id>:contact:<contactId>`. */
export function toldBySummons(
  rows: ReadonlyArray<{ summons_id: string; recipient: string }>,
): Map<string, Set<string>> {
  const told = new Map<string, Set<string>>();
  for (const { summons_id, recipient } of rows) {
    const contactId = /^department:[^:]+:contact:(.+)$/.exec(recipient)?.[1];
    if (contactId) told.set(summons_id, (told.get(summons_id) ?? new Set()).add(contactId));
  }
  return told;
}
