import {
  Catch,
  type INestApplication,
  type INestMicroservice,
  type RpcExceptionFilter,
} from '@nestjs/common';
import type { CustomTransportStrategy, NestMicroservice } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns whatever an `@EventPattern` handler throws into
 * `{ status: 'error', message: 'Internal server error' }`. The transport then cannot tell a
 * deadlock or a lost connection (hold the partition and retry) from a bug (spend an attempt),
 * and logs "[object Object]": on the three-broker cluster a deadlock between sla-timer's
 * consumer and its timer engine used up an arrival's attempts and dead-lettered it. This filter
 * hands the transport the error as it was thrown.
 */
@Catch()
export class HandlerErrorsPassThrough implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** Connects the event transport to a service's app, with handler errors passed through. */
export function connectEventTransport(
  app: INestApplication,
  strategy: CustomTransportStrategy,
): INestMicroservice {
  // Nest binds the handlers as it connects, and a filter added after that is ignored; deferred,
  // they are bound when the transport starts, with the filter. The app's own init has run the
  // modules' lifecycle hooks: the deferred start must not run them a second time.
  const events = app.connectMicroservice({ strategy }, { deferInitialization: true }) as NestMicroservice;
  events.useGlobalFilters(new HandlerErrorsPassThrough());
  events.setIsInitHookCalled(true);
  return events;
}
