import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { CaseStatus } from '../../domain/case-status';

export interface Open311Client {
  id: string;
  name: string;
  centerId: string;
  issuedAt: Date;
  issuedBy: string;
  revokedAt: Date | null;
}

/** What an Open311 request said that its case has no column for. */
export interface Open311RequestRow {
  caseId: string;
  clientId: string;
  serviceCode: string;
  description: string | null;
  lat: number | null;
  long: number | null;
  addressString: string | null;
  addressId: string | null;
  mediaUrl: string | null;
  contentHash: string;
  requestedAt: Date;
}

/** A request as Open311 reads it back: the request's own fields and its case's status, never a party. */
export interface Open311RequestView extends Open311RequestRow {
  caseNo: string;
  status: CaseStatus;
  updatedAt: Date;
}

export interface Open311RequestFilter {
  clientId: string;
  caseIds: readonly string[] | null;
  serviceCode: string | null;
  closed: boolean | null;
  start: Date;
  end: Date;
  limit: number;
}

type ClientRow = {
  id: string;
  name: string;
  center_id: string;
  issued_at: Date;
  issued_by: string;
  revoked_at: Date | null;
};

const toClient = (r: ClientRow): Open311Client => ({
  id: r.id,
  name: r.name,
  centerId: r.center_id,
  issuedAt: r.issued_at,
  issuedBy: r.issued_by,
  revokedAt: r.revoked_at,
});

const VIEW = `SELECT r.case_id AS "caseId", r.client_id AS "clientId", r.service_code AS "serviceCode",
       r.description, r.lat, r.long, r.address_string AS "addressString", r.address_id AS "addressId",
       r.media_url AS "mediaUrl", r.content_hash AS "contentHash", r.requested_at AS "requestedAt",
       c.case_no AS "caseNo", c.status, GREATEST(c.status_changed_at, COALESCE(c.closed_at, c.status_changed_at)) AS "updatedAt"
  FROM open311_requests r JOIN cases c ON c.id = r.case_id`;

/** Open311 clients (by their key's hash, never the key) and the requests they submitted. */
@Injectable()
export class Open311Repository {
  constructor(private readonly transactions: TransactionHost) {}

  private query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    return this.transactions.manager.query(sql, parameters);
  }

  async insertClient(client: Open311Client, keyHash: string): Promise<void> {
    await this.query(
      `INSERT INTO open311_clients (id, name, center_id, key_hash, issued_at, issued_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [client.id, client.name, client.centerId, keyHash, client.issuedAt, client.issuedBy],
    );
  }

  async clientByKeyHash(keyHash: string): Promise<Open311Client | null> {
    const rows = await this.query<ClientRow>('SELECT * FROM open311_clients WHERE key_hash = $1', [keyHash]);
    return rows[0] ? toClient(rows[0]) : null;
  }

  async client(id: string, lock = false): Promise<Open311Client | null> {
    const rows = await this.query<ClientRow>(
      `SELECT * FROM open311_clients WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toClient(rows[0]) : null;
  }

  async clients(): Promise<Open311Client[]> {
    return (await this.query<ClientRow>('SELECT * FROM open311_clients ORDER BY issued_at, id', [])).map(
      toClient,
    );
  }

  async revoke(id: string, at: Date): Promise<void> {
    await this.query('UPDATE open311_clients SET revoked_at = $2 WHERE id = $1', [id, at]);
  }

  async insertRequest(row: Open311RequestRow): Promise<void> {
    await this.query(
      `INSERT INTO open311_requests (case_id, client_id, service_code, description, lat, long, address_string,
                                     address_id, media_url, content_hash, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        row.caseId,
        row.clientId,
        row.serviceCode,
        row.description,
        row.lat,
        row.long,
        row.addressString,
        row.addressId,
        row.mediaUrl,
        row.contentHash,
        row.requestedAt,
      ],
    );
  }

  /**
   * Serialises the client's requests of one content until the transaction ends, so two sent at
   * the same instant cannot both miss each other in `sameContentSince`.
   */
  async lockContent(clientId: string, contentHash: string): Promise<void> {
    await this.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `open311:${clientId}:${contentHash}`,
    ]);
  }

  /** The client's request of the same content since `since`, if any (the natural duplicate guard). */
  async sameContentSince(
    clientId: string,
    contentHash: string,
    since: Date,
  ): Promise<{ caseId: string; caseNo: string } | null> {
    const rows = await this.query<{ caseId: string; caseNo: string }>(
      `SELECT r.case_id AS "caseId", c.case_no AS "caseNo" FROM open311_requests r JOIN cases c ON c.id = r.case_id
        WHERE r.client_id = $1 AND r.content_hash = $2 AND r.requested_at >= $3
        ORDER BY r.requested_at DESC LIMIT 1`,
      [clientId, contentHash, since],
    );
    return rows[0] ?? null;
  }

  async request(clientId: string, caseId: string): Promise<Open311RequestView | null> {
    const rows = await this.query<Open311RequestView>(`${VIEW} WHERE r.client_id = $1 AND r.case_id = $2`, [
      clientId,
      caseId,
    ]);
    return rows[0] ?? null;
  }

  /** Newest first; with ids, those ids whatever their date (GeoReport v2: ids override the other filters). */
  async requests(filter: Open311RequestFilter): Promise<Open311RequestView[]> {
    if (filter.caseIds)
      return this.query<Open311RequestView>(
        `${VIEW} WHERE r.client_id = $1 AND r.case_id = ANY($2::uuid[]) ORDER BY r.requested_at DESC LIMIT $3`,
        [filter.clientId, [...filter.caseIds], filter.limit],
      );
    return this.query<Open311RequestView>(
      `${VIEW} WHERE r.client_id = $1 AND ($2::text IS NULL OR r.service_code = $2)
          AND ($3::boolean IS NULL OR (c.status = 'closed') = $3)
          AND r.requested_at >= $4 AND r.requested_at <= $5
        ORDER BY r.requested_at DESC, r.case_id DESC LIMIT $6`,
      [filter.clientId, filter.serviceCode, filter.closed, filter.start, filter.end, filter.limit],
    );
  }
}
