import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@chuishao/kernel';
import { PlatformModule, streamTicketController, type ServiceConfig } from '@chuishao/platform';
import { KnownCaseCentersHandlers } from '@chuishao/messaging';
import { knownCaseCentersProvider } from '@chuishao/persistence';
import { AcknowledgeSummons } from './application/acknowledge-summons/acknowledge-summons.use-case';
import { DeclineSummons } from './application/decline-summons/decline-summons.use-case';
import { ReceiveSummons } from './application/receive-summons/receive-summons.use-case';
import { StandDownSummons } from './application/stand-down-summons/stand-down-summons.use-case';
import { WhistleHandlers } from './application/receive-summons/whistle.handlers';
import { ReportArrival } from './application/report-arrival/report-arrival.use-case';
import { EditDirectory } from './application/edit-directory/edit-directory.use-case';
import { DutyFeed } from './application/keep-roster/duty-feed.query';
import { KeepRoster } from './application/keep-roster/keep-roster.use-case';
import { ReadSummons } from './application/read-summons/read-summons.query';
import {
  loadNotificationSettings,
  NOTIFICATION_SETTINGS,
  type NotificationSettings,
} from './application/notification-settings';
import { NotifySlaEvent } from './application/notify/notify-sla-event.use-case';
import { PlanNotifications } from './application/notify/plan-notifications';
import { SlaEventHandlers } from './application/notify/sla-events.handlers';
import { SummonsCommands } from './application/summons-commands';
import { DepartmentsController } from './http/departments.controller';
import { DirectoryController } from './http/directory.controller';
import { RosterController } from './http/roster.controller';
import { NotificationsController } from './http/notifications.controller';
import { StreamController } from './http/stream.controller';
import { SummonsController } from './http/summons.controller';
import { HttpSmsGateway, SMS_GATEWAY } from './infrastructure/notifications/channels';
import { DeliveryWorker } from './infrastructure/notifications/delivery-worker';
import { LiveStreams } from './infrastructure/notifications/live-streams';
import { NotificationMetrics } from './infrastructure/notifications/notification-metrics';
import { SmsReplyMetrics } from './infrastructure/notifications/sms-reply-metrics';
import { NotificationSignals } from './infrastructure/notifications/notification-signals';
import { SimulatorSmsGateway } from './infrastructure/notifications/simulator-sms-gateway';
import { SmsTexting } from './infrastructure/notifications/sms-texting';
import { WebhookPoster } from './infrastructure/notifications/webhook-poster';
import { SmsReplyRepository } from './infrastructure/persistence/sms-reply.repository';
import { AnswerBySms } from './application/answer-by-sms/answer-by-sms.use-case';
import { SmsRepliesController } from './http/sms-replies.controller';
import { SMS_SIGNATURE, SMS_SIGNATURE_SCHEME, SmsSignatureGuard } from './http/sms-signature.guard';
import { SmsPhoneStore } from './infrastructure/persistence/sms-phone.store';
import { DepartmentRepository } from './infrastructure/persistence/department.repository';
import { DirectoryRepository } from './infrastructure/persistence/directory.repository';
import { RosterRepository } from './infrastructure/persistence/roster.repository';
import { NotificationRepository } from './infrastructure/persistence/notification.repository';
import { departmentEntities } from './infrastructure/persistence/entities';
import { departmentMigrations } from './infrastructure/persistence/migrations';
import { DeliveryClaims } from './infrastructure/persistence/delivery-claims';
import { DeliveryStore } from './infrastructure/persistence/delivery.store';
import { WebhookHealthRepository } from './infrastructure/persistence/webhook-health.repository';
import { MovementRepository } from './infrastructure/persistence/movement.repository';
import { ReportMovement } from './application/report-movement/report-movement.use-case';
import { WebhookHealthWatch } from './application/watch-webhook-health/webhook-health-watch';
import { DepartmentSql } from './infrastructure/persistence/schema';
import { SummonsFactsCache } from './infrastructure/persistence/summons-facts';
import { SummonsRepository } from './infrastructure/persistence/summons.repository';
import { SummonsStore } from './infrastructure/persistence/summons.store';
import { StreamEntriesRepository } from './infrastructure/persistence/stream-entries.repository';
import { TriggerWrites } from './infrastructure/persistence/trigger-writes';
import { DepartmentSeeder } from './infrastructure/seed/department-seeder';

