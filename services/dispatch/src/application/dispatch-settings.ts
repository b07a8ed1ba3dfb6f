export const DISPATCH_SETTINGS = Symbol.for('chuishao.dispatch.Settings');

export interface DispatchSettings {
  /** Seconds from the whistle to the arrival deadline (SPEC: 30 minutes by default). */
  arrivalSlaSeconds: number;
  departmentServiceUrl: string;
  /**
   * The bearer token dispatch sends to the department directory (DEPARTMENT_DIRECTORY_TOKEN).
   * When unset, dispatch mints a short-lived development token itself, which only works with the
   * shared-secret (hs256) auth mode; with rs256 (JWKS) a token must be configured.
   */
  departmentDirectoryToken: string | null;
}

export function loadDispatchSettings(env: NodeJS.ProcessEnv = process.env): DispatchSettings {
  const sla = Number(env.SLA_ARRIVAL_SECONDS ?? 1800);
  if (!Number.isInteger(sla) || sla <= 0)
    throw new Error(`SLA_ARRIVAL_SECONDS must be a positive whole number, got ${env.SLA_ARRIVAL_SECONDS}`);
  const token = env.DEPARTMENT_DIRECTORY_TOKEN?.trim();
  return {
    arrivalSlaSeconds: sla,
    departmentServiceUrl: (env.DEPARTMENT_URL ?? 'http://127.0.0.1:3003').replace(/\/$/, ''),
    departmentDirectoryToken: token ? token.replace(/^Bearer\s+/i, '') : null,
  };
}
