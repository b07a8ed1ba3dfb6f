export const SLA_TIMER = Symbol.for('chuishao.ops-console.SlaTimer');

/** sla-timer's answer, passed back as it came: it owns escalations and their rules. */
export interface SlaTimerAnswer {
  status: number;
  body: unknown;
}

/** The part of sla-timer's HTTP API the console acts through on a supervisor's behalf. */
export interface SlaTimerPort {
  acknowledgeEscalation(request: {
    escalationId: string;
    note: string | null;
    /** The supervisor's own bearer token: sla-timer authorizes and audits the person, not the console. */
    authorization: string;
    idempotencyKey: string;
    requestId?: string;
  }): Promise<SlaTimerAnswer>;
}
