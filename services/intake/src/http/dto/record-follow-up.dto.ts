import { ApiProperty } from '@nestjs/swagger';
import { FOLLOW_UP_ANSWERS, type FollowUpAnswer } from '@chuishao/contracts';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { IsStorableText } from './storable-text';

/** The party's answer to a follow-up, as a clerk takes it on the phone or the party gives it. */
export class FollowUpAnswerDto {
  @ApiProperty({ enum: FOLLOW_UP_ANSWERS, example: 'basically_satisfied' })
  @IsIn(FOLLOW_UP_ANSWERS)
  answer!: FollowUpAnswer;

  @ApiProperty({ example: true, description: 'The party’s word: is the dispute resolved (解决)?' })
  @IsBoolean()
  resolved!: boolean;

  @ApiProperty({
    example: '赔偿款已经到位',
    maxLength: 1000,
    description:
      'Required (not blank) when the answer is unsatisfied: the operator reads it when the case reopens',
  })
  @IsString()
  @MaxLength(1000)
  @IsStorableText()
  comment!: string;
}
