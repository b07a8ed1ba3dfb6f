import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { PERSON_ROLES, type PersonRole } from '@chuishao/auth';

export const PUBLIC_ROUTE = 'chuishao:public';
export const ALLOWED_ROLES = 'chuishao:roles';
export const UNLIMITED_ROUTE = 'chuishao:unlimited';

/**
 * No token needed: health and the like (docs and metrics are not Nest routes). The OpenAPI
 * document shows it as `security: [{}]`, anonymous, instead of the bearer token.
 */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiSecurity({}));

/**
 * A public route outside the rate limits: health and metrics, which probes and Prometheus call
 * on a schedule from one address and which change nothing.
 */
export const Unlimited = () => SetMetadata(UNLIMITED_ROUTE, true);

/** The roles that may call an endpoint, declared next to it. An endpoint without any is closed. */
export const Roles = (...roles: PersonRole[]) => SetMetadata(ALLOWED_ROLES, roles);

/** Every person role: for reads that any signed-in user of the system may make. */
export const ANY_ROLE: PersonRole[] = [...PERSON_ROLES];

export const STREAM_ROUTE = 'chuishao:stream';

/**
 * A live stream: besides the Authorization header it takes `?ticket=` (StreamAccess), since a
 * browser's EventSource cannot send headers and a bearer token in a URL leaks.
 */
export const StreamRoute = () => SetMetadata(STREAM_ROUTE, true);
