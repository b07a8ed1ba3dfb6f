import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_TEXT_LENGTH } from '../../domain/summons';

// Decorators run bottom-up and the platform's pipe stops at a field's first failed rule, so the
// type check sits next to the property: a missing or numeric reason is "must be a string", not
// "must be shorter than 1000 characters".

export class ReportArrivalDto {
  @ApiPropertyOptional({
    maxLength: MAX_TEXT_LENGTH,
    example: 'Two officers on site at the village committee.',
  })
  @IsOptional()
  @MaxLength(MAX_TEXT_LENGTH)
  @IsString()
  note?: string;
}

export class DeclineSummonsDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_TEXT_LENGTH,
    example: 'Outside our jurisdiction: the road is a provincial highway.',
  })
  @MaxLength(MAX_TEXT_LENGTH)
  @IsNotEmpty()
  @IsString()
  reason!: string;
}
