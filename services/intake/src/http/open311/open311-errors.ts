import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ApiResponse, ApiProperty } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { ErrorFilter, toErrorBody } from '@chuishao/platform';

/** One entry of GeoReport v2's error answer: the HTTP status as `code`, and what went wrong. */
export class Open311Error {
  @ApiProperty({ example: 400 })
  code!: number;

  @ApiProperty({ example: 'service_code: must be a string (VALIDATION_FAILED)' })
  description!: string;
}

/**
 * GeoReport v2 clients read errors as a JSON array of `{ code, description }`. This filter gives
 * the /open311 routes that shape, with the same statuses and reasons the platform's ErrorFilter
 * works out (each field named in the description, our stable code after it); a 5xx still goes
 * to the platform's filter, which logs it.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly platform: ErrorFilter;

  constructor(@Inject(LOGGER) logger: Logger) {
    this.platform = new ErrorFilter(logger.child('http'));
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body, retryAfter } = toErrorBody(exception);
    if (status >= 500 || host.getType() !== 'http') return this.platform.catch(exception, host);
    const response = host.switchToHttp().getResponse<import('express').Response>();
    const errors: Open311Error[] = body.errors?.length
      ? body.errors.map((e) => ({ code: status, description: `${e.field}: ${e.reason} (${body.code})` }))
      : [{ code: status, description: `${body.message} (${body.code})` }];
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    if (!response.headersSent) response.status(status).json(errors);
  }
}

const open311Errors = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: {
      'application/json': {
        schema: { type: 'array', items: { $ref: '#/components/schemas/Open311Error' } },
      },
    },
  });

/** The 4xx answers of an Open311 route, documented in GeoReport v2's error shape. */
export function ApiOpen311Errors(options: { key: boolean; notFound?: boolean; post?: boolean }) {
  return applyDecorators(
    open311Errors(
      400,
      'Refused input, each field named: `VALIDATION_FAILED`, `OPEN311_*` (a NUL character, deep nesting or a ' +
        'malformed body are refused before the route, as ErrorBody).',
    ),
    ...(options.key
      ? [open311Errors(403, 'api_key missing, unknown or revoked: `OPEN311_API_KEY_INVALID`.')]
      : []),
    ...(options.notFound
      ? [open311Errors(404, 'No such request of this client: `OPEN311_REQUEST_NOT_FOUND`.')]
      : []),
    ...(options.post
      ? [
          open311Errors(
            422,
            'The Idempotency-Key was used before with another body: `IDEMPOTENCY_KEY_REUSED`.',
          ),
        ]
      : []),
    open311Errors(429, 'Too many requests from this address: `RATE_LIMITED`.'),
  );
}
