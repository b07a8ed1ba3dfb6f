import { Inject, Injectable } from '@nestjs/common';
import { listScope, type CenterPost } from '@chuishao/auth';
import type { Actor } from '@chuishao/contracts';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import { monthlyFigures, reportMonth } from '../../domain/monthly-report';
import { MonthlyReportRepository } from '../../infrastructure/persistence/monthly-report.repository';
import { monthlyWorkbook } from '../../infrastructure/reports/monthly-workbook';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { monthlyReportRows } from './report-rows';

/**
 * A center's monthly report as an Excel workbook, for a reader whose centers reach it (their own
 * center or one below it; ops and the network's supervision every center): 404 CENTER_NOT_FOUND
 * otherwise, exactly as for a center no case has reached. Every download is audited.
 */
@Injectable()
export class MonthlyReport {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly repository: MonthlyReportRepository,
    private readonly transactions: TransactionHost,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
  ) {}

  async download(
    query: { center: string; month: string },
    reader: CenterPost,
    actor: Actor,
    correlationId: string,
  ): Promise<Buffer> {
    const month = reportMonth(query.month);
    const center = await this.repository.center(query.center);
    const scope = listScope(reader);
    const reaches = scope === 'all' || (scope !== 'none' && !!center?.path.includes(scope.within));
    if (!center || !reaches) throw new NotFoundError('CENTER_NOT_FOUND', `no center ${query.center}`);
    const facts = await this.repository.facts(center.centerId, month.from, month.to);
    const figures = monthlyFigures(facts, month, this.settings.onSiteResolutionSeconds);
    const now = this.clock.now();
    const workbook = await monthlyWorkbook({
      centerId: center.centerId,
      centerName: center.centerName,
      month: month.month,
      generatedAt: now,
      rows: monthlyReportRows(figures),
    });
    await this.transactions.run((manager) =>
      this.audit.record(manager, {
        occurredAt: now,
        actor,
        action: 'MonthlyReportDownloaded',
        entityType: 'center',
        entityId: center.centerId,
        correlationId,
        details: { month: month.month },
      }),
    );
    return workbook;
  }
}
