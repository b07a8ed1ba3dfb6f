import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, InvalidError, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import type { Causation } from '@chuishao/messaging';
import type { Whistle } from '../../domain/whistle';
import type { WhistleCommand } from '../../domain/whistle.decider';
import { DepartmentDirectory } from '../../infrastructure/department-directory/department-directory';
import { DispatchRepository } from '../../infrastructure/persistence/dispatch.repository';
import { WhistleCommands } from '../whistle-commands';

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
    private readonly repository: DispatchRepository,
    private readonly directory: DepartmentDirectory,
    private readonly whistles: WhistleCommands,
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
    const notFound = () => new NotFoundError('WHISTLE_NOT_FOUND', `no whistle with id ${command.whistleId}`);
    // The case's centers are checked once the whistle is locked: out of scope answers as unknown.
    const reassignment = async (whistle: Whistle): Promise<WhistleCommand> => {
      const known = await this.repository.findKnownCase(whistle.caseId);
      if (!known || !reachesCase(command.operator, known.centerPath)) throw notFound();
      const now = this.clock.now();
      return {
        type: 'Reassign',
        fromDepartmentId: command.fromDepartmentId,
        to: { id: to.id, name: to.name, kind: to.kind },
        reason: command.reason,
        at: now,
        newSummonsId: uuidv7(now.getTime()),
      };
    };
    const { after } = await this.whistles.handle(command.whistleId, reassignment, command.causation);
    if (!after) throw notFound();
    return after;
  }
}
