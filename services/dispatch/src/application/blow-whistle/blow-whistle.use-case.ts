import { Inject, Injectable } from '@nestjs/common';
import { WhistleBlown } from '@chuishao/contracts';
import { CLOCK, ConflictError, InvalidError, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import { resolveDepartments, type DirectoryDepartment } from '../../domain/routing';
import { blowWhistle, type Whistle } from '../../domain/whistle';
import { DepartmentDirectory } from '../../infrastructure/department-directory/department-directory';
import { DispatchRepository } from '../../infrastructure/persistence/dispatch.repository';
import { DISPATCH_SETTINGS, type DispatchSettings } from '../dispatch-settings';

export interface BlowWhistleCommand {
  caseId: string;
  /** Named by the operator; otherwise the routing rule of the case's dispute type decides. */
  departmentIds?: string[];
  reason?: string;
  /** The operator's deadline for this whistle; the configured SLA otherwise. */
  arrivalWithinSeconds?: number;
  /** The operator: only cases of their center or below (others answer as unknown). */
  operator: CenterPost;
  causation: Causation;
}

@Injectable()
export class BlowWhistle {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: DispatchRepository,
    private readonly directory: DepartmentDirectory,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DISPATCH_SETTINGS) private readonly settings: DispatchSettings,
  ) {}

  async execute(command: BlowWhistleCommand): Promise<Whistle> {
    // Read the directory before the transaction: no row lock is held while waiting on HTTP.
    const directory = await this.directory.departments();
    return this.transactions.run(async (manager) => {
      // One round trip: the case locked, whether it has an open whistle, and its routing rule.
      const known = await this.repository.caseToWhistle(command.caseId);
      if (!known || !reachesCase(command.operator, known.centerPath))
        throw new NotFoundError('CASE_NOT_FOUND', `dispatch knows no case ${command.caseId} (yet)`);
      if (known.closed)
        throw new ConflictError(
          'CASE_CLOSED',
          `case ${known.caseNo} is closed; nothing can be whistled on it`,
        );
      const alreadyOpen = () =>
        new ConflictError('WHISTLE_ALREADY_OPEN', `case ${known.caseNo} already has an open whistle`);
      if (known.hasOpenWhistle) throw alreadyOpen();

      let departments: DirectoryDepartment[];
      if (command.departmentIds?.length) {
        departments = command.departmentIds.map((id, index) => {
          const department = directory.find((d) => d.id === id);
          if (!department)
            throw new InvalidError(
              'DEPARTMENT_UNKNOWN',
              `no department with id ${id}`,
              `departmentIds[${index}]`,
            );
          return department;
        });
        departments = departments.filter((d, i) => departments.findIndex((o) => o.id === d.id) === i);
      } else {
        if (!known.ruleDepartmentKinds)
          throw new ConflictError(
            'ROUTING_RULE_MISSING',
            `no routing rule for ${known.disputeType}; name departmentIds`,
          );
        departments = resolveDepartments(known.ruleDepartmentKinds, known.centerPath, directory);
      }

      const now = this.clock.now();
      const whistle = blowWhistle({
        id: uuidv7(now.getTime()),
        caseId: known.caseId,
        caseNo: known.caseNo,
        centerId: known.centerId,
        reason: command.reason?.trim() || null,
        departments: departments.map((d) => ({ id: d.id, name: d.name, kind: d.kind })),
        blownAt: now,
        slaSeconds: command.arrivalWithinSeconds ?? this.settings.arrivalSlaSeconds,
        newSummonsId: () => uuidv7(now.getTime()),
      });
      // False only when a whistle opened while caseToWhistle waited for the case's lock.
      if (!(await this.repository.insertWhistle(whistle))) throw alreadyOpen();
      await this.outbox.append(manager, [
        this.events.build(WhistleBlown, whistle.caseId, command.causation, {
          whistleId: whistle.id,
          caseNo: whistle.caseNo,
          centerId: whistle.centerId,
          disputeType: known.disputeType,
          urgency: known.urgency,
          reason: whistle.reason,
          blownAt: whistle.blownAt.toISOString(),
          arrivalDeadline: whistle.arrivalDeadline.toISOString(),
          slaSeconds: whistle.slaSeconds,
          summons: whistle.summons.map((s) => ({
            summonsId: s.id,
            departmentId: s.departmentId,
            departmentName: s.departmentName,
            departmentKind: s.departmentKind,
          })),
        }),
      ]);
      return whistle;
    });
  }
}
