import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { listScope, reachesCase } from '@chuishao/auth';
import { NotFoundError } from '@chuishao/kernel';
import { KnownCaseCenters } from '@chuishao/persistence';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { EscalateByHand } from '../application/escalate-by-hand/escalate-by-hand.use-case';
import { SetEscalationPolicy } from '../application/set-escalation-policy/set-escalation-policy.use-case';
import { raisableByHand } from '../domain/escalation.decide';
import { validateLadderPolicy } from '../domain/escalation-policy';
import {
  EscalationPolicies,
  type StoredPolicy,
} from '../infrastructure/persistence/escalation-policies.repository';
import { SummonsSlaQueries } from '../infrastructure/persistence/summons-sla.queries';
import { EscalateByHandDto, SetEscalationPolicyDto } from './dto/escalation-policy.dto';

const view = (p: StoredPolicy) => ({ ...p, updatedAt: p.updatedAt.toISOString() });

@ApiTags('escalation policies')
@Controller()
export class EscalationLadderController {
  constructor(
    private readonly policies: EscalationPolicies,
    private readonly setPolicy: SetEscalationPolicy,
    private readonly escalateByHand: EscalateByHand,
    private readonly summons: SummonsSlaQueries,
    private readonly knownCases: KnownCaseCenters,
  ) {}

  @Get('escalation-policies')
  @Roles('supervisor', 'ops')
  @ApiOperation({
    summary: 'The escalation policies set as data (a supervisor: the network-wide ones and their centers’)',
  })
  async list(@Ctx() ctx: RequestContext) {
    const scope = listScope(ctx.principal);
    if (scope === 'none') return { items: [] };
    const items = await this.policies.list(scope === 'all' ? null : scope.within);
    return { items: items.map(view) };
  }

  @Put('escalation-policies')
  @Roles('supervisor', 'ops')
  @ApiOperation({
    summary: 'Set the escalation policy of a center and/or dispute type (whistles blown afterwards)',
    description:
      'The most specific applies when a whistle is blown (center and type, center, type, network-wide; ' +
      'else the SLA_* settings) and is frozen with it. Replacing the same scope again is idempotent.',
  })
  @ApiErrors({ notFound: ['CENTER_NOT_FOUND'] })
  async put(@Body() body: SetEscalationPolicyDto, @Ctx() ctx: RequestContext) {
    const stored = await this.setPolicy.execute({
      centerId: body.centerId ?? null,
      disputeType: body.disputeType ?? null,
      policy: validateLadderPolicy(body.policy),
      post: ctx.principal,
      actor: ctx.actor,
      correlationId: ctx.correlationId,
    });
    return view(stored);
  }

  @Get('summons/:summonsId/escalation-levels')
  @Roles('supervisor', 'ops')
  @ApiOperation({
    summary: 'The levels a supervisor may raise by hand now, each with whom it chases',
    description:
      "From the summons's frozen ladder: above the current level, chasing somebody (a level with nobody " +
      'is left out); none unless the summons is breached.',
  })
  @ApiErrors({ notFound: ['SUMMONS_NOT_FOUND'] })
  async raisableLevels(
    @Param('summonsId', new UuidPipe('summonsId')) summonsId: string,
    @Ctx() ctx: RequestContext,
  ) {
    const sla = await this.summons.summons(summonsId);
    const centerPath = sla ? await this.knownCases.centerPath(sla.caseId) : null;
    // Out of the caller's reach: the same 404 as an unknown summons.
    if (!sla || !reachesCase(ctx.principal, centerPath))
      throw new NotFoundError('SUMMONS_NOT_FOUND', `no summons ${summonsId}`);
    return {
      summonsId,
      state: sla.state,
      escalationLevel: sla.escalationLevel,
      levels: raisableByHand(sla, centerPath).map(({ level, target }) => ({ level, target })),
    };
  }

  @Post('summons/:summonsId/escalate')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Raise a level of a breached summons now, without waiting for the ladder (emits EscalationRaised)',
    description: 'The ladder goes on from the level raised. Takes an Idempotency-Key.',
  })
  @ApiErrors({
    notFound: ['SUMMONS_NOT_FOUND'],
    conflict: ['SUMMONS_NOT_BREACHED', 'ESCALATION_LEVEL_NOT_ABOVE'],
  })
  async escalate(
    @Param('summonsId', new UuidPipe('summonsId')) summonsId: string,
    @Body() body: EscalateByHandDto,
    @Ctx() ctx: RequestContext,
  ) {
    const raised = await this.escalateByHand.execute({
      summonsId,
      level: body.level,
      note: body.note?.trim() || null,
      post: ctx.principal,
      actor: ctx.actor,
    });
    return {
      escalationId: raised.escalationId,
      breachId: raised.breachId,
      summonsId,
      level: raised.level,
      fromLevel: raised.fromLevel,
      target: raised.target,
      raisedAt: raised.at.toISOString(),
      nextLevel: raised.next ? { level: raised.next.level, dueAt: raised.next.dueAt.toISOString() } : null,
    };
  }
}
