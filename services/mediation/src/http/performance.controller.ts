import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { RecordPerformance } from '../application/record-performance/record-performance.use-case';
import { RecordPerformanceDto } from './dto/record-performance.dto';
import { MEDIATION_WRITERS, postOf } from './mediations.controller';
import { performanceView } from './mediation.view';

/** The agreement's performance (People's Mediation Law art. 31), checked by the mediator in charge. */
@ApiTags('mediations')
@Controller()
export class PerformanceController {
  constructor(private readonly recordPerformance: RecordPerformance) {}

  @Post('mediations/:id/performance')
  @Roles(...MEDIATION_WRITERS)
  @ApiOperation({
    summary:
      'Record whether the agreement was performed (emits AgreementPerformanceRecorded); the mediator in charge or a supervisor of the case',
    description:
      'performed is final; partly-performed or not-performed give the remedies of the law (judicial confirmation then enforcement, or litigation), and may be followed by a later record. Before the performance deadline only performed is accepted.',
  })
  @ApiErrors({
    notFound: ['MEDIATION_NOT_FOUND'],
    conflict: ['MEDIATION_NOT_AGREED', 'AGREEMENT_PERFORMED', 'PERFORMANCE_NOT_DUE'],
  })
  async record(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: RecordPerformanceDto,
    @Ctx() ctx: RequestContext,
  ) {
    const record = await this.recordPerformance.execute({
      mediationId: id,
      outcome: body.outcome,
      note: body.note?.trim() || null,
      post: postOf(ctx),
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return performanceView(record);
  }
}
