import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import type { Department } from '../../domain/department';
import {
  centerSupervisors,
  departmentContacts,
  type DepartmentContacts,
} from '../../domain/directory-contacts';
import { DepartmentRepository } from '../persistence/department.repository';
import { DirectoryRepository, type Center } from '../persistence/directory.repository';
import centers from './centers.json';
import contacts from './contacts.json';
import departments from './departments.json';

type SeedCenter = Center & { supervisors: Array<{ id: string; name: string; phone: string }> };

/**
 * Loads the directory from the data files at every start. Departments and centers are upserted
 * (edits to the files win); people are seeded only where the directory lists nobody yet, so the
 * duty rosters and contacts ops edit through the API survive restarts.
 */
@Injectable()
export class DepartmentSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: DepartmentRepository,
    private readonly directory: DirectoryRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.transactions.run(async () => {
      await this.repository.upsert(departments as Department[]);
      await this.directory.upsertCenters(centers as SeedCenter[]);
      let seeded = 0;
      for (const [departmentId, people] of Object.entries(contacts as Record<string, DepartmentContacts>))
        if (await this.directory.seedContacts('department', departmentId, departmentContacts(people)))
          seeded += 1;
      for (const center of centers as SeedCenter[])
        if (await this.directory.seedContacts('center', center.id, centerSupervisors(center.supervisors)))
          seeded += 1;
      // Webhook secrets stored before they were encrypted at rest are sealed now.
      const sealed = await this.directory.sealStoredWebhookSecrets();
      this.logger.info('directory seeded', {
        departments: departments.length,
        centers: centers.length,
        contactListsSeeded: seeded,
        webhookSecretsSealed: sealed,
      });
    });
  }
}
