import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGREEMENT_MATTER_CATEGORIES,
  MEDIATION_APPROACH_LEVELS,
  MEDIATION_REFERRALS,
  MEDIATION_TIER_LEVELS,
  type AgreementMatterCategory,
  type MediationApproachLevel,
  type MediationReferral,
  type MediationTierLevel,
} from '@chuishao/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** Names of people and departments, mediator ids. */
const MAX_NAME = 200;
const MAX_TEXT = 10_000;
const NOT_BLANK = /\S/;

/**
 * Yuan to the fen. (class-validator's own maxDecimalPlaces throws on numbers it prints in
 * exponent notation, such as 4e-323, which would turn a client's odd input into a 500.)
 */
const InFen = () =>
  ValidateBy({
    name: 'inFen',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Math.abs(Math.round(value * 100) - value * 100) < 1e-6,
      defaultMessage: () => 'amount must have at most 2 decimal places',
    },
  });

/** The approach ladder as mediators say it: 情 → 理 → 法 → 诉. */
const APPROACH_ALIASES: Record<string, MediationApproachLevel> = {
  情: 'sentiment',
  理: 'reason',
  法: 'law',
  诉: 'litigation',
};

export class OpenMediationDto {
  @ApiPropertyOptional({
    description: 'The mediator in charge; by default the mediator who opens it',
    example: 'mediator-zhang',
  })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'mediatorId must not be blank' })
  @MaxLength(128)
  mediatorId?: string;

  @ApiPropertyOptional({
    description: 'Departments or people taking part besides the parties',
    example: ['ganzhou-traffic-police', 'shangqin-judicial-office'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'participants must not be blank' })
  @MaxLength(MAX_NAME, { each: true })
  participants?: string[];

  @ApiPropertyOptional({ enum: MEDIATION_TIER_LEVELS, description: 'Tier level to start at (四级七天)' })
  @IsOptional()
  @IsIn(MEDIATION_TIER_LEVELS)
  level?: MediationTierLevel;
}

export class RecordSessionDto {
  @ApiProperty({ example: '2018-10-15T09:00:00.000Z' })
  @IsISO8601({ strict: true })
  startedAt!: string;

  @ApiProperty({ example: '2018-10-15T12:00:00.000Z' })
  @IsISO8601({ strict: true })
  endedAt!: string;

  @ApiProperty({ example: ['王某', 'ganzhou-traffic-police', 'shangqin-judicial-office'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'participants must not be blank' })
  @MaxLength(MAX_NAME, { each: true })
  participants!: string[];

  @ApiProperty({
    enum: [...MEDIATION_APPROACH_LEVELS, ...Object.keys(APPROACH_ALIASES)],
    description: 'Approach level: 情 sentiment, 理 reason, 法 law, 诉 litigation',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (APPROACH_ALIASES[value] ?? value) : value,
  )
  @IsIn(MEDIATION_APPROACH_LEVELS)
  level!: MediationApproachLevel;

  @ApiPropertyOptional({ example: 'Explained the compensation standards; the family agreed to talk' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  notes?: string;
}

export class MatterDto {
  @ApiProperty({ enum: AGREEMENT_MATTER_CATEGORIES })
  @IsIn(AGREEMENT_MATTER_CATEGORIES)
  category!: AgreementMatterCategory;

  @ApiProperty({ example: 'Compensation for the death of the applicant’s daughter' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  @MaxLength(2000)
  description!: string;
}

export class ResponsibilityDto {
  @ApiProperty({ example: '李某' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'party must not be blank' })
  @MaxLength(MAX_NAME)
  party!: string;

  @ApiProperty({ example: 'Primary responsibility for the accident (traffic police finding)' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'responsibility must not be blank' })
  @MaxLength(2000)
  responsibility!: string;
}

export class PerformanceDto {
  @ApiProperty({ example: 'Bank transfer to the applicant' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'manner must not be blank' })
  @MaxLength(2000)
  manner!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2018-10-30T00:00:00.000Z',
    description: 'null: on signing',
  })
  @ValidateIf((o: PerformanceDto) => o.deadline !== null)
  @IsISO8601({ strict: true })
  deadline!: string | null;
}

export class PartySignatureDto {
  @ApiProperty({ example: '王某', description: 'The party, by name as registered on the case' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'party must not be blank' })
  @MaxLength(MAX_NAME)
  party!: string;

  @ApiProperty({ example: '2018-10-15T14:00:00.000Z' })
  @IsISO8601({ strict: true })
  signedAt!: string;
}

export class MediatorSignatureDto {
  @ApiProperty({ example: 'mediator-zhang' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'mediator must not be blank' })
  @MaxLength(128)
  mediator!: string;

  @ApiProperty({ example: '2018-10-15T14:05:00.000Z' })
  @IsISO8601({ strict: true })
  signedAt!: string;
}

/** A written agreement with what People's Mediation Law art. 29 requires, signed by all. */
export class RecordAgreementDto {
  @ApiProperty({ description: 'The facts of the dispute' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'facts must not be blank' })
  @MaxLength(MAX_TEXT)
  facts!: string;

  @ApiProperty({ type: [MatterDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MatterDto)
  mattersInDispute!: MatterDto[];

  @ApiProperty({ type: [ResponsibilityDto], description: "Each party's responsibility" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ResponsibilityDto)
  responsibilities!: ResponsibilityDto[];

  @ApiProperty({ description: 'The agreed terms' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'terms must not be blank' })
  @MaxLength(MAX_TEXT)
  terms!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 500000,
    description: 'In yuan; null when nothing is paid',
  })
  @ValidateIf((o: RecordAgreementDto) => o.amount !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000_000)
  @InFen()
  amount!: number | null;

  @ApiProperty({ type: PerformanceDto, description: 'How and by when the terms are performed' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PerformanceDto)
  performance!: PerformanceDto;

  @ApiProperty({ type: [PartySignatureDto], description: 'One signature for every party of the case' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartySignatureDto)
  partySignatures!: PartySignatureDto[];

  @ApiProperty({ type: MediatorSignatureDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MediatorSignatureDto)
  mediatorSignature!: MediatorSignatureDto;
}

export class FailMediationDto {
  @ApiProperty({ example: 'The parties could not agree on the amount' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ enum: MEDIATION_REFERRALS, default: 'litigation' })
  @IsOptional()
  @IsIn(MEDIATION_REFERRALS)
  referral?: MediationReferral;
}

export class ListMediationsQuery {
  @ApiPropertyOptional({ enum: ['open', 'agreed', 'failed'] })
  @IsOptional()
  @IsIn(['open', 'agreed', 'failed'])
  state?: 'open' | 'agreed' | 'failed';

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
