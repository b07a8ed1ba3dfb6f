import { InvalidError } from '@chuishao/kernel';
import type { Contact } from './notification';

/** A department's people as its directory entry lists them: one head (or none yet) and its liaisons. */
export interface DepartmentContacts {
  head: { id: string; name: string; phone: string } | null;
  liaisons: ReadonlyArray<{ id: string; name: string; phone: string; onDuty: boolean }>;
}

/**
 * The contacts a department's directory entry holds: the head and the liaisons, each with an id
 * unique within the department, so a duty roster change names the same person again.
 */
export function departmentContacts(input: DepartmentContacts): Contact[] {
  const contacts: Contact[] = [
    ...(input.head ? [{ ...input.head, role: 'head' as const, onDuty: true }] : []),
    ...input.liaisons.map((l) => ({ ...l, role: 'liaison' as const })),
  ];
  assertUniqueIds(contacts, 'liaisons');
  return contacts;
}

/** A center's supervisors (督查), who hear the escalations that climb to that center. */
export function centerSupervisors(
  input: ReadonlyArray<{ id: string; name: string; phone: string }>,
): Contact[] {
  const contacts = input.map((s) => ({ ...s, role: 'supervisor' as const, onDuty: true }));
  assertUniqueIds(contacts, 'supervisors');
  return contacts;
}

function assertUniqueIds(contacts: readonly Contact[], field: string): void {
  const seen = new Set<string>();
  for (const contact of contacts) {
    if (seen.has(contact.id))
      throw new InvalidError('CONTACT_ID_REPEATED', `contact id ${contact.id} appears twice`, field);
    seen.add(contact.id);
  }
}
