import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@chuishao/auth';
import type { Actor } from '@chuishao/contracts';
import type { Request } from 'express';

/** Who is asking and which flow the request belongs to; travels into events as actor and correlationId. */
export interface RequestContext {
  /** The verified caller; its role and subject are the actor of every event the request causes. */
  principal: Principal;
  actor: Actor;
  requestId: string;
  correlationId: string;
  idempotencyKey: string | null;
}

export function requestIdOf(request: Request): string {
  return String((request as Request & { id?: string }).id ?? request.headers['x-request-id'] ?? 'unknown');
}

/** `@Ctx() ctx: RequestContext` — the verified caller and the flow this request belongs to. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
  const principal = request.principal;
  if (!principal) throw new Error('@Ctx() on a route without an authenticated caller (is it @Public?)');
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : null;
  };
  const requestId = requestIdOf(request);
  return {
    principal,
    actor: { role: principal.role, id: principal.subject },
    requestId,
    correlationId: header('x-correlation-id') ?? requestId,
    idempotencyKey: header('idempotency-key'),
  };
});
