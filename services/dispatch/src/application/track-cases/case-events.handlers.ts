import { Controller, Inject, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { COLLECTS_ITS_WRITES } from '@chuishao/messaging';
import { CaseClosed, CaseReferred, CaseRegistered, CaseReopened, type EventOf } from '@chuishao/contracts';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';

/** Keeps dispatch's own copy of the cases it may whistle: where they are, and whether closed. */
@Injectable()
export class TrackCases {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: KnownCasesRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  registered(event: EventOf<typeof CaseRegistered>): Promise<void> {
    return this.transactions.run(() =>
      this.cases.recordRegistered({
        caseId: event.caseId,
        caseNo: event.payload.caseNo,
        centerId: event.payload.center.id,
        centerPath: event.payload.center.path,
        disputeType: event.payload.disputeType,
        urgency: event.payload.urgency,
      }),
    );
  }

  /** A referral moves the case to another center: its whistles are that center's from now on. */
  referred(event: EventOf<typeof CaseReferred>): Promise<void> {
    return this.transactions.run(async () => {
      const { to } = event.payload;
      if (!(await this.cases.moveTo(event.caseId, to.id, to.path))) {
        this.logger.warn('CaseReferred for a case dispatch never saw registered', { caseId: event.caseId });
      }
    });
  }

  /**
   * Closed (CaseClosed), or open again after an unsatisfied follow-up (CaseReopened): the operator
   * may whistle a reopened case again. Both travel on `cases` keyed by the case, so in order.
   */
  closed(caseId: string, closed = true): Promise<void> {
    return this.transactions.run(async () => {
      if (!(await this.cases.markClosed(caseId, closed))) {
        this.logger.warn(
          `${closed ? 'CaseClosed' : 'CaseReopened'} for a case dispatch never saw registered`,
          {
            caseId,
          },
        );
      }
    });
  }
}

@Controller()
export class CaseEventHandlers {
  constructor(private readonly trackCases: TrackCases) {}

  @EventPattern(CaseRegistered.type, COLLECTS_ITS_WRITES)
  onCaseRegistered(@Payload() event: EventOf<typeof CaseRegistered>): Promise<void> {
    return this.trackCases.registered(event);
  }

  @EventPattern(CaseReferred.type)
  onCaseReferred(@Payload() event: EventOf<typeof CaseReferred>): Promise<void> {
    return this.trackCases.referred(event);
  }

  @EventPattern(CaseClosed.type)
  onCaseClosed(@Payload() event: EventOf<typeof CaseClosed>): Promise<void> {
    return this.trackCases.closed(event.caseId);
  }

  @EventPattern(CaseReopened.type)
  onCaseReopened(@Payload() event: EventOf<typeof CaseReopened>): Promise<void> {
    return this.trackCases.closed(event.caseId, false);
  }
}
