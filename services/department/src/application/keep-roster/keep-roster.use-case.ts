import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@chuishao/contracts';
import { CLOCK, ForbiddenError, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import { createHash, randomBytes } from 'node:crypto';
import { mayKeepRoster, type Caller } from '../../domain/department-access';
import type { Department } from '../../domain/department';
import { assertOverride, assertRotation, contactsOnDutyAt, type Rotation } from '../../domain/roster';
import { DepartmentRepository } from '../../infrastructure/persistence/department.repository';
import { DirectoryRepository } from '../../infrastructure/persistence/directory.repository';
import { RosterRepository, type StoredRoster } from '../../infrastructure/persistence/roster.repository';
import { assertPersonEdits } from '../edit-directory/edit-directory.use-case';

export interface RosterEdit {
  principal: Caller & { subject: string };
  actor: Actor;
  correlationId: string;
}

/** How far back a roster read shows overrides: the last week's, for the record. */
const OVERRIDES_SHOWN_MS = 7 * 24 * 3600_000;

export const feedTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A department keeps its duty roster (issue 20 item 1): the rotation, one-off overrides, and each
 * liaison's calendar feed token. Every edit is audited (who, which ids, never a phone) in its own
 * transaction. Nothing here touches notifications already written: who was told of a past summons
 * stays as it was planned when the summons arrived. A service account edits none of it (403
 * `SERVICE_ACCOUNT_READ_ONLY`, as with the directory): a leaked service token swaps no liaison.
 */
@Injectable()
export class KeepRoster {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly departments: DepartmentRepository,
    private readonly directory: DirectoryRepository,
    private readonly rosters: RosterRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The roster (null rotation when the department keeps none), as the caller may see it. */
  async read(departmentId: string, edit: Pick<RosterEdit, 'principal'>): Promise<StoredRoster | null> {
    await this.reachable(departmentId, edit.principal);
    return this.rosters.find(departmentId, new Date(this.clock.now().getTime() - OVERRIDES_SHOWN_MS));
  }

  /**
   * The department's liaisons a roster may name, by id and name (never a phone): what the roster
   * screen offers, to the department's own liaison too, who may not read the contacts themselves.
   */
  async liaisons(departmentId: string, edit: Pick<RosterEdit, 'principal'>) {
    await this.reachable(departmentId, edit.principal);
    return (await this.directory.contactsOf('department', departmentId))
      .filter((c) => c.role === 'liaison')
      .map((c) => ({ id: c.id, name: c.name }));
  }

  /** Who is on duty at `at` and why: the roster, or the directory's flags where it keeps none. */
  async onDuty(departmentId: string, asked: Date | null, edit: Pick<RosterEdit, 'principal'>) {
    await this.reachable(departmentId, edit.principal);
    const at = asked ?? this.clock.now();
    const roster = await this.rosters.find(departmentId, at);
    const contacts = await this.directory.contactsOf('department', departmentId);
    const onDuty = contactsOnDutyAt(contacts, roster, at).filter((c) => c.role === 'liaison' && c.onDuty);
    return { at, roster: roster !== null, contactIds: onDuty.map((c) => c.id) };
  }

  setRotation(departmentId: string, rotation: Rotation, edit: RosterEdit): Promise<StoredRoster> {
    assertPersonEdits(edit);
    return this.transactions.run(async (manager) => {
      await this.reachable(departmentId, edit.principal);
      assertRotation(rotation, await this.liaisonIds(departmentId));
      const now = this.clock.now();
      await this.rosters.saveRotation(departmentId, rotation, now);
      await this.audit.record(manager, this.entry(departmentId, 'DutyRotationSet', edit, { ...rotation }));
      return (await this.rosters.find(departmentId, new Date(now.getTime() - OVERRIDES_SHOWN_MS)))!;
    });
  }

  addOverride(
    departmentId: string,
    input: { contactId: string; from: Date; to: Date; reason: string | null },
    edit: RosterEdit,
  ) {
    assertPersonEdits(edit);
    return this.transactions.run(async (manager) => {
      await this.reachable(departmentId, edit.principal);
      if (!(await this.rosters.find(departmentId, this.clock.now())))
        throw new NotFoundError('ROSTER_NOT_FOUND', `department ${departmentId} keeps no roster yet`);
      assertOverride(input, await this.liaisonIds(departmentId));
      const override = { id: uuidv7(), ...input, cancelledAt: null };
      await this.rosters.addOverride(departmentId, override, this.clock.now());
      await this.audit.record(
        manager,
        this.entry(departmentId, 'DutyOverrideAdded', edit, {
          overrideId: override.id,
          contactId: input.contactId,
          from: input.from.toISOString(),
          to: input.to.toISOString(),
        }),
      );
      return override;
    });
  }

  cancelOverride(departmentId: string, overrideId: string, edit: RosterEdit): Promise<void> {
    assertPersonEdits(edit);
    return this.transactions.run(async (manager) => {
      await this.reachable(departmentId, edit.principal);
      const outcome = await this.rosters.cancelOverride(departmentId, overrideId, this.clock.now());
      if (outcome === 'unknown') throw new NotFoundError('OVERRIDE_NOT_FOUND', `no override ${overrideId}`);
      if (outcome === 'cancelled')
        await this.audit.record(
          manager,
          this.entry(departmentId, 'DutyOverrideCancelled', edit, { overrideId }),
        );
    });
  }

  /**
   * A new calendar feed token for a liaison (the previous one stops working): only the liaison
   * themself (their token's subject is their contact id) or a roster keeper. Answered once; only
   * its hash is stored.
   */
  issueFeedToken(departmentId: string, contactId: string, edit: RosterEdit): Promise<string> {
    assertPersonEdits(edit);
    return this.transactions.run(async (manager) => {
      await this.reachable(departmentId, edit.principal);
      const self = edit.principal.role === 'liaison' && edit.principal.subject === contactId;
      if (edit.principal.role === 'liaison' && !self)
        throw new ForbiddenError('FEED_NOT_YOURS', 'a liaison subscribes to their own shifts only');
      if (!(await this.liaisonIds(departmentId)).includes(contactId))
        throw new NotFoundError('CONTACT_NOT_FOUND', `no liaison ${contactId} in ${departmentId}`);
      const token = randomBytes(32).toString('base64url');
      await this.rosters.setFeedToken(departmentId, contactId, feedTokenHash(token), this.clock.now());
      await this.audit.record(manager, this.entry(departmentId, 'DutyFeedTokenIssued', edit, { contactId }));
      return token;
    });
  }

  private entry(departmentId: string, action: string, edit: RosterEdit, details: Record<string, unknown>) {
    return {
      occurredAt: this.clock.now(),
      actor: edit.actor,
      action,
      entityType: 'department',
      entityId: departmentId,
      correlationId: edit.correlationId,
      details,
    };
  }

  private async liaisonIds(departmentId: string): Promise<string[]> {
    return (await this.directory.contactsOf('department', departmentId))
      .filter((c) => c.role === 'liaison')
      .map((c) => c.id);
  }

  /** The department, when it exists and is the caller's to keep; anything else is an unknown one. */
  private async reachable(departmentId: string, caller: Caller): Promise<Department> {
    const department = await this.departments.find(departmentId);
    if (!department || !mayKeepRoster(caller, department))
      throw new NotFoundError('DEPARTMENT_NOT_FOUND', `no department with id ${departmentId}`);
    return department;
  }
}
