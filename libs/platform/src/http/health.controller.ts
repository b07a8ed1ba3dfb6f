import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MESSAGE_BROKER, OutboxRelay, type MessageBroker } from '@chuishao/messaging';
import type { Response } from 'express';
import { Public, Unlimited } from '../auth/decorators';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../service-config';

async function check(probe: () => Promise<unknown>): Promise<{ ok: boolean; detail?: string }> {
  try {
    const detail = await probe();
    return detail === false ? { ok: false } : { ok: true };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Liveness (the process answers) and readiness (its database and Kafka answer). */
@ApiTags('health')
@Public()
@Unlimited()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    private readonly relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database, Kafka and the outbox backlog are fine' })
  @ApiResponse({ status: 200, description: '`ready`, with each check.' })
  @ApiResponse({ status: 503, description: '`not_ready`, with the failing check: take no traffic.' })
  async ready(@Res({ passthrough: true }) response: Response) {
    const [database, kafka] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.broker.ping(2000)),
    ]);
    const outboxBacklog = database.ok ? await this.relay.backlog().catch(() => null) : null;
    const max = this.config.outboxReadyMaxBacklog;
    const outbox =
      outboxBacklog === null
        ? { ok: false, detail: 'backlog unknown' }
        : outboxBacklog <= max
          ? { ok: true }
          : { ok: false, detail: `${outboxBacklog} events waiting (more than ${max})` };
    const ready = database.ok && kafka.ok && outbox.ok;
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks: { database, kafka, outbox }, outboxBacklog };
  }
}
