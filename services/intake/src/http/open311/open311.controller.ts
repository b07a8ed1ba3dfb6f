import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiConsumes, ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidError, NotFoundError } from '@chuishao/kernel';
import { Public, requestIdOf } from '@chuishao/platform';
import { ReadOpen311Requests } from '../../application/open311/read-open311-requests.query';
import { SubmitOpen311 } from '../../application/open311/submit-open311-request.use-case';
import { ApiOpen311Errors, Open311Error, Open311ErrorFilter } from './open311-errors';
import { Open311KeyGuard, type Open311Request } from './open311-key.guard';
import { Open311KeyQuery, Open311ListQuery, Open311RequestDto } from './open311.dto';
import { open311RequestView, open311ServiceList } from './open311.view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `.json` only: XML is optional in GeoReport v2, and no client of ours asked for it. */
function jsonOnly(format: string): void {
  if (format !== 'json')
    throw new InvalidError(
      'OPEN311_FORMAT_UNSUPPORTED',
      `format .${format} is not offered; use .json`,
      'format',
    );
}

function correlationOf(request: Open311Request): string {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && header.trim() !== ''
    ? header.trim().slice(0, 200)
    : requestIdOf(request);
}

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): a city's 12345 front end or a
 * resident app submits disputes and reads their status. Public to the bearer-token guard (the
 * platform's per-address limit applies); requests need the client's `api_key`. Errors come as
 * GeoReport's array of `{ code, description }`.
 */
@ApiTags('open311')
@ApiExtraModels(Open311Error)
@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
export class Open311Controller {
  constructor(
    private readonly submit: SubmitOpen311,
    private readonly reads: ReadOpen311Requests,
  ) {}

  @Get('services.:format')
  @Public()
  @ApiOperation({ summary: 'Open311 service list: one service per dispute type (no api_key needed)' })
  @ApiOpen311Errors({ key: false })
  services(@Param('format') format: string, @Query() _query: Open311KeyQuery) {
    jsonOnly(format);
    return open311ServiceList();
  }

  @Post('requests.:format')
  @Public()
  @UseGuards(Open311KeyGuard)
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({
    summary: 'Open311: submit a dispute; it is registered as a case (channel open311) at the client’s center',
    description:
      'Answers `[{ service_request_id, service_notice, account_id }]`. The same content from the same client ' +
      'within 10 minutes answers the first request again, as does an Idempotency-Key replay.',
  })
  @ApiOpen311Errors({ key: true, post: true })
  async create(
    @Param('format') format: string,
    @Body() body: Open311RequestDto,
    @Req() request: Open311Request,
  ) {
    jsonOnly(format);
    const submitted = await this.submit.execute({
      client: request.open311Client!,
      serviceCode: body.service_code,
      location: {
        lat: body.lat ?? null,
        long: body.long ?? null,
        addressString: body.address_string ?? null,
        addressId: body.address_id ?? null,
      },
      description: body.description ?? null,
      firstName: body.first_name ?? null,
      lastName: body.last_name ?? null,
      phone: body.phone ?? null,
      mediaUrl: body.media_url ?? null,
      correlationId: correlationOf(request),
    });
    return [
      {
        service_request_id: submitted.caseId,
        service_notice: `已受理，案件编号 ${submitted.caseNo}`,
        account_id: null,
      },
    ];
  }

  @Get('requests.:format')
  @Public()
  @UseGuards(Open311KeyGuard)
  @ApiOperation({ summary: 'Open311: the client’s own requests, newest first (default: the last 90 days)' })
  @ApiOpen311Errors({ key: true })
  async list(
    @Param('format') format: string,
    @Query() query: Open311ListQuery,
    @Req() request: Open311Request,
  ) {
    jsonOnly(format);
    const ids = query.service_request_id
      ?.split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    const requests = await this.reads.list({
      clientId: request.open311Client!.id,
      // An id that is no UUID is no request of ours: it matches nothing.
      caseIds: ids ? ids.filter((id) => UUID.test(id)) : null,
      serviceCode: query.service_code ?? null,
      status: query.status ?? null,
      start: query.start_date ? new Date(query.start_date) : null,
      end: query.end_date ? new Date(query.end_date) : null,
      limit: query.limit ?? 1000,
    });
    return requests.map(open311RequestView);
  }

  @Get('requests/:id.:format')
  @Public()
  @UseGuards(Open311KeyGuard)
  @ApiOperation({ summary: 'Open311: one request of the client, its status in Open311 terms' })
  @ApiOpen311Errors({ key: true, notFound: true })
  async get(
    @Param('id') id: string,
    @Param('format') format: string,
    @Query() _query: Open311KeyQuery,
    @Req() request: Open311Request,
  ) {
    jsonOnly(format);
    if (!UUID.test(id))
      throw new NotFoundError('OPEN311_REQUEST_NOT_FOUND', `no service request ${id.slice(0, 100)}`, {
        field: 'service_request_id',
      });
    return [open311RequestView(await this.reads.get(request.open311Client!.id, id))];
  }
}
