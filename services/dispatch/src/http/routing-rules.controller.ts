import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DISPUTE_TYPES, type DisputeType } from '@chuishao/contracts';
import { CLOCK, InvalidError, type Clock } from '@chuishao/kernel';
import { DispatchRepository } from '../infrastructure/persistence/dispatch.repository';
import { RoutingRuleDto } from './dto/whistle.dto';

@ApiTags('routing rules')
@Controller('routing-rules')
export class RoutingRulesController {
  constructor(
    private readonly repository: DispatchRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Which kinds of department each dispute type summons' })
  async list() {
    return { items: await this.repository.routingRules() };
  }

  @Put(':disputeType')
  @ApiOperation({
    summary: 'Set the kinds of department a dispute type summons (applies to whistles blown afterwards)',
  })
  async put(@Param('disputeType') disputeType: string, @Body() body: RoutingRuleDto) {
    if (!(DISPUTE_TYPES as readonly string[]).includes(disputeType)) {
      throw new InvalidError(
        'DISPUTE_TYPE_UNKNOWN',
        `must be one of ${DISPUTE_TYPES.join(', ')}`,
        'disputeType',
      );
    }
    const rule = {
      disputeType: disputeType as DisputeType,
      departmentKinds: [...new Set(body.departmentKinds)],
    };
    await this.repository.saveRoutingRule(rule, this.clock.now());
    return rule;
  }
}