export const DEPARTMENT_DESCRIPTION = {
  title: 'chuishao department',
  description:
    'Department directory and summons inbox: a liaison acknowledges, reports arrival (报到) or declines. ' +
    'Consumes WhistleBlown, DepartmentReassigned, SummonsAdded and SummonsStoodDown on `whistles`, ArrivalWarningIssued and EscalationRaised on `sla`, ' +
    'CaseRegistered on `cases` (where each case sits in the center tree, to scope reads); ' +
    'emits SummonsAcknowledged, DepartmentArrived and SummonsDeclined on `department-responses`. ' +
    'Notifies the people who must act of every summons, warning and escalation: signed webhooks, SMS (throttled per phone, bundled), a live stream (SSE). ' +
    'A liaison may answer a summons by SMS reply code (the gateway’s signed inbound webhook).',
  securitySchemes: { [SMS_SIGNATURE]: SMS_SIGNATURE_SCHEME },
};

export interface DepartmentOptions {
  clock?: Clock;
  /** Overrides of what the environment says (tests pass second-scale retry delays). */
  notifications?: Partial<NotificationSettings>;
}

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, options: DepartmentOptions = {}): DynamicModule {
    const settings: NotificationSettings = { ...loadNotificationSettings(), ...options.notifications };
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          entities: departmentEntities,
          migrations: departmentMigrations,
          clock: options.clock,
        }),
      ],
      controllers: [
        DepartmentsController,
        SummonsController,
        DirectoryController,
        RosterController,
        NotificationsController,
        SmsRepliesController,
        StreamController,
        streamTicketController('stream-tickets', 'departments'),
        WhistleHandlers,
        SlaEventHandlers,
        KnownCaseCentersHandlers,
      ],
      providers: [
        { provide: NOTIFICATION_SETTINGS, useValue: settings },
        settings.sms.gateway === 'http'
          ? {
              provide: SMS_GATEWAY,
              useValue: new HttpSmsGateway({
                endpoint: settings.sms.endpoint!,
                apiKey: settings.sms.apiKey,
                templateIds: settings.sms.templateIds,
                timeoutMs: settings.webhookTimeoutMs,
              }),
            }
          : { provide: SMS_GATEWAY, useClass: SimulatorSmsGateway },
        DepartmentRepository,
        DirectoryRepository,
        NotificationRepository,
        StreamEntriesRepository,
        TriggerWrites,
        NotificationSignals,
        NotificationMetrics,
        SmsReplyMetrics,
        DeliveryClaims,
        DeliveryStore,
        SmsPhoneStore,
        SmsTexting,
        WebhookPoster,
        SmsReplyRepository,
        SmsSignatureGuard,
        AnswerBySms,
        WebhookHealthRepository,
        MovementRepository,
        ReportMovement,
        WebhookHealthWatch,
        DeliveryWorker,
        LiveStreams,
        PlanNotifications,
        NotifySlaEvent,
        EditDirectory,
        RosterRepository,
        KeepRoster,
        DutyFeed,
        DepartmentSql,
        SummonsRepository,
        SummonsFactsCache,
        SummonsStore,
        SummonsCommands,
        knownCaseCentersProvider,
        ReadSummons,
        DepartmentSeeder,
        ReceiveSummons,
        StandDownSummons,
        AcknowledgeSummons,
        ReportArrival,
        DeclineSummons,
      ],
    };
  }
}
