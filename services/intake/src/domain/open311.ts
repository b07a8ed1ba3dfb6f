import { InvalidError } from '@chuishao/kernel';
import type { CaseStatus } from './case-status';

/**
 * Open311 GeoReport v2 in intake's terms: how a case's status reads to a resident, where a
 * request is, what its case is about, and which period a list covers. Pure rules, no framework.
 */
export type Open311Status = 'open' | 'closed';

/** Open311 knows two states: a case is `closed` once closed, `open` in every other state (a reopened one too). */
export function open311StatusOf(status: CaseStatus): Open311Status {
  return status === 'closed' ? 'closed' : 'open';
}

const NOTES: Record<CaseStatus, string> = {
  registered: '已登记，等待受理',
  whistled: '已吹哨，相关部门正在报到',
  on_site: '相关部门已到场处置',
  mediating: '正在调解',
  agreement_reached: '已达成调解协议',
  mediation_failed: '调解未成功，正在另行处理',
  confirmation_pending: '调解协议正在申请司法确认',
  confirmed: '调解协议已获司法确认',
  rejected: '司法确认未获准许，正在另行处理',
  closed: '已办结',
  reopened: '回访不满意，已重新办理',
};

/** The `status_notes` a resident reads: where the case stands, in zh-CN, never why it closed (that may name parties). */
export function open311StatusNote(status: CaseStatus): string {
  return NOTES[status];
}

export interface Open311Location {
  lat: number | null;
  long: number | null;
  addressString: string | null;
  addressId: string | null;
}

/** GeoReport v2: a request is somewhere, given as lat and long together, or an address string, or an address id. */
export function checkOpen311Location(location: Open311Location): Open311Location {
  const { lat, long, addressString, addressId } = location;
  if ((lat === null) !== (long === null))
    throw new InvalidError(
      'OPEN311_LOCATION_INCOMPLETE',
      'lat and long come together',
      lat === null ? 'lat' : 'long',
    );
  const address = addressString?.trim() || null;
  const id = addressId?.trim() || null;
  if (lat === null && address === null && id === null)
    throw new InvalidError(
      'OPEN311_LOCATION_REQUIRED',
      'a request needs lat and long, an address_string or an address_id',
      'lat',
    );
  return { lat, long, addressString: address, addressId: id };
}

/** The case's summary: the resident's description, or the service's name when they wrote none, with where it is. */
export function open311Summary(
  description: string | null,
  serviceName: string,
  where: string | null,
): string {
  const text = description?.trim() || serviceName;
  return where ? `${text}（地点：${where}）` : text;
}

/** The applicant's name: as the resident gave it, or 匿名市民 (an anonymous resident) when they gave none. */
export function open311ApplicantName(firstName: string | null, lastName: string | null): string {
  // Chinese order: family name first.
  const name = `${lastName?.trim() ?? ''}${firstName?.trim() ?? ''}`;
  return name === '' ? '匿名市民' : name;
}

export const OPEN311_DEFAULT_PERIOD_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The period a list covers (GeoReport v2: the last 90 days unless asked otherwise): up to now,
 * and from 90 days before its end. An end before its start is the client's mistake.
 */
export function open311Period(start: Date | null, end: Date | null, now: Date): { start: Date; end: Date } {
  const to = end ?? now;
  const from = start ?? new Date(to.getTime() - OPEN311_DEFAULT_PERIOD_DAYS * DAY_MS);
  if (from.getTime() > to.getTime())
    throw new InvalidError('OPEN311_PERIOD_INVALID', 'start_date must not be after end_date', 'start_date');
  return { start: from, end: to };
}
