import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError, TokenVerifier, type PersonRole, type Principal } from '@chuishao/auth';
import { LOGGER, type Logger } from '@chuishao/kernel';
import type { Request, Response } from 'express';
import { ALLOWED_ROLES, PUBLIC_ROUTE, STREAM_ROUTE, UNLIMITED_ROUTE } from './decorators';
import { REQUEST_LIMITS, RequestLimits, type Budget } from './request-limits';
import { StreamAccess, type StreamCredential } from './stream-access';

export const TOKEN_VERIFIER = Symbol.for('chuishao.TokenVerifier');

export type AuthenticatedRequest = Request & {
  principal?: Principal;
  /** The verified credential, with the moment it expires (a live stream closes then). */
  credential?: StreamCredential;
  /**
   * On a public route, who its own guard verified by a credential of another kind (an Open311
   * client's API key): the caller the Idempotency-Key belongs to.
   */
  idempotencyCaller?: string;
};

/** The methods that spend the `changes` budget; every other one spends `reads`. */
export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const WHAT: Record<Budget, string> = {
  changes: 'too many changes by this caller',
  reads: 'too many reads by this caller',
  failedSignIns: 'too many refused tokens from this address',
  public: 'too many requests from this address',
};

/**
 * Every HTTP endpoint needs a valid bearer token (401 otherwise) and a role it declared with
 * @Roles (403 otherwise), unless marked @Public. Every request spends a budget shared by all
 * instances of the service (RequestLimits), 429 with Retry-After once it is used up: a caller's
 * changes and reads, an address's requests to public routes and its refused tokens. Guards run
 * before pipes, so a refused request is never even parsed into a command: nothing can change
 * on a refusal.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(REQUEST_LIMITS) private readonly limits: RequestLimits,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly streams: StreamAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // Kafka handlers: events are validated by contract
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      if (this.reflector.getAllAndOverride<boolean>(UNLIMITED_ROUTE, targets)) return true;
      await this.spend('public', clientAddress(request), response);
      return true;
    }
    request.credential = await this.verify(request, response, targets);
    const principal = request.credential.principal;
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
    const budget = STATE_CHANGING.has(request.method) ? 'changes' : 'reads';
    await this.spend(budget, `${principal.role}:${principal.subject}`, response);
    return true;
  }

  /**
   * A refused token spends its address's `failedSignIns` budget; past it, the answer is 429
   * instead of 401. A valid token is never refused for its address's failures: a lockout by
   * address would let one client shut out everyone behind the same NAT or gateway, and guessing
   * a valid signature is not a threat that counting could slow further.
   */
  private async verify(
    request: AuthenticatedRequest,
    response: Response,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ): Promise<StreamCredential> {
    try {
      return await this.credentialOf(request, targets);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      await this.spend('failedSignIns', clientAddress(request), response);
      throw new HttpException(
        { statusCode: 401, code: error.code, message: error.message },
        HttpStatus.UNAUTHORIZED,
      );
    }
  }

  /** The bearer token, or on a stream route the single-use ticket of `?ticket=`. */
  private credentialOf(
    request: AuthenticatedRequest,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ): Promise<StreamCredential> {
    const ticket = request.query?.ticket;
    if (typeof ticket === 'string' && this.reflector.getAllAndOverride<boolean>(STREAM_ROUTE, targets))
      return this.streams.redeem(ticket);
    return this.verifier.verifyWithExpiry(request.headers.authorization);
  }

  private async spend(budget: Budget, key: string, response: Response): Promise<void> {
    const verdict = await this.limits.take(budget, key);
    if (verdict.allowed) return;
    response.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new HttpException(
      {
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: `${WHAT[budget]}; retry in ${verdict.retryAfterSeconds} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** The client's address: Express's `request.ip`, which honours TRUST_PROXY behind a proxy. */
function clientAddress(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
