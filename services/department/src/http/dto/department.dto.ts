import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SUMMONS_STATUSES, type SummonsStatus } from '../../domain/summons';

export class ListDepartmentsQuery {
  @ApiPropertyOptional({
    description: 'Comma-separated center ids: departments serving any of them',
    example: 'ganzhou-district,shangqin-town',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  centerIds?: string;

  @ApiPropertyOptional({ example: 'judicial_office' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
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
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
