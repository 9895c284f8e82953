import { Alert, App, Button, Card, Checkbox, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';

type Channel = 'sms' | 'wecom' | 'dingtalk';
type Prefs = { channels: { code: Channel; label: string }[]; kinds: { code: string; label: string }[]; optOuts: { channel: Channel; kind: string }[] };
const keyOf = (channel: string, kind: string) => `${channel}:${kind}`;

/**
 * 通知设置: the user's own choice of which events reach them by SMS or through the unit's WeCom /
 * DingTalk groups (站内消息 always does). A ticked box is "receive"; the server keeps the unticked
 * ones as opt-outs and the outbox respects them.
 */
export default function NotificationSettingsPage() {
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const prefs = useLoad(() => api.get<Prefs>('/api/me/outbound-preferences'), 'outbound-prefs');
  const [off, setOff] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (prefs.data) setOff(new Set(prefs.data.optOuts.map((o) => keyOf(o.channel, o.kind))));
  }, [prefs.data]);
  const p = prefs.data;
  const toggle = (k: string, receive: boolean) => {
    const next = new Set(off);
    if (receive) next.delete(k);
    else next.add(k);
    setOff(next);
  };
  const save = async () => {
    if (!p) return;
    setSaving(true);
    setError(null);
    try {
      const optOuts = p.kinds.flatMap((k) => p.channels.filter((c) => off.has(keyOf(c.code, k.code))).map((c) => ({ channel: c.code, kind: k.code })));
      await api.put('/api/me/outbound-preferences', { optOuts });
      message.success('通知设置已保存');
      prefs.reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title="通知设置" loading={!p && !prefs.error} styles={{ body: { padding: isMobile ? 12 : 24 } }}>
      {prefs.error && <Alert type="error" showIcon title={prefs.error} />}
      {p && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            勾选的事件会通过短信、本单位的企业微信群或钉钉群通知您；站内消息始终接收。是否有短信和群通知，取决于区教委配置的外发通道。
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} />}
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={p.kinds}
            scroll={isMobile ? undefined : { x: 420 }}
            columns={[
              { title: '事件', dataIndex: 'label' },
              ...p.channels.map((c) => ({
                title: c.label,
                key: c.code,
                width: isMobile ? 72 : 110,
                align: 'center' as const,
                render: (_: unknown, k: { code: string; label: string }) => (
                  <Checkbox
                    aria-label={`${k.label}-${c.label}`}
                    checked={!off.has(keyOf(c.code, k.code))}
                    onChange={(e) => toggle(keyOf(c.code, k.code), e.target.checked)}
                  />
                ),
              })),
            ]}
          />
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="save-prefs">
            保存设置
          </Button>
        </Space>
      )}
    </Card>
  );
}
