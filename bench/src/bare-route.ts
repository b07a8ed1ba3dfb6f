import 'reflect-metadata';
import { Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/**
 * The bare NestJS route the acknowledge endpoint is compared with: the same framework and HTTP
 * adapter (Express) in a process of its own, answering a JSON body of the same shape, with no
 * guard, validation, database or event. What the framework alone costs per request.
 */
@Controller('summons')
class BareController {
  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id') id: string) {
    const now = new Date().toISOString();
    return {
      id,
      whistleId: id,
      caseId: id,
      caseNo: 'GZ-2026-000001',
      departmentId: 'ganzhou-traffic-police',
      centerId: 'anlizha-village',
      status: 'acknowledged',
      arrivalDeadline: now,
      notifiedAt: now,
      acknowledgedAt: now,
      arrivedAt: null,
      declinedAt: null,
      declineReason: null,
      note: null,
    };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.stdout.write(`ready ${await app.getUrl()}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
