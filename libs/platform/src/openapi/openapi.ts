import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiParam,
  DECORATORS,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ResponseObject,
  type SecuritySchemeObject,
} from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STATE_CHANGING } from '../auth/auth.guard';
import { UuidPipe } from '../http/uuid.pipe';
import type { BinaryUploadRoute } from '../http/input-hygiene';
import { ErrorBodySchema } from './api-errors';

export interface ServiceDescription {
  title: string;
  description: string;
  /** Schemes besides the bearer token, e.g. the courts' signed callbacks. */
  securitySchemes?: Record<string, SecuritySchemeObject>;
  /** The routes whose POST body is a file's bytes, not JSON (libs/platform input-hygiene.ts). */
  binaryUploads?: readonly BinaryUploadRoute[];
}

export interface OpenApiOptions {
  /** Where clients reach the service (PUBLIC_URL); else http://127.0.0.1:<the port it listens on>. */
  publicUrl?: string;
  /**
   * True for services on PlatformModule: bearer tokens, ErrorFilter, Idempotency-Key, and the
   * answers those give on every route. The court simulator has none of them.
   */
  platform: boolean;
}

/** No licence is granted (package.json is private and names none); the document says so. */
const LICENSE = { name: 'UNLICENSED: private, no licence granted' };
const BEARER = 'bearer';
const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };
const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/** The OpenAPI document of a service's routes, with what every route answers added. */
export function buildOpenApiDocument(
  app: INestApplication,
  description: ServiceDescription,
  options: OpenApiOptions,
): OpenAPIObject {
  let builder = new DocumentBuilder()
    .setTitle(description.title)
    .setDescription(description.description)
    .setVersion('1.0');
  // Platform services want the bearer token unless a route is @Public(); the others (the court
  // simulator) ask for no proof at all, which OpenAPI writes as the empty requirement.
  builder = options.platform
    ? builder
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
        .addSecurityRequirements(BEARER)
    : builder.addSecurityRequirements({});
  for (const [name, scheme] of Object.entries(description.securitySchemes ?? {}))
    builder = builder.addSecurity(name, scheme);
  forEachRoute(app, keepSuccessAnswer);
  forEachRoute(app, describeUuidParameters);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: options.platform ? [ErrorBodySchema] : [],
  });
  document.info.license = { ...LICENSE };
  delete document.info.contact; // Nest's empty `{}`: there is no contact to name
  if (options.platform) addPlatformAnswers(document);
  return document;
}

/** Calls `visit` with every route handler of the application's controllers. */
function forEachRoute(
  app: INestApplication,
  visit: (controller: Type, key: string, handler: object) => void,
) {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      const prototype = controller?.prototype as Record<string, unknown> | undefined;
      for (const key of prototype ? Object.getOwnPropertyNames(prototype) : []) {
        const handler = prototype![key];
        if (typeof handler === 'function' && Reflect.getMetadata(METHOD_METADATA, handler) !== undefined)
          visit(controller!, key, handler);
      }
    }
  }
}

/**
 * Nest documents a route's success answer only when the route declares no answer of its own, so
 * a route with ApiErrors would lose its 200. Each such route gets it back, with the status Nest
 * would have given it: its @HttpCode, else 201 for POST, else 200.
 */
function keepSuccessAnswer(_controller: Type, _key: string, handler: object): void {
  const answers = Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) as object | undefined;
  if (!answers || Object.keys(answers).some((status) => status.startsWith('2'))) return;
  const status =
    (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
    (Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST ? 201 : 200);
  Reflect.defineMetadata(DECORATORS.API_RESPONSE, { [status]: { description: '' }, ...answers }, handler);
}

/** A path parameter read through UuidPipe is documented as a UUID (the pipe answers 400 otherwise). */
function describeUuidParameters(controller: Type, key: string, handler: object): void {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {}) as Record<
    string,
    { data?: unknown; pipes?: unknown[] }
  >;
  for (const [argKey, arg] of Object.entries(args)) {
    const isPathParameter = argKey.startsWith(`${RouteParamtypes.PARAM}:`);
    if (
      !isPathParameter ||
      typeof arg.data !== 'string' ||
      !arg.pipes?.some((pipe) => pipe instanceof UuidPipe)
    )
      continue;
    const declared = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ?? []) as Array<{
      name?: string;
    }>;
    if (declared.some((parameter) => parameter.name === arg.data)) continue; // said so already
    const descriptor = { value: handler } as PropertyDescriptor;
    ApiParam({ name: arg.data, type: String, format: 'uuid' })(controller.prototype, key, descriptor);
  }
}

/**
 * Serves the document at /docs (Swagger UI) and /docs-json. Its `servers` entry is filled in on
 * each request, because a service started on port 0 (tests) learns its port only on listen.
 */
