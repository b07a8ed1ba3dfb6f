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
  Max,
  MaxLength,
  Min,
} from 'class-validator';

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
  departmentIds?: string[];

  @ApiPropertyOptional({ example: 'Family of the deceased gathered at the town center' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ReassignDto {
  @ApiProperty({ example: 'shangqin-town-government' })
  @IsString()
  @IsNotEmpty()
  fromDepartmentId!: string;

  @ApiProperty({ example: 'shangqin-police-station' })
  @IsString()
  @IsNotEmpty()
  toDepartmentId!: string;

  @ApiProperty({ example: 'town government declined: no staff on duty' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class RoutingRuleDto {
  @ApiProperty({ example: ['traffic_police', 'judicial_office', 'town_government'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
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
