import { Inject, Injectable } from '@nestjs/common';
import {
  EMPTY,
  auditTime,
  catchError,
  concat,
  defer,
  exhaustMap,
  interval,
  merge,
  share,
  takeUntil,
  type Observable,
} from 'rxjs';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { ConsoleQueries } from '../read-console/console-queries';
import { BoardFeed } from './board-feed';

export type BoardSnapshot = Awaited<ReturnType<ConsoleQueries['board']>>;

/**
 * The board as a stream. One read per change (or refresh tick) is shared by every open stream,
 * so a hundred supervisors watching cost one query, not a hundred; each new watcher first gets a
 * fresh read of its own. Snapshots are never replayed: each carries the server's `now`, which the
 * browser counts down from, so an old one would skew every countdown.
 */
@Injectable()
export class LiveBoard {
  private readonly shared: Observable<BoardSnapshot>;

  constructor(
    private readonly queries: ConsoleQueries,
    private readonly feed: BoardFeed,
    @Inject(CONSOLE_SETTINGS) settings: ConsoleSettings,
  ) {
    this.shared = merge(
      feed.changed$.pipe(auditTime(100)),
      interval(settings.boardRefreshSeconds * 1000),
    ).pipe(
      exhaustMap(() => this.read()),
      share(),
    );
  }

  stream(): Observable<BoardSnapshot> {
    return concat(this.read(), this.shared).pipe(takeUntil(this.feed.closing$));
  }

  /** The database may blink: that snapshot is skipped and the next change or tick tries again. */
  private read(): Observable<BoardSnapshot> {
    return defer(() => this.queries.board()).pipe(catchError(() => EMPTY));
  }
}