export function setUpOpenApi(
  app: INestApplication,
  description: ServiceDescription,
  options: OpenApiOptions,
): void {
  const document = buildOpenApiDocument(app, description, options);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    patchDocumentOnRequest: (_request, _response, served) => ({
      ...served,
      servers: [{ url: options.publicUrl ?? localUrl(app), description: 'this service' }],
    }),
  });
}

function localUrl(app: INestApplication): string {
  const address = app.getHttpServer().address() as AddressInfo | null;
  return `http://127.0.0.1:${address?.port ?? 0}`;
}

/**
 * What PlatformModule answers on every route, added where a route did not say more itself:
 *  - 400: ValidationPipe, the body parser and inputHygiene (which reads every request's query
 *    and path, so even a route without parameters can refuse one);
 *  - 401 and 403 wherever AuthGuard asks for the bearer token (every route but @Public ones);
 *  - 429 wherever AuthGuard spends a budget: every route but health;
 *  - on POST: the Idempotency-Key header and 422 when a key is reused with another body
 *    (IdempotencyInterceptor); 413 where a JSON body is taken (1 MB limit).
 * Public routes are marked `security: [{}]` by @Public(); one with a scheme of its own (a
 * signed callback) keeps only that scheme.
 */
export function addPlatformAnswers(document: OpenAPIObject): void {
  for (const [method, operation, path] of operationsOf(document)) {
    const add = answerAdder(operation);
    add(400, `Refused input, each field named in \`errors\`: ${INPUT_CODES}.`);
    keepOwnSchemeOnly(operation);
    if ((operation.security ?? document.security ?? []).some((requirement) => BEARER in requirement)) {
      add(401, `No valid bearer token: ${TOKEN_CODES}.`);
      add(403, "The token's role may not call this route: `ROLE_FORBIDDEN`.");
      const spent = STATE_CHANGING.has(method.toUpperCase()) ? 'changes' : 'reads';
      add(
        429,
        `Too many ${spent} by this caller, or refused tokens from this address: \`RATE_LIMITED\`.`,
        RETRY_AFTER,
      );
    } else if (!UNLIMITED_PATHS.test(path)) {
      add(429, 'Too many requests from this address: `RATE_LIMITED`.', RETRY_AFTER);
    }
    if (operation.requestBody) add(413, 'The JSON body is larger than 1 MB: `PAYLOAD_TOO_LARGE`.');
    if (STATE_CHANGING.has(method.toUpperCase()))
      add(415, 'A body that is not JSON (`application/json`): `UNSUPPORTED_MEDIA_TYPE`.');
    if (method === 'post') {
      const declared = (operation.parameters ?? []).some(
        (parameter) => 'name' in parameter && parameter.name.toLowerCase() === 'idempotency-key',
      );
      if (!declared) operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
      add(422, 'The Idempotency-Key was used before with another body: `IDEMPOTENCY_KEY_REUSED`.');
    }
    operation.responses = describedAndSorted(operation.responses as Record<string, ResponseObject>);
  }
}

const INPUT_CODES =
  '`VALIDATION_FAILED`, `MALFORMED_BODY`, `INVALID_TEXT`, `BODY_TOO_DEEP`, `RESERVED_FIELD_NAME`';
const TOKEN_CODES = '`TOKEN_MISSING`, `TOKEN_EXPIRED`, `TOKEN_INVALID`, `TOKEN_CLAIMS_INVALID`';

/** Adds an ErrorBody answer unless the route documented that status itself. */
function answerAdder(operation: OperationObject) {
  const answers = operation.responses as Record<string, ResponseObject>;
  return (status: number, description: string, headers?: ResponseObject['headers']) => {
    answers[status] ??= { description, content: { 'application/json': { schema: ERROR_BODY } }, headers };
  };
}

/** A public route with a scheme of its own (`[{}, { courtSignature: [] }]`) drops the anonymous `{}`. */
function keepOwnSchemeOnly(operation: OperationObject): void {
  const security = operation.security ?? [];
  const ownSchemes = security.filter((requirement) => Object.keys(requirement).length > 0);
  if (ownSchemes.length > 0 && ownSchemes.length < security.length) operation.security = ownSchemes;
}

/** Sorted by status; a success Nest left without a description says at least "OK". */
function describedAndSorted(answers: Record<string, ResponseObject>): Record<string, ResponseObject> {
  for (const [status, answer] of Object.entries(answers)) answer.description ||= STATUS_CODES[status] ?? '';
  return Object.fromEntries(Object.entries(answers).sort(([a], [b]) => a.localeCompare(b)));
}

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A retry with the same key returns the first answer and has no second effect.',
  schema: { type: 'string', maxLength: 200 },
};

function operationsOf(document: OpenAPIObject): Array<[string, OperationObject, string]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method): [string, OperationObject, string] => [
      method,
      item[method]!,
      path,
    ]),
  );
}

/** Public routes outside the rate limits (@Unlimited): health; metrics is not in the document. */
const UNLIMITED_PATHS = /^\/health(\/|$)/;
