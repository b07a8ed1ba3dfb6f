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
import type { Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { filingView } from '../domain/filing';
import { CourtClerk } from '../application/court-clerk';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../application/simulator-settings';
import { FilingDto, SettingsDto } from './dto';

/**
 * The court's e-filing endpoints (ECF ReviewFiling and GetFilingStatus) and the switches a test
 * or a demo flips. No authentication: this is a development stand-in, never exposed.
 */
@Controller()
export class CourtController {
  constructor(
    private readonly clerk: CourtClerk,
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
  ) {}

  @Post('filings')
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
  async status(@Param('filingId') filingId: string) {
    await this.unlessDownOrSlow();
    return filingView(this.clerk.get(filingId));
  }

  /** For tests and the demo: every filing, or those of one filer reference. */
  @Get('filings')
  list(@Query('reference') reference?: string) {
    return { items: this.clerk.list(reference).map(filingView) };
  }

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** The launcher waits on this; the simulator has no database or broker to check. */
  @Get('health/ready')
  ready() {
    return { status: 'ok' };
  }

  @Get('admin/settings')
  readSettings() {
    return this.publicSettings();
  }

  @Put('admin/settings')
  @HttpCode(200)
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
