import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERFORMANCE_OUTCOMES, type PerformanceOutcome } from '@chuishao/contracts';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class RecordPerformanceDto {
  @ApiProperty({
    enum: PERFORMANCE_OUTCOMES,
    description:
      'What the mediator found at the performance deadline; before it only `performed` (ahead of time)',
  })
  @IsIn(PERFORMANCE_OUTCOMES)
  outcome!: PerformanceOutcome;

  @ApiPropertyOptional({
    example: '李某 paid 300,000 of the 500,000 yuan; the rest is promised by 15 November',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
