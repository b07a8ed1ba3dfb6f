import { Inject, Injectable } from '@nestjs/common';
import {
  DepartmentDepartureReported,
  DepartmentEnRouteReported,
  type EventEnvelope,
} from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import type { Caller } from '../../domain/department-access';
import { decideMovement, evolveMovement, type Movement, type MovementEvent } from '../../domain/movement';
import type { Summons } from '../../domain/summons';
import { MovementRepository } from '../../infrastructure/persistence/movement.repository';

export interface MovementReport {
  summonsId: string;
  caller: Caller;
  causation: Causation;
}

/**
 * A liaison says their people set off (with an ETA) or left the scene (issue 20 item 4): the summons
 * locked, the domain decides (movement.ts), the movement and its event in one transaction.
 */
@Injectable()
export class ReportMovement {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly movements: MovementRepository,
    private readonly events: EventFactory,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  enRoute(report: MovementReport & { etaMinutes: number }): Promise<Movement> {
    const { summonsId, caller, etaMinutes } = report;
    return this.report(report, {
      type: 'ReportEnRoute',
      summonsId,
      caller,
      at: this.clock.now(),
      etaMinutes,
    });
  }

  departure(report: MovementReport): Promise<Movement> {
    const { summonsId, caller } = report;
    return this.report(report, { type: 'ReportDeparture', summonsId, caller, at: this.clock.now() });
  }

  private report(report: MovementReport, command: Parameters<typeof decideMovement>[0]): Promise<Movement> {
    return this.transactions.run(async (manager) => {
      const { summons, movement } = await this.movements.lock(report.summonsId);
      const events = decideMovement(command, summons, movement);
      const after = events.reduce(evolveMovement, movement);
      await this.movements.save(after);
      await this.outbox.append(
        manager,
        events.map((event) => this.published(event, summons!, report.causation)),
      );
      return after;
    });
  }

  private published(event: MovementEvent, summons: Summons, causation: Causation): EventEnvelope {
    const facts = { summonsId: summons.id, whistleId: summons.whistleId, departmentId: summons.departmentId };
    if (event.type === 'EnRouteReported')
      return this.events.build(DepartmentEnRouteReported, summons.caseId, causation, {
        ...facts,
        reportedAt: event.at.toISOString(),
        etaAt: event.etaAt.toISOString(),
      });
    return this.events.build(DepartmentDepartureReported, summons.caseId, causation, {
      ...facts,
      leftAt: event.at.toISOString(),
    });
  }
}
