import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { awayFromPlace } from '../../domain/arrival-distance';
import { countdownSignal, remainingSeconds, summonsStatus } from '../../domain/board';
import { listScope, reachesCase, type CenterPost } from '@chuishao/auth';
import { computeScorecards } from '../../domain/scorecard';
import { scorecardPeriod } from '../../domain/scorecard-period';
import {
  BoardReadModel,
  type BoardSummonsRow,
  type BreachRow,
  type EscalationRow,
} from '../../infrastructure/persistence/board-read-model';
import { ReadModelRepository } from '../../infrastructure/persistence/read-model.repository';
import {
  OutsideOutagesRepository,
  type OpenOutage,
} from '../../infrastructure/persistence/outside-outages.repository';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';

/** Whose cases a read covers: one center and below, the whole network, or nothing. */
export type CenterScope = ReturnType<typeof listScope>;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const RECENT_BREACHES = 50;
const RECENT_CASES = 100;

/** What the console shows, read from its own read models; `now` is the server's injected clock. */
@Injectable()
export class ConsoleQueries {
  constructor(
    private readonly readModels: ReadModelRepository,
    private readonly boardReads: BoardReadModel,
    private readonly outsideOutages: OutsideOutagesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
  ) {}

  /**
   * The live SLA board of the reader's centers (their center and below; the whole network for
   * supervision without a center and ops): open whistles with each department's countdown,
   * breaches, escalations and their counts; and the outside systems down (a department's webhook,
   * a court), which concern every center.
   */
  async board(reader: CenterPost) {
    return this.boardWithin(listScope(reader));
  }

  /** The board of one scope (listScope), read once for every stream that shares it. */
  async boardWithin(scope: CenterScope) {
    const now = this.clock.now();
    const within = typeof scope === 'string' ? null : scope.within;
    const [summons, escalations, breaches, counts] =
      scope === 'none'
        ? [[], [], [], { cases: 0, openWhistles: 0, openBreaches: 0, openEscalations: 0 }]
        : await Promise.all([
            this.boardReads.openWhistleSummons(within),
            this.boardReads.openEscalations(within),
            this.boardReads.recentBreaches(RECENT_BREACHES, within),
            this.boardReads.counts(within),
          ]);
    const outages = await this.outsideOutages.open();
    const whistles = new Map<string, ReturnType<typeof whistleView>>();
    for (const s of summons) {
      const whistle = whistles.get(s.whistleId) ?? whistleView(s);
      whistle.summons.push(this.summonsView(s, now));
      whistles.set(s.whistleId, whistle);
    }
    return {
      now: now.toISOString(),
      warningSeconds: this.settings.warningSeconds,
      counts,
      whistles: [...whistles.values()],
      escalations: escalations.map(escalationView),
      breaches: breaches.map(breachView),
      outages: outages.map(outageView),
    };
  }

  /** The cases of the reader's centers (their center and below for operators and supervisors). */
  async recentCases(reader: CenterPost) {
    const scope = listScope(reader);
    if (scope === 'none') return { items: [] };
    const cases = await this.readModels.recentCases(RECENT_CASES, scope === 'all' ? null : scope.within);
    return {
      items: cases.map((c) => ({
        caseId: c.caseId,
        caseNo: c.caseNo,
        centerId: c.centerId,
        centerName: c.centerName,
        disputeType: c.disputeType,
        status: c.status,
        lastEventAt: c.lastEventAt.toISOString(),
      })),
    };
  }

  /** A case with its whole timeline, in the order things happened. */
  async caseFile(caseId: string, reader: CenterPost) {
    const file = await this.readModels.caseFile(caseId);
    // A case outside the reader's centers answers exactly as one the console has never seen.
    if (!file || !reachesCase(reader, file.centerPath))
      throw new NotFoundError('CASE_NOT_FOUND', `the console has seen no event of case ${caseId}`);
    const now = this.clock.now();
    const [timeline, summons, escalations] = await Promise.all([
      this.readModels.timeline(caseId),
      this.boardReads.summonsOfCase(caseId),
      this.boardReads.escalationsOfCase(caseId),
    ]);
    return {
      now: now.toISOString(),
      caseId: file.caseId,
      caseNo: file.caseNo,
      centerId: file.centerId,
      centerName: file.centerName,
      disputeType: file.disputeType,
      urgency: file.urgency,
      summary: file.summary,
      status: file.status,
      registeredAt: iso(file.registeredAt),
      summons: summons.map((s) => this.summonsView(s, now)),
      escalations: escalations.map(escalationView),
      timeline: timeline.map((t) => ({
        eventId: t.eventId,
        type: t.type,
        version: t.version,
        occurredAt: t.occurredAt.toISOString(),
        actor: { role: t.actorRole, id: t.actorId },
        summary: t.summary,
        facts: t.facts,
      })),
    };
  }

