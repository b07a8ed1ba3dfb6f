import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor, ActorRole } from '@chuishao/contracts';
import type { Request } from 'express';

/** Who is asking and which flow the request belongs to; travels into events as actor and correlationId. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  correlationId: string;
  idempotencyKey: string | null;
}

export function requestIdOf(request: Request): string {
  return String((request as Request & { id?: string }).id ?? request.headers['x-request-id'] ?? 'unknown');
}

/**
 * `@Ctx('operator') ctx: RequestContext` — the role an endpoint acts in. Until bearer tokens
 * arrive (issue 3) the caller names itself with X-Actor-Id; the role is the endpoint's.
 */
export const Ctx = createParamDecorator((role: ActorRole, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<Request>();
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : null;
  };
  const requestId = requestIdOf(request);
  return {
    actor: { role, id: header('x-actor-id') ?? 'anonymous' },
    requestId,
    correlationId: header('x-correlation-id') ?? requestId,
    idempotencyKey: header('idempotency-key'),
  };
});
