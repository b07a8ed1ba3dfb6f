import { Inject, Injectable } from '@nestjs/common';
import { listScope, type CenterPost } from '@chuishao/auth';
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
import { ConsoleQueries, type CenterScope } from '../read-console/console-queries';
import { BoardFeed } from './board-feed';

export type BoardSnapshot = Awaited<ReturnType<ConsoleQueries['board']>>;

/**
 * The board as a stream, of the watcher's centers only (their center and below). One read per
 * change (or refresh tick) is shared by every open stream of the same scope, so a hundred
 * supervisors of a district cost one query, not a hundred; each new watcher first gets a fresh
 * read of its own. Snapshots are never replayed: each carries the server's `now`, which the
 * browser counts down from, so an old one would skew every countdown.
 */
@Injectable()
export class LiveBoard {
  /** One shared read per scope; share() drops its source when the last watcher leaves. */
  private readonly sharedByScope = new Map<string, Observable<BoardSnapshot>>();

  constructor(
    private readonly queries: ConsoleQueries,
    private readonly feed: BoardFeed,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
  ) {}

  stream(watcher: CenterPost): Observable<BoardSnapshot> {
    const scope = listScope(watcher);
    return concat(this.read(scope), this.shared(scope)).pipe(takeUntil(this.feed.closing$));
  }

  private shared(scope: CenterScope): Observable<BoardSnapshot> {
    const key = typeof scope === 'string' ? scope : `within:${scope.within}`;
    let shared = this.sharedByScope.get(key);
    if (!shared) {
      shared = merge(
        this.feed.changed$.pipe(auditTime(100)),
        interval(this.settings.boardRefreshSeconds * 1000),
      ).pipe(
        exhaustMap(() => this.read(scope)),
        share(),
      );
      this.sharedByScope.set(key, shared);
    }
    return shared;
  }

  /** The database may blink: that snapshot is skipped and the next change or tick tries again. */
  private read(scope: CenterScope): Observable<BoardSnapshot> {
    return defer(() => this.queries.boardWithin(scope)).pipe(catchError(() => EMPTY));
  }
}
