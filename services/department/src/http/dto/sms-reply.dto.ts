import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** A reply as the SMS gateway's inbound webhook posts it (signed: X-Sms-Timestamp, X-Sms-Signature). */
export class InboundSmsDto {
  @ApiProperty({
    description: "the gateway's id of the message: a repeat is answered, not acted on again",
    example: 'mo-20261204-0001',
  })
  @MaxLength(128)
  @Matches(/^[\w.:-]+$/, { message: 'must be letters, digits and . _ : - only' })
  @IsNotEmpty()
  @IsString()
  messageId!: string;

  @ApiProperty({ description: 'the number that replied', example: '13800000001' })
  @Matches(/^\+?\d{5,20}$/, { message: 'must be a phone number: 5 to 20 digits, optionally after +' })
  @IsString()
  from!: string;

  @ApiProperty({
    description: 'what was typed, e.g. "1 17" (acknowledge) or "2 17" (on site)',
    example: '1 17',
  })
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  text!: string;
}

export class SmsRepliesQuery {
  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @Max(500)
  @Min(1)
  @IsInt()
  limit?: number;
}
