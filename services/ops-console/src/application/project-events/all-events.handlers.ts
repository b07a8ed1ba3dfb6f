import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EVENT_DEFINITIONS, type EventEnvelope } from '@chuishao/contracts';
import { ProjectEvent } from './project-event.use-case';

/** Every event type of the contracts registry, whatever its topic: new types need no change here. */
export const CONSUMED_EVENT_TYPES = [...new Set(EVENT_DEFINITIONS.map((d) => d.type))];

/** The console reads everything; the transport runs this inside the event's inbox transaction. */
@Controller()
export class AllEventsHandler {
  constructor(private readonly project: ProjectEvent) {}

  @EventPattern(CONSUMED_EVENT_TYPES)
  onEvent(@Payload() event: EventEnvelope): Promise<void> {
    return this.project.execute(event);
  }
}
