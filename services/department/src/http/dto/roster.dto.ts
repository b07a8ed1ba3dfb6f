import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { SHIFT_LENGTHS, type ShiftLength } from '../../domain/roster';

// As in the other DTOs, the type check sits next to the property (decorators run bottom-up); the
// rules that need the directory (a liaison of this department) are the domain's.

const CONTACT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const INSTANT = { strict: true, strictSeparator: true } as const;

export class SetRotationDto {
  @ApiProperty({ example: ['liaison-1', 'liaison-2'], description: 'liaison ids in shift order' })
  @Matches(CONTACT_ID, { each: true, message: 'each must be a contact id' })
  @IsString({ each: true })
  @ArrayMaxSize(50)
  @ArrayMinSize(1)
  @IsArray()
  contactIds!: string[];

  @ApiProperty({ enum: SHIFT_LENGTHS })
  @IsIn(SHIFT_LENGTHS)
  @IsString()
  shift!: ShiftLength;

  @ApiProperty({ example: '08:30', description: 'hand-over, Beijing time (HH:MM)' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM, 00:00 to 23:59' })
  @IsString()
  handover!: string;

  @ApiProperty({
    example: '2026-12-01',
    description: 'local date of the first shift, which begins at its hand-over',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  @IsString()
  startDate!: string;
}

export class AddOverrideDto {
  @ApiProperty({ example: 'liaison-2', description: 'the liaison on duty instead, for this span' })
  @Matches(CONTACT_ID, { message: 'must be a contact id' })
  @IsString()
  contactId!: string;

  @ApiProperty({ example: '2026-12-01T20:00:00+08:00' })
  @IsISO8601(INSTANT)
  @IsString()
  from!: string;

  @ApiProperty({
    example: '2026-12-02T08:30:00+08:00',
    description: 'exclusive: the rotation resumes at this instant',
  })
  @IsISO8601(INSTANT)
  @IsString()
  to!: string;

  @ApiPropertyOptional({ example: '调班', nullable: true, type: String })
  @MaxLength(200)
  @IsString()
  @IsOptional()
  reason?: string | null;
}

export class OnDutyQuery {
  @ApiPropertyOptional({ description: 'the instant (ISO-8601); now when left out' })
  @IsISO8601(INSTANT)
  @IsString()
  @IsOptional()
  at?: string;
}

export class FeedQuery {
  @ApiProperty({ description: "the liaison's calendar feed token" })
  @MaxLength(200)
  @IsString()
  token!: string;
}

export class OverrideView {
  @ApiProperty() id!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt!: string | null;
}

export class RotationView {
  @ApiProperty({ type: [String] }) contactIds!: string[];
  @ApiProperty({ enum: SHIFT_LENGTHS }) shift!: ShiftLength;
  @ApiProperty() handover!: string;
  @ApiProperty() startDate!: string;
}

export class RosterLiaisonView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class RosterView {
  @ApiProperty() departmentId!: string;
  @ApiProperty({ type: [RosterLiaisonView], description: 'the liaisons a roster may name (no phones)' })
  liaisons!: RosterLiaisonView[];
  @ApiProperty({ type: RotationView, nullable: true }) rotation!: RotationView | null;
  @ApiProperty({ type: [OverrideView] }) overrides!: OverrideView[];
  @ApiProperty({ nullable: true, type: String }) updatedAt!: string | null;
}

export class OnDutyView {
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'whether a roster decided (else the directory’s on-duty flags)' })
  roster!: boolean;
  @ApiProperty({ type: [String] }) contactIds!: string[];
}

export class FeedTokenView {
  @ApiProperty({ description: 'shown once; the previous token stops working' }) token!: string;
  @ApiProperty({ example: '/departments/x/roster/contacts/liaison-1/shifts.ics?token=…' }) path!: string;
}
