import { isTransientDatabaseError } from '@chuishao/persistence';
import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody } from '@chuishao/contracts';
import { DomainError, UnavailableError, type Logger } from '@chuishao/kernel';
import type { Request, Response } from 'express';
import { requestIdOf } from './request-context';

const STATUS_BY_KIND = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  gone: HttpStatus.GONE,
  forbidden: HttpStatus.FORBIDDEN,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
} as const;

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'UNAVAILABLE',
};

export function toErrorBody(exception: unknown): { status: number; body: ErrorBody; retryAfter?: number } {
  if (exception instanceof DomainError) {
    const status = STATUS_BY_KIND[exception.kind];
    const field = (exception.details as { field?: string } | undefined)?.field;
    return {
      status,
      body: {
        statusCode: status,
        code: exception.code,
        message: exception.message,
        ...(field ? { errors: [{ field, reason: exception.message }] } : {}),
        ...(exception.details && !field ? { details: exception.details } : {}),
      },
      retryAfter: exception instanceof UnavailableError ? exception.retryAfterSeconds : undefined,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'code' in response) {
      return { status, body: response as ErrorBody };
    }
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    return {
      status,
      body: { statusCode: status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message },
    };
  }
  // Express body-parser: malformed JSON, too large, wrong charset — the client's mistake.
  const parserStatus = (exception as { status?: unknown; type?: unknown })?.status;
  if (typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500) {
    return {
      status: parserStatus,
      body: {
        statusCode: parserStatus,
        code:
          parserStatus === 400 ? 'MALFORMED_BODY' : (CODE_BY_STATUS[parserStatus] ?? `HTTP_${parserStatus}`),
        message: exception instanceof Error ? exception.message : 'malformed request body',
      },
    };
  }
  if (isTransientDatabaseError(exception)) {
    return {
      status: 503,
      body: {
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'the database is unavailable; retry shortly',
      },
      retryAfter: 5,
    };
  }
  return { status: 500, body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal error' } };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, retryAfter } = toErrorBody(exception);
    if (status >= 500) {
      // 503 is an expected, self-healing condition (a dependency is down); 500 is a bug.
      this.logger[status === 503 ? 'warn' : 'error']('request failed', {
        method: request.method,
        path: request.path,
        requestId: requestIdOf(request),
        status,
        error:
          exception instanceof Error
            ? { message: exception.message, stack: exception.stack }
            : String(exception),
      });
    }
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    if (!response.headersSent) response.status(status).json(body);
  }
}
