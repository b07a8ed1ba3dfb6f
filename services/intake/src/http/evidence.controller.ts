import { Body, Controller, Get, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EVIDENCE_MEDIA_TYPES } from '@chuishao/contracts';
import { ApiErrors, Ctx, Roles, UuidPipe, errorResponse, type RequestContext } from '@chuishao/platform';
import { AttachEvidence } from '../application/evidence/attach-evidence.use-case';
import { ReadEvidence } from '../application/evidence/read-evidence.query';
import type { Evidence } from '../infrastructure/persistence/evidence.repository';
import { AttachEvidenceQuery } from './dto/attach-evidence.dto';

/** Who works a case and may add to it: the window clerk, the center's operator, the mediator. */
export const EVIDENCE_ATTACHERS = ['clerk', 'operator', 'mediator'] as const;
/** Whoever may read the case (GET /cases/:id) may read its evidence. */
export const EVIDENCE_READERS = ['clerk', 'operator', 'mediator', 'supervisor', 'ops'] as const;

const EXTENSION: Record<Evidence['mediaType'], string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
};

export const evidenceView = (e: Evidence) => ({
  id: e.id,
  caseId: e.caseId,
  mediaType: e.mediaType,
  byteSize: e.byteSize,
  sha256: e.sha256,
  name: e.name,
  attachedAt: e.attachedAt.toISOString(),
  attachedBy: e.attachedBy,
});

@ApiTags('cases')
@Controller('cases')
export class EvidenceController {
  constructor(
    private readonly attachEvidence: AttachEvidence,
    private readonly readEvidence: ReadEvidence,
  ) {}

  @Post(':id/evidence')
  @Roles(...EVIDENCE_ATTACHERS)
  @ApiOperation({
    summary: 'Attach a photo or document (证据) to a case: the file’s bytes are the body',
    description:
      'Any Content-Type: the type is read from the content (JPEG, PNG or PDF), never from the name or the ' +
      'declared type. At most EVIDENCE_MAX_BYTES (10 MiB by default). Emits EvidenceAttached (no file name).',
  })
  @ApiConsumes('application/octet-stream', ...EVIDENCE_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'] })
  @errorResponse(413, 'The file is over the limit: `EVIDENCE_TOO_LARGE`, `PAYLOAD_TOO_LARGE` (over 25 MiB).')
  @errorResponse(415, 'The content is no JPEG, PNG or PDF: `EVIDENCE_TYPE_REFUSED`, naming `body`.')
  async attach(
    @Param('id', new UuidPipe('id')) id: string,
    @Query() query: AttachEvidenceQuery,
    @Body() bytes: Buffer,
    @Ctx() ctx: RequestContext,
  ) {
    const piece = await this.attachEvidence.execute({
      caseId: id,
      bytes,
      name: query.name,
      attacher: ctx.principal,
      causation: { actor: ctx.actor, correlationId: ctx.correlationId },
    });
    return evidenceView(piece);
  }

  @Get(':id/evidence')
  @Roles(...EVIDENCE_READERS)
  @ApiOperation({ summary: 'The photos and documents attached to a case, oldest first' })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND'] })
  async list(@Param('id', new UuidPipe('id')) id: string, @Ctx() ctx: RequestContext) {
    const items = await this.readEvidence.list(id, ctx.principal);
    return { caseId: id, items: items.map(evidenceView) };
  }

  @Get(':id/evidence/:evidenceId/content')
  @Roles(...EVIDENCE_READERS)
  @ApiOperation({ summary: 'One attached file’s bytes, as its media type; every download is audited' })
  @ApiProduces(...EVIDENCE_MEDIA_TYPES)
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ notFound: ['CASE_NOT_FOUND', 'EVIDENCE_NOT_FOUND'] })
  async content(
    @Param('id', new UuidPipe('id')) id: string,
    @Param('evidenceId', new UuidPipe('evidenceId')) evidenceId: string,
    @Ctx() ctx: RequestContext,
  ) {
    const { piece, bytes } = await this.readEvidence.download(
      id,
      evidenceId,
      ctx.principal,
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
