import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { issueDevelopmentToken } from '@chuishao/auth';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { Public, SERVICE_CONFIG, type ServiceConfig } from '@chuishao/platform';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../application/console-settings';
import { DevSignInDto } from './dto/console.dto';

/**
 * Development only: mints a short-lived token for a chosen role. AppModule mounts this controller
 * only under CHUISHAO_DEV=1 on the built-in secret (ConsoleSettings.devSignIn); anywhere else the
 * route does not exist and answers 404 like any unknown path.
 */
@ApiTags('session')
@Controller('api/session')
export class DevSignInController {
  constructor(
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('dev-token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Development only (CHUISHAO_DEV=1): a short-lived token for a chosen role. Absent elsewhere.',
  })
  devToken(@Body() body: DevSignInDto) {
    const auth = this.config.auth;
    // Mounted only in development; checked again so a wiring mistake cannot mint real tokens.
    if (auth.mode !== 'hs256' || !auth.development) throw new Error('dev sign-in outside development');
    const token = issueDevelopmentToken({
      role: body.role,
      subject: body.subject ?? `${body.role}-console`,
      departmentId: body.departmentId,
      centerId: body.centerId,
      expiresInSeconds: this.settings.devTokenSeconds,
      secret: auth.secret,
      issuer: auth.issuer,
      audience: auth.audience,
    });
    const expiresAt = new Date(this.clock.now().getTime() + this.settings.devTokenSeconds * 1000);
    return { token, role: body.role, expiresAt: expiresAt.toISOString() };
  }
}
