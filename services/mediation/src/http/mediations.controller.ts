import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { FailMediation } from '../application/fail-mediation/fail-mediation.use-case';
import { OpenMediation } from '../application/open-mediation/open-mediation.use-case';
import { RecordAgreement } from '../application/record-agreement/record-agreement.use-case';
import { RecordSession } from '../application/record-session/record-session.use-case';
import { listScope } from '@chuishao/auth';
import { MediationInCharge, type ActingPost } from '../application/in-charge/in-charge';
import { MediationRepository } from '../infrastructure/persistence/mediation.repository';
import {
  FailMediationDto,
  ListMediationsQuery,
  OpenMediationDto,
  RecordAgreementDto,
  RecordSessionDto,
} from './dto/mediation.dto';
import { agreementView, mediationView, sessionView } from './mediation.view';

/** Mediators run mediations; supervision, ops and the dispatch operator follow them. */
export const MEDIATION_OPENERS = ['mediator'] as const;
/** The mediator in charge changes a mediation; a supervisor whose centers reach the case may step in. */
export const MEDIATION_WRITERS = ['mediator', 'supervisor'] as const;

export function postOf(ctx: RequestContext): ActingPost {
  return { role: ctx.principal.role, id: ctx.actor.id, centerId: ctx.principal.centerId };
}
export const MEDIATION_READERS = ['mediator', 'supervisor', 'ops', 'operator'] as const;

