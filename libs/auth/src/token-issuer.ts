import jwt from 'jsonwebtoken';
import type { PersonRole } from './principal';

export interface DevTokenRequest {
  role: PersonRole;
  subject?: string;
  departmentId?: string;
  centerId?: string;
  /** Seconds; default 12 hours. Negative issues an already expired token (for tests). */
  expiresInSeconds?: number;
  secret: string;
  issuer?: string;
  audience?: string;
}

/** Signs an HS256 token as the development identity provider would (npm run token, tests). */
export function issueDevelopmentToken(request: DevTokenRequest): string {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = request.expiresInSeconds ?? 12 * 3600;
  return jwt.sign(
    {
      role: request.role,
      ...(request.departmentId ? { departmentId: request.departmentId } : {}),
      ...(request.centerId ? { centerId: request.centerId } : {}),
      iat: expiresIn < 0 ? now + expiresIn - 60 : now,
      exp: now + expiresIn,
    },
    request.secret,
    {
      algorithm: 'HS256',
      subject: request.subject ?? `${request.role}-dev`,
      issuer: request.issuer ?? 'chuishao',
      audience: request.audience ?? 'chuishao',
    },
  );
}
