import { DEVELOPMENT_SECRET, issueDevelopmentToken, type PersonRole } from '@chuishao/auth';

export interface TestCaller {
  role: PersonRole;
  subject?: string;
  departmentId?: string;
  centerId?: string;
}

/** A bearer token as the development identity provider would issue it (same secret as the services). */
export function tokenFor(
  caller: TestCaller,
  options: { expiresInSeconds?: number; secret?: string } = {},
): string {
  // Clerks and operators work at a center; tests that do not care get the village window where
  // their cases are registered (a clerk acts at their own center only) and the district's
  // operator (who sees every center below it).
  const centerId =
    caller.centerId ??
    (caller.role === 'clerk'
      ? 'anlizha-village'
      : caller.role === 'operator'
        ? 'ganzhou-district'
        : undefined);
  return issueDevelopmentToken({
    ...caller,
    centerId,
    subject: caller.subject ?? `${caller.role}-test`,
    secret: options.secret ?? process.env.AUTH_JWT_SECRET ?? DEVELOPMENT_SECRET,
    expiresInSeconds: options.expiresInSeconds,
  });
}

/** `{ authorization: 'Bearer …' }` for the caller, to spread into a request's headers. */
export function as(
  caller: TestCaller | PersonRole,
  options?: { expiresInSeconds?: number; secret?: string },
) {
  const resolved = typeof caller === 'string' ? { role: caller } : caller;
  return { authorization: `Bearer ${tokenFor(resolved, options)}` };
}
