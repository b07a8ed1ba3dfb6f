import { Body, Controller, Get, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EVIDENCE_MEDIA_TYPES } from '@chuishao/contracts';
import { ApiErrors, Ctx, Roles, UuidPipe, errorResponse, type RequestContext } from '@chuishao/platform';
import { MediationEvidence } from '../application/evidence/mediation-evidence';
import type { Evidence } from '../infrastructure/persistence/evidence.repository';
import { AttachEvidenceQuery } from './dto/attach-evidence.dto';
import { MEDIATION_READERS, MEDIATION_WRITERS, postOf } from './mediations.controller';

const EXTENSION: Record<Evidence['mediaType'], string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
};

export const evidenceView = (e: Evidence) => ({
  id: e.id,
  mediationId: e.mediationId,
  caseId: e.caseId,
  mediaType: e.mediaType,
  byteSize: e.byteSize,
  sha256: e.sha256,
  name: e.name,
  attachedAt: e.attachedAt.toISOString(),
  attachedBy: e.attachedBy,
});

@ApiTags('mediations')
@Controller('mediations')
export class EvidenceController {
  constructor(private readonly evidence: MediationEvidence) {}

  @Post(':id/evidence')
  @Roles(...MEDIATION_WRITERS)
  @ApiOperation({
    summary: 'Attach a photo or document (证据) to a mediation: the file’s bytes are the body',
    description:
      'The mediator in charge or a supervisor of the case. Any Content-Type: the type is read from the content ' +
      '(JPEG, PNG or PDF), never from the name or the declared type. At most EVIDENCE_MAX_BYTES (10 MiB by ' +
      'default). Emits EvidenceAttached (attachedTo: mediation, no file name).',
  })
  @ApiConsumes('application/octet-stream', ...EVIDENCE_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ notFound: ['MEDIATION_NOT_FOUND'] })
  @errorResponse(413, 'The file is over the limit: `EVIDENCE_TOO_LARGE`, `PAYLOAD_TOO_LARGE` (over 25 MiB).')
  @errorResponse(415, 'The content is no JPEG, PNG or PDF: `EVIDENCE_TYPE_REFUSED`, naming `body`.')
  async attach(
    @Param('id', new UuidPipe('id')) id: string,
    @Query() query: AttachEvidenceQuery,
    @Body() bytes: Buffer,
    @Ctx() ctx: RequestContext,
  ) {
    const piece = await this.evidence.attach({
      mediationId: id,
      bytes,
      name: query.name,
      post: postOf(ctx),
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return evidenceView(piece);
  }

  @Get(':id/evidence')
  @Roles(...MEDIATION_READERS)
  @ApiOperation({ summary: 'The photos and documents attached to a mediation, oldest first' })
  @ApiErrors({ notFound: ['MEDIATION_NOT_FOUND'] })
  async list(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    const items = await this.evidence.list(id, postOf(ctx));
    return { mediationId: id, items: items.map(evidenceView) };
  }

  @Get(':id/evidence/:evidenceId/content')
  @Roles(...MEDIATION_READERS)
  @ApiOperation({ summary: 'One attached file’s bytes, as its media type; every download is audited' })
  @ApiProduces(...EVIDENCE_MEDIA_TYPES)
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ notFound: ['MEDIATION_NOT_FOUND', 'EVIDENCE_NOT_FOUND'] })
  async content(
    @Param('id', new UuidPipe('id')) id: string,
    @Param('evidenceId', new UuidPipe('evidenceId')) evidenceId: string,
    @Ctx() ctx: RequestContext,
  ) {
    const { piece, bytes } = await this.evidence.download(
      id,
      evidenceId,
      postOf(ctx),
      ctx.actor,
      ctx.correlationId,
    );
    return new StreamableFile(bytes, {
      type: piece.mediaType,
      // The stored name may hold anything a person typed; the header carries ids only.
      disposition: `attachment; filename="evidence-${piece.id}.${EXTENSION[piece.mediaType]}"`,
      length: bytes.length,
    });
  }
}
