import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { ApplicationDocument } from '../application/application-document/application-document.query';
import { READERS } from './confirmation.controller';

@ApiTags('judicial-confirmation')
@Controller()
export class ApplicationDocumentController {
  constructor(private readonly document: ApplicationDocument) {}

  @Get('confirmation-requests/:requestId/application.pdf')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'The application as a PDF (司法确认申请书), for the parties to sign and file; the download is audited',
    description:
      "The mediator and the clerk get the parties' copy (their names in full); supervision and ops a copy with every party name masked to the surname (the file name says which copy). A CJK font is embedded.",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the PDF', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ notFound: ['REQUEST_NOT_FOUND'], unavailable: ['CJK_FONT_MISSING'] })
  async applicationPdf(
    @Param('requestId', new UuidPipe('requestId')) requestId: string,
    @Ctx() ctx: RequestContext,
  ) {
    const { pdf, copy } = await this.document.download(
      requestId,
      ctx.principal,
      ctx.actor,
      ctx.correlationId,
    );
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="application-${requestId}-${copy}.pdf"`,
      length: pdf.length,
    });
  }
}
