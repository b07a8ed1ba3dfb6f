import { as, http, waitFor } from '@chuishao/testing';

/** The reference case of SPEC: Anlizha village, Shangqin town, Ganzhou district, October 2018. */
export const ANLIZHA_CASE = {
  centerId: 'anlizha-village',
  channel: 'petition',
  disputeType: 'road_traffic',
  summary:
    'A villager petitions after his daughter died in a road accident; the family asks for compensation.',
  headcount: 5,
  urgency: 'urgent',
  parties: [
    { role: 'applicant', name: '王某 (father)', idNumber: '62070219680505123X', phone: '13909361234' },
    { role: 'respondent', name: '赵某 (driver)', idNumber: '620702199002021110', phone: '13519361111' },
  ],
};

export async function ok(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) {
  const response = await http(baseUrl, method, path, body, headers);
  if (response.status >= 300) {
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** The people of the reference case, as the services see their tokens. */
export const clerk = as({ role: 'clerk', subject: 'clerk-anlizha-1', centerId: 'anlizha-village' });
export const operator = as({ role: 'operator', subject: 'operator-ganzhou-1', centerId: 'ganzhou-district' });
export const liaisonOf = (departmentId: string) =>
  as({ role: 'liaison', subject: `liaison-${departmentId}`, departmentId });

/** A summons as dispatch and the department inbox show it (the fields the tests read). */
export interface Summons {
  id: string;
  departmentId: string;
  status?: string;
}

/**
 * Sets the escalation policy of the reference case's center and dispute type through the console,
 * once sla-timer has seen a case of that center (before, it answers 404 CENTER_NOT_FOUND).
 */
export async function setReferenceCasePolicy(
  consoleUrl: string,
  supervisor: Record<string, string>,
  policy: { warningSeconds: number; levels: Array<{ delaySeconds: number; target: string }>; repeat: number },
) {
  const scope = { centerId: ANLIZHA_CASE.centerId, disputeType: ANLIZHA_CASE.disputeType };
  await waitFor('sla-timer to know the case’s center and take the policy', async () => {
    const put = await http(
      consoleUrl,
      'PUT',
      '/api/sla-timer/escalation-policies',
      { ...scope, policy },
      supervisor,
    );
    return put.status === 200;
  });
}
