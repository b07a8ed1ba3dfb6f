import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { AcknowledgeEscalation } from '../application/acknowledge-escalation/acknowledge-escalation.use-case';
import { SlaRepository } from '../infrastructure/persistence/sla.repository';
import { AcknowledgeEscalationDto, ListBreachesQuery } from './dto/sla.dto';
import { breachView, escalationView, summonsSlaView } from './sla.view';

/** Who watches the SLA board: supervision (督查), ops, the operator who whistled. */
export const BREACH_READERS = ['supervisor', 'ops', 'operator'] as const;
/** …and the mediator waiting for everyone to be on site. */
export const SLA_READERS = ['supervisor', 'ops', 'operator', 'mediator'] as const;

@ApiTags('sla')
@Controller()
export class SlaController {
  constructor(
    private readonly acknowledgeEscalation: AcknowledgeEscalation,
    private readonly repository: SlaRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('escalations/:id/acknowledge')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: 'A supervisor takes charge of an escalation (emits EscalationAcknowledged)' })
  async acknowledge(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: AcknowledgeEscalationDto,
    @Ctx() ctx: RequestContext,
  ) {
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
  async breaches(@Query() query: ListBreachesQuery) {
    const open = query.open === undefined ? undefined : query.open === 'true';
    const items = await this.repository.listBreaches({ open, limit: query.limit ?? 100 });
    return { items: items.map(breachView) };
  }

  @Get('whistles/:id/sla')
  @Roles(...SLA_READERS)
  @ApiOperation({
    summary: 'The SLA of each department summoned by a whistle: deadline, remaining seconds, state',
  })
  async whistleSla(@Param('id', new UuidPipe('id')) id: string) {
    const summons = await this.repository.summonsOfWhistle(id);
    if (summons.length === 0)
      throw new NotFoundError('WHISTLE_NOT_FOUND', `sla-timer knows no whistle ${id} (yet)`);
    const now = this.clock.now();
    return { whistleId: id, items: summons.map((s) => summonsSlaView(s, now)) };
  }
}
