import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock, PersonalDataKeys } from '@chuishao/kernel';
import { PlatformModule, type ServiceConfig } from '@chuishao/platform';
import { CaseCommands } from './application/case-commands';
import { CloseCase } from './application/close-case/close-case.use-case';
import { CloseCaseAfterRuling } from './application/follow-court-ruling/close-case-after-ruling.use-case';
import { CourtRulingHandlers } from './application/follow-court-ruling/court-ruling.handlers';
import { AnswerFollowUpLink } from './application/follow-up/answer-follow-up-link.use-case';
import { FollowUpLinkHandlers } from './application/follow-up/follow-up-link.handlers';
import { RecordFollowUp } from './application/follow-up/record-follow-up.use-case';
import { FOLLOW_UP_LINK_URL, SendFollowUpLink } from './application/follow-up/send-follow-up-link.use-case';
import { ReadCases } from './application/read-cases/read-cases.query';
import { CaseTrailHandlers } from './application/record-case-trail/case-trail.handlers';
import { RecordCaseTrail } from './application/record-case-trail/record-case-trail.use-case';
import { ReferCase } from './application/refer-case/refer-case.use-case';
import { RegisterCase } from './application/register-case/register-case.use-case';
import { LinkCases } from './application/repeat-petitions/link-cases.use-case';
import { RepeatPetitions } from './application/repeat-petitions/repeat-petitions.query';
import { RecordCaseProgress } from './application/track-whistle-progress/record-case-progress.use-case';
import { WhistleProgressHandlers } from './application/track-whistle-progress/whistle-progress.handlers';
import { Open311Clients } from './application/open311/open311-clients.use-case';
import { ReadOpen311Requests } from './application/open311/read-open311-requests.query';
import { SubmitOpen311 } from './application/open311/submit-open311-request.use-case';
import { CaseLinksController } from './http/case-links.controller';
import { Open311ClientsController } from './http/open311/open311-clients.controller';
import { Open311Controller } from './http/open311/open311.controller';
import { Open311KeyGuard } from './http/open311/open311-key.guard';
import { Open311ErrorFilter } from './http/open311/open311-errors';
import { Open311Repository } from './infrastructure/open311/open311.repository';
import { AttachEvidence } from './application/evidence/attach-evidence.use-case';
import { CaseInScope } from './application/evidence/case-in-scope';
import { ReadEvidence } from './application/evidence/read-evidence.query';
import { EvidenceController } from './http/evidence.controller';
import { CasesController } from './http/cases.controller';
import { CentersController } from './http/centers.controller';
import { FollowUpLinksController } from './http/follow-up-links.controller';
import { FollowUpsController } from './http/follow-ups.controller';
import { FollowUpLinkRepository } from './infrastructure/follow-up/follow-up-link.repository';
import { FOLLOW_UP_SMS, SimulatorFollowUpSms } from './infrastructure/follow-up/follow-up-sms';
import { ReferralsController } from './http/referrals.controller';
import { CaseLinkRepository } from './infrastructure/persistence/case-link.repository';
import { CaseTrailRepository } from './infrastructure/persistence/case-trail.repository';
import { CaseRepository } from './infrastructure/persistence/case.repository';
import { CaseStore } from './infrastructure/persistence/case.store';
import { intakeEntities } from './infrastructure/persistence/entities';
import { intakeMigrations } from './infrastructure/persistence/migrations';
import { IntakeSql } from './infrastructure/persistence/schema';
import { PersonalDataRewrap } from './infrastructure/personal-data/personal-data-rewrap';
import { personalDataProviders } from './infrastructure/personal-data/personal-data.provider';
import { FOLLOW_UP_POLICY, followUpPolicyFrom, type FollowUpPolicy } from './domain/follow-up';
import { CenterSeeder } from './infrastructure/seed/center-seeder';
import {
  EVIDENCE_POLICY,
  EVIDENCE_UPLOAD_CEILING,
  evidencePolicyFrom,
  type EvidencePolicy,
} from './domain/evidence';
import { evidenceStoreProvider } from './infrastructure/evidence/evidence-store.provider';
import { EvidenceRepository } from './infrastructure/persistence/evidence.repository';
import type { ObjectStore } from '@chuishao/object-store';

