import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { listScope } from '@chuishao/auth';
import { ApiErrors, Ctx, Roles, type RequestContext } from '@chuishao/platform';
import { SetEscalationPolicy } from '../application/set-escalation-policy/set-escalation-policy.use-case';
import { validateLadderPolicy } from '../domain/escalation-policy';
import {
  EscalationPolicies,
  type StoredPolicy,
} from '../infrastructure/persistence/escalation-policies.repository';
import { SetEscalationPolicyDto } from './dto/escalation-policy.dto';

const view = (p: StoredPolicy) => ({ ...p, updatedAt: p.updatedAt.toISOString() });

@ApiTags('escalation policies')
@Controller('escalation-policies')
export class EscalationPoliciesController {
  constructor(
    private readonly policies: EscalationPolicies,
    private readonly setPolicy: SetEscalationPolicy,
  ) {}

  @Get()
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

  @Put()
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
}
