import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '@chuishao/platform';
import { Open311Clients } from '../../application/open311/open311-clients.use-case';
import type { Open311Client } from '../../infrastructure/open311/open311.repository';

export type Open311Request = AuthenticatedRequest & { open311Client?: Open311Client };

/**
 * GeoReport v2 clients prove who they are by `api_key` (a form or JSON field on POST, a query
 * parameter on GET), not by a person's bearer token. The verified client travels on the request,
 * and is the caller its Idempotency-Keys belong to.
 */
@Injectable()
export class Open311KeyGuard implements CanActivate {
  constructor(private readonly clients: Open311Clients) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Open311Request>();
    const body = request.body as Record<string, unknown> | undefined;
    const key = request.method === 'POST' ? body?.api_key : request.query.api_key;
    const client = await this.clients.authenticate(key);
    request.open311Client = client;
    request.idempotencyCaller = `open311:${client.id}`;
    return true;
  }
}
