import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { LinkCases } from '../application/repeat-petitions/link-cases.use-case';
import { RepeatPetitions } from '../application/repeat-petitions/repeat-petitions.query';
import { LinkCaseDto, RepeatCountsQuery } from './dto/link-case.dto';
import { madeLinkView, similarCaseView } from './repeat-petition.view';

/** Repeat petitions (重复来访): the earlier cases a case may repeat, and linking them. */
@ApiTags('cases')
@Controller()
export class CaseLinksController {
  constructor(
    private readonly repeats: RepeatPetitions,
    private readonly linkCases: LinkCases,
  ) {}

  @Get('cases/:id/similar')
  @Roles('clerk', 'operator')
  @ApiOperation({
    summary: 'Earlier cases this one may repeat (clerk, operator)',
    description:
      'Cases of the caller’s centers registered before this one with a party of the same ID number or ' +
      'phone (`same_party`, matched by keyed hash), or at the same center with the same dispute type ' +
      'within 30 days (`same_place_and_type`); newest first, at most 50, parties masked only. ' +
      '`linked` says whether the two are linked already.',
  })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'], unavailable: ['PERSONAL_DATA_KEY_UNAVAILABLE'] })
  async similar(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    const similar = await this.repeats.similar(id, ctx.principal);
    return { caseId: id, items: similar.map(similarCaseView) };
  }

  @Post('cases/:id/links')
  @Roles('clerk')
  @ApiOperation({
    summary: 'Link this case to an earlier one as a repeat petition (clerk)',
    description:
      'Both cases must be in the caller’s centers. Emits CasesLinked; each case then lists the other in ' +
      '`linkedCases` (`repeat_of` on this one, `repeated_by` on the earlier one).',
  })
  @ApiErrors({
    notFound: ['CASE_NOT_FOUND'],
    conflict: ['CASE_LINK_TO_ITSELF', 'CASES_ALREADY_LINKED'],
    unavailable: ['PERSONAL_DATA_KEY_UNAVAILABLE'],
  })
  async link(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: LinkCaseDto,
    @Ctx() ctx: RequestContext,
  ) {
    const link = await this.linkCases.execute({
      caseId: id,
      linkedCaseId: body.linkedCaseId,
      reason: body.reason,
      linker: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return madeLinkView(link);
  }

  @Get('repeat-petitions')
  @Roles('operator', 'supervisor', 'ops')
  @ApiOperation({
    summary: 'Repeat petitions per center, for the scorecards (operator, supervisor, ops)',
    description:
      'Per center of the caller’s, the cases registered in [from, to) (default: the last 30 days) and how ' +
      'many of them a clerk linked as the repeat of an earlier case.',
  })
  async repeatCounts(@Query() query: RepeatCountsQuery, @Ctx() ctx: RequestContext) {
    const counts = await this.repeats.counts(
      {
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
      },
      ctx.principal,
    );
    return { from: counts.from.toISOString(), to: counts.to.toISOString(), items: counts.items };
  }
}
