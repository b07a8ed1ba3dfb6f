import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export interface ServiceDescription {
  title: string;
  description: string;
}

export interface OpenApiOptions {
  /** Whether the endpoints want a bearer token (every service's do; the court simulator's do not). */
  bearerAuth: boolean;
}

/** Serves the application's OpenAPI document at /docs (the page) and /docs-json (the document). */
export function serveOpenApi(
  app: INestApplication,
  description: ServiceDescription,
  options: OpenApiOptions = { bearerAuth: true },
): void {
  const builder = new DocumentBuilder()
    .setTitle(description.title)
    .setDescription(description.description)
    .setVersion('1.0');
  if (options.bearerAuth) {
    builder
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer');
  }
  builder.addGlobalParameters({
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'On POST: a retry with the same key returns the first answer and has no second effect.',
    schema: { type: 'string', maxLength: 200 },
  });
  const document = SwaggerModule.createDocument(app, builder.build());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
