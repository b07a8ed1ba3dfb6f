import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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
