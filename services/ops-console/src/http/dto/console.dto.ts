import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERSON_ROLES, type PersonRole } from '@chuishao/auth';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class AcknowledgeEscalationDto {
  @ApiPropertyOptional({ example: '已联系交警大队，正在赶往现场' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** A scorecard's period [from, to). */
export class PeriodQuery {
  @ApiPropertyOptional({
    example: '2026-11-01T00:00:00Z',
    description: 'Start (inclusive); default 30 days before `to`',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'End (exclusive); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ScorecardQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: ['department', 'center'], default: 'department' })
  @IsOptional()
  @IsIn(['department', 'center'])
  groupBy?: 'department' | 'center';
}

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class DevSignInDto {
  @ApiProperty({ enum: PERSON_ROLES, example: 'supervisor' })
  @IsIn([...PERSON_ROLES])
  role!: PersonRole;

  @ApiPropertyOptional({ example: 'supervisor-zhang', description: 'Who signs in; default `<role>-console`' })
  @IsOptional()
  @IsString()
  @Matches(IDENTIFIER, { message: 'subject must be letters, digits, dot, dash or underscore (at most 64)' })
  subject?: string;

  @ApiPropertyOptional({ example: 'ganzhou-traffic-police', description: 'For a liaison' })
  @IsOptional()
  @IsString()
  @Matches(IDENTIFIER, {
    message: 'departmentId must be letters, digits, dot, dash or underscore (at most 64)',
  })
  departmentId?: string;

  @ApiPropertyOptional({ example: 'ganzhou-district', description: 'For a clerk or an operator' })
  @IsOptional()
  @IsString()
  @Matches(IDENTIFIER, { message: 'centerId must be letters, digits, dot, dash or underscore (at most 64)' })
  centerId?: string;
}
