import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listScope } from '@chuishao/auth';
import { ApiErrors, Ctx, Roles, UuidPipe, type RequestContext } from '@chuishao/platform';
import { ReadSummons } from '../application/read-summons/read-summons.query';
import { NotificationRepository } from '../infrastructure/persistence/notification.repository';
import { DeadLettersQuery, SmsMessagesQuery } from './dto/notification.dto';
import { NotificationListView, notificationView, SmsMessageListView } from './notification.views';

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly readSummons: ReadSummons,
  ) {}

  @Get('summons/:id/notifications')
  @Roles('liaison', 'operator', 'supervisor', 'ops')
  @ApiOperation({
    summary: 'Every notification of a summons, per recipient and channel, with each attempt',
    description:
      'Its summons, warning and escalations; each attempt with its outcome and time. A summons the ' +
      'caller may not read (GET /summons/:id) answers 404, as an unknown id.',
  })
  @ApiOkResponse({ type: NotificationListView })
  @ApiErrors({ notFound: ['SUMMONS_NOT_FOUND'] })
  async ofSummons(
    @Param('id', new UuidPipe('id')) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<NotificationListView> {
    await this.readSummons.one(id, ctx.principal);
    return { items: (await this.notifications.ofSummons(id)).map(notificationView) };
  }

  @Get('notifications/dead-letters')
  @Roles('ops', 'supervisor')
  @ApiOperation({
    summary: 'Notifications given up after their last attempt, newest first (the ops console’s list)',
    description: 'A supervisor with a center: those of cases at that center or below it.',
  })
  @ApiOkResponse({ type: NotificationListView })
  async deadLetters(
    @Query() query: DeadLettersQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<NotificationListView> {
    const scope = listScope(ctx.principal);
    if (scope === 'none') return { items: [] };
    const within = scope === 'all' ? null : scope.within;
    return {
      items: (await this.notifications.deadLetters(query.limit ?? 100, within)).map(notificationView),
    };
  }

  @Get('sms-simulator/messages')
  @Roles('ops')
  @ApiOperation({
    summary: 'What the SMS simulator “sent”, newest first, optionally to one number (SMS_GATEWAY=simulator)',
  })
  @ApiOkResponse({ type: SmsMessageListView })
  async smsMessages(@Query() query: SmsMessagesQuery): Promise<SmsMessageListView> {
    const messages = await this.notifications.smsMessages(query.to, query.limit ?? 100);
    return { items: messages.map((m) => ({ ...m, sentAt: m.sentAt.toISOString() })) };
  }
}
