import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { ReferCase } from '../application/refer-case/refer-case.use-case';
import { caseView } from './case.view';
import { ReferCaseDto } from './dto/refer-case.dto';

@ApiTags('cases')
@Controller('cases')
export class ReferralsController {
  constructor(private readonly referCase: ReferCase) {}

  @Post(':id/referrals')
  @Roles('clerk', 'operator', 'supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a case one tier: up to its center’s parent (上报) or down to a center below it (交办)',
    description:
      'Emits CaseReferred; the case is the receiving center’s from then on (its queue, its readers). ' +
      'Up: the center holding the case, its clerk included. Down: an operator or a supervisor of a center above.',
  })
  @ApiErrors({
    forbidden: ['REFERRAL_NOT_YOURS'],
    notFound: ['CASE_NOT_FOUND'],
    conflict: ['CASE_ALREADY_CLOSED', 'REFERRAL_NOT_NEIGHBOUR'],
  })
  async refer(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: ReferCaseDto,
    @Ctx() ctx: RequestContext,
  ) {
    const dispute = await this.referCase.execute({
      caseId: id,
      toCenterId: body.toCenterId,
      reason: body.reason,
      referrer: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return caseView(dispute, { reveal: false });
  }
}
