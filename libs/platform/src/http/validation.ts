import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorBody, FieldError } from '@chuishao/contracts';

/** Flattens class-validator's tree into `parties[0].name: must not be empty` style entries. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const reason of Object.values(error.constraints ?? {})) out.push({ field, reason });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true, // one clear reason per field, not every rule it also breaks
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      const body: ErrorBody = {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: fieldErrors.map((e) => `${e.field}: ${e.reason}`).join('; ') || 'invalid request',
        errors: fieldErrors,
      };
      return new BadRequestException(body);
    },
  });
}
