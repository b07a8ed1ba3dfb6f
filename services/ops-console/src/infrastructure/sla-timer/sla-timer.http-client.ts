import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError } from '@chuishao/kernel';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../../application/console-settings';
import type { SlaTimerAnswer, SlaTimerPort } from '../../application/acknowledge-escalation/sla-timer.port';

const TIMEOUT_MS = 10_000;

/** sla-timer over HTTP; an unreachable or failing sla-timer is a 503 for the caller, never a 500. */
@Injectable()
export class SlaTimerHttpClient implements SlaTimerPort {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  async acknowledgeEscalation(
    request: Parameters<SlaTimerPort['acknowledgeEscalation']>[0],
  ): Promise<SlaTimerAnswer> {
    let response: Response;
    try {
      response = await fetch(
        `${this.settings.slaTimerUrl}/escalations/${encodeURIComponent(request.escalationId)}/acknowledge`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: request.authorization,
            'idempotency-key': request.idempotencyKey,
            ...(request.requestId ? { 'x-request-id': request.requestId } : {}),
          },
          body: JSON.stringify(request.note ? { note: request.note } : {}),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
      );
    } catch (error) {
      throw new UnavailableError('SLA_TIMER_UNAVAILABLE', `sla-timer did not answer: ${String(error)}`);
    }
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (response.status >= 500)
      throw new UnavailableError('SLA_TIMER_UNAVAILABLE', `sla-timer answered ${response.status}`);
    return { status: response.status, body };
  }
}
