import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { DeadLettersQuery } from './notification.dto';

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

/** The same `limit` as the dead-letter list (1..500, 100 by default). */
export class SmsRepliesQuery extends DeadLettersQuery {}
