import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

// As in the other DTOs, the type check sits next to the property: class-validator runs a
// property's decorators bottom-up and the platform's pipe reports a field's first failure.

const CONTACT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const PHONE = /^\+?\d{5,20}$/;

export class ContactDto {
  @ApiProperty({ example: 'liaison-zhang', description: 'unique within its department or center' })
  @Matches(CONTACT_ID, { message: 'must be 1 to 64 lowercase letters, digits, - or _' })
  @IsString()
  id!: string;

  @ApiProperty({ example: '张警官' })
  @MaxLength(100)
  @Matches(/\S/, { message: 'must not be blank' })
  @IsString()
  name!: string;

  @ApiProperty({ example: '13800000001', description: 'digits, optionally after +; never logged' })
  @Matches(PHONE, { message: 'must be a phone number: 5 to 20 digits, optionally after +' })
  @IsString()
  phone!: string;
}

export class LiaisonDto extends ContactDto {
  @ApiProperty({ description: 'on the duty roster now: on-duty liaisons are texted about summons' })
  @IsBoolean()
  onDuty!: boolean;
}

export class SetDepartmentContactsDto {
  @ApiProperty({ type: ContactDto, nullable: true, description: 'hears level-1 escalations' })
  @ValidateIf((o: SetDepartmentContactsDto) => o.head !== null)
  @ValidateNested()
  @Type(() => ContactDto)
  @IsObject()
  head!: ContactDto | null;

  @ApiProperty({ type: [LiaisonDto] })
  @ValidateNested({ each: true })
  @Type(() => LiaisonDto)
  // class-validator would validate a nested array element as a list of contacts: refuse it as such.
  @IsObject({ each: true })
  @ArrayMaxSize(100)
  @IsArray()
  liaisons!: LiaisonDto[];
}

export class SetCenterSupervisorsDto {
  @ApiProperty({ type: [ContactDto], description: 'hear escalations that climb to this center (督办)' })
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  @IsObject({ each: true })
  @ArrayMaxSize(100)
  @IsArray()
  supervisors!: ContactDto[];
}

export class SetWebhookDto {
  @ApiProperty({ example: 'https://traffic-police.example.gov.cn/chuishao/webhook' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'must be an http or https URL' },
  )
  @MaxLength(2000)
  @IsString()
  url!: string;

  @ApiProperty({ minLength: 16, maxLength: 200, description: 'the HMAC-SHA256 key; never shown again' })
  @MaxLength(200)
  @MinLength(16)
  @IsString()
  secret!: string;
}

export class DeadLettersQuery {
  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @Max(500)
  @Min(1)
  @IsInt()
  limit?: number;
}

export class SmsMessagesQuery {
  @ApiPropertyOptional({ example: '13800000001' })
  @IsOptional()
  @Matches(PHONE, { message: 'must be a phone number: 5 to 20 digits, optionally after +' })
  @IsNotEmpty()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @Max(500)
  @Min(1)
  @IsInt()
  limit?: number;
}

export class StreamQuery {
  @ApiPropertyOptional({
    description:
      'For EventSource, which cannot send headers: a single-use ticket from POST /stream-tickets (never the bearer token).',
  })
  @IsOptional()
  @IsString()
  ticket?: string;

  @ApiPropertyOptional({ description: 'Resume after this entry id (the Last-Event-ID header wins)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'must be an event id (digits)' })
  @IsString()
  lastEventId?: string;
}
