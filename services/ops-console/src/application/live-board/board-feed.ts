import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/**
 * "Something on the board changed": fired after a projected event commits. Watchers (the SSE
 * streams) re-read the board; a replica that did not consume the event catches up on its
 * periodic refresh instead.
 */
@Injectable()
export class BoardFeed implements OnModuleDestroy {
  private readonly changes = new Subject<void>();
  private readonly closing = new Subject<void>();

  get changed$(): Observable<void> {
    return this.changes.asObservable();
  }

  /** Emits once when the service shuts down: open streams end so the HTTP server can close. */
  get closing$(): Observable<void> {
    return this.closing.asObservable();
  }

  changed(): void {
    this.changes.next();
  }

  onModuleDestroy(): void {
    this.closing.next();
    this.closing.complete();
    this.changes.complete();
  }
}
