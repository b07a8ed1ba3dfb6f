import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@chuishao/kernel';
import { PlatformModule, type ServiceConfig } from '@chuishao/platform';
import { KnownCaseCentersHandlers } from '@chuishao/messaging';
import { knownCaseCentersProvider } from '@chuishao/persistence';
import { AcknowledgeEscalation } from './application/acknowledge-escalation/acknowledge-escalation.use-case';
import { FireSlaTimers } from './application/fire-timers/fire-sla-timers';
import { SummonsSlaCommands } from './application/summons-sla-handling';
import { SLA_SETTINGS, loadSlaSettings, type SlaSettings } from './application/sla-settings';
import { SummonsEventHandlers } from './application/track-summons/summons-events.handlers';
import { TrackSummons } from './application/track-summons/track-summons.use-case';
import { RecordAnswer } from './application/record-answer/record-answer.use-case';
import { DeadlineEventHandlers } from './application/track-deadlines/deadline-events.handlers';
import { TrackDeadlines } from './application/track-deadlines/track-deadlines.use-case';
import { SlaController } from './http/sla.controller';
import { SlaMetrics } from './infrastructure/metrics/sla-metrics';
import { slaTimerMigrations } from './infrastructure/persistence/migrations';
import { BreachesRepository } from './infrastructure/persistence/breaches.repository';
import { EarlyResponses } from './infrastructure/persistence/early-responses';
import { SlaSql } from './infrastructure/persistence/schema';
import { SummonsSlaQueries } from './infrastructure/persistence/summons-sla.queries';
import { EscalationPolicies } from './infrastructure/persistence/escalation-policies.repository';
import { SetEscalationPolicy } from './application/set-escalation-policy/set-escalation-policy.use-case';
import { EscalationLadderController } from './http/escalation-ladder.controller';
import { EscalateByHand } from './application/escalate-by-hand/escalate-by-hand.use-case';
import { SummonsSlaStore } from './infrastructure/persistence/summons-sla.store';
import { SummonsStart } from './infrastructure/persistence/summons-start';
import { TimerEngine } from './infrastructure/timers/timer-engine';
import { TimerMetrics } from './infrastructure/timers/timer-metrics';
import { TimerStore } from './infrastructure/timers/timer-store';

export const SLA_TIMER_DESCRIPTION = {
  title: 'chuishao sla-timer',
  description:
    'Durable timers, the 30-minute arrival SLA and its escalation ladder, breaches. Emits ArrivalWarningIssued, ArrivalDeadlineBreached, EscalationRaised, EscalationAcknowledged, BreachRetracted and LateArrivalRecorded on `sla`.',
};

export interface SlaTimerOptions {
  clock?: Clock;
  /** Overrides of what the environment says (tests pass second-scale durations). */
  settings?: Partial<Omit<SlaSettings, 'timers'>> & { timers?: Partial<SlaSettings['timers']> };
}

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, options: SlaTimerOptions = {}): DynamicModule {
    const loaded = loadSlaSettings();
    const settings: SlaSettings = {
      ...loaded,
      ...options.settings,
      timers: { ...loaded.timers, ...options.settings?.timers },
    };
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          entities: [],
          migrations: slaTimerMigrations,
          clock: options.clock,
        }),
      ],
      controllers: [
        SlaController,
        EscalationLadderController,
        SummonsEventHandlers,
        DeadlineEventHandlers,
        KnownCaseCentersHandlers,
      ],
      providers: [
        { provide: SLA_SETTINGS, useValue: settings },
        SlaSql,
        SummonsSlaStore,
        SummonsSlaQueries,
        SummonsStart,
        BreachesRepository,
        knownCaseCentersProvider,
        EarlyResponses,
        SummonsSlaCommands,
        TimerStore,
        TimerMetrics,
        SlaMetrics,
        TimerEngine,
        TrackSummons,
        RecordAnswer,
        FireSlaTimers,
        AcknowledgeEscalation,
        TrackDeadlines,
        EscalationPolicies,
        SetEscalationPolicy,
        EscalateByHand,
      ],
    };
  }
}
