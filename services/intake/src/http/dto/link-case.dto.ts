import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsStorableText } from './storable-text';

/** A repeat petition (重复来访): the earlier case this one repeats, and the clerk's short note. */
export class LinkCaseDto {
  @ApiProperty({ format: 'uuid', description: 'the earlier case this one repeats' })
  @IsUUID()
  linkedCaseId!: string;

  @ApiPropertyOptional({ type: String, maxLength: 500, example: 'same applicant, same accident' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsStorableText()
  reason?: string | null;
}

/** The period repeat petitions are counted over: [from, to), by default the last 30 days. */
export class RepeatCountsQuery {
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
