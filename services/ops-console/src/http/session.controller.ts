import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Ctx, Roles, type RequestContext } from '@chuishao/platform';

/**
 * Signing in to the console: the browser keeps a bearer token (pasted from `npm run token`, or
 * minted by the development-only DevSignInController) and sends it on every API call.
 */
@ApiTags('session')
@Controller('api/session')
export class SessionController {
  @Get('me')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Who the token belongs to (the console checks a pasted token with it)' })
  me(@Ctx() ctx: RequestContext) {
    const { role, subject, departmentId, centerId } = ctx.principal;
    return { role, subject, departmentId: departmentId ?? null, centerId: centerId ?? null };
  }
}
