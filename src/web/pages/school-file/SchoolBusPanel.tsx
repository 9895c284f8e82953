import { Alert, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { type BusFlag, flagColor } from '../school-buses/busApi';
import { PanelCounts } from './PanelCounts';
import type { PanelProps } from './schoolFileTypes';

type Detail = {
  mismatch: boolean;
  lastSpecialCheck: string | null;
  lastWeeklyStudy: string | null;
  buses: { id: string; plateNo: string; seats: number; status: string; drivers: string[]; flags: BusFlag[] }[];
};

/** 校车: the profile's 校车数 next to the vehicles in service, what is expired or due, the last special check and study. */
export function SchoolBusPanel({ panel }: PanelProps) {
  const d = panel.detail as Detail | undefined;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PanelCounts counts={panel.counts} testIdPrefix="school-bus" />
      {d?.mismatch && <Alert type="warning" showIcon title="档案校车数与在用登记车辆不一致，请核实后修改学校档案或补登车辆" />}
      {d && (
        <Typography.Text type="secondary">
          最近校车专项检查：{d.lastSpecialCheck ?? '无'}；最近驾驶员安全学习：{d.lastWeeklyStudy ?? '无'}
        </Typography.Text>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d?.buses ?? []}
        locale={{ emptyText: '未登记校车' }}
        columns={[
          { title: '车牌号', dataIndex: 'plateNo', width: 110 },
          { title: '核载', dataIndex: 'seats', width: 60 },
          { title: '状态', dataIndex: 'status', width: 90 },
          { title: '驾驶员', key: 'd', width: 140, render: (_, r) => r.drivers.join('、') || '—' },
          {
            title: '到期与问题',
            key: 'f',
            render: (_, r) =>
              r.flags.length ? (
                <Space orientation="vertical" size={2}>
                  {r.flags.map((f) => (
                    <Space key={f.key} size={4} wrap>
                      <Tag color={flagColor(f)}>{f.severityLabel}</Tag>
                      {f.message}
                      {f.openHazard && <Link to={`/hazards/${f.openHazard.id}`}>隐患 {f.openHazard.code}</Link>}
                    </Space>
                  ))}
                </Space>
              ) : (
                <Tag color="green">正常</Tag>
              ),
          },
        ]}
      />
    </Space>
  );
}
