import { BadRequestException, Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import {
  ApiErrors,
  ApiResponse429StreamsLimit,
  Ctx,
  Roles,
  StreamAccess,
  StreamRoute,
  type AuthenticatedRequest,
  type RequestContext,
} from '@chuishao/platform';
import type { Response } from 'express';
import { summonsScope } from '../domain/department-access';
import { DepartmentRepository } from '../infrastructure/persistence/department.repository';
import { LiveStreams } from '../infrastructure/notifications/live-streams';
import { StreamQuery } from './dto/notification.dto';

const EVENT_ID = /^\d{1,18}$/;

@ApiTags('departments')
@Controller('departments')
export class StreamController {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly streams: LiveStreams,
    private readonly access: StreamAccess,
  ) {}

  @Get(':id/stream')
  @Roles('liaison', 'supervisor', 'ops')
  @ApiOperation({
    summary: "A department's live stream (Server-Sent Events): its summons, warnings and escalations",
    description:
      'Reconnect with Last-Event-ID to get what was missed. Open it with `?ticket=` from POST ' +
      '/stream-tickets (or the Authorization header); it ends when the token behind it expires, and ' +
      "a caller holds at most a few at once (429 STREAMS_LIMIT). Filtered to the caller's post: a " +
      "liaison gets its own department's entries (none of another's), a supervisor those of cases at " +
      'their center or below.',
  })
  @StreamRoute()
  @ApiResponse429StreamsLimit()
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'text/event-stream; each entry: `id:`, `event:` (summons, warning, escalation), `data:` JSON',
  })
  @ApiErrors({ notFound: ['DEPARTMENT_NOT_FOUND'] })
  async stream(
    @Param('id') id: string,
    @Query() query: StreamQuery,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Ctx() ctx: RequestContext,
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
  ): Promise<void> {
    const lastEventId = lastEventIdHeader ?? query.lastEventId ?? '0';
    if (!EVENT_ID.test(lastEventId)) {
      throw new BadRequestException({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Last-Event-ID must be an event id (digits)',
        errors: [{ field: 'Last-Event-ID', reason: 'must be an event id (digits)' }],
      });
    }
    const department = await this.departments.find(id);
    if (!department) throw new NotFoundError('DEPARTMENT_NOT_FOUND', `no department with id ${id}`);
    const release = this.access.admit(request.credential!, () => response.end());
    response.on('close', release);
    this.streams.attach(department.id, summonsScope(ctx.principal, department.id), lastEventId, response);
  }
}
