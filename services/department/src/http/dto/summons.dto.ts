import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_ETA_MINUTES } from '../../domain/movement';
import { MAX_TEXT_LENGTH } from '../../domain/summons';

// Decorators run bottom-up and the platform's pipe stops at a field's first failed rule, so the
// type check sits next to the property: a missing or numeric reason is "must be a string", not
// "must be shorter than 1000 characters".

/** Where the liaison's phone was (WGS 84); the ranges are the contract's (DepartmentArrived v2). */
export class ArrivalLocationDto {
  @ApiProperty({ minimum: -90, maximum: 90, example: 25.8311 })
  @Max(90)
  @Min(-90)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  latitude!: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: 114.9336 })
  @Max(180)
  @Min(-180)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  longitude!: number;

  @ApiProperty({ minimum: 0, maximum: 100000, example: 12, description: 'radius of the fix, metres' })
  @Max(100_000)
  @Min(0)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  accuracyMeters!: number;
}

export class ReportArrivalDto {
  @ApiPropertyOptional({
    type: ArrivalLocationDto,
    nullable: true,
    description: 'where the phone was when it reported on site; omitted or null when it gave none',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ArrivalLocationDto)
  @IsObject()
  location?: ArrivalLocationDto | null;

  @ApiPropertyOptional({
    maxLength: MAX_TEXT_LENGTH,
    example: 'Two officers on site at the village committee.',
  })
  @IsOptional()
  @MaxLength(MAX_TEXT_LENGTH)
  @IsString()
  note?: string;
}

export class DeclineSummonsDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_TEXT_LENGTH,
    example: 'Outside our jurisdiction: the road is a provincial highway.',
  })
  @MaxLength(MAX_TEXT_LENGTH)
  @IsNotEmpty()
  @IsString()
  reason!: string;
}

export class ReportEnRouteDto {
  @ApiProperty({
    minimum: 1,
    maximum: MAX_ETA_MINUTES,
    example: 20,
    description: 'minutes until the people expect to be on site, from now',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_ETA_MINUTES)
  etaMinutes!: number;
}
