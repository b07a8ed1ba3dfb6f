import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { Open311Clients } from '../../application/open311/open311-clients.use-case';
import type { Open311Client } from '../../infrastructure/open311/open311.repository';
import { IssueOpen311KeyDto } from './open311.dto';

const clientView = (c: Open311Client) => ({
  id: c.id,
  name: c.name,
  centerId: c.centerId,
  issuedAt: c.issuedAt.toISOString(),
  issuedBy: c.issuedBy,
  revokedAt: c.revokedAt?.toISOString() ?? null,
});

/** Ops issues and revokes the API keys of Open311 clients (a city's 12345 front end, a resident app). */
@ApiTags('open311')
@Controller('open311-clients')
export class Open311ClientsController {
  constructor(private readonly clients: Open311Clients) {}

  @Post()
  @Roles('ops')
  @ApiOperation({
    summary: 'Issue an Open311 client its API key (ops); the key is in this answer only',
    description: 'Only the key’s SHA-256 is kept. The client’s requests are registered at `centerId`.',
  })
  async issue(@Body() body: IssueOpen311KeyDto, @Ctx() ctx: RequestContext) {
    const client = await this.clients.issue({ ...body, actor: ctx.actor, correlationId: ctx.correlationId });
    return { ...clientView(client), apiKey: client.apiKey };
  }

  @Get()
  @Roles('ops')
  @ApiOperation({ summary: 'The Open311 clients, revoked ones included (never a key)' })
  async list() {
    return { items: (await this.clients.list()).map(clientView) };
  }

  @Post(':id/revoke')
  @Roles('ops')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an Open311 client’s API key (ops); its next request is refused' })
  @ApiErrors({ notFound: ['OPEN311_CLIENT_NOT_FOUND'] })
  async revoke(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    return clientView(await this.clients.revoke(id, ctx.actor, ctx.correlationId));
  }
}
