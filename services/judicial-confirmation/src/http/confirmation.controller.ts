import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CLOCK, ConflictError, UnavailableError, type Clock } from '@chuishao/kernel';
import { ApiErrors, Ctx, Public, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { COURT_ADAPTER, CourtUnavailable, type CourtAdapter } from '../application/ports/court-adapter';
import { ReadConfirmations } from '../application/read-confirmations/read-confirmations.query';
import { ReceiveCourtNotice } from '../application/receive-court-notice/receive-court-notice.use-case';
import { RequestConfirmation } from '../application/request-confirmation/request-confirmation.use-case';
import { CourtMetrics } from '../infrastructure/court/court-metrics';
import {
  COURT_SIGNATURE,
  CourtSignatureGuard,
  type SignedRequest,
} from '../infrastructure/court/court-signature.guard';
import { JudicialRepository } from '../infrastructure/persistence/judicial.repository';
import { agreementView, requestView } from './confirmation.view';
import { RequestConfirmationDto } from './dto/confirmation.dto';

/** The mediator (or the center's clerk) files on behalf of the parties. */
export const FILERS = ['mediator', 'clerk'] as const;
/**
 * …and supervision and ops follow the applications. A clerk reads those of cases at their own
 * center, a supervisor with a center those at it or below (ReadConfirmations); else 404.
 */
export const READERS = ['mediator', 'clerk', 'supervisor', 'ops'] as const;

@ApiTags('judicial-confirmation')
@Controller()
export class ConfirmationController {
  constructor(
    private readonly requestConfirmation: RequestConfirmation,
    private readonly receiveCourtNotice: ReceiveCourtNotice,
    private readonly repository: JudicialRepository,
    private readonly reads: ReadConfirmations,
    @Inject(COURT_ADAPTER) private readonly court: CourtAdapter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: CourtMetrics,
  ) {}

  @Post('agreements/:agreementId/confirmation-requests')
  @Roles(...FILERS)
  @ApiOperation({
    summary: 'The parties apply jointly for judicial confirmation (emits ConfirmationRequested)',
    description: '409 after the 30-day window, on unconfirmable matters, or without every party’s consent.',
  })
  @ApiErrors({
    notFound: ['AGREEMENT_NOT_FOUND'],
    conflict: [
      'CONFIRMATION_ALREADY_REQUESTED',
      'CONFIRMATION_WINDOW_CLOSED',
      'MATTER_NOT_CONFIRMABLE',
      'CONSENT_MISSING',
    ],
  })
  async request(
    @Param('agreementId', new UuidPipe('agreementId')) agreementId: string,
    @Body() body: RequestConfirmationDto,
    @Ctx() ctx: RequestContext,
  ) {
    const request = await this.requestConfirmation.execute({
      agreementId,
      consentingParties: body.consentingParties.map((name) => name.trim()),
      filer: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return requestView(request);
  }

  @Get('agreements/:agreementId/confirmation')
  @Roles(...READERS)
  @ApiOperation({ summary: 'An agreement’s confirmation window and its applications' })
  @ApiErrors({ notFound: ['AGREEMENT_NOT_FOUND'] })
  async agreement(
    @Param('agreementId', new UuidPipe('agreementId')) agreementId: string,
    @Ctx() ctx: RequestContext,
  ) {
    const agreement = await this.reads.agreement(agreementId, ctx.principal);
    return agreementView(agreement, await this.repository.requestsOf(agreementId), this.clock.now());
  }

  @Get('confirmation-requests/:requestId')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'One application: submitting, submitted, accepted, refused, confirmed or rejected',
  })
  @ApiErrors({ notFound: ['REQUEST_NOT_FOUND'] })
  async one(@Param('requestId', new UuidPipe('requestId')) requestId: string, @Ctx() ctx: RequestContext) {
    return requestView(await this.reads.request(requestId, ctx.principal));
  }

  @Get('confirmation-requests/:requestId/court-status')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'The court’s own view of a filed application (ECF GetFilingStatus), read live',
    description: 'For when a callback seems overdue.',
  })
  @ApiErrors({
    notFound: ['REQUEST_NOT_FOUND'],
    conflict: ['NOT_YET_FILED'],
    unavailable: ['COURT_UNAVAILABLE'],
  })
  async courtStatus(
    @Param('requestId', new UuidPipe('requestId')) requestId: string,
    @Ctx() ctx: RequestContext,
  ) {
    const request = await this.reads.request(requestId, ctx.principal);
    if (!request.filingId)
      throw new ConflictError('NOT_YET_FILED', 'the application has not reached the court yet', {
        status: request.status,
        submitAttempts: request.submitAttempts,
      });
    try {
      return { requestId, courtId: request.courtId, ...(await this.court.status(request.filingId)) };
    } catch (error) {
      if (error instanceof CourtUnavailable)
        throw new UnavailableError('COURT_UNAVAILABLE', error.message, 30);
      throw error;
    }
  }

  @Post('court/callbacks')
  @Public()
  @UseGuards(CourtSignatureGuard)
  @HttpCode(200)
  @ApiHeader({ name: 'X-Court-Id', required: true })
  @ApiHeader({ name: 'X-Court-Timestamp', required: true, description: 'Unix seconds' })
  @ApiHeader({
    name: 'X-Court-Signature',
    required: true,
    description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the court’s shared secret>',
  })
  @ApiOperation({
    summary: 'A court’s signed notice: accepted, refused, ruling-extended or ruled',
    description:
      'Emits ConfirmationAccepted / Granted / Rejected; the same callback id twice has one effect.',
  })
  @ApiSecurity(COURT_SIGNATURE)
  @ApiErrors({
    unauthorized: ['COURT_SIGNATURE_MISSING', 'COURT_SIGNATURE_INVALID', 'COURT_SIGNATURE_EXPIRED'],
    notFound: ['REQUEST_NOT_FOUND'],
  })
  async callback(@Req() request: SignedRequest) {
    const notice = this.court.readNotice(request.body);
    const outcome = await this.receiveCourtNotice.execute(request.courtId!, notice);
    this.metrics.callbacks.inc({
      court: request.courtId!,
      outcome: outcome.duplicate ? 'duplicate' : outcome.effect === 'ignored' ? 'ignored' : 'applied',
    });
    return outcome;
  }
}
