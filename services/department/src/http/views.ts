import { ApiProperty } from '@nestjs/swagger';
import type { Department } from '../domain/department';
import { SUMMONS_STATUSES, type Summons, type SummonsStatus } from '../domain/summons';

/** Response shapes, declared as classes so the OpenAPI document at /docs describes them. */
export class DepartmentView {
  @ApiProperty({ example: 'shangqin-judicial-office' }) id!: string;
  @ApiProperty({ example: 'judicial_office' }) kind!: string;
  @ApiProperty({ example: 'Shangqin Town Judicial Office' }) name!: string;
  @ApiProperty({ example: '上秦镇司法所' }) nameZh!: string;
  @ApiProperty({
    type: [String],
    example: ['shangqin-town'],
    description: 'the governance centers it serves',
  })
  centerIds!: string[];
}

export class DepartmentListView {
  @ApiProperty({ type: [DepartmentView] }) items!: DepartmentView[];
}

export class ArrivalLocationView {
  @ApiProperty({ minimum: -90, maximum: 90, example: 25.8311 }) latitude!: number;
  @ApiProperty({ minimum: -180, maximum: 180, example: 114.9336 }) longitude!: number;
  @ApiProperty({ minimum: 0, example: 12 }) accuracyMeters!: number;
}

export class SummonsView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) whistleId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'ALZ-2018-000042' }) caseNo!: string | null;
  @ApiProperty({ example: 'ganzhou-traffic-police' }) departmentId!: string;
  @ApiProperty({ enum: SUMMONS_STATUSES }) status!: SummonsStatus;
  @ApiProperty({ format: 'date-time' }) arrivalDeadline!: string;
  @ApiProperty({ format: 'date-time' }) notifiedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) arrivedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) arrivalNote!: string | null;
  @ApiProperty({ type: ArrivalLocationView, nullable: true }) arrivalLocation!: ArrivalLocationView | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) declinedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) declineReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) stoodDownAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) standDownReason!: string | null;
}

export class SummonsListView {
  @ApiProperty({ type: [SummonsView] }) items!: SummonsView[];
}

export function departmentView(department: Department): DepartmentView {
  return {
    id: department.id,
    kind: department.kind,
    name: department.name,
    nameZh: department.nameZh,
    centerIds: department.centerIds,
  };
}

export function summonsView(summons: Summons): SummonsView {
  return {
    id: summons.id,
    whistleId: summons.whistleId,
    caseId: summons.caseId,
    caseNo: summons.caseNo,
    departmentId: summons.departmentId,
    status: summons.status,
    arrivalDeadline: summons.arrivalDeadline.toISOString(),
    notifiedAt: summons.notifiedAt.toISOString(),
    acknowledgedAt: summons.acknowledgedAt?.toISOString() ?? null,
    arrivedAt: summons.arrivedAt?.toISOString() ?? null,
    arrivalNote: summons.arrivalNote,
    arrivalLocation: summons.arrivalLocation,
    declinedAt: summons.declinedAt?.toISOString() ?? null,
    declineReason: summons.declineReason,
    stoodDownAt: summons.stoodDownAt?.toISOString() ?? null,
    standDownReason: summons.standDownReason,
  };
}
