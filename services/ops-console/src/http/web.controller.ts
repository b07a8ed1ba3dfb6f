import { createHash } from 'node:crypto';
import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '@chuishao/contracts';
import { contentSecurityPolicy, Public } from '@chuishao/platform';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../application/console-settings';
import { consolePage } from './web/console-page';
import { CONSOLE_SCRIPT } from './web/console-script';

/**
 * The browser app's files and the event catalogue. Public: the page and script carry no data
 * (every figure comes from the token-protected API), the AsyncAPI document only the contracts.
 */
@ApiTags('web')
@Controller()
export class WebController {
  private readonly page: string;
  /** The platform's policy plus the hash of the page's one inline script (its settings). */
  private readonly pagePolicy: string;
  private readonly asyncApi = buildAsyncApiDocument();

  constructor(@Inject(CONSOLE_SETTINGS) settings: ConsoleSettings) {
    this.page = consolePage({ devSignIn: settings.devSignIn });
    const inlineScripts = [...this.page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
      ([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
    );
    this.pagePolicy = contentSecurityPolicy(inlineScripts);
  }

  @Get()
  @Public()
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  index(@Res({ passthrough: true }) response: Response): string {
    response.setHeader('content-security-policy', this.pagePolicy);
    return this.page;
  }

  @Get('console.js')
  @Public()
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-store')
  script(): string {
    return CONSOLE_SCRIPT;
  }

  @Get('asyncapi.json')
  @Public()
  @ApiOperation({
    summary: 'The AsyncAPI 3 document of every topic and event, generated from libs/contracts',
  })
  asyncapi(): Record<string, unknown> {
    return this.asyncApi;
  }
}
