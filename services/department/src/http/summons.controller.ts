import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { AcknowledgeSummons } from '../application/acknowledge-summons/acknowledge-summons.use-case';
import { DeclineSummons } from '../application/decline-summons/decline-summons.use-case';
import { ReportArrival } from '../application/report-arrival/report-arrival.use-case';
import { ReadSummons } from '../application/read-summons/read-summons.query';
import { ReportMovement } from '../application/report-movement/report-movement.use-case';
import type { Movement } from '../domain/movement';
import { DeclineSummonsDto, ReportArrivalDto, ReportEnRouteDto } from './dto/summons.dto';
import { SummonsView, summonsView } from './views';

function causationOf(ctx: RequestContext) {
  return { actor: ctx.actor, correlationId: ctx.correlationId };
}

/** Unknown, or out of the caller's post (another department's, a case outside their centers). */
const SUMMONS_ERRORS = { notFound: ['SUMMONS_NOT_FOUND'] };
/** Acting on a summons already past that step. */
const PAST_STEP = ['SUMMONS_ALREADY_ACKNOWLEDGED', 'SUMMONS_ALREADY_ARRIVED', 'SUMMONS_DECLINED'];

@ApiTags('summons')
@Controller('summons')
export class SummonsController {
  constructor(
    private readonly acknowledgeSummons: AcknowledgeSummons,
    private readonly reportArrival: ReportArrival,
    private readonly declineSummons: DeclineSummons,
    private readonly readSummons: ReadSummons,
    private readonly reportMovement: ReportMovement,
  ) {}

  @Get(':id')
  @Roles('liaison', 'operator', 'supervisor', 'ops')
  @ApiOperation({
    summary: 'One summons and where it stands',
    description:
      "A liaison: its own department's only; an operator or a supervisor: cases at their center or below. " +
      'Any other answers 404, as an unknown id.',
  })
  @ApiOkResponse({ type: SummonsView })
  @ApiErrors(SUMMONS_ERRORS)
  async get(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext): Promise<SummonsView> {
    return summonsView(await this.readSummons.one(id, ctx.principal));
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

  @Post(':id/en-route')
  @HttpCode(200)
  @Roles('liaison')
  @ApiOperation({
    summary:
      'Report the people on the way with an ETA, 在途 (liaison; after acknowledging; again to revise it)',
    description: 'Emits DepartmentEnRouteReported. The SLA still runs to the arrival deadline.',
  })
  @ApiErrors({
    ...SUMMONS_ERRORS,
    conflict: [
      'SUMMONS_NOT_ACKNOWLEDGED',
      'SUMMONS_ALREADY_ARRIVED',
      'SUMMONS_DECLINED',
      'SUMMONS_STOOD_DOWN',
    ],
  })
  async enRoute(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: ReportEnRouteDto,
    @Ctx() ctx: RequestContext,
  ) {
    return movementView(
      await this.reportMovement.enRoute({
        summonsId: id,
        caller: ctx.principal,
        etaMinutes: body.etaMinutes,
        causation: causationOf(ctx),
      }),
    );
  }

  @Post(':id/departure')
  @HttpCode(200)
  @Roles('liaison')
  @ApiOperation({
    summary: 'Report the people left the scene, 离场 (liaison; after arriving)',
    description: 'Emits DepartmentDepartureReported.',
  })
  @ApiErrors({ ...SUMMONS_ERRORS, conflict: ['SUMMONS_NOT_ON_SITE', 'SUMMONS_ALREADY_LEFT'] })
  async departure(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    return movementView(
      await this.reportMovement.departure({
        summonsId: id,
        caller: ctx.principal,
        causation: causationOf(ctx),
      }),
    );
  }
}

function movementView(movement: Movement) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    summonsId: movement.summonsId,
    enRouteAt: iso(movement.enRouteAt),
    etaAt: iso(movement.etaAt),
    leftAt: iso(movement.leftAt),
  };
}
