import { Button, Card, List, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { DeviceHistoryModal } from './DeviceHistory';

/**
 * The daily online check on the 三防 pages: the district's (or township's) rate and today's progress
 * on /sanfang, and a school's gate cameras and alarms with their state on /sanfang/schools/:id.
 */
type Rates = {
  rate: number;
  offlineLimitDays: number | null;
  today: { schoolsWithDevices: number; schoolsChecked: number };
  daily: { day: string; rate: number }[];
  outages: { deviceId: string; reachesLimit: boolean }[];
};

export function DeviceCheckRateCard({ orgUnitId }: { orgUnitId?: string | undefined }) {
  const r = useLoad(() => api.get<Rates>('/api/sanfang/device-checks/rates', { orgUnitId }), `${orgUnitId}`);
  const d = r.data;
  const last = d?.daily.at(-1);
  return (
    <Card
      size="small"
      title="每日在线巡检（校门视频·一键报警）"
      extra={
        <Space>
          <Link to="/sanfang/device-checks">去巡检</Link>
          <Link to="/sanfang/alarm-drills">报警演练</Link>
        </Space>
      }
      data-testid="device-check-rate"
      loading={r.loading && !d}
    >
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            今日已巡检 {d.today.schoolsChecked}/{d.today.schoolsWithDevices} 所学校
            {last ? `；最近巡检日 ${last.day} 在线率 ${last.rate}%` : ''}；近 30 天在线率 {d.rate}%
          </Typography.Text>
          <Progress percent={d.rate} size="small" status={d.rate >= 99 ? 'success' : 'normal'} />
          {d.outages.some((o) => o.reachesLimit) && (
            <Typography.Text type="danger">
              {d.outages.filter((o) => o.reachesLimit).length} 台设施已连续 {d.offlineLimitDays} 个巡检日以上离线
            </Typography.Text>
          )}
        </Space>
      )}
    </Card>
  );
}

type Device = {
  id: string;
  name: string;
  kind: string;
  location: string;
  dailyChecked: boolean;
  state: 'online' | 'offline' | 'unchecked' | null;
  lastCheckDay: string | null;
  offlineDays: number;
};
const stateTag = { online: <Tag color="green">在线</Tag>, offline: <Tag color="red">离线</Tag>, unchecked: <Tag>未巡检</Tag> } as const;

export function SchoolDeviceStatus({ schoolId }: { schoolId: string }) {
  const list = useLoad(() => api.get<{ items: Device[] }>('/api/sanfang/devices', { schoolId }), schoolId);
  const [history, setHistory] = useState<string | null>(null);
  const items = (list.data?.items ?? []).filter((d) => d.dailyChecked);
  return (
    <Card size="small" title="校门视频与一键报警在线状态" data-testid="school-device-status" loading={list.loading && !list.data}>
      <List
        size="small"
        locale={{ emptyText: '未登记校门视频或一键报警' }}
        dataSource={items}
        renderItem={(d) => (
          <List.Item
            actions={[
              <Button key="h" type="link" size="small" onClick={() => setHistory(d.id)}>
                在线日历
              </Button>,
            ]}
          >
            <Space size={4} wrap>
              <Typography.Text>{d.name}</Typography.Text>
              {d.state && stateTag[d.state]}
              {d.offlineDays > 1 && <Typography.Text type="danger">连续 {d.offlineDays} 个巡检日离线</Typography.Text>}
              {d.lastCheckDay && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  巡检 {d.lastCheckDay}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <DeviceHistoryModal deviceId={history} onClose={() => setHistory(null)} />
    </Card>
  );
}
