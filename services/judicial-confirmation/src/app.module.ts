import { PdfRenderer } from '@chuishao/documents';
import { ApplicationDocument } from './application/application-document/application-document.query';
import { ApplicationDocumentController } from './http/application-document.controller';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@chuishao/kernel';
import { PlatformModule, type ServiceConfig, type ServiceDescription } from '@chuishao/platform';
import { KnownCaseCentersHandlers } from '@chuishao/messaging';
import { knownCaseCentersProvider } from '@chuishao/persistence';
import { ConfirmationCommands } from './application/confirmation-commands';
import { ConfirmationPublications } from './application/confirmation-publications';
import { HandleDeadline } from './application/handle-deadlines/handle-deadline.use-case';
import { DeadlineEventHandlers } from './application/handle-deadlines/deadline-events.handlers';
import {
  JUDICIAL_SETTINGS,
  loadJudicialSettings,
  type JudicialSettings,
} from './application/judicial-settings';
import { COURT_ADAPTER } from './application/ports/court-adapter';
import { LegalPeriods } from './application/legal-time/legal-periods';
import { LoadHolidaySchedule } from './application/load-holiday-schedule/load-holiday-schedule.use-case';
import { ReadConfirmations } from './application/read-confirmations/read-confirmations.query';
import { ReceiveCourtNotice } from './application/receive-court-notice/receive-court-notice.use-case';
import { AgreementEventHandlers } from './application/record-agreement/agreement-events.handlers';
import { RecordAgreement } from './application/record-agreement/record-agreement.use-case';
import { RequestConfirmation } from './application/request-confirmation/request-confirmation.use-case';
import { ApplicationSubmitter } from './application/submit-applications/application-submitter';
import { ConfirmationController } from './http/confirmation.controller';
import { HolidaySchedulesController } from './http/holiday-schedules.controller';
import { CourtMetrics } from './infrastructure/court/court-metrics';
import {
  COURT_SIGNATURE,
  COURT_SIGNATURE_SCHEME,
  CourtSignatureGuard,
} from './infrastructure/court/court-signature.guard';
import { HttpCourtAdapter } from './infrastructure/court/http-court.adapter';
import { LegalCalendarMetrics } from './infrastructure/legal-time/legal-calendar-metrics';
import { ConfirmationStore } from './infrastructure/persistence/confirmation.store';
import { FilingQueue } from './infrastructure/persistence/filing-queue';
import { HolidayScheduleRepository } from './infrastructure/persistence/holiday-schedule.repository';
import { CourtHealthRepository } from './infrastructure/persistence/court-health.repository';
import { CourtHealthWatch } from './application/watch-court-health/court-health-watch';
import { judicialConfirmationMigrations } from './infrastructure/persistence/migrations';
import { JudicialRepository } from './infrastructure/persistence/judicial.repository';
import { JudicialSql } from './infrastructure/persistence/schema';

export const JUDICIAL_CONFIRMATION_DESCRIPTION: ServiceDescription = {
  title: 'chuishao judicial-confirmation',
  description:
    'Judicial confirmation of mediation agreements: joint applications within 30 days, court adapters, signed court callbacks, the legal deadlines on the legal calendar (and its holiday schedules, loaded by ops). Learns where each case sits from CaseRegistered on `cases`, to keep clerks and supervisors to their centers. Emits ConfirmationRequested, ConfirmationAccepted, ConfirmationGranted, ConfirmationRejected, ConfirmationWindowClosingNotified and ConfirmationDeadlineMissed on `judicial`, and HolidayScheduleLoaded (on the legal calendar’s stream, not a case) when ops loads a year’s holiday schedule.',
  securitySchemes: { [COURT_SIGNATURE]: COURT_SIGNATURE_SCHEME },
};

export interface JudicialConfirmationOptions {
  clock?: Clock;
  /** Overrides of what the environment says (tests pass second-scale durations). */
  settings?: Partial<Omit<JudicialSettings, 'submitter'>> & {
    submitter?: Partial<JudicialSettings['submitter']>;
  };
}

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, options: JudicialConfirmationOptions = {}): DynamicModule {
    const loaded = loadJudicialSettings();
    const settings: JudicialSettings = {
      ...loaded,
      ...options.settings,
      submitter: { ...loaded.submitter, ...options.settings?.submitter },
    };
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          entities: [],
          migrations: judicialConfirmationMigrations,
          clock: options.clock,
        }),
      ],
      controllers: [
        ConfirmationController,
        ApplicationDocumentController,
        HolidaySchedulesController,
        AgreementEventHandlers,
        DeadlineEventHandlers,
        KnownCaseCentersHandlers,
      ],
      providers: [
        { provide: JUDICIAL_SETTINGS, useValue: settings },
        { provide: COURT_ADAPTER, useClass: HttpCourtAdapter },
        JudicialSql,
        JudicialRepository,
        ConfirmationStore,
        FilingQueue,
        ConfirmationCommands,
        ConfirmationPublications,
        knownCaseCentersProvider,
        ReadConfirmations,
        CourtMetrics,
        CourtSignatureGuard,
        RecordAgreement,
        RequestConfirmation,
        ApplicationSubmitter,
        ReceiveCourtNotice,
        HandleDeadline,
        HolidayScheduleRepository,
        CourtHealthRepository,
        CourtHealthWatch,
        LegalCalendarMetrics,
        LegalPeriods,
        LoadHolidaySchedule,
        ApplicationDocument,
        { provide: PdfRenderer, useValue: new PdfRenderer(process.env) },
      ],
    };
  }
}
