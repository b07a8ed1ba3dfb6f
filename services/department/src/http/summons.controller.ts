import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import { Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
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

const OTHER_DEPARTMENT = {
  description: 'ROLE_FORBIDDEN for another role; DEPARTMENT_FORBIDDEN for a liaison of another department',
};

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
  @ApiForbiddenResponse(OTHER_DEPARTMENT)
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
    summary: 'Acknowledge the summons: someone is on the way (liaison). Emits SummonsAcknowledged.',
  })
  @ApiOkResponse({ type: SummonsView })
  @ApiForbiddenResponse(OTHER_DEPARTMENT)
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
  @ApiOperation({ summary: 'Report the department on site, 报到 (liaison). Emits DepartmentArrived.' })
  @ApiOkResponse({ type: SummonsView })
  @ApiForbiddenResponse(OTHER_DEPARTMENT)
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
    summary: 'Decline the summons with a reason (liaison); the operator reassigns. Emits SummonsDeclined.',
  })
  @ApiOkResponse({ type: SummonsView })
  @ApiForbiddenResponse(OTHER_DEPARTMENT)
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
