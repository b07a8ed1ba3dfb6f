import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class MonthlyReportQuery {
  @ApiProperty({
    example: 'shangqin-town',
    description: 'The center; the report includes every center below it',
  })
  @IsString()
  @Length(1, 100)
  center!: string;

  @ApiProperty({ example: '2026-11', description: 'The month, YYYY-MM (Beijing time)' })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month as YYYY-MM' })
  month!: string;
}
