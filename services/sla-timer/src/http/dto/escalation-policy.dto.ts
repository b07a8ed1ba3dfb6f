import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DISPUTE_TYPES, type DisputeType } from '@chuishao/contracts';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
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

export class EscalateByHandDto {
  @ApiProperty({
    example: 2,
    description: "The level to raise now: above the current one, on the summons's ladder",
  })
  @IsInt()
  @Min(1)
  @Max(1000)
  level!: number;

  @ApiPropertyOptional({ example: 'The crowd is growing; the town must step in now' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}
