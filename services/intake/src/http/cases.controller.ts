import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import { Ctx, UuidPipe, type RequestContext } from '@chuishao/platform';
import { CloseCase } from '../application/close-case/close-case.use-case';
import { RegisterCase } from '../application/register-case/register-case.use-case';
import { CASE_STATUSES, type CaseStatus } from '../domain/case-status';
import type { DisputeCase } from '../domain/dispute-case';
import { CaseRepository } from '../infrastructure/persistence/case.repository';
import { CloseCaseDto, ListCasesQuery, RegisterCaseDto } from './dto/register-case.dto';

function view(dispute: DisputeCase) {
  return {
    ...dispute,
    registeredAt: dispute.registeredAt.toISOString(),
    closedAt: dispute.closedAt?.toISOString() ?? null,
  };
}

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly registerCase: RegisterCase,
    private readonly closeCase: CloseCase,
    private readonly cases: CaseRepository,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a dispute case (window clerk)' })
  async register(@Body() body: RegisterCaseDto, @Ctx('clerk') ctx: RequestContext) {
    const dispute = await this.registerCase.execute({
      ...body,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return view(dispute);
  }

  @Get()
  @ApiOperation({ summary: 'List cases, newest first' })
  async list(@Query() query: ListCasesQuery) {
    const status =
      query.status && (CASE_STATUSES as readonly string[]).includes(query.status)
        ? (query.status as CaseStatus)
        : undefined;
    const cases = await this.cases.list({ status, centerId: query.centerId, limit: query.limit ?? 50 });
    return { items: cases.map(view) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case with its parties (masked) and its current status' })
  async get(@Param('id', new UuidPipe('id')) id: string) {
    const dispute = await this.cases.find(id);
    if (!dispute) throw new NotFoundError('CASE_NOT_FOUND', `no case with id ${id}`);
    return view(dispute);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a case; no whistle can be blown on it afterwards' })
  async close(
    @Param('id', new UuidPipe('id')) id: string,
    @Body() body: CloseCaseDto,
    @Ctx('clerk') ctx: RequestContext,
  ) {
    const dispute = await this.closeCase.execute({
      caseId: id,
      reason: body.reason,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return view(dispute);
  }
}
