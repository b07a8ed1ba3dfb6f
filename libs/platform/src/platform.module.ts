import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TokenVerifier } from '@chuishao/auth';
import {
  CLOCK,
  JsonLogger,
  LOGGER,
  PersonalDataCipher,
  SystemClock,
  type Clock,
  type Logger,
} from '@chuishao/kernel';
import { MessagingModule, messagingMigrations } from '@chuishao/messaging';
import {
  AuditLogChains1765100000000,
  AuditLogHashChain1764800000000,
  openServiceDatabase,
  TransactionHost,
} from '@chuishao/persistence';
import { DataSource } from 'typeorm';
import { AuthGuard, TOKEN_VERIFIER } from './auth/auth.guard';
import { RateLimits1732400000004, REQUEST_LIMITS, RequestLimits } from './auth/request-limits';
import { StreamAccess, StreamTickets1733100000000 } from './auth/stream-access';
import { ErrorFilter } from './http/error-filter';
import { Housekeeping, loadRetentionPolicy, RETENTION_POLICY } from './housekeeping';
import { HealthController } from './http/health.controller';
import { MetricsController, ServiceMetrics } from './metrics';
import { MESSAGING_METRICS } from '@chuishao/messaging';
import {
  IdempotencyInterceptor,
  IdempotencyKeys1732400000001,
  IdempotencyKeysPerCaller1732400000003,
  IdempotentAnswersSealed1764800000001,
  PERSONAL_DATA_CIPHER,
} from './http/idempotency';
import { createValidationPipe } from './http/validation';
import type { ServiceConfig } from './service-config';

import { SERVICE_CONFIG } from './service-config';
import { shutdownTracing } from './tracing/running-tracer';

export interface PlatformOptions {
  config: ServiceConfig;
  /** TypeORM entity classes of the service. */
  entities: Array<new () => object>;
  /** Migration classes of the service, applied after the platform's own. */
  migrations: Array<new () => object>;
  /** Tests pass a FixedClock; everything else gets the system clock. */
  clock?: Clock;
  logger?: Logger;
}

/** The spans still buffered are exported before the process ends (when tracing runs). */
class TracingFlusher implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}

class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * What every service stands on: clock, JSON logger, its database schema (migrated at start),
 * ambient transactions, Kafka messaging, validation, error bodies, Idempotency-Key and health.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const logger = options.logger ?? new JsonLogger({ service: config.service });
    return {
      module: PlatformModule,
      imports: [MessagingModule.forRoot(config.messaging)],
      controllers: [HealthController, MetricsController],
      providers: [
        TracingFlusher,
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? new SystemClock() },
        { provide: LOGGER, useValue: logger },
        { provide: PERSONAL_DATA_CIPHER, useValue: new PersonalDataCipher(config.personalDataKeys) },
        {
          provide: DataSource,
          useFactory: () =>
            openServiceDatabase({
              database: config.database,
              entities: options.entities,
              migrations: [
                ...messagingMigrations,
                IdempotencyKeys1732400000001,
                IdempotencyKeysPerCaller1732400000003,
                StreamTickets1733100000000,
                RateLimits1732400000004,
                IdempotentAnswersSealed1764800000001,
                // Services only: it serialises audited commits (per chain), which the messaging
                // lib's own tests of overlapping transactions must not meet (README "Audit chain").
                AuditLogHashChain1764800000000,
                AuditLogChains1765100000000,
                ...options.migrations,
              ],
            }),
        },
        {
          provide: TransactionHost,
          useFactory: (ds: DataSource) => new TransactionHost(ds),
          inject: [DataSource],
        },
        {
          provide: DataSourceCloser,
          useFactory: (ds: DataSource) => new DataSourceCloser(ds),
          inject: [DataSource],
        },
        { provide: TOKEN_VERIFIER, useValue: new TokenVerifier(config.auth) },
        {
          provide: REQUEST_LIMITS,
          useFactory: (ds: DataSource) => RequestLimits.shared(ds, config.rateLimits),
          inject: [DataSource],
        },
        StreamAccess,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: ServiceMetrics, useValue: new ServiceMetrics(config.service) },
        { provide: MESSAGING_METRICS, useExisting: ServiceMetrics },
        { provide: RETENTION_POLICY, useValue: loadRetentionPolicy() },
        Housekeeping,
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useFactory: () => new ErrorFilter(logger.child('http')) },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [
        SERVICE_CONFIG,
        CLOCK,
        LOGGER,
        PERSONAL_DATA_CIPHER,
        DataSource,
        TransactionHost,
        TOKEN_VERIFIER,
        StreamAccess,
        ServiceMetrics,
        MESSAGING_METRICS,
      ],
    };
  }
}
