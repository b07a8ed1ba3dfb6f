import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, Public, Roles } from '@chuishao/platform';
import { AnswerBySms } from '../application/answer-by-sms/answer-by-sms.use-case';
import { SmsReplyRepository, type RecordedReply } from '../infrastructure/persistence/sms-reply.repository';
import { InboundSmsDto, SmsRepliesQuery } from './dto/sms-reply.dto';
import { SMS_SIGNATURE, SmsSignatureGuard } from './sms-signature.guard';

export class SmsReplyView {
  @ApiProperty() messageId!: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ description: 'the sender as 138****0001' }) sender!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: ['applied', 'refused'] }) outcome!: 'applied' | 'refused';
  @ApiPropertyOptional({
    nullable: true,
    description:
      'why it was refused: SMS_SENDER_UNKNOWN, SMS_SENDER_NOT_ON_ROSTER, SMS_REPLY_UNREADABLE, SMS_REPLY_CODE_UNKNOWN, ' +
      'SMS_REPLY_CODE_NEEDED, SMS_REPLY_NOTHING_OPEN, or the summons’ own (SUMMONS_ALREADY_ACKNOWLEDGED…)',
  })
  code!: string | null;
  @ApiPropertyOptional({ enum: ['acknowledge', 'arrive'], nullable: true }) action!: string | null;
  @ApiPropertyOptional({ nullable: true }) summonsId!: string | null;
}

export class SmsReplyListView {
  @ApiProperty({ type: [SmsReplyView] }) items!: SmsReplyView[];
}

function replyView(reply: RecordedReply): SmsReplyView {
  return {
    messageId: reply.messageId,
    receivedAt: reply.receivedAt.toISOString(),
    sender: reply.sender,
    text: reply.text,
    outcome: reply.outcome,
    code: reply.code,
    action: reply.action,
    summonsId: reply.summonsId,
  };
}

/** Replies by SMS (issue 20 item 5): the gateway's inbound webhook, and what came in for ops. */
@ApiTags('sms')
@Controller('sms')
export class SmsRepliesController {
  constructor(
    private readonly answerBySms: AnswerBySms,
    private readonly replies: SmsReplyRepository,
  ) {}

  @Post('inbound')
  @Public()
  @UseGuards(SmsSignatureGuard)
  @HttpCode(200)
  @ApiHeader({ name: 'X-Sms-Timestamp', required: true, description: 'Unix seconds' })
  @ApiHeader({
    name: 'X-Sms-Signature',
    required: true,
    description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">',
  })
  @ApiSecurity(SMS_SIGNATURE)
  @ApiOperation({
    summary:
      'A liaison’s reply by SMS, from the gateway: “1 <code>” acknowledges, “2 <code>” reports on site',
    description:
      'Emits SummonsAcknowledged or DepartmentArrived as the liaison’s app would. A refused reply answers 200 ' +
      'with outcome refused and its code (the gateway delivered it; retrying would not help); the same ' +
      'messageId again answers the first outcome and does nothing.',
  })
  @ApiOkResponse({ type: SmsReplyView })
  @ApiErrors({
    unauthorized: [
      'SMS_INBOUND_DISABLED',
      'SMS_SIGNATURE_MISSING',
      'SMS_SIGNATURE_INVALID',
      'SMS_SIGNATURE_EXPIRED',
    ],
  })
  async inbound(@Body() body: InboundSmsDto): Promise<SmsReplyView> {
    return replyView(await this.answerBySms.execute(body));
  }

  @Get('replies')
  @Roles('ops')
  @ApiOperation({ summary: 'The latest SMS replies and what each came to, newest first' })
  @ApiOkResponse({ type: SmsReplyListView })
  async list(@Query() query: SmsRepliesQuery): Promise<SmsReplyListView> {
    return { items: (await this.replies.recent(query.limit ?? 100)).map(replyView) };
  }
}
