import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsStorableText } from '../dto/storable-text';

/** A form sends every field as text, an empty one as ''; both read as absent or as the number meant. */
const asNumber = ({ value }: { value: unknown }) =>
  value === '' || value === null || value === undefined
    ? undefined
    : typeof value === 'string'
      ? Number(value)
      : value;
const blankAsAbsent = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** What every Open311 call may carry: the key (the guard reads it) and a jurisdiction (one city here). */
export class Open311KeyQuery {
  @ApiPropertyOptional({ description: 'the client’s API key (required on requests, not on services)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  api_key?: string;

  @ApiPropertyOptional({ description: 'accepted and ignored: intake serves one jurisdiction' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsStorableText()
  jurisdiction_id?: string;
}

export class Open311RequestDto extends Open311KeyQuery {
  @ApiProperty({ example: 'TJ-102', description: 'a service_code of services.json' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  service_code!: string;

  @ApiPropertyOptional({
    example: 36.08,
    description: 'WGS-84; with long, or give address_string / address_id',
  })
  @IsOptional()
  @Transform(asNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({ example: 103.84 })
  @IsOptional()
  @Transform(asNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  long?: number;

  @ApiPropertyOptional({ example: '安立寨村二社' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsStorableText()
  address_string?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsStorableText()
  address_id?: string;

  @ApiPropertyOptional({ example: '邻居在巷道堆放杂物，多次协商未果' })
  @IsOptional()
  @IsString()
  @MaxLength(3000)
  @IsStorableText()
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @IsStorableText()
  first_name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @IsStorableText()
  last_name?: string;

  @ApiPropertyOptional({
    description: 'kept as a party’s phone: encrypted, searchable by keyed hash, masked',
  })
  @IsOptional()
  @Transform(blankAsAbsent)
  @IsString()
  @Matches(/^\+?[\d\s-]{5,20}$/, { message: 'must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ description: 'accepted, not kept' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'accepted, not kept' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  device_id?: string;

  @ApiPropertyOptional({ description: 'accepted, not kept' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  account_id?: string;

  @ApiPropertyOptional({ description: 'kept as text, never fetched' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  media_url?: string;
}

export class Open311ListQuery extends Open311KeyQuery {
  @ApiPropertyOptional({
    description: 'comma-separated service_request_ids; the other filters are then ignored',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  service_request_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @IsStorableText()
  service_code?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; default 90 days before end_date' })
  @IsOptional()
  @IsISO8601({ strict: true })
  start_date?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  end_date?: string;

  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ default: 1000, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class IssueOpen311KeyDto {
  @ApiProperty({ example: '12345 热线平台' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsStorableText()
  name!: string;

  @ApiProperty({
    example: 'anlizha-village',
    description: 'the center the client’s requests are registered at',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsStorableText()
  centerId!: string;
}
