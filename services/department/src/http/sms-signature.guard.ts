import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { checkSignedBody, type AuthenticatedRequest } from '@chuishao/platform';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../application/notification-settings';
import { SmsReplyMetrics } from '../infrastructure/notifications/sms-reply-metrics';

/** The name of this guard's proof in the OpenAPI document (instead of the bearer token). */
export const SMS_SIGNATURE = 'smsGatewaySignature';
export const SMS_SIGNATURE_SCHEME = {
  type: 'apiKey',
  in: 'header',
  name: 'X-Sms-Signature',
  description: 'sha256=<hex HMAC-SHA256 of "<X-Sms-Timestamp>.<raw body>" with SMS_INBOUND_SECRET>',
} as const;

/**
 * The SMS gateway's inbound webhook carries no bearer token: the gateway signs "<timestamp>.<raw
 * body>" with the secret it shares with us, the scheme of the court callbacks and of our own
 * webhooks. A missing or wrong signature, or a timestamp further than SMS_INBOUND_MAX_AGE_SECONDS
 * from now (a replay of an old reply), answers 401; with no secret configured every reply does
 * (fail closed: a forged reply would answer a summons for a department). A replay inside the
 * window repeats a message id, which the use case answers without acting again.
 */
@Injectable()
export class SmsSignatureGuard implements CanActivate {
  private readonly logger: Logger;

  constructor(
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: SmsReplyMetrics,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('sms-signature');
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { rawBody?: Buffer }>();
    const { secret, maxAgeSeconds } = this.settings.smsInbound;
    if (!secret)
      throw this.refuse('SMS_INBOUND_DISABLED', 'SMS_INBOUND_SECRET is not set: no reply is taken');
    const timestamp = request.header('x-sms-timestamp');
    const signature = request.header('x-sms-signature');
    if (!timestamp || !signature)
      throw this.refuse('SMS_SIGNATURE_MISSING', 'X-Sms-Timestamp and X-Sms-Signature are required');
    const checked = checkSignedBody({
      secret,
      timestamp,
      signature,
      rawBody: request.rawBody,
      nowSeconds: this.clock.now().getTime() / 1000,
      maxAgeSeconds,
    });
    if (checked === 'invalid')
      throw this.refuse('SMS_SIGNATURE_INVALID', 'the reply signature does not verify');
    if (checked === 'expired')
      throw this.refuse(
        'SMS_SIGNATURE_EXPIRED',
        `the reply was signed more than ${maxAgeSeconds} s from now`,
      );
    // An Idempotency-Key the gateway sends is its own (the message id already makes a repeat harmless).
    request.idempotencyCaller = 'sms-gateway';
    return true;
  }

  private refuse(code: string, message: string): UnauthorizedException {
    this.logger.warn('SMS reply refused before reading', { code });
    this.metrics.unsigned(code);
    return new UnauthorizedException({ statusCode: 401, code, message });
  }
}
