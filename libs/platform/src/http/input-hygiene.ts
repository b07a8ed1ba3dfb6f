import type { ErrorBody } from '@chuishao/contracts';
import { raw, type NextFunction, type Request, type Response } from 'express';

/** Our requests nest 3 or 4 levels (a case, its parties, their fields); 16 leaves room, not abuse. */
export const MAX_INPUT_DEPTH = 16;

// A NUL character, or half of a UTF-16 surrogate pair without its other half.
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type InputProblem = { code: 'BODY_TOO_DEEP' | 'INVALID_TEXT' | 'RESERVED_FIELD_NAME'; field: string };

/**
 * Names no request of ours uses, and that class-transformer and class-validator mishandle:
 * `__proto__` and `constructor` are silently dropped, and names of Object.prototype members
 * (hasOwnProperty…) pass the whitelist as if declared. Refusing them keeps "unknown field → 400"
 * true without exception.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype', 'constructor']);

/**
 * Finds the first part of a parsed request that no handler should ever see, walking without
 * recursion so that hostile nesting cannot overflow the stack here either:
 *  - nesting deeper than MAX_INPUT_DEPTH: class-transformer and class-validator recurse once per
 *    level, and ~1000 levels (2 kB of "[[[[") overflow the stack — a 500 for a client's mistake;
 *  - a NUL character or an unpaired surrogate in any string: PostgreSQL refuses both (text and
 *    jsonb), so they would fail deep inside a transaction instead of at the door.
 */
export function findInputProblem(value: unknown, root: string): InputProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 1 }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.value === 'string') {
      if (UNSTORABLE_TEXT.test(current.value)) return { code: 'INVALID_TEXT', field: current.path };
      continue;
    }
    if (typeof current.value !== 'object' || current.value === null) continue;
    if (current.depth > MAX_INPUT_DEPTH) return { code: 'BODY_TOO_DEEP', field: current.path };
    for (const [key, child] of Object.entries(current.value)) {
      if (UNSTORABLE_TEXT.test(key)) return { code: 'INVALID_TEXT', field: current.path };
      const path = Array.isArray(current.value)
        ? `${current.path}[${key}]`
        : current.path
          ? `${current.path}.${key}`
          : key;
      if (!Array.isArray(current.value) && RESERVED_KEYS.has(key))
        return { code: 'RESERVED_FIELD_NAME', field: path };
      stack.push({ value: child, path, depth: current.depth + 1 });
    }
  }
  return null;
}

const REASONS: Record<InputProblem['code'], string> = {
  BODY_TOO_DEEP: `nests more than ${MAX_INPUT_DEPTH} levels of arrays and objects`,
  INVALID_TEXT: 'contains a NUL character or an unpaired surrogate, which cannot be stored',
  RESERVED_FIELD_NAME: 'is a reserved name (an Object.prototype member), never a field of ours',
};

/** Express middleware, after the JSON body parser: a 400 naming the field, before any handler runs. */
export function inputHygiene() {
  return (request: Request, response: Response, next: NextFunction) => {
    const problem =
      findInputProblem(isBinaryUploadBody(request) ? null : request.body, '') ??
      findInputProblem(request.query, '') ??
      findInputProblem(request.path, 'path');
    if (!problem) return next();
    const field = problem.field || 'body';
    const body: ErrorBody = {
      statusCode: 400,
      code: problem.code,
      message: `${field}: ${REASONS[problem.code]}`,
      errors: [{ field, reason: REASONS[problem.code] }],
    };
    response.status(400).json(body);
  };
}

const METHODS_WITH_BODIES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function carriesBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The one exception to JSON-only bodies: Open311 GeoReport v2 clients (a city's 12345 front end,
 * a resident app) post `application/x-www-form-urlencoded`, as the specification has them. Only
 * under these path prefixes, and only that type; the urlencoded parser (bootstrap.ts) therefore
 * never meets a form anywhere else, and inputHygiene checks the parsed form like any JSON body.
 */
export const FORM_BODY_ROUTES: readonly string[] = ['/open311/'];

function takesFormBody(request: Request): boolean {
  return (
    FORM_BODY_ROUTES.some((prefix) => request.path.startsWith(prefix)) &&
    typeof request.is('application/x-www-form-urlencoded') === 'string'
  );
}

