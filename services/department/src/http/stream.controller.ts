import { BadRequestException, Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import { ApiErrors, Ctx, Roles, type RequestContext } from '@chuishao/platform';
import type { NextFunction, Request, Response } from 'express';
import { assertMaySee } from '../domain/department-access';
import { DepartmentRepository } from '../infrastructure/persistence/department.repository';
import { LiveStreams } from '../infrastructure/notifications/live-streams';
import { StreamQuery } from './dto/notification.dto';

const EVENT_ID = /^\d{1,18}$/;

/**
 * EventSource cannot send headers, so the stream also takes the bearer token as
 * `?access_token=`. This middleware (mounted on the stream route only) moves it into the
 * Authorization header for the platform's guard and strips it from the URL, so nothing that
 * reads the URL later sees it.
 */
export function accessTokenFromQuery(request: Request, _response: Response, next: NextFunction): void {
  const url = new URL(request.url, 'http://local');
  const token = url.searchParams.get('access_token');
  if (token !== null) {
    if (!request.headers.authorization) request.headers.authorization = `Bearer ${token}`;
    url.searchParams.delete('access_token');
    request.url = `${url.pathname}${url.search}`;
  }
  next();
}

@ApiTags('departments')
@Controller('departments')
export class StreamController {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly streams: LiveStreams,
  ) {}

  @Get(':id/stream')
  @Roles('liaison', 'supervisor', 'ops')
  @ApiOperation({
    summary: "A department's live stream (Server-Sent Events): its summons, warnings and escalations",
    description: 'Reconnect with Last-Event-ID to get what was missed.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'text/event-stream; each entry: `id:`, `event:` (summons, warning, escalation), `data:` JSON',
  })
  @ApiErrors({ notFound: ['DEPARTMENT_NOT_FOUND'], forbidden: ['DEPARTMENT_FORBIDDEN'] })
  async stream(
    @Param('id') id: string,
    @Query() query: StreamQuery,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Ctx() ctx: RequestContext,
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
    assertMaySee(ctx.principal, department.id, `the stream of ${department.id}`);
    this.streams.attach(department.id, lastEventId, response);
  }
}
