import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles, type RequestContext } from '@chuishao/platform';
import { TierScorecard } from '../application/read-console/tier-scorecard.query';
import { SCORECARD_READERS } from './console.controller';
import { PeriodQuery } from './dto/console.dto';

@ApiTags('console')
@Controller('api')
export class TierScorecardController {
  constructor(private readonly tiers: TierScorecard) {}

  @Get('scorecards/tiers')
  @Roles(...SCORECARD_READERS)
  @ApiOperation({
    summary:
      'Where cases end, per center: of those closed in [from, to) at it or below, the share closed at each tier',
    description:
      '小事不出村、大事不出镇: `atVillage`, `atTown`, `atDistrict` and their `shares`, by the tier of the center holding each case when it closed (after any referral).',
  })
  read(@Query() query: PeriodQuery, @Ctx() ctx: RequestContext) {
    return this.tiers.read(query, ctx.principal);
  }
}
