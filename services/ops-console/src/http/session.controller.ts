import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { issueDevelopmentToken } from '@chuishao/auth';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import {
  ANY_ROLE,
  ApiErrors,
  Ctx,
  Public,
  Roles,
  SERVICE_CONFIG,
  type RequestContext,
  type ServiceConfig,
} from '@chuishao/platform';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../application/console-settings';
import { DevSignInDto } from './dto/console.dto';

/**
 * Signing in to the console: the browser keeps a bearer token (pasted from `npm run token`, or
 * minted here by the development-only dev sign-in) and sends it on every API call.
 */
@ApiTags('session')
@Controller('api/session')
export class SessionController {
  constructor(
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('me')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Who the token belongs to (the console checks a pasted token with it)' })
  me(@Ctx() ctx: RequestContext) {
    const { role, subject, departmentId, centerId } = ctx.principal;
    return { role, subject, departmentId: departmentId ?? null, centerId: centerId ?? null };
  }

  @Post('dev-token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Development only: a short-lived token for a chosen role',
    description: 'HS256 only, never in production; `404 DEV_SIGN_IN_DISABLED` elsewhere.',
  })
  @ApiErrors({ notFound: ['DEV_SIGN_IN_DISABLED'] })
  devToken(@Body() body: DevSignInDto) {
    const auth = this.config.auth;
    if (!this.settings.devSignIn || auth.mode !== 'hs256')
      throw new NotFoundError(
        'DEV_SIGN_IN_DISABLED',
        'dev sign-in is off here; use a token from your identity provider',
      );
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
