/**
 * In-app notifications (站内消息): the closed set of kinds and what users read for each.
 *
 * A notification row is the durable record of one message to one user, written in the same
 * transaction as the change it reports (or by the hourly deadline scan). Outbound channels are
 * not built yet. When SMS or WeCom (企业微信) are added, a channel dispatcher reads new rows
 * (by `created_at`/`id` after its own watermark, or through a per-channel delivery table keyed
 * by notification id), decides per kind and user preference whether to send, and records the
 * delivery; the inbox row stays the source of truth and no writer has to change.
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
  report_due: '报表报送提醒',
  report_returned: '报表被退回',
};

/** What a notification links to: the web opens that record's page. */
export const notificationEntityTypes = ['hazard', 'notice', 'penalty', 'inspection', 'inspection_plan', 'case', 'report'] as const;
export type NotificationEntityType = (typeof notificationEntityTypes)[number];

/** A deadline this many days away or fewer (today included) is "soon". */
export const DEADLINE_SOON_DAYS = 3;

export const isNotificationKind = (k: string): k is NotificationKind => (notificationKinds as readonly string[]).includes(k);

/** The label of a stored kind; an unknown kind (written by a newer version) shows as itself. */
export const notificationKindLabel = (k: string): string => (isNotificationKind(k) ? notificationKindLabels[k] : k);
