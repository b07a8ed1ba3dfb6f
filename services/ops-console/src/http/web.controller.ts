import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '@chuishao/contracts';
import { Public } from '@chuishao/platform';

/**
 * The event catalogue, public: it holds only the contracts. The workstation's own files are
 * served by the workstationFiles middleware (infrastructure/gateway), outside any route.
 */
@ApiTags('web')
@Controller()
export class WebController {
  private readonly asyncApi = buildAsyncApiDocument();

  @Get('asyncapi.json')
  @Public()
  @ApiOperation({
    summary: 'The AsyncAPI 3 document of every topic and event, generated from libs/contracts',
  })
  asyncapi(): Record<string, unknown> {
    return this.asyncApi;
  }
}
