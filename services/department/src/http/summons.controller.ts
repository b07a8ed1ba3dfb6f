import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import { Ctx, UuidPipe, type RequestContext } from '@chuishao/platform';
import { AcknowledgeSummons } from '../application/acknowledge-summons/acknowledge-summons.use-case';
import { DeclineSummons } from '../application/decline-summons/decline-summons.use-case';
import { ReportArrival } from '../application/report-arrival/report-arrival.use-case';
import { SummonsRepository } from '../infrastructure/persistence/summons.repository';
import { DeclineSummonsDto, ReportArrivalDto } from './dto/summons.dto';
import { SummonsView, summonsView } from './views';

function causationOf(ctx: RequestContext) {
  return { actor: ctx.actor, correlationId: ctx.correlationId };
}

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
  @ApiOperation({ summary: 'One summons and where it stands' })
  @ApiOkResponse({ type: SummonsView })
  async get(@Param('id', new UuidPipe('id')) id: string): Promise<SummonsView> {
    const summons = await this.summons.find(id);
    if (!summons) throw new NotFoundError('SUMMONS_NOT_FOUND', `no summons with id ${id}`);
    return summonsView(summons);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge the summons: someone is on the way (liaison). Emits SummonsAcknowledged.',
  })
  @ApiOkResponse({ type: SummonsView })
  async acknowledge(
    @Param('id', new UuidPipe('id')) id: string,
    @Ctx('liaison') ctx: RequestContext,
  ): Promise<SummonsView> {
    return summonsView(await this.acknowledgeSummons.execute({ summonsId: id, causation: causationOf(ctx) }));
  }

  @Post(':id/arrive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report the department on site, 报到 (liaison). Emits DepartmentArrived.' })
  @ApiOkResponse({ type: SummonsView })
  async arrive(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: ReportArrivalDto,
    @Ctx('liaison') ctx: RequestContext,
  ): Promise<SummonsView> {
    return summonsView(
      await this.reportArrival.execute({ summonsId: id, note: body.note, causation: causationOf(ctx) }),
    );
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decline the summons with a reason (liaison); the operator reassigns. Emits SummonsDeclined.',
  })
  @ApiOkResponse({ type: SummonsView })
  async decline(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: DeclineSummonsDto,
    @Ctx('liaison') ctx: RequestContext,
  ): Promise<SummonsView> {
    return summonsView(
      await this.declineSummons.execute({ summonsId: id, reason: body.reason, causation: causationOf(ctx) }),
    );
  }
}
