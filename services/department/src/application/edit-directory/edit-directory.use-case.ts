import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@chuishao/contracts';
import { CLOCK, ForbiddenError, NotFoundError, type Clock } from '@chuishao/kernel';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import {
  centerSupervisors,
  departmentContacts,
  type DepartmentContacts,
} from '../../domain/directory-contacts';
import type { Contact } from '../../domain/notification';
import { DepartmentRepository } from '../../infrastructure/persistence/department.repository';
import { DirectoryRepository } from '../../infrastructure/persistence/directory.repository';
import { assertWebhookTarget } from '../../infrastructure/notifications/webhook-target';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../notification-settings';

export interface DirectoryEdit {
  actor: Actor;
  correlationId: string;
}

/**
 * Ops and supervisors keep the directory's people and systems current: a department's head and
 * liaisons with their duty roster, a center's supervisors, a department's webhook. Each edit
 * replaces the whole list (PUT), leaves an audit row naming who did it, and never writes a phone
 * or a secret anywhere but its own table.
 */
/**
 * Service accounts (`service:*`, e.g. dispatch's token for reading the directory) read the
 * directory and edit nothing in it: a leaked service token aims no webhook and swaps no liaison.
 */
export function assertPersonEdits(edit: Pick<DirectoryEdit, 'actor'>): void {
  if (edit.actor.id.startsWith('service:'))
    throw new ForbiddenError(
      'SERVICE_ACCOUNT_READ_ONLY',
      'a service account may read the directory, not edit it',
    );
}

@Injectable()
export class EditDirectory {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly departments: DepartmentRepository,
    private readonly directory: DirectoryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {}

  setDepartmentContacts(
    departmentId: string,
    input: DepartmentContacts,
    edit: DirectoryEdit,
  ): Promise<Contact[]> {
    assertPersonEdits(edit);
    return this.transactions.run(async (manager) => {
      await this.existingDepartment(departmentId);
      const contacts = departmentContacts(input);
      await this.directory.replaceContacts('department', departmentId, contacts);
      await this.audit.record(manager, {
        occurredAt: this.clock.now(),
        actor: edit.actor,
        action: 'DepartmentContactsReplaced',
        entityType: 'department',
        entityId: departmentId,
        correlationId: edit.correlationId,
        details: {
          head: input.head?.id ?? null,
          liaisons: input.liaisons.map((l) => l.id),
          onDuty: input.liaisons.filter((l) => l.onDuty).map((l) => l.id),
        },
      });
      return contacts;
    });
  }

  setCenterSupervisors(
    centerId: string,
    input: ReadonlyArray<{ id: string; name: string; phone: string }>,
    edit: DirectoryEdit,
  ): Promise<Contact[]> {
    assertPersonEdits(edit);
    return this.transactions.run(async (manager) => {
      if (!(await this.directory.findCenter(centerId)))
        throw new NotFoundError('CENTER_NOT_FOUND', `no center with id ${centerId}`);
      const supervisors = centerSupervisors(input);
      await this.directory.replaceContacts('center', centerId, supervisors);
      await this.audit.record(manager, {
        occurredAt: this.clock.now(),
        actor: edit.actor,
        action: 'CenterSupervisorsReplaced',
        entityType: 'center',
        entityId: centerId,
        correlationId: edit.correlationId,
        details: { supervisors: supervisors.map((s) => s.id) },
      });
      return supervisors;
    });
  }

  setWebhook(departmentId: string, input: { url: string; secret: string }, edit: DirectoryEdit) {
    assertPersonEdits(edit);
    // Never aimed inside (400 naming `url`); the delivery checks again after DNS resolution.
    assertWebhookTarget(input.url, this.settings.webhookTargets);
    return this.transactions.run(async (manager) => {
      await this.existingDepartment(departmentId);
      const webhook = { departmentId, url: input.url, secret: input.secret, updatedAt: this.clock.now() };
      await this.directory.setWebhook(webhook);
      await this.audit.record(manager, {
        occurredAt: webhook.updatedAt,
        actor: edit.actor,
        action: 'DepartmentWebhookSet',
        entityType: 'department',
        entityId: departmentId,
        correlationId: edit.correlationId,
        // The host only: a URL may carry a token of the receiver's, and the secret never leaves its table.
        details: { host: new URL(input.url).host },
      });
      return webhook;
    });
  }

  private async existingDepartment(id: string): Promise<void> {
    if (!(await this.departments.find(id)))
      throw new NotFoundError('DEPARTMENT_NOT_FOUND', `no department with id ${id}`);
  }
}
