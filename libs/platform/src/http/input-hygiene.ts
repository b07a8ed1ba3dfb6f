import type { ErrorBody } from '@chuishao/contracts';
import type { NextFunction, Request, Response } from 'express';

/** Our requests nest 3 or 4 levels (a case, its parties, their fields); 16 leaves room, not abuse. */
export const MAX_INPUT_DEPTH = 16;

// A NUL character, or half of a UTF-16 surrogate pair without its other half.
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type InputProblem = { code: 'BODY_TOO_DEEP'; field: string } | { code: 'INVALID_TEXT'; field: string };

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
      stack.push({ value: child, path, depth: current.depth + 1 });
    }
  }
  return null;
}

const REASONS: Record<InputProblem['code'], string> = {
  BODY_TOO_DEEP: `nests more than ${MAX_INPUT_DEPTH} levels of arrays and objects`,
  INVALID_TEXT: 'contains a NUL character or an unpaired surrogate, which cannot be stored',
};

/** Express middleware, after the JSON body parser: a 400 naming the field, before any handler runs. */
export function inputHygiene() {
  return (request: Request, response: Response, next: NextFunction) => {
    const problem =
      findInputProblem(request.body, '') ??
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
