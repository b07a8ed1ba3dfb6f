import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  Param,
  Post,
  Query,
  Req,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiResponse429StreamsLimit,
  Ctx,
  Roles,
  StreamAccess,
  StreamRoute,
  UuidPipe,
  type AuthenticatedRequest,
  type RequestContext,
} from '@chuishao/platform';
import { defer, finalize, map, Subject, takeUntil, type Observable } from 'rxjs';
import { AcknowledgeEscalation } from '../application/acknowledge-escalation/acknowledge-escalation.use-case';
import { LiveBoard } from '../application/live-board/live-board';
import { ConsoleQueries } from '../application/read-console/console-queries';
import { AcknowledgeEscalationDto, ScorecardQuery } from './dto/console.dto';

/** Who watches the SLA board: supervision (督查), ops, and the operators who whistle. */
export const BOARD_READERS = ['supervisor', 'ops', 'operator'] as const;
/** A case's page: the same, and the mediator who takes the case over on site. */
export const CASE_READERS = ['supervisor', 'ops', 'operator', 'mediator'] as const;
/** Scorecards (督查评价): supervision, ops and the centers' operators. */
export const SCORECARD_READERS = ['supervisor', 'ops', 'operator'] as const;

@ApiTags('console')
@Controller('api')
export class ConsoleController {
  constructor(
    private readonly queries: ConsoleQueries,
    private readonly acknowledgeEscalation: AcknowledgeEscalation,
    private readonly liveBoard: LiveBoard,
    private readonly streams: StreamAccess,
  ) {}

  @Get('board')
  @Roles(...BOARD_READERS)
  @ApiOperation({
    summary: 'The SLA board: open whistles with a countdown per department, breaches, open escalations',
  })
  board(@Ctx() ctx: RequestContext) {
    return this.queries.board(ctx.principal);
  }

  @Sse('board/stream')
  @Roles(...BOARD_READERS)
  @ApiOperation({
    summary: 'The SLA board as Server-Sent Events',
    description:
      'A snapshot (with the server `now`) on every change and periodically, of the caller’s centers. ' +
      'Open it with `?ticket=` from POST /api/stream-tickets (or the Authorization header); it ends ' +
      'when the token behind it expires, and a caller holds at most a few at once (429 STREAMS_LIMIT).',
  })
  @StreamRoute()
  @ApiResponse429StreamsLimit()
  boardStream(@Req() request: AuthenticatedRequest): Observable<MessageEvent> {
    const credential = request.credential!;
    const expired = new Subject<void>();
    // Admitted before the response starts, so a caller over the cap gets a plain 429.
    const release = this.streams.admit(credential, () => expired.next());
    return defer(() => this.liveBoard.stream(credential.principal)).pipe(
      takeUntil(expired),
      finalize(release),
      map((board): MessageEvent => ({ type: 'board', data: board })),
    );
  }

  @Get('cases')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'The cases the console has seen, latest activity first' })
  cases(@Ctx() ctx: RequestContext) {
    return this.queries.recentCases(ctx.principal);
  }

  @Get('cases/:id')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: "A case's state, its summoned departments and its full timeline across services" })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'] })
  caseFile(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    return this.queries.caseFile(id, ctx.principal);
  }

  @Get('scorecards')
  @Roles(...SCORECARD_READERS)
  @ApiOperation({
    summary:
      'Scorecards per department or per center for summons made in [from, to) (the workstation draws them with ECharts)',
  })
  async scorecards(@Query() query: ScorecardQuery, @Ctx() ctx: RequestContext) {
    return this.queries.scorecards(query.groupBy ?? 'department', query, ctx.principal);
  }

  @Post('escalations/:id/acknowledge')
  @Roles('supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A supervisor acknowledges an escalation',
    description:
      "Forwarded to sla-timer with the supervisor's token, whose refusals are answered as they are; " +
      'the board clears on EscalationAcknowledged.',
  })
  @ApiErrors({
    notFound: ['ESCALATION_NOT_FOUND'],
    conflict: ['ESCALATION_ALREADY_ACKNOWLEDGED', 'ESCALATION_WITHDRAWN'],
    unavailable: ['SLA_TIMER_UNAVAILABLE'],
  })
  async acknowledge(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: AcknowledgeEscalationDto,
    @Headers('authorization') authorization: string,
    @Ctx() ctx: RequestContext,
  ) {
    const answer = await this.acknowledgeEscalation.execute({
      escalationId: id,
      note: body.note?.trim() || null,
      authorization,
      idempotencyKey: ctx.idempotencyKey,
      requestId: ctx.requestId,
    });
    if (answer.status >= 200 && answer.status < 300) return answer.body;
    // sla-timer's refusal (404 unknown, 409 already handled, 403…) is the caller's answer as is.
    throw new HttpException(
      answer.body ?? { statusCode: answer.status, code: 'SLA_TIMER_REFUSED', message: 'sla-timer refused' },
      answer.status,
    );
  }
}
