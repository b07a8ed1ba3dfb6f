import {
  BadRequestException,
  Inject,
  Injectable,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { PersonalDataCipher } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A key belongs to the caller who sent it: the same key from another caller is a different
 * request, and must never replay someone else's answer.
 */
export class IdempotencyKeysPerCaller1732400000003 implements MigrationInterface {
  name = 'IdempotencyKeysPerCaller1732400000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_keys ADD COLUMN caller text NOT NULL DEFAULT ''`);
    await queryRunner.query('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey');
    await queryRunner.query(
      'ALTER TABLE idempotency_keys ADD PRIMARY KEY (idempotency_key, caller, method, path)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey');
    await queryRunner.query('ALTER TABLE idempotency_keys DROP COLUMN caller');
    await queryRunner.query('ALTER TABLE idempotency_keys ADD PRIMARY KEY (idempotency_key, method, path)');
  }
}

/**
 * Stored answers can hold personal data (a clerk's full view of a party): they are kept encrypted
 * under the personal-data key ring, in `body_sealed`. `body` stays for answers stored before.
 */
export class IdempotentAnswersSealed1764800000001 implements MigrationInterface {
  name = 'IdempotentAnswersSealed1764800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_keys ADD COLUMN body_sealed text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_keys DROP COLUMN body_sealed');
  }
}

/** The cipher every service holds (PlatformModule), from its ServiceConfig's key ring. */
export const PERSONAL_DATA_CIPHER = Symbol.for('chuishao.PersonalDataCipher');

export class IdempotencyKeys1732400000001 implements MigrationInterface {
  name = 'IdempotencyKeys1732400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        idempotency_key text NOT NULL,
        method          text NOT NULL,
        path            text NOT NULL,
        request_hash    text NOT NULL,
        status          integer,
        body            jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (idempotency_key, method, path)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_keys');
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

interface Outcome {
  replayed: boolean;
  status: number;
  body: unknown;
}

/**
 * Idempotency-Key on state-changing POSTs: a retry returns the first answer, never a second
 * effect. The key row, the business change, its outbox events and the stored answer share one
 * transaction (the ambient one of TransactionHost), so there is no window where the effect is
 * committed but the answer is not. A concurrent duplicate blocks on the key's unique index until
 * the first commits, then replays its answer. A request that fails rolls back its key, so it can
 * be retried. The same key with a different body is refused with 422 (IETF idempotency-key draft).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly transactions: TransactionHost,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const header = request.headers['idempotency-key'];
    if (request.method !== 'POST' || header === undefined) return next.handle();

    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_PATTERN.test(key)) {
      throw new BadRequestException({
        statusCode: 400,
        code: 'IDEMPOTENCY_KEY_INVALID',
        message: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
        errors: [{ field: 'Idempotency-Key', reason: 'must be 1 to 200 visible ASCII characters' }],
      });
    }
    const successStatus: number = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    // A file's bytes (a binary upload) are hashed as they are, with the query that names them;
    // JSON.stringify of a Buffer would spell out every byte as a number.
    const fingerprint = Buffer.isBuffer(request.body)
      ? createHash('sha256').update(request.body).update(JSON.stringify(request.query)).digest('hex')
      : createHash('sha256')
          .update(JSON.stringify(request.body ?? null))
          .digest('hex');
    // Guards ran first, so the caller is known; its answers are its own.
    // A public route whose own guard verified another credential (an Open311 client's API key)
    // names the caller in `idempotencyCaller`, so two clients' keys never meet.
    const caller = request.principal
      ? `${request.principal.role}:${request.principal.subject}`
      : (request.idempotencyCaller ?? '');
    const scope = [key, caller, request.method, request.path];

    return from(
      this.transactions.run<Outcome>(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO idempotency_keys (idempotency_key, caller, method, path, request_hash)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING idempotency_key`,
          [...scope, fingerprint],
        );
        if (inserted.length === 0) {
          const [first] = await manager.query(
            'SELECT request_hash, status, body, body_sealed FROM idempotency_keys WHERE idempotency_key = $1 AND caller = $2 AND method = $3 AND path = $4',
            scope,
          );
          if (first.request_hash !== fingerprint) {
            throw new UnprocessableEntityException({
              statusCode: 422,
              code: 'IDEMPOTENCY_KEY_REUSED',
              message: 'this Idempotency-Key was used with a different request body',
            });
          }
          const body: unknown =
            first.body_sealed === null ? first.body : JSON.parse(this.cipher.decrypt(first.body_sealed));
          return { replayed: true, status: first.status, body };
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await manager.query(
          'UPDATE idempotency_keys SET status = $5, body_sealed = $6 WHERE idempotency_key = $1 AND caller = $2 AND method = $3 AND path = $4',
          [...scope, successStatus, this.cipher.encrypt(JSON.stringify(body ?? null))],
        );
        return { replayed: false, status: successStatus, body };
      }),
    ).pipe(
      map((outcome) => {
        if (outcome.replayed) {
          response.status(outcome.status);
          response.setHeader('Idempotent-Replayed', 'true');
        }
        return outcome.body;
      }),
    );
  }
}
