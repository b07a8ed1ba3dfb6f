import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DISPUTE_TYPES, type DisputeType } from '@chuishao/contracts';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { TARGET_KINDS } from '../../domain/escalation-policy';

export class SetEscalationPolicyDto {
  @ApiPropertyOptional({ description: 'The center it applies to; absent: every center (ops only)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  centerId?: string;

  @ApiPropertyOptional({ enum: DISPUTE_TYPES, description: 'The dispute type it applies to; absent: any' })
  @IsOptional()
  @IsIn(DISPUTE_TYPES)
  disputeType?: DisputeType;

  /** Checked field by field by the domain (validateLadderPolicy), which names the faulty one. */
  @ApiProperty({
    description: `{ warningSeconds, levels: [{ delaySeconds, target: ${TARGET_KINDS.join(' | ')} }], repeat (0..10) }`,
    example: {
      warningSeconds: 600,
      levels: [
        { delaySeconds: 0, target: 'department_head' },
        { delaySeconds: 900, target: 'center_up' },
      ],
      repeat: 0,
    },
  })
  @IsObject()
  policy!: Record<string, unknown>;
}
