import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SUMMONS_STATUSES, type SummonsStatus } from '../../domain/summons';

// Decorators run bottom-up and the platform's pipe stops at a field's first failed rule: the type
// check sits next to the property, so `limit=abc` is "must be an integer", not "must not be greater than 200".

export class ListDepartmentsQuery {
  @ApiPropertyOptional({
    description: 'Comma-separated center ids: departments serving any of them',
    example: 'ganzhou-district,shangqin-town',
  })
  @IsOptional()
  @MaxLength(2000)
  @IsString()
  centerIds?: string;

  @ApiPropertyOptional({ example: 'judicial_office' })
  @IsOptional()
  @MaxLength(100)
  @IsNotEmpty()
  @IsString()
  kind?: string;
}

export class ListSummonsQuery {
  @ApiPropertyOptional({ enum: SUMMONS_STATUSES })
  @IsOptional()
  @IsIn(SUMMONS_STATUSES)
  status?: SummonsStatus;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @Max(200)
  @Min(1)
  @IsInt()
  limit?: number;
}
