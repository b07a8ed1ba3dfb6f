import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { RecordFollowUp } from '../application/follow-up/record-follow-up.use-case';
import { caseView } from './case.view';
import { FollowUpAnswerDto } from './dto/record-follow-up.dto';

@ApiTags('cases')
@Controller('cases')
export class FollowUpsController {
  constructor(private readonly recordFollowUp: RecordFollowUp) {}

  @Post(':id/follow-up')
  @Roles('clerk', 'operator', 'supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the party’s answer to a closed case’s follow-up (回访), taken on the phone',
    description:
      'Emits FollowUpRecorded; an unsatisfied answer also emits CaseReopened and the case is back in its center’s ' +
      'operator queue with the comment. One answer per closing.',
  })
  @ApiErrors({
    notFound: ['CASE_NOT_FOUND'],
    conflict: ['CASE_NOT_CLOSED', 'FOLLOW_UP_ALREADY_RECORDED'],
  })
  async record(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: FollowUpAnswerDto,
    @Ctx() ctx: RequestContext,
  ) {
    const dispute = await this.recordFollowUp.execute({
      caseId: id,
      channel: 'phone',
      answer: body.answer,
      resolved: body.resolved,
      comment: body.comment,
      recorder: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return caseView(dispute, { reveal: false });
  }
}
