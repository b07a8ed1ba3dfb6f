import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { AcknowledgeSummons } from '../application/acknowledge-summons/acknowledge-summons.use-case';
import { DeclineSummons } from '../application/decline-summons/decline-summons.use-case';
import { ReportArrival } from '../application/report-arrival/report-arrival.use-case';
import { assertMaySee } from '../domain/department-access';
import { SummonsRepository } from '../infrastructure/persistence/summons.repository';
import { DeclineSummonsDto, ReportArrivalDto } from './dto/summons.dto';
import { SummonsView, summonsView } from './views';

function causationOf(ctx: RequestContext) {
  return { actor: ctx.actor, correlationId: ctx.correlationId };
}

/** A liaison acts on its own department's summons only. */
const SUMMONS_ERRORS = { notFound: ['SUMMONS_NOT_FOUND'], forbidden: ['DEPARTMENT_FORBIDDEN'] };
/** Acting on a summons already past that step. */
const PAST_STEP = ['SUMMONS_ALREADY_ACKNOWLEDGED', 'SUMMONS_ALREADY_ARRIVED', 'SUMMONS_DECLINED'];

@ApiTags('summons')
@Controller('summons')
export class SummonsController {
  constructor(
    private readonly acknowledgeSummons: AcknowledgeSummons,
    private readonly reportArrival: ReportArrival,
    private readonly declineSummons: DeclineSummons,
    private readonly summons: SummonsRepository,
  ) {}

  @Get(':id')
  @Roles('liaison', 'operator', 'supervisor', 'ops')
  @ApiOperation({ summary: 'One summons and where it stands (a liaison: its own department only)' })
  @ApiOkResponse({ type: SummonsView })
  @ApiErrors(SUMMONS_ERRORS)
  async get(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext): Promise<SummonsView> {
    const summons = await this.summons.find(id);
    if (!summons) throw new NotFoundError('SUMMONS_NOT_FOUND', `no summons with id ${id}`);
    assertMaySee(ctx.principal, summons.departmentId, `summons ${id}`);
    return summonsView(summons);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('liaison')
  @ApiOperation({
    summary: 'Acknowledge the summons: someone is on the way (liaison)',
    description: 'Emits SummonsAcknowledged.',
  })
  @ApiOkResponse({ type: SummonsView })
  @ApiErrors({ ...SUMMONS_ERRORS, conflict: PAST_STEP })
  async acknowledge(
    @Param('id', new UuidPipe('id')) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<SummonsView> {
    return summonsView(
      await this.acknowledgeSummons.execute({
        summonsId: id,
        caller: ctx.principal,
        causation: causationOf(ctx),
      }),
    );
  }

  @Post(':id/arrive')
  @HttpCode(200)
  @Roles('liaison')
  @ApiOperation({
    summary: 'Report the department on site, 报到 (liaison)',
    description: 'Emits DepartmentArrived.',
  })
  @ApiOkResponse({ type: SummonsView })
  @ApiErrors({ ...SUMMONS_ERRORS, conflict: PAST_STEP })
  async arrive(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: ReportArrivalDto,
    @Ctx() ctx: RequestContext,
  ): Promise<SummonsView> {
    return summonsView(
      await this.reportArrival.execute({
        summonsId: id,
        caller: ctx.principal,
        note: body.note,
        location: body.location ?? null,
        causation: causationOf(ctx),
      }),
    );
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles('liaison')
  @ApiOperation({
    summary: 'Decline the summons with a reason (liaison); the operator reassigns',
    description: 'Emits SummonsDeclined.',
  })
  @ApiOkResponse({ type: SummonsView })
  @ApiErrors({ ...SUMMONS_ERRORS, conflict: PAST_STEP })
  async decline(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: DeclineSummonsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<SummonsView> {
    return summonsView(
      await this.declineSummons.execute({
        summonsId: id,
        caller: ctx.principal,
        reason: body.reason,
        causation: causationOf(ctx),
      }),
    );
  }
}
