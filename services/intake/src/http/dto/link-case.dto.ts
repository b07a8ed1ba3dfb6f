import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
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
