import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, InvalidError, type Clock } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { createHash } from 'node:crypto';
import {
  checkOpen311Location,
  open311ApplicantName,
  open311Summary,
  type Open311Location,
} from '../../domain/open311';
import { open311ServiceByCode } from '../../domain/open311-services';
import { Open311Repository, type Open311Client } from '../../infrastructure/open311/open311.repository';
import { RegisterCase } from '../register-case/register-case.use-case';

export interface SubmitOpen311Request {
  client: Open311Client;
  serviceCode: string;
  location: Open311Location;
  description: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  mediaUrl: string | null;
  correlationId: string;
}

export interface SubmittedOpen311Request {
  caseId: string;
  caseNo: string;
  duplicate: boolean;
}

/** The same content from the same client within this long is the same request sent twice. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * A resident's request through a city's 12345 front end or an app becomes a case registered by
 * the one RegisterCase a clerk's registration goes through (channel `open311`, the client as
 * actor), at the client's center: it lands in that center's queue and CaseRegistered flows as for
 * any case. The resident is the applicant; their phone goes the party's way (encrypted, keyed
 * hash, masked in events). Email is not kept: a party has no such field and no one here writes
 * to residents by email.
 */
@Injectable()
export class SubmitOpen311 {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly registerCase: RegisterCase,
    private readonly requests: Open311Repository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(request: SubmitOpen311Request): Promise<SubmittedOpen311Request> {
    const service = open311ServiceByCode(request.serviceCode);
    if (!service)
      throw new InvalidError(
        'OPEN311_SERVICE_UNKNOWN',
        `no service with code ${request.serviceCode}; see services.json`,
        'service_code',
      );
    const location = checkOpen311Location(request.location);
    const contentHash = fingerprint(request, location);
    return this.transactions.run(async () => {
      const now = this.clock.now();
      await this.requests.lockContent(request.client.id, contentHash);
      const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS);
      const earlier = await this.requests.sameContentSince(request.client.id, contentHash, since);
      if (earlier) return { ...earlier, duplicate: true };
      const where = location.addressString ?? location.addressId;
      const dispute = await this.registerCase.execute({
        centerId: request.client.centerId,
        channel: 'open311',
        disputeType: service.disputeType,
        summary: open311Summary(request.description, service.name, where),
        headcount: 1,
        urgency: 'normal',
        place: {
          address: location.addressString,
          location:
            location.lat !== null && location.long !== null
              ? { latitude: location.lat, longitude: location.long }
              : null,
        },
        parties: [
          {
            role: 'applicant',
            name: open311ApplicantName(request.firstName, request.lastName),
            phone: request.phone,
          },
        ],
        registrar: null,
        causation: {
          actor: { role: 'system', id: `open311:${request.client.id}` },
          correlationId: request.correlationId,
        },
      });
      await this.requests.insertRequest({
        caseId: dispute.id,
        clientId: request.client.id,
        serviceCode: service.code,
        description: request.description?.trim() || null,
        ...location,
        mediaUrl: request.mediaUrl,
        contentHash,
        requestedAt: now,
      });
      return { caseId: dispute.id, caseNo: dispute.caseNo, duplicate: false };
    });
  }
}

/**
 * What makes two requests the same: service, place, description and the name given. Not the
 * phone: an unkeyed hash of it would be a phone guessable by enumeration.
 */
function fingerprint(request: SubmitOpen311Request, location: Open311Location): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        request.serviceCode,
        location,
        request.description?.trim() ?? null,
        request.firstName,
        request.lastName,
      ]),
    )
    .digest('hex');
}
