import { Alert, Modal, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';

/** One device's calendar of the daily online check: green online, red offline, grey unchecked. */
type History = {
  device: { id: string; name: string; kind: string; dailyChecked: boolean };
  from: string;
  to: string;
  checkedDays: number;
  offlineDays: number;
  rate: number;
  notes: { day: string; note: string }[];
  calendar: { day: string; state: 'online' | 'offline' | 'unchecked' }[];
};
const colour = { online: '#52c41a', offline: '#ff4d4f', unchecked: '#d9d9d9' } as const;
const word = { online: '在线', offline: '离线', unchecked: '未巡检' } as const;

export function DeviceHistoryCalendar({ deviceId }: { deviceId: string }) {
  const h = useLoad(() => api.get<History>(`/api/sanfang/devices/${deviceId}/history`), deviceId);
  if (h.loading && !h.data) return <Spin />;
  if (h.error) return <Alert type="error" title={h.error} />;
  const d = h.data;
  if (!d) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {d.from} 至 {d.to}：巡检 {d.checkedDays} 天，离线 {d.offlineDays} 天，在线率 {d.rate}%
      </Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, 18px)', gap: 3 }} data-testid="device-calendar">
        {d.calendar.map((c) => (
          <Tooltip key={c.day} title={`${c.day} ${word[c.state]}`}>
            <div title={`${c.day} ${word[c.state]}`} data-state={c.state} style={{ width: 18, height: 18, borderRadius: 3, background: colour[c.state] }} />
          </Tooltip>
        ))}
      </div>
      <Space size={4}>
        {(['online', 'offline', 'unchecked'] as const).map((s) => (
          <Tag key={s} color={colour[s]}>
            {word[s]}
          </Tag>
        ))}
      </Space>
      {d.notes.map((n) => (
        <Typography.Text key={n.day} type="secondary" style={{ fontSize: 12 }}>
          {n.day}：{n.note}
        </Typography.Text>
      ))}
    </Space>
  );
}

export function DeviceHistoryModal({ deviceId, onClose }: { deviceId: string | null; onClose: () => void }) {
  return (
    <Modal open={!!deviceId} title="设施在线日历" footer={null} onCancel={onClose} destroyOnHidden>
      {deviceId && <DeviceHistoryCalendar deviceId={deviceId} />}
    </Modal>
  );
}
