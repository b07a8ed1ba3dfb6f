import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError, RateLimiter, TokenVerifier, type PersonRole, type Principal } from '@chuishao/auth';
import { LOGGER, type Logger } from '@chuishao/kernel';
import type { Request, Response } from 'express';
import { ALLOWED_ROLES, PUBLIC_ROUTE, STREAM_ROUTE } from './decorators';
import { StreamAccess, type StreamCredential } from './stream-access';

export const TOKEN_VERIFIER = Symbol.for('chuishao.TokenVerifier');
export const RATE_LIMITER = Symbol.for('chuishao.RateLimiter');

export type AuthenticatedRequest = Request & {
  principal?: Principal;
  /** The verified credential, with the moment it expires (a live stream closes then). */
  credential?: StreamCredential;
};

/** The methods AuthGuard rate-limits (and the OpenAPI document gives a 429). */
export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every HTTP endpoint needs a valid bearer token (401 otherwise) and a role it declared with
 * @Roles (403 otherwise), unless marked @Public. State-changing calls are rate limited per caller
 * (429 with Retry-After). Guards run before pipes, so a refused request is never even parsed
 * into a command: nothing can change on a refusal.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly streams: StreamAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // Kafka handlers: events are validated by contract
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();

    let principal: Principal;
    try {
      request.credential = await this.credentialOf(request, targets);
      principal = request.credential.principal;
    } catch (error) {
      if (error instanceof AuthError) {
        throw new HttpException(
          { statusCode: 401, code: error.code, message: error.message },
          HttpStatus.UNAUTHORIZED,
        );
      }
      throw error;
    }
    request.principal = principal;

    const allowed = this.reflector.getAllAndOverride<PersonRole[]>(ALLOWED_ROLES, targets);
    if (!allowed) {
      this.logger.error('endpoint declares no roles; refusing everyone', { route: request.route?.path });
    }
    if (!allowed?.includes(principal.role)) {
      throw new HttpException(
        {
          statusCode: 403,
          code: 'ROLE_FORBIDDEN',
          message: `role ${principal.role} may not ${request.method} ${request.route?.path ?? request.path}`,
        },
        HttpStatus.FORBIDDEN,
      );
    }

    if (STATE_CHANGING.has(request.method)) {
      const verdict = this.limiter.take(`${principal.role}:${principal.subject}`);
      if (!verdict.allowed) {
        context
          .switchToHttp()
          .getResponse<Response>()
          .setHeader('Retry-After', String(verdict.retryAfterSeconds));
        throw new HttpException(
          {
            statusCode: 429,
            code: 'RATE_LIMITED',
            message: `too many changes; retry in ${verdict.retryAfterSeconds} s`,
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
    return true;
  }

  /** The bearer token, or on a stream route the single-use ticket of `?ticket=`. */
  private credentialOf(
    request: AuthenticatedRequest,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ) {
    const ticket = request.query?.ticket;
    if (typeof ticket === 'string' && this.reflector.getAllAndOverride<boolean>(STREAM_ROUTE, targets))
      return this.streams.redeem(ticket);
    return this.verifier.verifyWithExpiry(request.headers.authorization);
  }
}
