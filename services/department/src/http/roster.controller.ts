import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Public, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { DutyFeed } from '../application/keep-roster/duty-feed.query';
import { KeepRoster, type RosterEdit } from '../application/keep-roster/keep-roster.use-case';
import type { StoredOverride, StoredRoster } from '../infrastructure/persistence/roster.repository';
import {
  AddOverrideDto,
  FeedQuery,
  FeedTokenView,
  OnDutyQuery,
  OnDutyView,
  OverrideView,
  RosterView,
  SetRotationDto,
} from './dto/roster.dto';

/** The department itself (its liaison), ops and supervisors keep a roster; another department is 404. */
const KEEPERS = ['liaison', 'supervisor', 'ops'] as const;
const NOT_FOUND = { notFound: ['DEPARTMENT_NOT_FOUND'] };
/** A service account (`service:*`) edits no roster, as it edits no directory. */
const PEOPLE_ONLY = ['SERVICE_ACCOUNT_READ_ONLY'];

const editOf = (ctx: RequestContext): RosterEdit => ({
  principal: ctx.principal,
  actor: ctx.actor,
  correlationId: ctx.correlationId,
});

const overrideView = (o: StoredOverride): OverrideView => ({
  id: o.id,
  contactId: o.contactId,
  from: o.from.toISOString(),
  to: o.to.toISOString(),
  reason: o.reason,
  cancelledAt: o.cancelledAt?.toISOString() ?? null,
});

const rosterView = (
  departmentId: string,
  roster: StoredRoster | null,
  liaisons: Array<{ id: string; name: string }>,
): RosterView => ({
  departmentId,
  liaisons,
  rotation: roster ? { ...roster.rotation, contactIds: [...roster.rotation.contactIds] } : null,
  overrides: roster ? roster.overrides.map(overrideView) : [],
  updatedAt: roster?.updatedAt.toISOString() ?? null,
});

/** Duty rosters (值班表, issue 20 item 1): who is on duty is computed from them when a summons arrives. */
@ApiTags('duty rosters')
@Controller('departments/:id')
export class RosterController {
  constructor(
    private readonly rosters: KeepRoster,
    private readonly feed: DutyFeed,
  ) {}

  @Get('roster')
  @Roles(...KEEPERS)
  @ApiOperation({
    summary:
      "A department's duty roster: rotation (null when it keeps none) and the last week's and coming overrides",
  })
  @ApiOkResponse({ type: RosterView })
  @ApiErrors(NOT_FOUND)
  async get(@Param('id') id: string, @Ctx() ctx: RequestContext): Promise<RosterView> {
    return this.view(id, ctx, await this.rosters.read(id, ctx));
  }

  @Put('roster')
  @Roles(...KEEPERS)
  @ApiOperation({
    summary: "Set a department's rotation (replaces it; overrides stay)",
    description:
      'From then on a summons texts the liaison the roster puts on duty when it is blown (Beijing time).',
  })
  @ApiOkResponse({ type: RosterView })
  @ApiErrors({ ...NOT_FOUND, forbidden: PEOPLE_ONLY })
  async put(
    @Param('id') id: string,
    @Body() body: SetRotationDto,
    @Ctx() ctx: RequestContext,
  ): Promise<RosterView> {
    return this.view(id, ctx, await this.rosters.setRotation(id, body, editOf(ctx)));
  }

  @Post('roster/overrides')
  @Roles(...KEEPERS)
  @ApiOperation({ summary: 'Put another liaison on duty for a span, [from, to) (a swap for one night)' })
  @ApiCreatedResponse({ type: OverrideView })
  @ApiErrors({ notFound: ['DEPARTMENT_NOT_FOUND', 'ROSTER_NOT_FOUND'], forbidden: PEOPLE_ONLY })
  async addOverride(
    @Param('id') id: string,
    @Body() body: AddOverrideDto,
    @Ctx() ctx: RequestContext,
  ): Promise<OverrideView> {
    const input = {
      contactId: body.contactId,
      from: new Date(body.from),
      to: new Date(body.to),
      reason: body.reason ?? null,
    };
    return overrideView(await this.rosters.addOverride(id, input, editOf(ctx)));
  }

  @Post('roster/overrides/:overrideId/cancel')
  @HttpCode(200)
  @Roles(...KEEPERS)
  @ApiOperation({ summary: 'Cancel an override (kept, marked cancelled); the rotation decides again' })
  @ApiOkResponse({ type: RosterView })
  @ApiErrors({ notFound: ['DEPARTMENT_NOT_FOUND', 'OVERRIDE_NOT_FOUND'], forbidden: PEOPLE_ONLY })
  async cancelOverride(
    @Param('id') id: string,
    @Param('overrideId', new UuidPipe('overrideId')) overrideId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RosterView> {
    await this.rosters.cancelOverride(id, overrideId, editOf(ctx));
    return this.view(id, ctx, await this.rosters.read(id, ctx));
  }

  private async view(id: string, ctx: RequestContext, roster: StoredRoster | null): Promise<RosterView> {
    return rosterView(id, roster, await this.rosters.liaisons(id, ctx));
  }

  @Get('on-duty')
  @Roles(...KEEPERS)
  @ApiOperation({
    summary: 'Who is on duty at an instant (now when left out): the liaisons a summons then would text',
  })
  @ApiOkResponse({ type: OnDutyView })
  @ApiErrors(NOT_FOUND)
  async onDuty(
    @Param('id') id: string,
    @Query() query: OnDutyQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<OnDutyView> {
    const at = query.at ? new Date(query.at) : null;
    const answer = await this.rosters.onDuty(id, at, ctx);
    return { ...answer, at: answer.at.toISOString() };
  }

  @Post('roster/contacts/:contactId/feed-token')
  @Roles(...KEEPERS)
  @ApiOperation({
    summary: "Issue (or rotate) a liaison's calendar feed token",
    description:
      'A liaison for themself (token subject = contact id), or a roster keeper for them. Shown once.',
  })
  @ApiCreatedResponse({ type: FeedTokenView })
  @ApiErrors({
    notFound: ['DEPARTMENT_NOT_FOUND', 'CONTACT_NOT_FOUND'],
    forbidden: ['FEED_NOT_YOURS', ...PEOPLE_ONLY],
  })
  async issueFeedToken(
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<FeedTokenView> {
    const token = await this.rosters.issueFeedToken(id, contactId, editOf(ctx));
    const path = `/departments/${encodeURIComponent(id)}/roster/contacts/${encodeURIComponent(contactId)}/shifts.ics`;
    return { token, path: `${path}?token=${token}` };
  }

  @Get('roster/contacts/:contactId/shifts.ics')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: "A liaison's shifts as an iCalendar feed (the past week and the next eight)",
    description:
      'Opened with the feed token (calendar apps send no bearer token); a wrong or rotated token is 404.',
  })
  @ApiErrors({ notFound: ['FEED_NOT_FOUND'] })
  shifts(
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Query() query: FeedQuery,
  ): Promise<string> {
    return this.feed.ics(id, contactId, query.token);
  }
}
