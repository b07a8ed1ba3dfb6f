import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { AgreementDocument } from '../application/agreement-document/agreement-document.query';
import { MEDIATION_READERS, postOf } from './mediations.controller';

@ApiTags('mediations')
@Controller()
export class AgreementDocumentController {
  constructor(private readonly document: AgreementDocument) {}

  @Get('mediations/:id/agreement.pdf')
  @Roles(...MEDIATION_READERS)
  @ApiOperation({
    summary: 'The agreement as a PDF (人民调解协议书), for printing and signing; the download is audited',
    description:
      "The mediator and the supervisor get the parties' copy (the parties' names in full); the operator and ops a copy with every party name masked to the surname (the file name says which copy). A CJK font is embedded.",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the PDF', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ notFound: ['MEDIATION_NOT_FOUND', 'AGREEMENT_NOT_FOUND'], unavailable: ['CJK_FONT_MISSING'] })
  async agreementPdf(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    const { pdf, caseNo, copy } = await this.document.download(id, postOf(ctx), ctx.actor, ctx.correlationId);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="agreement-${encodeURIComponent(caseNo)}-${copy}.pdf"`,
      length: pdf.length,
    });
  }
}
