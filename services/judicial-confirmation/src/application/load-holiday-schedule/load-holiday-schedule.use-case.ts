import { Inject, Injectable } from '@nestjs/common';
import { HolidayScheduleLoaded, LEGAL_CALENDAR_STREAM_ID, type Actor } from '@chuishao/contracts';
import { CLOCK, InvalidError, type Clock } from '@chuishao/kernel';
import { holidayScheduleProblems, type HolidaySchedule } from '@chuishao/legal-calendar';
import { EventFactory, OutboxWriter } from '@chuishao/messaging';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import {
  HolidayScheduleRepository,
  type LoadedSchedule,
} from '../../infrastructure/persistence/holiday-schedule.repository';

export interface LoadHolidayScheduleCommand {
  schedule: HolidaySchedule;
  actor: Actor;
  correlationId: string;
}

/**
 * Ops loads a year's holiday schedule once the State Council publishes it (each November). It
 * counts for every legal period computed from then on — deadlines already armed keep their due
 * time. Loading a year again replaces it (a correction); the audit trail keeps what it replaced.
 * HolidayScheduleLoaded carries it, in the same transaction, to the other services that count legal
 * periods (mediation), so one load reaches them all.
 */
@Injectable()
export class LoadHolidaySchedule {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: HolidayScheduleRepository,
    private readonly events: EventFactory,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: LoadHolidayScheduleCommand): Promise<LoadedSchedule> {
    const problems = holidayScheduleProblems(command.schedule);
    if (problems.length > 0)
      throw new InvalidError(
        'HOLIDAY_SCHEDULE_INVALID',
        problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
        problems[0]!.field,
      );
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const loaded: LoadedSchedule = { ...command.schedule, loadedBy: command.actor.id, loadedAt: now };
      const previous = await this.repository.save(loaded);
      await this.audit.record(manager, {
        occurredAt: now,
        actor: command.actor,
        action: 'HolidayScheduleLoaded',
        entityType: 'holiday_schedule',
        entityId: String(loaded.year),
        correlationId: command.correlationId,
        details: {
          source: loaded.source,
          holidays: loaded.holidays,
          makeUpWorkdays: loaded.makeUpWorkdays,
          replaced: previous
            ? {
                source: previous.source,
                holidays: previous.holidays,
                makeUpWorkdays: previous.makeUpWorkdays,
              }
            : null,
        },
      });
      await this.outbox.append(manager, [this.announcement(loaded, command)]);
      return loaded;
    });
  }

  private announcement(loaded: LoadedSchedule, command: LoadHolidayScheduleCommand) {
    return this.events.build(
      HolidayScheduleLoaded,
      LEGAL_CALENDAR_STREAM_ID,
      { actor: command.actor, correlationId: command.correlationId },
      {
        year: loaded.year,
        source: loaded.source,
        holidays: loaded.holidays,
        makeUpWorkdays: loaded.makeUpWorkdays,
        loadedAt: loaded.loadedAt.toISOString(),
      },
    );
  }
}
