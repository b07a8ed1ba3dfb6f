import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { open311Period, type Open311Status } from '../../domain/open311';
import { Open311Repository, type Open311RequestView } from '../../infrastructure/open311/open311.repository';

export interface Open311ListQuery {
  clientId: string;
  caseIds: readonly string[] | null;
  serviceCode: string | null;
  status: Open311Status | null;
  start: Date | null;
  end: Date | null;
  limit: number;
}

/**
 * What an Open311 client reads back: only the requests it submitted itself, never a case a clerk
 * registered, nor another client's, nor a party (a dispute is not a pothole: its description may
 * be a family's private matter, so requests are not public as in a city's issue tracker).
 */
@Injectable()
export class ReadOpen311Requests {
  constructor(
    private readonly requests: Open311Repository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(clientId: string, caseId: string): Promise<Open311RequestView> {
    const request = await this.requests.request(clientId, caseId);
    if (!request)
      throw new NotFoundError('OPEN311_REQUEST_NOT_FOUND', `no service request ${caseId}`, {
        field: 'service_request_id',
      });
    return request;
  }

  list(query: Open311ListQuery): Promise<Open311RequestView[]> {
    const { start, end } = open311Period(query.start, query.end, this.clock.now());
    return this.requests.requests({
      clientId: query.clientId,
      caseIds: query.caseIds,
      serviceCode: query.serviceCode,
      closed: query.status === null ? null : query.status === 'closed',
      start,
      end,
      limit: query.limit,
    });
  }
}
