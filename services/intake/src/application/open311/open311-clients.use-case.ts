import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@chuishao/contracts';
import { CLOCK, ForbiddenError, InvalidError, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import { newOpen311Key, open311KeyHash, wellFormedOpen311Key } from '../../domain/open311-key';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';
import { Open311Repository, type Open311Client } from '../../infrastructure/open311/open311.repository';

export interface IssueOpen311KeyCommand {
  name: string;
  centerId: string;
  actor: Actor;
  correlationId: string;
}

/**
 * Ops issues an Open311 client its API key (shown once: only its hash is kept) and revokes it.
 * No event tells anyone (a key only admits later requests), so the audit trail is the record of
 * who issued or revoked which client's key, in the transaction of the change; never the key.
 */
@Injectable()
export class Open311Clients {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly clients: Open311Repository,
    private readonly cases: CaseRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  issue(command: IssueOpen311KeyCommand): Promise<Open311Client & { apiKey: string }> {
    return this.transactions.run(async (manager) => {
      const centers = await this.cases.centers();
      if (!centers.some((c) => c.id === command.centerId))
        throw new InvalidError('CENTER_UNKNOWN', `no center with id ${command.centerId}`, 'centerId');
      const now = this.clock.now();
      const { key, hash } = newOpen311Key();
      const client: Open311Client = {
        id: uuidv7(now.getTime()),
        name: command.name,
        centerId: command.centerId,
        issuedAt: now,
        issuedBy: command.actor.id,
        revokedAt: null,
      };
      await this.clients.insertClient(client, hash);
      await this.audit.record(manager, {
        occurredAt: now,
        actor: command.actor,
        action: 'Open311KeyIssued',
        entityType: 'open311_client',
        entityId: client.id,
        correlationId: command.correlationId,
        details: { name: client.name, centerId: client.centerId },
      });
      return { ...client, apiKey: key };
    });
  }

  /** Revoked at once: the next request with the key is refused. A second revoke changes nothing. */
  revoke(id: string, actor: Actor, correlationId: string): Promise<Open311Client> {
    return this.transactions.run(async (manager) => {
      const client = await this.clients.client(id, true);
      if (!client) throw new NotFoundError('OPEN311_CLIENT_NOT_FOUND', `no Open311 client ${id}`);
      if (client.revokedAt) return client;
      const now = this.clock.now();
      await this.clients.revoke(id, now);
      await this.audit.record(manager, {
        occurredAt: now,
        actor,
        action: 'Open311KeyRevoked',
        entityType: 'open311_client',
        entityId: id,
        correlationId,
        details: { name: client.name },
      });
      return { ...client, revokedAt: now };
    });
  }

  list(): Promise<Open311Client[]> {
    return this.clients.clients();
  }

  /** The client whose key this is; a missing, unknown or revoked key is refused alike (403). */
  async authenticate(key: unknown): Promise<Open311Client> {
    const client = wellFormedOpen311Key(key) ? await this.clients.clientByKeyHash(open311KeyHash(key)) : null;
    if (!client || client.revokedAt)
      throw new ForbiddenError('OPEN311_API_KEY_INVALID', 'api_key is missing, unknown or revoked', {
        field: 'api_key',
      });
    return client;
  }
}