  /** Scorecards of the reader's centers' summons made in [from, to) (default: the last 30 days). */
  async scorecards(
    groupBy: 'department' | 'center',
    period: { from?: string; to?: string },
    reader: CenterPost,
  ) {
    const now = this.clock.now();
    const { from, to } = scorecardPeriod(period, now);
    const scope = listScope(reader);
    const facts =
      scope === 'none'
        ? []
        : await this.readModels.scorecardFacts(groupBy, from, to, scope === 'all' ? null : scope.within);
    return {
      groupBy,
      from: from.toISOString(),
      to: to.toISOString(),
      items: computeScorecards(facts, {
        now,
        onSiteResolutionSeconds: this.settings.onSiteResolutionSeconds,
      }),
    };
  }

  private summonsView(s: BoardSummonsRow, now: Date) {
    return {
      summonsId: s.summonsId,
      departmentId: s.departmentId,
      departmentName: s.departmentName ?? s.departmentId,
      deadline: s.deadline.toISOString(),
      remainingSeconds: remainingSeconds(s.deadline, now),
      status: summonsStatus(s),
      signal: countdownSignal(s, now, this.settings.warningSeconds),
      warned: s.warnedAt !== null,
      acknowledgedAt: iso(s.acknowledgedAt),
      arrivedAt: iso(s.arrivedAt),
      breachedAt: iso(s.breachRetractedAt ? null : s.breachedAt),
      // On the way (issue 20 item 4) until on site; then, once gone, when it left the scene.
      enRoute: s.enRouteAt && !s.arrivedAt ? { since: s.enRouteAt.toISOString(), etaAt: iso(s.etaAt) } : null,
      leftAt: iso(s.leftAt),
      // Reported on site far from the case's place: flagged for the supervisor, never refused.
      awayFromPlaceMeters: awayFromPlace(s.place, s.arrivalLocation, this.settings.arrivalAwayMeters),
    };
  }
}

function whistleView(s: BoardSummonsRow) {
  return {
    whistleId: s.whistleId,
    caseId: s.caseId,
    caseNo: s.caseNo,
    centerId: s.centerId,
    blownAt: iso(s.blownAt),
    summons: [] as unknown[],
  };
}

function escalationView(e: EscalationRow) {
  return {
    escalationId: e.escalationId,
    breachId: e.breachId,
    caseId: e.caseId,
    caseNo: e.caseNo,
    departmentId: e.departmentId,
    departmentName: e.departmentName ?? e.departmentId,
    level: e.level,
    target: { kind: e.targetKind, id: e.targetId },
    raisedAt: iso(e.raisedAt),
    state: e.acknowledgedAt ? 'acknowledged' : e.breachClosed ? 'closed' : 'open',
    acknowledgedAt: iso(e.acknowledgedAt),
    acknowledgedBy: e.acknowledgedBy,
  };
}

function breachView(b: BreachRow) {
  return {
    breachId: b.breachId,
    caseId: b.caseId,
    caseNo: b.caseNo,
    whistleId: b.whistleId,
    summonsId: b.summonsId,
    departmentId: b.departmentId,
    departmentName: b.departmentName ?? b.departmentId,
    arrivalDeadline: iso(b.deadline),
    breachedAt: iso(b.breachedAt),
    state: b.retractedAt ? 'retracted' : b.lateArrivalAt ? 'late' : 'open',
    latenessSeconds: b.latenessSeconds,
  };
}

function outageView(o: OpenOutage) {
  return {
    party: o.party,
    partyId: o.partyId,
    since: o.since.toISOString(),
    detectedAt: iso(o.detectedAt),
    lastError: o.lastError,
  };
}
