import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class AcknowledgeEscalationDto {
  @ApiPropertyOptional({ example: 'Called the brigade commander; a unit is on its way' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ListBreachesQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only breaches still open' })
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ScorecardQuery {
  @ApiPropertyOptional({
    example: '2026-11-01T00:00:00Z',
    description: 'Start of the period (inclusive), ISO-8601; default: 30 days before `to`',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description: 'End of the period (exclusive), ISO-8601; default: now',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
