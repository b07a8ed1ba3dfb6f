import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@chuishao/kernel';
import { PlatformModule, type ServiceConfig } from '@chuishao/platform';
import { ClimbLadder } from './application/climb-ladder/climb-ladder.use-case';
import { DeadlineEventHandlers } from './application/climb-ladder/deadline-events.handlers';
import { FailMediation } from './application/fail-mediation/fail-mediation.use-case';
import {
  MEDIATION_SETTINGS,
  loadMediationSettings,
  type MediationSettings,
} from './application/mediation-settings';
import { LegalTime } from './application/legal-time/legal-time';
import { OpenMediation } from './application/open-mediation/open-mediation.use-case';
import { WhistleEventHandlers } from './application/open-mediation/whistle-events.handlers';
import { RecordAgreement } from './application/record-agreement/record-agreement.use-case';
import { RecordSession } from './application/record-session/record-session.use-case';
import { RecordPerformance } from './application/record-performance/record-performance.use-case';
import { PerformanceController } from './http/performance.controller';
import { MediationInCharge } from './application/in-charge/in-charge';
import { InChargeCommands } from './application/in-charge/in-charge-commands';
import { TimeLimitPassed } from './application/time-limit/time-limit-passed.use-case';
import { PerformanceDeadlineReached } from './application/record-performance/performance-deadline-reached.use-case';
import { CaseEventHandlers } from './application/track-cases/case-events.handlers';
import { CalendarEventHandlers } from './application/track-calendar/calendar-events.handlers';
import { HolidayScheduleRepository } from './infrastructure/persistence/holiday-schedule.repository';
import { MediationsController } from './http/mediations.controller';
import { AgreementDocumentController } from './http/agreement-document.controller';
import { HolidaySchedulesController } from './http/holiday-schedules.controller';
import { AgreementDocument } from './application/agreement-document/agreement-document.query';
import { PdfRenderer } from '@chuishao/documents';
import { LegalCalendarMetrics } from './infrastructure/legal-time/legal-calendar-metrics';
import { mediationMigrations } from './infrastructure/persistence/migrations';
import { KnownCasesRepository } from './infrastructure/persistence/known-cases.repository';
import { MediationRepository } from './infrastructure/persistence/mediation.repository';
import { MediationStore } from './infrastructure/persistence/mediation.store';
import { MediationSql } from './infrastructure/persistence/schema';
import { MediationCommands } from './application/mediation-commands';
import { EVIDENCE_UPLOAD_CEILING } from '@chuishao/contracts';
import type { ObjectStore } from '@chuishao/object-store';
import { MediationEvidence } from './application/evidence/mediation-evidence';
import { EvidenceController } from './http/evidence.controller';
import { evidenceStoreProvider } from './infrastructure/evidence/evidence-store.provider';
import { EvidenceRepository } from './infrastructure/persistence/evidence.repository';

export const MEDIATION_DESCRIPTION = {
  title: 'chuishao mediation',
  description:
    'Mediations on cases: sessions (情/理/法/诉), the 四级七天 tier ladder on sla-timer deadlines, art. 29 agreements and their performance (art. 31). Emits MediationOpened, MediationSessionRecorded, MediationLevelRaised, AgreementReached, MediationFailed, AgreementPerformanceRecorded and AgreementPerformanceDeadlinePassed on `mediation`, and EvidenceAttached (a photo or document attached to a mediation) on `cases`.',
  // The evidence upload's body is the file's bytes, not JSON (libs/platform input-hygiene.ts).
  binaryUploads: [{ path: /^\/mediations\/[^/]+\/evidence\/?$/, maxBytes: EVIDENCE_UPLOAD_CEILING }],
};

export interface MediationOptions {
  clock?: Clock;
  /** Overrides of what the environment says (tests pass second-scale ladders: `seconds(n)` periods). */
  settings?: Partial<MediationSettings>;
  /** Tests pass an object store; everything else reads OBJECT_STORE (libs/object-store). */
  evidenceStore?: ObjectStore;
}

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, options: MediationOptions = {}): DynamicModule {
    const settings: MediationSettings = { ...loadMediationSettings(), ...options.settings };
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          entities: [],
          migrations: mediationMigrations,
          clock: options.clock,
        }),
      ],
      controllers: [
        MediationsController,
        PerformanceController,
        AgreementDocumentController,
        HolidaySchedulesController,
        EvidenceController,
        CaseEventHandlers,
        CalendarEventHandlers,
        WhistleEventHandlers,
        DeadlineEventHandlers,
      ],
      providers: [
        { provide: MEDIATION_SETTINGS, useValue: settings },
        MediationSql,
        MediationRepository,
        MediationStore,
        KnownCasesRepository,
        HolidayScheduleRepository,
        MediationCommands,
        OpenMediation,
        RecordSession,
        MediationInCharge,
        InChargeCommands,
        RecordAgreement,
        FailMediation,
        RecordPerformance,
        ClimbLadder,
        LegalCalendarMetrics,
        LegalTime,
        TimeLimitPassed,
        PerformanceDeadlineReached,
        AgreementDocument,
        evidenceStoreProvider(options.evidenceStore),
        EvidenceRepository,
        MediationEvidence,
        { provide: PdfRenderer, useValue: new PdfRenderer(process.env) },
      ],
    };
  }
}
