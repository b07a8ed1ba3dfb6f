import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, type RequestContext } from '@chuishao/platform';
import { MonthlyReport } from '../application/monthly-report/monthly-report.query';
import { SCORECARD_READERS } from './console.controller';
import { MonthlyReportQuery } from './dto/monthly-report.dto';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('console')
@Controller('api')
export class MonthlyReportController {
  constructor(private readonly report: MonthlyReport) {}

  @Get('reports/monthly.xlsx')
  @Roles(...SCORECARD_READERS)
  @ApiOperation({
    summary: "A center's monthly report (月报) as an Excel workbook; the download is audited",
    description:
      'Disputes taken in, visits (batches) and person-visits, mediation success rate, on-site resolution rate, and cases resolved at each tier, for the center and every center below it, in the month (Beijing time).',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'the workbook', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ notFound: ['CENTER_NOT_FOUND'] })
  async monthly(@Query() query: MonthlyReportQuery, @Ctx() ctx: RequestContext) {
    const workbook = await this.report.download(query, ctx.principal, ctx.actor, ctx.correlationId);
    return new StreamableFile(workbook, {
      type: XLSX,
      disposition: `attachment; filename="monthly-${encodeURIComponent(query.center)}-${query.month}.xlsx"`,
      length: workbook.length,
    });
  }
}
