import { Inject, Injectable } from '@nestjs/common';
import { DepartmentReassigned } from '@chuishao/contracts';
import { CLOCK, InvalidError, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { reassign, type Whistle } from '../../domain/whistle';
import { DepartmentDirectory } from '../../infrastructure/department-directory/department-directory';
import { DispatchRepository } from '../../infrastructure/persistence/dispatch.repository';

export interface ReassignDepartmentCommand {
  whistleId: string;
  fromDepartmentId: string;
  toDepartmentId: string;
  reason: string;
  /** The operator: only whistles on cases of their center or below (others answer as unknown). */
  operator: CenterPost;
  causation: Causation;
}

/** The operator resolves a decline by summoning another department in its place. */
@Injectable()
export class ReassignDepartment {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: DispatchRepository,
    private readonly directory: DepartmentDirectory,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: ReassignDepartmentCommand): Promise<Whistle> {
    const to = (await this.directory.departments()).find((d) => d.id === command.toDepartmentId);
    if (!to)
      throw new InvalidError(
        'DEPARTMENT_UNKNOWN',
        `no department with id ${command.toDepartmentId}`,
        'toDepartmentId',
      );
    return this.transactions.run(async (manager) => {
      const whistle = await this.repository.findWhistle(command.whistleId, { lock: true });
      const known = whistle && (await this.repository.findKnownCase(whistle.caseId));
      if (!whistle || !known || !reachesCase(command.operator, known.centerPath))
        throw new NotFoundError('WHISTLE_NOT_FOUND', `no whistle with id ${command.whistleId}`);
      const now = this.clock.now();
      const change = reassign(
        whistle,
        command.fromDepartmentId,
        { id: to.id, name: to.name, kind: to.kind },
        now,
        uuidv7(now.getTime()),
      );
      await this.repository.saveWhistle(whistle);
      await this.outbox.append(manager, [
        this.events.build(DepartmentReassigned, whistle.caseId, command.causation, {
          whistleId: whistle.id,
          caseNo: whistle.caseNo,
          fromDepartmentId: change.from.departmentId,
          fromSummonsId: change.from.id,
          to: {
            summonsId: change.to.id,
            departmentId: change.to.departmentId,
            departmentName: change.to.departmentName,
            departmentKind: change.to.departmentKind,
          },
          reason: command.reason,
          reassignedAt: now.toISOString(),
          arrivalDeadline: change.to.arrivalDeadline.toISOString(),
        }),
      ]);
      return whistle;
    });
  }
}
