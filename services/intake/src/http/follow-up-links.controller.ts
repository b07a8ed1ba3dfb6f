import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Public, requestIdOf } from '@chuishao/platform';
import type { Request } from 'express';
import { AnswerFollowUpLink } from '../application/follow-up/answer-follow-up-link.use-case';
import { FollowUpAnswerDto } from './dto/record-follow-up.dto';

const correlationOf = (request: Request) => {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && header.trim() !== ''
    ? header.trim().slice(0, 200)
    : requestIdOf(request);
};

/**
 * The party's one-time follow-up link (回访 by SMS): public, no account; the token is the only
 * credential (256 random bits, stored hashed, valid until the follow-up is due, answered once).
 * The platform's per-address limit for public routes applies.
 */
@ApiTags('follow-up links')
@Controller('follow-ups')
export class FollowUpLinksController {
  constructor(private readonly links: AnswerFollowUpLink) {}

  @Get(':token')
  @Public()
  @ApiOperation({
    summary: 'What a one-time follow-up link is about: the case number and until when it may be answered',
  })
  @ApiErrors({
    notFound: ['FOLLOW_UP_LINK_NOT_FOUND'],
    gone: ['FOLLOW_UP_LINK_USED', 'FOLLOW_UP_LINK_EXPIRED'],
  })
  read(@Param('token') token: string) {
    return this.links.read(token);
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'The party answers the follow-up through the link, once (channel sms_link)',
    description:
      'Emits FollowUpRecorded; an unsatisfied answer also CaseReopened (the case back in its center’s queue). ' +
      'The link is used up with the answer.',
  })
  @ApiErrors({
    notFound: ['FOLLOW_UP_LINK_NOT_FOUND'],
    conflict: ['CASE_NOT_CLOSED', 'FOLLOW_UP_ALREADY_RECORDED'],
    gone: ['FOLLOW_UP_LINK_USED', 'FOLLOW_UP_LINK_EXPIRED'],
  })
  answer(@Param('token') token: string, @Body() body: FollowUpAnswerDto, @Req() request: Request) {
    const { answer, resolved, comment } = body;
    return this.links.answer(token, { answer, resolved, comment }, correlationOf(request));
  }
}
