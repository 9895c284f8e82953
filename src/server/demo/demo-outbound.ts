import { randomBytes } from 'node:crypto';
import { saveChannel } from '../outbound/outbound.service.js';
import type { DemoActors } from './demo-actors.js';

/**
 * Outbound channels of the demo district, configured by the district admin through the channel
 * service (audit rows included) and left disabled: a demo must never post to the outside. The
 * addresses are reserved example domains; the webhook's signing secret is drawn at load time.
 * An administrator sees how a channel is set up and turns one on after entering a real address.
 */
export async function loadDemoOutbound(db: Parameters<typeof saveChannel>[0], a: DemoActors, now: Date): Promise<number> {
  await saveChannel(
    db,
    a.admin,
    {
      name: '区教委安全稳定工作群（企业微信机器人，未启用）',
      kind: 'wecom',
      unitId: null,
      url: 'https://qyapi.weixin.qq.example/cgi-bin/webhook/send',
      secret: randomBytes(16).toString('hex'),
      eventKinds: ['case_escalated', 'overdue', 'supervision_proposed', 'safety_chase', 'risk_alert', 'bulletin_issued'],
      isActive: false,
    },
    now,
  );
  await saveChannel(
    db,
    a.admin,
    {
      name: '区智慧教育平台对接（通用 Webhook，未启用）',
      kind: 'webhook',
      unitId: null,
      url: 'https://edu.yunjiang.example/api/huxiao/events',
      secret: randomBytes(24).toString('hex'),
      eventKinds: ['report_due', 'report_returned', 'meeting_task_assigned', 'risk_alert'],
      isActive: false,
    },
    now,
  );
  return 2;
}
