/**
 * More hands mid-incident (issue 20 item 3), as the operator's screen offers it: which summons
 * may be stood down and which departments may be added. dispatch decides (its Whistle decider);
 * these only keep the screen from offering what it would refuse.
 */
export interface HandsSummons {
  departmentId: string;
  status: string;
}

/** Summons still expected on site: not replaced by a reassignment, not stood down. */
export function expectedSummons<S extends HandsSummons>(summons: readonly S[]): S[] {
  return summons.filter((s) => s.status !== 'replaced' && s.status !== 'stood_down');
}

/**
 * A summons may be stood down before it arrives (notified or acknowledged), while another
 * department is still expected: a whistle keeps at least one.
 */
export function canStandDown(summons: HandsSummons, all: readonly HandsSummons[]): boolean {
  return ['notified', 'acknowledged'].includes(summons.status) && expectedSummons(all).length > 1;
}

/** The departments that may be added: every one of the directory not expected on site already. */
export function addableDepartments<D extends { id: string }>(
  directory: readonly D[],
  summons: readonly HandsSummons[],
): D[] {
  const expected = new Set(expectedSummons(summons).map((s) => s.departmentId));
  return directory.filter((d) => !expected.has(d.id));
}
