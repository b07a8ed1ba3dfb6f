import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date YYYY-MM-DD';

export class HolidayDto {
  @ApiProperty({ example: '春节' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name!: string;

  @ApiProperty({ example: '2027-02-05', description: 'First day off (inclusive)' })
  @IsString()
  @Matches(DATE, { message: DATE_MESSAGE })
  from!: string;

  @ApiProperty({ example: '2027-02-13', description: 'Last day off (inclusive)' })
  @IsString()
  @Matches(DATE, { message: DATE_MESSAGE })
  to!: string;
}

export class HolidayScheduleDto {
  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({
    example: '国务院办公厅关于2027年部分节假日安排的通知',
    description: 'The notice the schedule comes from',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  source!: string;

  @ApiProperty({ type: [HolidayDto], description: 'Public holidays as published, each an inclusive range' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => HolidayDto)
  holidays!: HolidayDto[];

  @ApiProperty({
    example: ['2027-02-20'],
    description: 'Make-up working days (调休): Saturdays or Sundays declared working days',
  })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Matches(DATE, { each: true, message: DATE_MESSAGE })
  makeUpWorkdays!: string[];
}
