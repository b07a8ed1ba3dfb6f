import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import type { ErrorBody, FieldError } from '@chuishao/contracts';

/** libs/contracts' FieldError, as the OpenAPI document shows it. */
@ApiSchema({ name: 'FieldError', description: 'One offending field and why it was refused.' })
export class FieldErrorSchema implements FieldError {
  @ApiProperty({ example: 'parties[0].name', description: 'Path of the field in the request.' })
  field!: string;

  @ApiProperty({ example: 'name should not be empty' })
  reason!: string;
}

/** libs/contracts' ErrorBody: what ErrorFilter, the validation pipe and the guards answer with. */
@ApiSchema({
  name: 'ErrorBody',
  description: 'Every 4xx and 5xx answer. `code` is a stable string clients may branch on.',
})
export class ErrorBodySchema implements ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiProperty({ example: 'parties[0].name: name should not be empty' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'Each offending field, when known.' })
  errors?: FieldError[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Facts about a refused change, e.g. the state that forbids it.',
  })
  details?: Record<string, unknown>;
}

/** The `code`s a route answers with, beyond what the platform documents for every route. */
export interface RouteErrors {
  /** 404: the id in the path names nothing (or nothing the caller may see). */
  notFound?: string[];
  /** 409: the state of what the id names forbids the change. */
  conflict?: string[];
  /** 410: what the id names existed and is no more to be had (a one-time link used or expired). */
  gone?: string[];
  /** 403 besides ROLE_FORBIDDEN: e.g. a liaison acting for another department. */
  forbidden?: string[];
  /** 401 from a route's own proof of identity (a signed callback) instead of a bearer token. */
  unauthorized?: string[];
  /** 503: a dependency of this route (the court) did not answer; retry after `Retry-After`. */
  unavailable?: string[];
}

const codes = (list: string[]) => list.map((code) => `\`${code}\``).join(', ');

/**
 * An error answer with the project's ErrorBody as its schema, always JSON (even on a route that
 * produces an event stream). The document builder registers the schema.
 */
export function errorResponse(status: number, description: string) {
  const content = { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodySchema) } } };
  return ApiResponse({ status, description, content });
}

/**
 * Documents the errors that only this route answers, each with the ErrorBody schema and its
 * `code`s. The document builder (openapi.ts) adds what every route answers (400, 401/403 where
 * a token is needed, 422 and 429 on changes), so a route states only what is its own.
 */
export function ApiErrors(errors: RouteErrors) {
  const decorators: MethodDecorator[] = [];
  if (errors.notFound)
    decorators.push(
      errorResponse(404, `Not found, or not visible to the caller: ${codes(errors.notFound)}.`),
    );
  if (errors.conflict)
    decorators.push(errorResponse(409, `The current state forbids this: ${codes(errors.conflict)}.`));
  if (errors.gone)
    decorators.push(errorResponse(410, `It was here and is no more to be had: ${codes(errors.gone)}.`));
  if (errors.forbidden)
    decorators.push(
      errorResponse(403, `The caller may not do this: \`ROLE_FORBIDDEN\`, ${codes(errors.forbidden)}.`),
    );
  if (errors.unauthorized)
    decorators.push(errorResponse(401, `The caller did not prove who it is: ${codes(errors.unauthorized)}.`));
  if (errors.unavailable)
    decorators.push(
      errorResponse(
        503,
        `A dependency did not answer; retry after \`Retry-After\`: ${codes(errors.unavailable)}.`,
      ),
    );
  return applyDecorators(...decorators);
}
