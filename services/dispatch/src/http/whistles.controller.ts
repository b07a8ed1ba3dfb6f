import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { BlowWhistle } from '../application/blow-whistle/blow-whistle.use-case';
import { listScope, reachesCase } from '@chuishao/auth';
import { SuggestDepartments } from '../application/suggest-departments/suggest-departments.query';
import { ReassignDepartment } from '../application/reassign-department/reassign-department.use-case';
import { ChangeHands } from '../application/change-hands/change-hands.use-case';
import { DispatchRepository } from '../infrastructure/persistence/dispatch.repository';
import {
  AddDepartmentDto,
  BlowWhistleDto,
  ListWhistlesQuery,
  ReassignDto,
  StandDownDto,
} from './dto/whistle.dto';
import { whistleView } from './whistle.view';

/**
 * Who watches whistles: the operator's board, supervision, ops, and the mediator who takes over.
 * Operators and supervisors see the cases of their center and below; others answer 404.
 */
const WHISTLE_READERS = ['operator', 'supervisor', 'ops', 'mediator'] as const;

@ApiTags('whistles')
@Controller()
export class WhistlesController {
  constructor(
    private readonly blowWhistle: BlowWhistle,
    private readonly reassignDepartment: ReassignDepartment,
    private readonly repository: DispatchRepository,
    private readonly suggestDepartments: SuggestDepartments,
    private readonly hands: ChangeHands,
  ) {}

  @Post('cases/:caseId/whistles')
  @Roles('operator')
  @ApiOperation({ summary: 'Blow the whistle: summon departments to the case, due on site within the SLA' })
  @ApiErrors({
    notFound: ['CASE_NOT_FOUND'],
    conflict: [
      'CASE_CLOSED',
      'WHISTLE_ALREADY_OPEN',
      'ROUTING_RULE_MISSING',
      'ROUTING_UNRESOLVED',
      'CASE_CHANGING',
    ],
    unavailable: ['DEPARTMENT_DIRECTORY_UNAVAILABLE'],
  })
  async blow(
    @Param('caseId', new UuidPipe('caseId')) caseId: string,
    @Body() body: BlowWhistleDto,
    @Ctx() ctx: RequestContext,
  ) {
    const whistle = await this.blowWhistle.execute({
      caseId,
      departmentIds: body.departmentIds,
      reason: body.reason,
      arrivalWithinSeconds: body.arrivalWithinSeconds,
      operator: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return whistleView(whistle);
  }

  @Get('cases/:caseId/whistles')
  @Roles(...WHISTLE_READERS)
  @ApiOperation({
    summary: 'A case as dispatch knows it, with its whistles',
    description: '404 until dispatch has seen the case on `cases`.',
  })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'] })
  async ofCase(@Param('caseId', new UuidPipe('caseId')) caseId: string, @Ctx() ctx: RequestContext) {
    const known = await this.repository.findKnownCase(caseId);
    if (!known || !reachesCase(ctx.principal, known.centerPath))
      throw new NotFoundError('CASE_NOT_FOUND', `dispatch knows no case ${caseId} (yet)`);
    return { case: known, items: (await this.repository.whistlesOfCase(caseId)).map(whistleView) };
  }

  @Get('cases/:caseId/routing-suggestion')
  @Roles('operator', 'supervisor', 'ops')
  @ApiOperation({
    summary:
      'The departments the routing rule of the case dispute type would summon now (the operator adds or removes before whistling)',
  })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'] })
  async routingSuggestion(
    @Param('caseId', new UuidPipe('caseId')) caseId: string,
    @Ctx() ctx: RequestContext,
  ) {
    return this.suggestDepartments.forCase(caseId, ctx.principal);
  }

  @Get('whistles')
  @Roles(...WHISTLE_READERS)
  @ApiOperation({ summary: 'Whistles, newest first (status=open for the live board)' })
  async list(@Query() query: ListWhistlesQuery, @Ctx() ctx: RequestContext) {
    const scope = listScope(ctx.principal);
    if (scope === 'none') return { items: [] };
    const whistles = await this.repository.listWhistles({
      status: query.status,
      limit: query.limit ?? 50,
      withinCenter: scope === 'all' ? undefined : scope.within,
    });
    return { items: whistles.map(whistleView) };
  }

  @Get('whistles/:id')
  @Roles(...WHISTLE_READERS)
  @ApiOperation({ summary: 'A whistle with the status of every summoned department' })
  @ApiErrors({ notFound: ['WHISTLE_NOT_FOUND'] })
  async get(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    const whistle = await this.repository.findWhistle(id);
    const known = whistle && (await this.repository.findKnownCase(whistle.caseId));
    if (!whistle || !known || !reachesCase(ctx.principal, known.centerPath))
      throw new NotFoundError('WHISTLE_NOT_FOUND', `no whistle with id ${id}`);
    return whistleView(whistle);
  }

  @Post('whistles/:id/reassign')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace a department that declined with another one' })
  @ApiErrors({
    notFound: ['WHISTLE_NOT_FOUND', 'SUMMONS_NOT_FOUND'],
    conflict: ['WHISTLE_NOT_OPEN', 'SUMMONS_NOT_DECLINED', 'DEPARTMENT_ALREADY_SUMMONED'],
    unavailable: ['DEPARTMENT_DIRECTORY_UNAVAILABLE'],
  })
  async reassign(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: ReassignDto,
    @Ctx() ctx: RequestContext,
  ) {
    const whistle = await this.reassignDepartment.execute({
      whistleId: id,
      ...body,
      operator: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return whistleView(whistle);
  }

  @Post('whistles/:id/summons')
  @Roles('operator', 'supervisor')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a department to an open whistle (more hands): a new summons, due on site from now',
  })
  @ApiErrors({
    notFound: ['WHISTLE_NOT_FOUND'],
    conflict: ['WHISTLE_NOT_OPEN', 'DEPARTMENT_ALREADY_SUMMONED'],
    unavailable: ['DEPARTMENT_DIRECTORY_UNAVAILABLE'],
  })
  async addDepartment(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: AddDepartmentDto,
    @Ctx() ctx: RequestContext,
  ) {
    const whistle = await this.hands.addDepartment({
      whistleId: id,
      ...body,
      caller: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return whistleView(whistle);
  }

  @Post('whistles/:id/summons/:summonsId/stand-down')
  @Roles('operator', 'supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stand a summoned department down before it arrives: no longer expected, not a miss',
  })
  @ApiErrors({
    notFound: ['WHISTLE_NOT_FOUND', 'SUMMONS_NOT_FOUND'],
    conflict: [
      'WHISTLE_NOT_OPEN',
      'SUMMONS_ALREADY_ARRIVED',
      'SUMMONS_ALREADY_STOOD_DOWN',
      'SUMMONS_DECLINED',
      'LAST_SUMMONS',
    ],
  })
  async standDown(
    @Param('id', new UuidPipe('id')) id: string,
    @Param('summonsId', new UuidPipe('summonsId')) summonsId: string,
    @Body() body: StandDownDto,
    @Ctx() ctx: RequestContext,
  ) {
    const whistle = await this.hands.standDown({
      whistleId: id,
      summonsId,
      reason: body.reason,
      caller: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return whistleView(whistle);
  }
}
