import { Controller, HttpCode, Post, Req, type Type } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { errorResponse } from '../openapi/api-errors';
import type { AuthenticatedRequest } from './auth.guard';
import { ANY_ROLE, Roles } from './decorators';
import { MAX_STREAMS_PER_CALLER, StreamAccess, STREAM_TICKET_SECONDS } from './stream-access';

/** Documents a live stream's 429 when its caller already holds MAX_STREAMS_PER_CALLER of them. */
export const ApiResponse429StreamsLimit = () =>
  errorResponse(429, `The caller already holds ${MAX_STREAMS_PER_CALLER} open streams: \`STREAMS_LIMIT\`.`);

/**
 * `POST <path>`: trades the caller's bearer token for a single-use stream ticket. The stream
 * itself still checks the caller's role and scope; a ticket only stands for the token.
 */
export function streamTicketController(path: string, tag: string): Type<unknown> {
  @ApiTags(tag)
  @Controller(path)
  class StreamTicketController {
    constructor(private readonly streams: StreamAccess) {}

    @Post()
    @HttpCode(201)
    @Roles(...ANY_ROLE)
    @ApiOperation({
      summary: 'A single-use ticket to open a live stream with ?ticket= (instead of the token in the URL)',
      description: `Valid ${STREAM_TICKET_SECONDS} s, once; the stream closes when the token behind it expires.`,
    })
    issue(@Req() request: AuthenticatedRequest) {
      return this.streams.issue(request.credential!);
    }
  }
  return StreamTicketController;
}
