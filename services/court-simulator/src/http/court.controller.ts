import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { filingView } from '../domain/filing';
import { CourtClerk } from '../application/court-clerk';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../application/simulator-settings';
import { CourtErrorBodyDto, FilingDto, SettingsDto } from './dto';

/** An error answer of the simulator, with its `code`s. */
const refusal = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/json': { schema: { $ref: getSchemaPath(CourtErrorBodyDto) } } },
  });
/** Nest's body parser reads a JSON body on any route, so any route can refuse a malformed one. */
const MALFORMED = refusal(400, 'The request carried a body that is not valid JSON.');
const INVALID = refusal(
  400,
  'A field failed validation (`message` lists them), a malformed JSON body, or `IDEMPOTENCY_KEY_REQUIRED`.',
);
const DOWN = refusal(503, '`COURT_UNAVAILABLE`: the outage switch is on, or the answer was "lost".');

/**
 * The court's e-filing endpoints (ECF ReviewFiling and GetFilingStatus) and the switches a test
 * or a demo flips. No authentication: this is a development stand-in, never exposed.
 */
@ApiTags('court')
@ApiExtraModels(CourtErrorBodyDto)
@Controller()
export class CourtController {
  constructor(
    private readonly clerk: CourtClerk,
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
  ) {}

  @Post('filings')
  @ApiOperation({ summary: 'File an application for confirmation (ECF ReviewFiling)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'The same key returns the same filing (200); with another body, 409.',
  })
  @ApiAcceptedResponse({ description: 'Filed: `submitted`; the decision follows as a signed callback.' })
  @ApiOkResponse({ description: 'The same key again: the filing made the first time.' })
  @INVALID
  @refusal(409, '`IDEMPOTENCY_KEY_REUSED` with another application.')
  @DOWN
  async file(
    @Body() body: FilingDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (!idempotencyKey)
      throw new BadRequestException({
        statusCode: 400,
        code: 'IDEMPOTENCY_KEY_REQUIRED',
        message: 'Idempotency-Key: required, so that a retried filing is filed once',
      });
    await this.unlessDownOrSlow();
    const { filing, replayed } = this.clerk.submit(idempotencyKey, {
      reference: body.reference,
      agreementId: body.agreementId,
      parties: body.parties,
      matters: body.matters.map((m) => ({ category: m.category, description: m.description })),
      terms: body.terms,
      callbackUrl: body.callbackUrl ?? '',
    });
    if (!replayed && this.settings.dropResponses > 0) {
      this.settings.dropResponses -= 1;
      throw new ServiceUnavailableException({
        statusCode: 503,
        code: 'COURT_UNAVAILABLE',
        message: 'the answer was lost on the way back',
      });
    }
    response.status(replayed ? 200 : 202);
    return filingView(filing);
  }

  @Get('filings/:filingId')
  @ApiOperation({ summary: 'The status of one filing (ECF GetFilingStatus)' })
  @ApiOkResponse({ description: 'The filing and where it stands.' })
  @refusal(404, '`FILING_NOT_FOUND`.')
  @MALFORMED
  @DOWN
  async status(@Param('filingId') filingId: string) {
    await this.unlessDownOrSlow();
    return filingView(this.clerk.get(filingId));
  }

  /** For tests and the demo: every filing, or those of one filer reference. */
  @Get('filings')
  @ApiOperation({ summary: 'Every filing, or those of one filer reference (for tests and the demo)' })
  @ApiOkResponse({ description: 'The filings, in the order they came.' })
  @MALFORMED
  list(@Query('reference') reference?: string) {
    return { items: this.clerk.list(reference).map(filingView) };
  }

  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: '`ok`.' })
  @MALFORMED
  live() {
    return { status: 'ok' };
  }

  /** The launcher waits on this; the simulator has no database or broker to check. */
  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: always ready, the simulator has nothing to wait for' })
  @ApiOkResponse({ description: '`ok`.' })
  @MALFORMED
  ready() {
    return { status: 'ok' };
  }

  @Get('admin/settings')
  @ApiOperation({ summary: 'The switches in force (never the secret)' })
  @ApiOkResponse({ description: 'The settings.' })
  @MALFORMED
  readSettings() {
    return this.publicSettings();
  }

  @Put('admin/settings')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change some switches at run time (outage, delays, refusals)' })
  @ApiOkResponse({ description: 'The settings now in force.' })
  @INVALID
  changeSettings(@Body() body: SettingsDto) {
    for (const [key, value] of Object.entries(body)) {
      if (value !== undefined) (this.settings as unknown as Record<string, unknown>)[key] = value;
    }
    return this.publicSettings();
  }

  private publicSettings() {
    const { secret: _secret, ...rest } = this.settings;
    return rest;
  }

  private async unlessDownOrSlow(): Promise<void> {
    if (this.settings.responseDelayMs > 0) await sleep(this.settings.responseDelayMs);
    if (this.settings.down)
      throw new ServiceUnavailableException({
        statusCode: 503,
        code: 'COURT_UNAVAILABLE',
        message: 'the court e-filing system is down',
      });
  }
}
