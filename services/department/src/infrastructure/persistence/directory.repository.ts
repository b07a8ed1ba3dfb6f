import { Inject, Injectable } from '@nestjs/common';
import type { PersonalDataCipher } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { PERSONAL_DATA_CIPHER } from '@chuishao/platform';
import { sql } from 'kysely';
import type { EntityManager } from 'typeorm';
import type { Contact, ContactOwner, ContactRole } from '../../domain/notification';
import {
  directorySnapshotOf,
  directorySnapshotSql,
  type DirectoryQuery,
  type DirectorySnapshot,
} from './directory-snapshot';
import { DepartmentSql } from './schema';

export { DirectorySnapshot } from './directory-snapshot';
export type { DirectoryQuery } from './directory-snapshot';

export type { ContactOwner } from '../../domain/notification';

export interface Center {
  id: string;
  tier: string;
  name: string;
  nameZh: string;
}

export interface Webhook {
  departmentId: string;
  url: string;
  secret: string;
  updatedAt: Date;
}

interface ContactRow {
  contact_id: string;
  role: ContactRole;
  name: string;
  phone: string;
  on_duty: boolean;
}

/**
 * The directory's people and systems: contacts of departments (head, liaisons on the duty roster)
 * and of centers (supervisors), the centers themselves, and each department's webhook.
 */
@Injectable()
export class DirectoryRepository {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly sql: DepartmentSql,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
  ) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  async contactsOf(owner: ContactOwner, ownerId: string): Promise<Contact[]> {
    const rows: ContactRow[] = await this.manager.query(
      `SELECT contact_id, role, name, phone, on_duty FROM directory_contacts
       WHERE owner_kind = $1 AND owner_id = $2 ORDER BY role, contact_id`,
      [owner, ownerId],
    );
    return rows.map((r) => ({
      id: r.contact_id,
      role: r.role,
      name: r.name,
      phone: r.phone,
      onDuty: r.on_duty,
    }));
  }

  /**
   * Everything planning notifications needs about these departments and centers, in one round
   * trip rather than three per trigger: a whistle's transaction was mostly such lookups, one after
   * another on its single connection, while holding up the whistles queued behind it. A writer
   * may send the same read with its own statement instead (`directorySnapshotSql`).
   */
  async snapshot(query: DirectoryQuery): Promise<DirectorySnapshot> {
    const { rows } = await sql<{
      directory: unknown;
    }>`SELECT ${directorySnapshotSql(query)} AS directory`.execute(this.sql.db);
    return directorySnapshotOf(rows[0]?.directory);
  }

  /** Replaces everyone an owner lists, in the caller's transaction. */
  async replaceContacts(owner: ContactOwner, ownerId: string, contacts: readonly Contact[]): Promise<void> {
    await this.manager.query('DELETE FROM directory_contacts WHERE owner_kind = $1 AND owner_id = $2', [
      owner,
      ownerId,
    ]);
    for (const c of contacts)
      await this.manager.query(
        `INSERT INTO directory_contacts (owner_kind, owner_id, contact_id, role, name, phone, on_duty)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [owner, ownerId, c.id, c.role, c.name, c.phone, c.onDuty],
      );
  }

  /** Seeds an owner's contacts only if it has none: edits made through the API are kept across restarts. */
  async seedContacts(owner: ContactOwner, ownerId: string, contacts: readonly Contact[]): Promise<boolean> {
    const [row] = await this.manager.query(
      'SELECT count(*)::int AS n FROM directory_contacts WHERE owner_kind = $1 AND owner_id = $2',
      [owner, ownerId],
    );
    if (row.n > 0) return false;
    await this.replaceContacts(owner, ownerId, contacts);
    return true;
  }

  async findCenter(id: string): Promise<Center | null> {
    const rows: Array<{ id: string; tier: string; name: string; name_zh: string }> = await this.manager.query(
      'SELECT id, tier, name, name_zh FROM centers WHERE id = $1',
      [id],
    );
    return rows[0]
      ? { id: rows[0].id, tier: rows[0].tier, name: rows[0].name, nameZh: rows[0].name_zh }
      : null;
  }

  async upsertCenters(centers: readonly Center[]): Promise<void> {
    for (const c of centers)
      await this.manager.query(
        `INSERT INTO centers (id, tier, name, name_zh) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET tier = EXCLUDED.tier, name = EXCLUDED.name, name_zh = EXCLUDED.name_zh`,
        [c.id, c.tier, c.name, c.nameZh],
      );
  }

  async webhookOf(departmentId: string): Promise<Webhook | null> {
    const rows: Array<StoredWebhookSecret & { department_id: string; url: string; updated_at: Date }> =
      await this.manager.query(
        'SELECT department_id, url, secret, secret_sealed, updated_at FROM department_webhooks WHERE department_id = $1',
        [departmentId],
      );
    const row = rows[0];
    return row
      ? {
          departmentId: row.department_id,
          url: row.url,
          // One of the two is always set (CHECK webhook_secret_once).
          secret: openWebhookSecret(this.cipher, row) ?? '',
          updatedAt: new Date(row.updated_at),
        }
      : null;
  }

  /** The secret is stored encrypted under the personal-data key ring, never as typed. */
  async setWebhook(webhook: Webhook): Promise<void> {
    await this.manager.query(
      `INSERT INTO department_webhooks (department_id, url, secret, secret_sealed, updated_at) VALUES ($1, $2, NULL, $3, $4)
       ON CONFLICT (department_id) DO UPDATE
         SET url = EXCLUDED.url, secret = NULL, secret_sealed = EXCLUDED.secret_sealed, updated_at = EXCLUDED.updated_at`,
      [webhook.departmentId, webhook.url, this.cipher.encrypt(webhook.secret), webhook.updatedAt],
    );
  }

  /** Encrypts the secrets stored in plaintext before they were sealed; run at every start. */
  async sealStoredWebhookSecrets(): Promise<number> {
    const rows: Array<{ department_id: string; secret: string }> = await this.manager.query(
      'SELECT department_id, secret FROM department_webhooks WHERE secret IS NOT NULL',
    );
    for (const row of rows)
      await this.manager.query(
        'UPDATE department_webhooks SET secret = NULL, secret_sealed = $3 WHERE department_id = $1 AND secret = $2',
        [row.department_id, row.secret, this.cipher.encrypt(row.secret)],
      );
    return rows.length;
  }
}

export interface StoredWebhookSecret {
  secret: string | null;
  secret_sealed: string | null;
}

/** A webhook's secret as the receiver knows it: decrypted, or as stored before sealing. */
export function openWebhookSecret(cipher: PersonalDataCipher, stored: StoredWebhookSecret): string | null {
  return stored.secret_sealed === null ? stored.secret : cipher.decrypt(stored.secret_sealed);
}
