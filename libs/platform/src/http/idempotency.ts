import {
  BadRequestException,
  Injectable,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { TransactionHost } from '@chuishao/persistence';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

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
  constructor(private readonly transactions: TransactionHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
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
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    const scope = [key, request.method, request.path];

    return from(
      this.transactions.run<Outcome>(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO idempotency_keys (idempotency_key, method, path, request_hash)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING idempotency_key`,
          [...scope, fingerprint],
        );
        if (inserted.length === 0) {
          const [first] = await manager.query(
            'SELECT request_hash, status, body FROM idempotency_keys WHERE idempotency_key = $1 AND method = $2 AND path = $3',
            scope,
          );
          if (first.request_hash !== fingerprint) {
            throw new UnprocessableEntityException({
              statusCode: 422,
              code: 'IDEMPOTENCY_KEY_REUSED',
              message: 'this Idempotency-Key was used with a different request body',
            });
          }
          return { replayed: true, status: first.status, body: first.body };
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await manager.query(
          'UPDATE idempotency_keys SET status = $4, body = $5 WHERE idempotency_key = $1 AND method = $2 AND path = $3',
          [...scope, successStatus, JSON.stringify(body ?? null)],
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