export const INTAKE_DESCRIPTION = {
  title: 'chuishao intake',
  description:
    'Centers, cases and parties: where a dispute is registered (by a clerk, or through Open311 GeoReport v2). Emits CaseRegistered, CasesLinked, CaseReferred, CaseClosed, FollowUpScheduled, FollowUpRecorded, CaseReopened and EvidenceAttached on `cases`; ' +
    "keeps every case's audit trail from all topics and the photos and documents attached to a case. Parties' ID numbers and phones are stored encrypted.",
  // The evidence upload's body is the file's bytes, not JSON (libs/platform input-hygiene.ts).
  binaryUploads: [{ path: /^\/cases\/[^/]+\/evidence\/?$/, maxBytes: EVIDENCE_UPLOAD_CEILING }],
};

export interface IntakeOptions {
  /** Tests pass a FixedClock; everything else gets the system clock. */
  clock?: Clock;
  /** Tests pass a key ring; everything else reads PII_KEYS / PII_ACTIVE_KEY_ID / PII_HASH_KEY. */
  personalDataKeys?: PersonalDataKeys;
  /** Tests pass the follow-up window; everything else reads FOLLOW_UP_WINDOW_HOURS (3 days unset). */
  followUp?: FollowUpPolicy;
  /** Tests pass the evidence size limit; everything else reads EVIDENCE_MAX_BYTES (10 MiB unset). */
  evidence?: EvidencePolicy;
  /** Tests pass an object store; everything else reads OBJECT_STORE (libs/object-store). */
  evidenceStore?: ObjectStore;
}

/** The workstation's public follow-up page, where the SMS link points (the token appended). */
const followUpLinkUrl = () => process.env.FOLLOW_UP_LINK_URL ?? 'http://127.0.0.1:3000/follow-up';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, options: IntakeOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          entities: intakeEntities,
          migrations: intakeMigrations,
          clock: options.clock,
        }),
      ],
      controllers: [
        CasesController,
        CaseLinksController,
        CentersController,
        ReferralsController,
        FollowUpsController,
        FollowUpLinksController,
        Open311Controller,
        Open311ClientsController,
        EvidenceController,
        FollowUpLinkHandlers,
        WhistleProgressHandlers,
        CourtRulingHandlers,
        CaseTrailHandlers,
      ],
      providers: [
        ...personalDataProviders(options.personalDataKeys),
        { provide: FOLLOW_UP_POLICY, useFactory: () => options.followUp ?? followUpPolicyFrom(process.env) },
        PersonalDataRewrap,
        IntakeSql,
        CaseRepository,
        CaseStore,
        CaseCommands,
        CaseTrailRepository,
        CenterSeeder,
        RegisterCase,
        CloseCase,
        ReferCase,
        CloseCaseAfterRuling,
        RecordCaseProgress,
        RecordCaseTrail,
        ReadCases,
        CaseLinkRepository,
        RepeatPetitions,
        LinkCases,
        RecordFollowUp,
        FollowUpLinkRepository,
        SimulatorFollowUpSms,
        { provide: FOLLOW_UP_SMS, useExisting: SimulatorFollowUpSms },
        { provide: FOLLOW_UP_LINK_URL, useFactory: followUpLinkUrl },
        SendFollowUpLink,
        AnswerFollowUpLink,
        Open311Repository,
        Open311Clients,
        SubmitOpen311,
        ReadOpen311Requests,
        Open311KeyGuard,
        Open311ErrorFilter,
        { provide: EVIDENCE_POLICY, useFactory: () => options.evidence ?? evidencePolicyFrom(process.env) },
        evidenceStoreProvider(options.evidenceStore),
        EvidenceRepository,
        CaseInScope,
        AttachEvidence,
        ReadEvidence,
      ],
    };
  }
}
