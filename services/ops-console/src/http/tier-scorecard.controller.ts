import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles, type RequestContext } from '@chuishao/platform';
import { FollowUpScorecard } from '../application/read-console/follow-up-scorecard.query';
import { TierScorecard } from '../application/read-console/tier-scorecard.query';
import { SCORECARD_READERS } from './console.controller';
import { PeriodQuery } from './dto/console.dto';

@ApiTags('console')
@Controller('api')
export class TierScorecardController {
  constructor(
    private readonly tiers: TierScorecard,
    private readonly followUps: FollowUpScorecard,
  ) {}

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

  @Get('scorecards/follow-ups')
  @Roles(...SCORECARD_READERS)
  @ApiOperation({
    summary:
      'The follow-up rates (回访: 响应率、解决率、满意率) of the cases closed in [from, to), per center and per department',
    description:
      'Per center (its cases and those of the centers below it, where each case is after any referral) and per department ' +
      'summoned to the cases: `followUps`, `answered`, `responseRate` (answered ÷ answered or past due), `resolutionRate` ' +
      '(resolved in the party’s word ÷ answered), `satisfactionRate` (satisfied or basically satisfied ÷ answered); ' +
      'a rate with nothing to judge is null. Definitions: libs/contracts scorecard-rates.ts `followUpRates`.',
  })
  readFollowUps(@Query() query: PeriodQuery, @Ctx() ctx: RequestContext) {
    return this.followUps.read(query, ctx.principal);
  }
}