@ApiTags('mediations')
@Controller()
export class MediationsController {
  constructor(
    private readonly openMediation: OpenMediation,
    private readonly recordSession: RecordSession,
    private readonly recordAgreement: RecordAgreement,
    private readonly failMediation: FailMediation,
    private readonly repository: MediationRepository,
    private readonly inCharge: MediationInCharge,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('cases/:caseId/mediations')
  @Roles(...MEDIATION_OPENERS)
  @ApiOperation({ summary: 'Open a mediation by hand (emits MediationOpened)' })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'], conflict: ['MEDIATION_ALREADY_OPEN'] })
  async open(
    @Param('caseId', new UuidPipe('caseId')) caseId: string,
    @Body() body: OpenMediationDto,
    @Ctx() ctx: RequestContext,
  ) {
    const mediation = await this.openMediation.byHand({
      caseId,
      openedBy: 'hand',
      whistleId: null,
      mediatorId: body.mediatorId?.trim() ?? ctx.actor.id,
      participants: (body.participants ?? []).map((p) => p.trim()),
      startLevel: body.level,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return mediationView(mediation, this.clock.now());
  }

  @Get('cases/:caseId/mediations')
  @Roles(...MEDIATION_READERS)
  @ApiOperation({
    summary:
      'The mediations of a case the caller may see, oldest first (empty until one opens, and for a case outside their centers)',
  })
  async ofCase(@Param('caseId', new UuidPipe('caseId')) caseId: string, @Ctx() ctx: RequestContext) {
    const visible = await this.inCharge.visible(await this.repository.mediationsOfCase(caseId), postOf(ctx));
    return { items: visible.map((m) => mediationView(m, this.clock.now())) };
  }

  @Get('mediations')
  @Roles(...MEDIATION_READERS)
  @ApiOperation({
    summary:
      "Mediations, newest first, with their case numbers: a mediator's own and those not yet taken by anyone; those of the caller's centers (and below) for a supervisor or an operator; every mediation for ops",
  })
  async list(@Query() query: ListMediationsQuery, @Ctx() ctx: RequestContext) {
    const scope = ctx.principal.role === 'mediator' ? 'all' : listScope(ctx.principal);
    if (scope === 'none') return { items: [] };
    const now = this.clock.now();
    const rows = await this.repository.mediationsFor({
      mediatorId: ctx.principal.role === 'mediator' ? ctx.actor.id : null,
      withinCenter: scope === 'all' ? null : scope.within,
      state: query.state,
      limit: query.limit ?? 50,
    });
    return { items: rows.map(({ mediation, caseNo }) => ({ ...mediationView(mediation, now), caseNo })) };
  }

  @Get('mediations/:id')
  @Roles(...MEDIATION_READERS)
  @ApiOperation({
    summary:
      "A mediation with its tier ladder, sessions, agreement, and the agreement's performance (deadline, whether a check is due, the records)",
  })
  @ApiErrors({ notFound: ['MEDIATION_NOT_FOUND'] })
  async get(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    const mediation = await this.repository.findMediation(id);
    if (!mediation) throw new NotFoundError('MEDIATION_NOT_FOUND', `no mediation with id ${id}`);
    await this.inCharge.assertMaySee(mediation, postOf(ctx));
    return mediationView(mediation, this.clock.now(), {
      sessions: await this.repository.sessionsOf(id),
      agreement: await this.repository.findAgreement(id),
      performance: await this.repository.performanceOf(id),
    });
  }

  @Post('mediations/:id/sessions')
  @Roles(...MEDIATION_WRITERS)
  @ApiOperation({
    summary:
      'Record a session (emits MediationSessionRecorded); the mediator in charge or a supervisor of the case',
    description: 'Another mediator, or a supervisor whose centers do not reach the case, gets 404.',
  })
  @ApiErrors({ notFound: ['MEDIATION_NOT_FOUND'], conflict: ['MEDIATION_CLOSED'] })
  async session(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: RecordSessionDto,
    @Ctx() ctx: RequestContext,
  ) {
    const session = await this.recordSession.execute({
      mediationId: id,
      startedAt: new Date(body.startedAt),
      endedAt: new Date(body.endedAt),
      participants: body.participants.map((p) => p.trim()),
      approachLevel: body.level,
      notes: body.notes?.trim() || null,
      post: postOf(ctx),
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return sessionView(session);
  }

  @Post('mediations/:id/agreement')
  @Roles(...MEDIATION_WRITERS)
  @ApiOperation({
    summary: 'Record the signed agreement (emits AgreementReached)',
    description: 'Art. 29 content, every party and the mediator signing.',
  })
  @ApiErrors({
    notFound: ['MEDIATION_NOT_FOUND'],
    conflict: ['MEDIATION_CLOSED', 'NO_SESSION_RECORDED', 'CASE_PARTIES_UNKNOWN'],
  })
  async agreement(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: RecordAgreementDto,
    @Ctx() ctx: RequestContext,
  ) {
    const agreement = await this.recordAgreement.execute({
      mediationId: id,
      content: {
        facts: body.facts.trim(),
        mattersInDispute: body.mattersInDispute.map((m) => ({
          category: m.category,
          description: m.description.trim(),
        })),
        responsibilities: body.responsibilities.map((r) => ({
          party: r.party.trim(),
          responsibility: r.responsibility.trim(),
        })),
        terms: body.terms.trim(),
        amount: body.amount,
        performance: {
          manner: body.performance.manner.trim(),
          deadline: body.performance.deadline === null ? null : new Date(body.performance.deadline),
        },
        partySignatures: body.partySignatures.map((s) => ({
          party: s.party.trim(),
          signedAt: new Date(s.signedAt),
        })),
        mediatorSignature: {
          mediator: body.mediatorSignature.mediator.trim(),
          signedAt: new Date(body.mediatorSignature.signedAt),
        },
      },
      post: postOf(ctx),
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return agreementView(agreement);
  }

  @Post('mediations/:id/fail')
  @Roles(...MEDIATION_WRITERS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'End a mediation without agreement (emits MediationFailed); refers to litigation',
  })
  @ApiErrors({ notFound: ['MEDIATION_NOT_FOUND'], conflict: ['MEDIATION_CLOSED'] })
  async fail(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: FailMediationDto,
    @Ctx() ctx: RequestContext,
  ) {
    const mediation = await this.failMediation.execute({
      mediationId: id,
      reason: body.reason.trim(),
      referral: body.referral ?? 'litigation',
      post: postOf(ctx),
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return mediationView(mediation, this.clock.now());
  }
}
