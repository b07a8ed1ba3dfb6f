import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { connectEventTransport, createEventTransport } from '@chuishao/messaging';
import { binaryUploadBodies, bodyParserErrors, inputHygiene, jsonBodiesOnly } from './http/input-hygiene';
import { securityHeaders, type ExtraSources } from './http/security-headers';
import { requestLog } from './http/request-log';
import { ServiceMetrics } from './metrics';
import { NestLoggerAdapter } from './nest-logger';
import { setUpOpenApi, type ServiceDescription } from './openapi/openapi';
import { SERVICE_CONFIG, type ServiceConfig } from './service-config';

/**
 * Builds a service's Nest application: HTTP with OpenAPI at /docs, and the Kafka event transport
 * (consumers) started. Integration tests call this and `listen(0)`; main.ts calls bootstrapService.
 */
export async function createServiceApp(
  module: DynamicModule,
  description: ServiceDescription,
  cspSources: ExtraSources = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    abortOnError: false,
    // Keeps the bytes of each parsed body as `request.rawBody`: signed webhooks (court callbacks)
    // are verified over the exact bytes sent, which re-serialising the parsed JSON cannot give.
    rawBody: true,
    // Only the parsers below, in our order: Nest's default ones would run after the input
    // checks, so a form body would skip them.
    bodyParser: false,
  });
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  app.set('trust proxy', config.trustProxy);
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new NestLoggerAdapter(logger.child('nest')));
  app.enableShutdownHooks();
  app.use(requestLog(logger.child('http'), app.get(ServiceMetrics)));
  app.use(securityHeaders(cspSources));
  app.use(binaryUploadBodies(description.binaryUploads ?? []));
  app.use(jsonBodiesOnly());
  app.useBodyParser('json', { limit: '1mb' });
  // Forms reach it only on FORM_BODY_ROUTES (Open311): jsonBodiesOnly refused them everywhere
  // else. Flat fields only (`extended: false`: no nested objects from `a[b]=c`), same 1 MB limit.
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false, parameterLimit: 100 });
  app.use(bodyParserErrors());
  app.use(inputHygiene());

  setUpOpenApi(app, description, { platform: true, publicUrl: config.publicUrl });

  connectEventTransport(app, createEventTransport(app));
  await app.startAllMicroservices();
  return app;
}

export async function bootstrapService(
  module: DynamicModule,
  config: ServiceConfig,
  description: ServiceDescription,
  cspSources: ExtraSources = {},
): Promise<NestExpressApplication> {
  const app = await createServiceApp(module, description, cspSources);
  await app.listen(config.port, config.host);
  app.get<Logger>(LOGGER).info('service listening', {
    url: `http://127.0.0.1:${config.port}`,
    docs: `http://127.0.0.1:${config.port}/docs`,
    schema: config.database.schema,
    topicPrefix: config.messaging.topicPrefix,
  });
  return app;
}
