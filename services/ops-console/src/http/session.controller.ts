import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Ctx, Public, Roles, type RequestContext } from '@chuishao/platform';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../application/console-settings';

/**
 * Signing in to the console: the browser keeps a bearer token (the identity provider's access
 * token through OpenID Connect, or one minted by the development-only DevSignInController) and
 * sends it on every API call.
 */
@ApiTags('session')
@Controller('api/session')
export class SessionController {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  @Get('config')
  @Public()
  @ApiOperation({
    summary:
      'How the workstation signs in: `oidc` (issuer and client id of the identity provider), `development` or `none`',
  })
  config() {
    const { oidc, devSignIn } = this.settings;
    if (oidc) return { signIn: 'oidc', oidc };
    return { signIn: devSignIn ? 'development' : 'none', oidc: null };
  }

  @Get('me')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Who the token belongs to (the console checks a pasted token with it)' })
  me(@Ctx() ctx: RequestContext) {
    const { role, subject, departmentId, centerId } = ctx.principal;
    return { role, subject, departmentId: departmentId ?? null, centerId: centerId ?? null };
  }
}
