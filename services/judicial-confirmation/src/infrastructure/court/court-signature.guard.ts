import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import type { Request } from 'express';
import { checkSignedBody } from '@chuishao/platform';
import { JUDICIAL_SETTINGS, type JudicialSettings } from '../../application/judicial-settings';
import { CourtMetrics } from './court-metrics';

export type SignedRequest = Request & { rawBody?: Buffer; courtId?: string };

/** The name of this guard's proof in the OpenAPI document (instead of the bearer token). */
export const COURT_SIGNATURE = 'courtSignature';
export const COURT_SIGNATURE_SCHEME = {
  type: 'apiKey',
  in: 'header',
  name: 'X-Court-Signature',
  description:
    'sha256=<hex HMAC-SHA256 of "<X-Court-Timestamp>.<raw body>" with the court’s shared secret>, ' +
    'with X-Court-Id naming the court.',
} as const;

/**
 * Court callbacks carry no bearer token: the court proves itself with an HMAC-SHA256 over
 * "<timestamp>.<raw body>" with the secret it shares with us. A missing or wrong signature, an
 * unknown court, or a timestamp outside ±max-age (a replay of an old notice) → 401.
 */
@Injectable()
export class CourtSignatureGuard implements CanActivate {
  private readonly logger: Logger;

  constructor(
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    private readonly metrics: CourtMetrics,
  ) {
    this.logger = logger.child('court-signature');
  }

  private unauthorized(courtId: string | undefined, code: string, message: string): UnauthorizedException {
    // Label only courts we know: a forger must not be able to mint label values.
    const court = courtId && Object.hasOwn(this.settings.courtSecrets, courtId) ? courtId : 'unknown';
    this.metrics.callbacks.inc({ court, outcome: 'refused' });
    return new UnauthorizedException({ statusCode: 401, code, message });
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const courtId = request.header('x-court-id');
    const timestamp = request.header('x-court-timestamp');
    const signature = request.header('x-court-signature');
    if (!courtId || !timestamp || !signature)
      throw this.unauthorized(
        courtId,
        'COURT_SIGNATURE_MISSING',
        'X-Court-Id, X-Court-Timestamp and X-Court-Signature are required',
      );
    const secret = Object.hasOwn(this.settings.courtSecrets, courtId)
      ? this.settings.courtSecrets[courtId]
      : undefined;
    const checked = secret
      ? checkSignedBody({
          secret,
          timestamp,
          signature,
          rawBody: request.rawBody,
          nowSeconds: this.clock.now().getTime() / 1000,
          maxAgeSeconds: this.settings.callbackMaxAgeSeconds,
        })
      : 'invalid';
    if (checked === 'invalid') {
      this.logger.warn('court callback refused', { courtId: courtId.slice(0, 64), why: 'bad signature' });
      throw this.unauthorized(courtId, 'COURT_SIGNATURE_INVALID', 'the callback signature does not verify');
    }
    if (checked === 'expired') {
      this.logger.warn('court callback refused', { courtId, why: 'stale timestamp' });
      throw this.unauthorized(
        courtId,
        'COURT_SIGNATURE_EXPIRED',
        `the callback was signed more than ${this.settings.callbackMaxAgeSeconds} s from now`,
      );
    }
    request.courtId = courtId;
    return true;
  }
}
