import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** Department ids and kinds are short slugs (`shangqin-judicial-office`, `judicial_office`). */
export const MAX_SLUG_LENGTH = 100;

export class BlowWhistleDto {
  @ApiPropertyOptional({
    description: 'Departments to summon; when omitted, the routing rule of the case dispute type decides',
    example: ['ganzhou-traffic-police', 'shangqin-judicial-office', 'shangqin-town-government'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_SLUG_LENGTH, { each: true })
  departmentIds?: string[];

  @ApiPropertyOptional({ example: 'Family of the deceased gathered at the town center' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({
    example: 900,
    minimum: 10,
    maximum: 7200,
    description:
      'Seconds the departments have to be on site, when the operator sets a deadline for this whistle (an urgent crowd, a drill, the demo); default SLA_ARRIVAL_SECONDS (1800)',
  })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(7200)
  arrivalWithinSeconds?: number;
}

export class ReassignDto {
  @ApiProperty({ example: 'shangqin-town-government', maxLength: MAX_SLUG_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_SLUG_LENGTH)
  fromDepartmentId!: string;

  @ApiProperty({ example: 'shangqin-police-station', maxLength: MAX_SLUG_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_SLUG_LENGTH)
  toDepartmentId!: string;

  @ApiProperty({ example: 'town government declined: no staff on duty' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

export class AddDepartmentDto {
  @ApiProperty({ example: 'shangqin-police-station', maxLength: MAX_SLUG_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_SLUG_LENGTH)
  departmentId!: string;

  @ApiProperty({ example: 'the crowd grew; police needed on site', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;

  @ApiPropertyOptional({
    example: 900,
    minimum: 10,
    maximum: 7200,
    description: "Seconds the added department has to be on site, from now; default the whistle's SLA",
  })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(7200)
  arrivalWithinSeconds?: number;
}

export class StandDownDto {
  @ApiProperty({ example: 'the parties calmed down; no longer needed', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

export class RoutingRuleDto {
  @ApiProperty({ example: ['traffic_police', 'judicial_office', 'town_government'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_SLUG_LENGTH, { each: true })
  @Matches(/\S/, { each: true, message: 'each value in departmentKinds must not be blank' })
  departmentKinds!: string[];
}

export class ListWhistlesQuery {
  @ApiPropertyOptional({ enum: ['open', 'completed'] })
  @IsOptional()
  @IsIn(['open', 'completed'])
  status?: 'open' | 'completed';

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
