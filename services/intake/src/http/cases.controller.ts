import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { CloseCase } from '../application/close-case/close-case.use-case';
import { ReadCases } from '../application/read-cases/read-cases.query';
import { RegisterCase } from '../application/register-case/register-case.use-case';
import { RepeatPetitions } from '../application/repeat-petitions/repeat-petitions.query';
import { CASE_STATUSES, type CaseStatus } from '../domain/case-status';
import { maySeeFullPersonalData } from '../domain/personal-data';
import { caseView, trailItemView } from './case.view';
import { CloseCaseDto, ListCasesQuery, RegisterCaseDto } from './dto/register-case.dto';
import { linkedCaseView } from './repeat-petition.view';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly registerCase: RegisterCase,
    private readonly closeCase: CloseCase,
    private readonly readCases: ReadCases,
    private readonly repeats: RepeatPetitions,
  ) {}

  @Post()
  @Roles('clerk')
  @ApiOperation({
    summary: 'Register a dispute case (clerk)',
    description: 'The answer shows ID numbers and phones masked only.',
  })
  async register(@Body() body: RegisterCaseDto, @Ctx() ctx: RequestContext) {
    const dispute = await this.registerCase.execute({
      ...body,
      registrar: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return caseView(dispute, { reveal: false });
  }

  @Get()
  @Roles('clerk', 'operator', 'mediator', 'supervisor', 'ops')
  @ApiOperation({
    summary: 'List cases, newest first',
    description:
      'idNumber / phone find the cases of a party (clerk, operator only); ' +
      'clerks and mediators see full ID numbers and phones, everyone else masked ones.',
  })
  @ApiErrors({ forbidden: ['PERSONAL_DATA_SEARCH_FORBIDDEN'] })
  async list(@Query() query: ListCasesQuery, @Ctx() ctx: RequestContext) {
    const status =
      query.status && (CASE_STATUSES as readonly string[]).includes(query.status)
        ? (query.status as CaseStatus)
        : undefined;
    const cases = await this.readCases.list(
      {
        status,
        centerId: query.centerId,
        idNumber: query.idNumber,
        phone: query.phone,
        limit: query.limit ?? 50,
      },
      ctx.principal,
    );
    const reveal = maySeeFullPersonalData(ctx.principal.role);
    return { items: cases.map((c) => caseView(c, { reveal })) };
  }

  @Get(':id')
  @Roles('clerk', 'operator', 'mediator', 'supervisor', 'ops')
  @ApiOperation({
    summary: 'A case with its parties and its current status',
    description:
      'Full ID numbers and phones for clerks and mediators only. `linkedCases`: the repeat petitions ' +
      'linked to it both ways (`repeat_of` an earlier case, `repeated_by` a later one), in the caller’s centers.',
  })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'] })
  async get(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    const dispute = await this.readCases.get(id, ctx.principal);
    const linked = await this.repeats.linkedTo(id, ctx.principal);
    return {
      ...caseView(dispute, { reveal: maySeeFullPersonalData(ctx.principal.role) }),
      linkedCases: linked.map(linkedCaseView),
    };
  }

  @Get(':id/audit')
  @Roles('ops', 'supervisor')
  @ApiOperation({ summary: "The case's audit trail: every event of every service about it, in order" })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'] })
  async audit(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    const entries = await this.readCases.trailOf(id, ctx.principal);
    return { caseId: id, items: entries.map(trailItemView) };
  }

  @Post(':id/close')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a case (clerk); no whistle can be blown on it afterwards' })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'], conflict: ['CASE_ALREADY_CLOSED'] })
  async close(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: CloseCaseDto,
    @Ctx() ctx: RequestContext,
  ) {
    const dispute = await this.closeCase.execute({
      caseId: id,
      reason: body.reason,
      closer: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return caseView(dispute, { reveal: false });
  }
}
