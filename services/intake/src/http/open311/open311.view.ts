import { open311StatusNote, open311StatusOf } from '../../domain/open311';
import { open311ServiceByCode, OPEN311_SERVICES, type Open311Service } from '../../domain/open311-services';
import type { Open311RequestView } from '../../infrastructure/open311/open311.repository';

/** GeoReport v2 `services.json`: one realtime service per dispute type, no extra attributes. */
export function open311ServiceList() {
  return OPEN311_SERVICES.map((s: Open311Service) => ({
    service_code: s.code,
    service_name: s.name,
    description: s.description,
    metadata: false,
    type: 'realtime',
    keywords: s.keywords.join(','),
    group: s.group,
  }));
}

/** A request as GeoReport v2 reads it: its case's status in Open311 terms, never a party. */
export function open311RequestView(r: Open311RequestView) {
  return {
    service_request_id: r.caseId,
    status: open311StatusOf(r.status),
    status_notes: open311StatusNote(r.status),
    service_name: open311ServiceByCode(r.serviceCode)?.name ?? null,
    service_code: r.serviceCode,
    description: r.description,
    agency_responsible: null,
    service_notice: `案件编号 ${r.caseNo}`,
    requested_datetime: r.requestedAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: null,
    address: r.addressString,
    address_id: r.addressId,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: r.mediaUrl,
  };
}
