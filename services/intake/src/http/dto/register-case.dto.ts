import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DISPUTE_TYPES,
  PARTY_ROLES,
  URGENCIES,
  WINDOW_CHANNELS,
  type CaseChannel,
  type DisputeType,
  type PartyRole,
  type Urgency,
} from '@chuishao/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsStorableText } from './storable-text';

/** A position picked on the map (WGS 84). */
export class PlaceLocationDto {
  @ApiProperty({ minimum: -90, maximum: 90, example: 34.58 })
  @IsNumber()
  @Min(-90)
  @Max(90)
  latitude!: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: 105.72 })
  @IsNumber()
  @Min(-180)
  @Max(180)
  longitude!: number;
}

/** Where the dispute is: the address people use and, when picked, its position. */
export class PlaceDto {
  @ApiPropertyOptional({ type: String, maxLength: 200, example: '安立寨村二社路口', nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsStorableText()
  address?: string | null;

  @ApiPropertyOptional({ type: PlaceLocationDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PlaceLocationDto)
  location?: PlaceLocationDto | null;
}

export class PartyDto {
  @ApiProperty({ enum: PARTY_ROLES })
  @IsIn(PARTY_ROLES)
  role!: PartyRole;

  @ApiProperty({ example: '王某' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsStorableText()
  name!: string;

  @ApiPropertyOptional({
    description:
      '18-character resident ID number; stored encrypted, shown masked (in full to clerks and mediators)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\s*\d{17}[\dXx]\s*$/, { message: 'must be an 18-character resident ID number' })
  idNumber?: string | null;

  @ApiPropertyOptional({
    description: 'stored encrypted as its digits, shown masked (in full to clerks and mediators)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[\d\s-]{5,20}$/, { message: 'must be a phone number' })
  phone?: string | null;
}

export class RegisterCaseDto {
  @ApiProperty({ example: 'anlizha-village' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsStorableText()
  centerId!: string;

  @ApiProperty({ enum: WINDOW_CHANNELS })
  @IsIn(WINDOW_CHANNELS)
  channel!: CaseChannel;

  @ApiProperty({ enum: DISPUTE_TYPES })
  @IsIn(DISPUTE_TYPES)
  disputeType!: DisputeType;

  @ApiProperty({ example: 'Daughter killed in a road accident; family petitions for compensation.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @IsStorableText()
  summary!: string;

  @ApiProperty({ description: 'people who came to the window', minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(10000)
  headcount!: number;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency!: Urgency;

  @ApiPropertyOptional({
    type: PlaceDto,
    nullable: true,
    description: 'where the dispute is; departments’ on-site reports are compared with its position',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PlaceDto)
  place?: PlaceDto | null;

  @ApiProperty({ type: [PartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties!: PartyDto[];
}

export class CloseCaseDto {
  @ApiProperty({ example: 'withdrawn by the applicant' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @IsStorableText()
  reason!: string;
}

export class ListCasesQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsStorableText()
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsStorableText()
  centerId?: string;

  @ApiPropertyOptional({
    description: 'cases with a party of this ID number (clerk, operator); matched by keyed hash',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  idNumber?: string;

  @ApiPropertyOptional({
    description: 'cases with a party of this phone, digits compared (clerk, operator); matched by keyed hash',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
