import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DISPUTE_TYPES, type DisputeType } from '@chuishao/contracts';
import { InvalidError } from '@chuishao/kernel';
import { Ctx, Roles, type RequestContext } from '@chuishao/platform';
import { ChangeRoutingRule } from '../application/change-routing-rule/change-routing-rule.use-case';
import { DispatchRepository } from '../infrastructure/persistence/dispatch.repository';
import { RoutingRuleDto } from './dto/whistle.dto';

@ApiTags('routing rules')
@Controller('routing-rules')
export class RoutingRulesController {
  constructor(
    private readonly repository: DispatchRepository,
    private readonly changeRoutingRule: ChangeRoutingRule,
  ) {}

  @Get()
  @Roles('operator', 'supervisor', 'ops')
  @ApiOperation({ summary: 'Which kinds of department each dispute type summons' })
  async list() {
    return { items: await this.repository.routingRules() };
  }

  @Put(':disputeType')
  @Roles('supervisor', 'ops')
  @ApiOperation({
    summary: 'Set the kinds of department a dispute type summons',
    description:
      'Applies to whistles blown afterwards. An unknown dispute type is a 400 `DISPUTE_TYPE_UNKNOWN`.',
  })
  @ApiParam({ name: 'disputeType', enum: DISPUTE_TYPES })
  async put(
    @Param('disputeType') disputeType: string,
    @Body() body: RoutingRuleDto,
    @Ctx() ctx: RequestContext,
  ) {
    if (!(DISPUTE_TYPES as readonly string[]).includes(disputeType)) {
      throw new InvalidError(
        'DISPUTE_TYPE_UNKNOWN',
        `must be one of ${DISPUTE_TYPES.join(', ')}`,
        'disputeType',
      );
    }
    return this.changeRoutingRule.execute({
      rule: { disputeType: disputeType as DisputeType, departmentKinds: [...new Set(body.departmentKinds)] },
      actor: ctx.actor,
      correlationId: ctx.correlationId,
    });
  }
}