/**
 * Express middleware before any body parser: a request body must be JSON, or it is a 415 naming
 * the content type it came as. A form or text body would otherwise reach a handler unparsed (as
 * no body at all) or, with another parser, past the checks above (`reason=a%00b`).
 */
export function jsonBodiesOnly() {
  return (request: Request, response: Response, next: NextFunction) => {
    if (!METHODS_WITH_BODIES.has(request.method) || !carriesBody(request)) return next();
    if (request.is('application/json') || isBinaryUploadBody(request)) return next();
    if (takesFormBody(request)) return next();
    const sent = request.headers['content-type'] ?? '(none)';
    const reason = `the request body must be application/json, not ${sent.slice(0, 100)}`;
    const body: ErrorBody = {
      statusCode: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: reason,
      errors: [{ field: 'content-type', reason }],
    };
    response.status(415).json(body);
  };
}

/**
 * Express error handler right after the body parser. Nest would turn a parse error into a bare
 * 400 whose message quotes the start of the body; this answers with a stable code instead and
 * never echoes what was sent (it may hold a citizen's ID number).
 */
export function bodyParserErrors() {
  return (error: unknown, _request: Request, response: Response, next: NextFunction) => {
    const { type, status } = (error ?? {}) as { type?: string; status?: number };
    if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
    const known: Record<string, [string, string]> = {
      'entity.parse.failed': ['MALFORMED_BODY', 'the request body is not valid JSON'],
      'entity.too.large': ['PAYLOAD_TOO_LARGE', 'the request body is larger than 1 MB'],
      'encoding.unsupported': ['UNSUPPORTED_ENCODING', 'the request body encoding is not supported'],
      'charset.unsupported': ['UNSUPPORTED_CHARSET', 'the request body charset is not supported'],
      'request.aborted': ['REQUEST_ABORTED', 'the request body was not sent completely'],
    };
    const [code, message] = known[type ?? ''] ?? ['MALFORMED_BODY', 'the request body could not be read'];
    const body: ErrorBody = {
      statusCode: status,
      code,
      message,
      errors: [{ field: 'body', reason: message }],
    };
    response.status(status).json(body);
  };
}

// --- Binary uploads: the one, explicit exception to "a body is JSON" -------------------------

/** A route whose body is a file's bytes (a photo, a scan), not JSON; a service lists its own. */
export interface BinaryUploadRoute {
  /** Matched against the request's path (no query string); POST only. */
  path: RegExp;
  /** The most bytes read: a larger body is a 413 before any handler runs. */
  maxBytes: number;
}

/** Marks a body read by binaryUploadBodies, so the JSON-only checks leave it alone. */
const BINARY_UPLOAD = Symbol('chuishao.binaryUpload');

function isBinaryUploadBody(request: Request): boolean {
  return (
    (request as Request & { [BINARY_UPLOAD]?: boolean })[BINARY_UPLOAD] === true &&
    Buffer.isBuffer(request.body)
  );
}

function refuse(response: Response, status: number, code: string, reason: string): void {
  const body: ErrorBody = { statusCode: status, code, message: reason, errors: [{ field: 'body', reason }] };
  response.status(status).json(body);
}

/**
 * Express middleware before jsonBodiesOnly: a POST to one of `routes` has its body read as bytes
 * (`request.body` a Buffer, empty when none was sent) whatever its Content-Type, because what a
 * file is must be told from its content by the handler, never from what the client declared.
 * Every other request is untouched, so the JSON-only rule still holds everywhere else.
 */
export function binaryUploadBodies(routes: readonly BinaryUploadRoute[]) {
  return (request: Request, response: Response, next: NextFunction) => {
    const route = request.method === 'POST' ? routes.find(({ path }) => path.test(request.path)) : undefined;
    if (!route) return next();
    raw({ type: () => true, limit: route.maxBytes })(request, response, (error?: unknown) => {
      const { type, status } = (error ?? {}) as { type?: string; status?: number };
      if (type === 'entity.too.large')
        return refuse(response, 413, 'PAYLOAD_TOO_LARGE', `the file is larger than ${route.maxBytes} bytes`);
      if (typeof status === 'number' && status >= 400 && status < 500)
        return refuse(response, status, 'MALFORMED_BODY', 'the file could not be read');
      if (error) return next(error);
      if (!Buffer.isBuffer(request.body)) request.body = Buffer.alloc(0);
      (request as Request & { [BINARY_UPLOAD]?: boolean })[BINARY_UPLOAD] = true;
      next();
    });
  };
}
