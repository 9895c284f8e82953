/**
 * In-app notifications (站内消息): the closed set of kinds and what users read for each.
 *
 * A notification row is the durable record of one message to one user, written in the same
 * transaction as the change it reports (or by the hourly deadline scan). Every kind is also an
 * outbound event: the insert writes the outbox rows of the district's channels that forward the
 * kind in the same statement batch (server/outbound), so no writer has to change.
 */
export const notificationKinds = [
  'assigned',
  'deadline_soon',
  'overdue',
  'supervision_proposed',
  'extension_decided',
  'verification_result',
  'notice_issued',
  'notice_replied',
  'inspection_planned',
  'inspection_result',
  'urged',
  'case_assigned',
  'case_escalated',
  'case_update',
  'case_overdue',
  'risk_alert',
  'bulletin_issued',
  'bulletin_update',
  'meeting_task_assigned',
  'meeting_task_update',
  'safety_chase',
  'report_due',
  'report_returned',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationKindLabels: Record<NotificationKind, string> = {
  assigned: '隐患交办/指派',
  deadline_soon: '整改期限将至',
  overdue: '隐患逾期',
  supervision_proposed: '重大隐患逾期，建议挂牌督办',
  extension_decided: '延期审批结果',
  verification_result: '验收结果',
  notice_issued: '收到整改通知书',
  notice_replied: '整改通知书回执',
  inspection_planned: '督检安排',
  inspection_result: '督查结果',
  urged: '隐患催办',
  case_assigned: '案件分办',
  case_escalated: '紧急上报（扬言报复/事故）',
  case_update: '案件进展',
  case_overdue: '案件超时',
  risk_alert: '风险提示',
  bulletin_issued: '收到通报/约谈/挂牌督办',
  bulletin_update: '通报/约谈办理进展',
  meeting_task_assigned: '联席会议交办事项',
  meeting_task_update: '会议议定事项进展',
  safety_chase: '报平安催报',
  report_due: '报表报送提醒',
  report_returned: '报表被退回',
};

/** What a notification links to: the web opens that record's page. */
export const notificationEntityTypes = [
  'hazard',
  'notice',
  'penalty',
  'inspection',
  'inspection_plan',
  'case',
  'risk_alert',
  'bulletin',
  'meeting_task',
  'safety_period',
  'report',
] as const;
export type NotificationEntityType = (typeof notificationEntityTypes)[number];

/** A deadline this many days away or fewer (today included) is "soon". */
export const DEADLINE_SOON_DAYS = 3;

export const isNotificationKind = (k: string): k is NotificationKind => (notificationKinds as readonly string[]).includes(k);

/** The label of a stored kind; an unknown kind (written by a newer version) shows as itself. */
export const notificationKindLabel = (k: string): string => (isNotificationKind(k) ? notificationKindLabels[k] : k);
