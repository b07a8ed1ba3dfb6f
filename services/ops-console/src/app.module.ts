import { MonthlyReport } from './application/monthly-report/monthly-report.query';
import { MonthlyReportController } from './http/monthly-report.controller';
import { MonthlyReportRepository } from './infrastructure/persistence/monthly-report.repository';
import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Clock } from '@chuishao/kernel';
import { PlatformModule, streamTicketController, type ServiceConfig } from '@chuishao/platform';
import { AcknowledgeEscalation } from './application/acknowledge-escalation/acknowledge-escalation.use-case';
import { SLA_TIMER } from './application/acknowledge-escalation/sla-timer.port';
import { CONSOLE_SETTINGS, loadConsoleSettings, type ConsoleSettings } from './application/console-settings';
import { BoardFeed } from './application/live-board/board-feed';
import { LiveBoard } from './application/live-board/live-board';
import { AllEventsHandler } from './application/project-events/all-events.handlers';
import { OutsideHealthHandlers } from './application/watch-outside/outside-health.handlers';
import { OutsideOutagesRepository } from './infrastructure/persistence/outside-outages.repository';
import { ProjectEvent } from './application/project-events/project-event.use-case';
import { ConsoleQueries } from './application/read-console/console-queries';
import { ConsoleController } from './http/console.controller';
import { TierScorecardController } from './http/tier-scorecard.controller';
import { FollowUpScorecard } from './application/read-console/follow-up-scorecard.query';
import { TierScorecard } from './application/read-console/tier-scorecard.query';
import { FollowUpScorecardRepository } from './infrastructure/persistence/follow-up-scorecard.repository';
import { TierScorecardRepository } from './infrastructure/persistence/tier-scorecard.repository';
import { DevSignInController } from './http/dev-sign-in.controller';
import { SessionController } from './http/session.controller';
import { WebController } from './http/web.controller';
import { serviceGateway } from './infrastructure/gateway/service-gateway';
import { workstationFiles } from './infrastructure/gateway/workstation-files';
import { opsConsoleMigrations } from './infrastructure/persistence/migrations';
import { BoardReadModel } from './infrastructure/persistence/board-read-model';
import { ReadModelRepository } from './infrastructure/persistence/read-model.repository';
import { ConsoleSql } from './infrastructure/persistence/schema';
import { SlaTimerHttpClient } from './infrastructure/sla-timer/sla-timer.http-client';

export const OPS_CONSOLE_DESCRIPTION = {
  title: 'chuishao ops-console',
  description:
    'The supervision console (督查台): read models of every topic (case timelines, the live SLA board, scorecards) and the workstation (one web app for every role) at /, and /api/<service>/… forwarded to the services with the caller’s own token. Emits nothing; acknowledging an escalation is forwarded to sla-timer. AsyncAPI of every event at /asyncapi.json.',
  // Evidence uploads pass through as bytes (intake reads their type from the content); the cap is
  // intake's own upload ceiling, so the console never holds more than intake would read.
  binaryUploads: [
    {
      path: /^\/api\/(intake\/cases|mediation\/mediations)\/[^/]+\/evidence\/?$/,
      maxBytes: 25 * 1024 * 1024,
    },
  ],
};

export interface OpsConsoleOptions {
  clock?: Clock;
  /** Overrides of what the environment says (tests point SLA_TIMER_URL at a stub, shorten windows). */
  settings?: Partial<ConsoleSettings>;
}

@Module({})
export class AppModule implements OnModuleInit {
  constructor(
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * The one origin of the workstation: `/api/<service>/…` forwarded, and the app's files. Added
   * after the console's own routes (so /api/board, /health, /metrics and /docs answer first) and
   * before Nest's not-found handler, which is registered after the modules initialise.
   */
  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<{ use: (...handlers: unknown[]) => void }>();
    app.use(serviceGateway(this.settings.serviceUrls));
    app.use(workstationFiles(this.settings.webDir));
  }

  static forRoot(config: ServiceConfig, options: OpsConsoleOptions = {}): DynamicModule {
    const settings: ConsoleSettings = { ...loadConsoleSettings(), ...options.settings };
    // Dev sign-in exists only in development on the built-in secret: elsewhere its route is a 404.
    // …and never beside an identity provider.
    const devSignIn =
      settings.devSignIn &&
      !settings.oidc &&
      config.auth.mode === 'hs256' &&
      config.auth.development === true;
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          entities: [],
          migrations: opsConsoleMigrations,
          clock: options.clock,
        }),
      ],
      controllers: [
        WebController,
        ConsoleController,
        TierScorecardController,
        MonthlyReportController,
        streamTicketController('api/stream-tickets', 'console'),
        SessionController,
        ...(devSignIn ? [DevSignInController] : []),
        AllEventsHandler,
        OutsideHealthHandlers,
      ],
      providers: [
        { provide: CONSOLE_SETTINGS, useValue: { ...settings, devSignIn } },
        { provide: SLA_TIMER, useClass: SlaTimerHttpClient },
        ConsoleSql,
        ReadModelRepository,
        OutsideOutagesRepository,
        BoardReadModel,
        BoardFeed,
        LiveBoard,
        ProjectEvent,
        ConsoleQueries,
        TierScorecard,
        TierScorecardRepository,
        FollowUpScorecardRepository,
        FollowUpScorecard,
        AcknowledgeEscalation,
        MonthlyReport,
        MonthlyReportRepository,
      ],
    };
  }
}
