import type { Contact } from '../../domain/notification';
import { contactsOnDutyAt, contactsTold } from '../../domain/roster';
import type { Center, ContactOwner } from './directory.repository';
import type { StoredRoster } from './roster.repository';

/**
 * What the directory says about the owners of a batch of triggers, read in one query: contacts by
 * `<owner kind>:<owner id>` (in the order `contactsOf` gives), centers by id, and which departments
 * registered a webhook.
 */
export class DirectorySnapshot {
  constructor(
    private readonly contacts: ReadonlyMap<string, readonly Contact[]>,
    private readonly centers: ReadonlyMap<string, Center>,
    private readonly webhooks: ReadonlySet<string>,
    private readonly rosters: ReadonlyMap<string, StoredRoster> = new Map(),
    private readonly told: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ) {}

  /**
   * A department's contacts with who is on duty at `at`: the roster's decision where it keeps one.
   * With `followingSummons` (a warning, a stand-down), the liaisons texted that summons, while
   * still in the directory.
   */
  departmentContactsAt(departmentId: string, at: Date, followingSummons: string | null = null): Contact[] {
    const contacts = this.contactsOf('department', departmentId);
    const told = followingSummons ? this.told.get(followingSummons) : undefined;
    return (
      (told && contactsTold(contacts, told)) ??
      contactsOnDutyAt(contacts, this.rosters.get(departmentId) ?? null, at)
    );
  }

  contactsOf(owner: ContactOwner, ownerId: string): readonly Contact[] {
    return this.contacts.get(`${owner}:${ownerId}`) ?? [];
  }

  center(id: string): Center | null {
    return this.centers.get(id) ?? null;
  }

  hasWebhook(departmentId: string): boolean {
    return this.webhooks.has(departmentId);
  }
}

/** Contact ids texted each summons, from recipient keys `department:<id>:contact:<contactId>`. */
export function toldBySummons(
  rows: ReadonlyArray<{ summons_id: string; recipient: string }>,
): Map<string, Set<string>> {
  const told = new Map<string, Set<string>>();
  for (const { summons_id, recipient } of rows) {
    const contactId = /^department:[^:]+:contact:(.+)$/.exec(recipient)?.[1];
    if (contactId) told.set(summons_id, (told.get(summons_id) ?? new Set()).add(contactId));
  }
  return told;
}
