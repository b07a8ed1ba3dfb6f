import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, InvalidError, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import type { Causation } from '@chuishao/messaging';
import type { Whistle } from '../../domain/whistle';
import type { WhistleCommand } from '../../domain/whistle.decider';
import { DepartmentDirectory } from '../../infrastructure/department-directory/department-directory';
import { DispatchRepository } from '../../infrastructure/persistence/dispatch.repository';
import { WhistleCommands } from '../whistle-commands';

interface HandsCommand {
  whistleId: string;
  reason: string;
  /** The operator or supervisor: only whistles on cases of their center or below (others answer as unknown). */
  caller: CenterPost;
  causation: Causation;
}

export interface AddDepartmentCommand extends HandsCommand {
  departmentId: string;
  /** Seconds the added department has to be on site; the whistle's SLA when not given. */
  arrivalWithinSeconds?: number;
}

export interface StandDownCommand extends HandsCommand {
  summonsId: string;
}

/**
 * More hands mid-incident (issue 20 item 3): an operator adds a department to an open whistle,
 * whose summons is due from now, or stands a summoned one down before it arrives. Either is one
 * command on the locked whistle (the CommandHandler's transaction); a stand-down that leaves only
 * departments on site completes the whistle with it.
 */
@Injectable()
export class ChangeHands {
  constructor(
    private readonly repository: DispatchRepository,
    private readonly directory: DepartmentDirectory,
    private readonly whistles: WhistleCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async addDepartment(command: AddDepartmentCommand): Promise<Whistle> {
    const to = (await this.directory.departments()).find((d) => d.id === command.departmentId);
    if (!to)
      throw new InvalidError(
        'DEPARTMENT_UNKNOWN',
        `no department with id ${command.departmentId}`,
        'departmentId',
      );
    return this.change(command, (whistle, now) => ({
      type: 'AddDepartment',
      to: { id: to.id, name: to.name, kind: to.kind },
      reason: command.reason,
      at: now,
      slaSeconds: command.arrivalWithinSeconds ?? whistle.slaSeconds,
      newSummonsId: uuidv7(now.getTime()),
    }));
  }

  standDown(command: StandDownCommand): Promise<Whistle> {
    return this.change(command, (_whistle, now) => ({
      type: 'StandDown',
      summonsId: command.summonsId,
      reason: command.reason,
      at: now,
    }));
  }

  /** The case's centers are checked once the whistle is locked: out of scope answers as unknown. */
  private async change(
    command: HandsCommand,
    make: (whistle: Whistle, now: Date) => WhistleCommand,
  ): Promise<Whistle> {
    const notFound = () => new NotFoundError('WHISTLE_NOT_FOUND', `no whistle with id ${command.whistleId}`);
    const decision = async (whistle: Whistle): Promise<WhistleCommand> => {
      const known = await this.repository.findKnownCase(whistle.caseId);
      if (!known || !reachesCase(command.caller, known.centerPath)) throw notFound();
      return make(whistle, this.clock.now());
    };
    const { after } = await this.whistles.handle(command.whistleId, decision, command.causation);
    if (!after) throw notFound();
    return after;
  }
}
