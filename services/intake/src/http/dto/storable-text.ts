import { ValidateBy, type ValidationOptions } from 'class-validator';

/** U+0000, or a UTF-16 surrogate without its partner: text PostgreSQL refuses (text and jsonb). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * A string PostgreSQL can store: JSON may carry "\u0000" or a lone "\ud800", which would pass
 * every other rule and then fail the insert (a 500). Refused here as the client's mistake (400).
 */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || isStorableText(value),
        defaultMessage: () => '$property must not contain NUL characters or unpaired surrogates',
      },
    },
    options,
  );
}
