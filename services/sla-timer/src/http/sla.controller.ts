import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, InvalidError, NotFoundError, type Clock } from '@chuishao/kernel';
import { listScope, reachesCase, type Principal } from '@chuishao/auth';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { KnownCaseCenters } from '@chuishao/persistence';
import { AcknowledgeEscalation } from '../application/acknowledge-escalation/acknowledge-escalation.use-case';
import { BreachesRepository } from '../infrastructure/persistence/breaches.repository';
import { SummonsSlaQueries } from '../infrastructure/persistence/summons-sla.queries';
import { computeScorecards } from '../domain/scorecard';
import { AcknowledgeEscalationDto, ListBreachesQuery, ScorecardQuery } from './dto/sla.dto';
import { breachView, escalationView, summonsSlaView } from './sla.view';

/** Who watches the SLA board: supervision (督查), ops, the operator who whistled. */
export const BREACH_READERS = ['supervisor', 'ops', 'operator'] as const;
/** Scorecards (督查评价) are for supervision and ops, and the center's operators. */
export const SCORECARD_READERS = ['supervisor', 'ops', 'operator'] as const;
const DEFAULT_SCORECARD_DAYS = 30;
const DAY_MS = 86_400_000;

/** …and the mediator waiting for everyone to be on site. */
export const SLA_READERS = ['supervisor', 'ops', 'operator', 'mediator'] as const;

@ApiTags('sla')
@Controller()
export class SlaController {
  constructor(
    private readonly acknowledgeEscalation: AcknowledgeEscalation,
    private readonly breachRecords: BreachesRepository,
    private readonly summons: SummonsSlaQueries,
    private readonly knownCases: KnownCaseCenters,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('escalations/:id/acknowledge')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: 'A supervisor takes charge of an escalation (emits EscalationAcknowledged)' })
  @ApiErrors({
    notFound: ['ESCALATION_NOT_FOUND'],
    conflict: ['ESCALATION_ALREADY_ACKNOWLEDGED', 'ESCALATION_WITHDRAWN'],
  })
  async acknowledge(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: AcknowledgeEscalationDto,
    @Ctx() ctx: RequestContext,
  ) {
    // A supervisor of another center learns nothing of it: the same 404 as an unknown id.
    const known = await this.breachRecords.findEscalation(id);
    if (known && !(await this.reaches(ctx.principal, known.caseId)))
      throw new NotFoundError('ESCALATION_NOT_FOUND', `no escalation with id ${id}`);
    const escalation = await this.acknowledgeEscalation.execute({
      escalationId: id,
      note: body.note?.trim() || null,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return escalationView(escalation);
  }

  @Get('breaches')
  @Roles(...BREACH_READERS)
  @ApiOperation({ summary: 'Arrival breaches, newest first, with their escalations (open=true: still open)' })
  async breaches(@Query() query: ListBreachesQuery, @Ctx() ctx: RequestContext) {
    const open = query.open === undefined ? undefined : query.open === 'true';
    const scope = listScope(ctx.principal);
    if (scope === 'none') return { items: [] };
    const within = scope === 'all' ? null : scope.within;
    const items = await this.breachRecords.listBreaches({ open, limit: query.limit ?? 100, within });
    return { items: items.map(breachView) };
  }

  @Get('whistles/:id/sla')
  @Roles(...SLA_READERS)
  @ApiOperation({
    summary: 'The SLA of each department summoned by a whistle: deadline, remaining seconds, state',
  })
  @ApiErrors({ notFound: ['WHISTLE_NOT_FOUND'] })
  async whistleSla(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    const summons = await this.summons.summonsOfWhistle(id);
    if (summons.length === 0 || !(await this.reaches(ctx.principal, summons[0]!.caseId)))
      throw new NotFoundError('WHISTLE_NOT_FOUND', `sla-timer knows no whistle ${id} (yet)`);
    const now = this.clock.now();
    return { whistleId: id, items: summons.map((s) => summonsSlaView(s, now)) };
  }

  @Get('scorecards/departments')
  @Roles(...SCORECARD_READERS)
  @ApiOperation({
    summary: 'Scorecards per department for summons made in [from, to)',
    description: 'Counts, response and on-time rates, time to acknowledge and to arrive (p50/p90), breaches.',
  })
  async departmentScorecards(@Query() query: ScorecardQuery, @Ctx() ctx: RequestContext) {
    return this.scorecards('department', query, ctx.principal);
  }

  @Get('scorecards/centers')
  @Roles(...SCORECARD_READERS)
  @ApiOperation({ summary: 'The same figures per center whose cases were whistled in [from, to)' })
  async centerScorecards(@Query() query: ScorecardQuery, @Ctx() ctx: RequestContext) {
    return this.scorecards('center', query, ctx.principal);
  }

  /** Whether the reader's centers reach the case (README "Security": scope by the center tree). */
  private async reaches(reader: Principal, caseId: string): Promise<boolean> {
    return reachesCase(reader, await this.knownCases.centerPath(caseId));
  }

  private async scorecards(groupBy: 'department' | 'center', query: ScorecardQuery, reader: Principal) {
    const now = this.clock.now();
    const to = query.to ? new Date(query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_SCORECARD_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime())
      throw new InvalidError('INVALID_PERIOD', '`from` must be before `to`', 'from');
    const scope = listScope(reader);
    const rows =
      scope === 'none'
        ? []
        : await this.summons.scorecardRows(groupBy, from, to, scope === 'all' ? null : scope.within);
    return { from: from.toISOString(), to: to.toISOString(), items: computeScorecards(rows, now) };
  }
}
