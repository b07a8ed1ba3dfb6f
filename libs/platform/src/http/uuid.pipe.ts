import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { isUuid } from '@chuishao/kernel';

/** `@Param('id', new UuidPipe('id'))`: a malformed id is the client's mistake, named in a 400. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}

  transform(value: string): string {
    if (!isUuid(value)) {
      throw new BadRequestException({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: `${this.field}: must be a UUID`,
        errors: [{ field: this.field, reason: 'must be a UUID' }],
      });
    }
    return value.toLowerCase();
  }
}
