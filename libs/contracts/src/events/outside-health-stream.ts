/**
 * The stream the health of the systems outside chuishao stands on, in the envelope's `caseId`:
 * a department's webhook or a court that stops answering is about no case. One fixed key per topic
 * keeps each party's failing and recovery in order. Consumers of case events never see these:
 * they subscribe to CASE_EVENT_DEFINITIONS.
 */
export const OUTSIDE_HEALTH_STREAM_ID = '00000000-0000-7000-8000-000000000002';
