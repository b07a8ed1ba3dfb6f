import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { COLLECTS_ITS_WRITES } from '@chuishao/messaging';
import { CASE_EVENT_DEFINITIONS, type EventEnvelope } from '@chuishao/contracts';
import { ProjectEvent } from './project-event.use-case';

/**
 * Every case event type of the contracts registry, whatever its topic: new types need no change
 * here. The legal calendar's events are about no case and have no place in a case's read models.
 */
export const CONSUMED_EVENT_TYPES = [...new Set(CASE_EVENT_DEFINITIONS.map((d) => d.type))];

/** The console reads everything; the transport runs this inside the event's inbox transaction. */
@Controller()
export class AllEventsHandler {
  constructor(private readonly project: ProjectEvent) {}

  @EventPattern(CONSUMED_EVENT_TYPES, COLLECTS_ITS_WRITES)
  onEvent(@Payload() event: EventEnvelope): Promise<void> {
    return this.project.execute(event);
  }
}
