import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_TEXT_LENGTH } from '../../domain/summons';

export class ReportArrivalDto {
  @ApiPropertyOptional({
    maxLength: MAX_TEXT_LENGTH,
    example: 'Two officers on site at the village committee.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  note?: string;
}

export class DeclineSummonsDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_TEXT_LENGTH,
    example: 'Outside our jurisdiction: the road is a provincial highway.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TEXT_LENGTH)
  reason!: string;
}
