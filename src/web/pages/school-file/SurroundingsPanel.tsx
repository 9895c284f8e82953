import { Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { gateLabel, type SchoolSurroundingsItem } from '../surroundings/surroundingsApi';
import { PanelCounts } from './PanelCounts';
import type { PanelProps } from './schoolFileTypes';

type Detail = { items: SchoolSurroundingsItem[]; zones: { code: string; label: string; radiusM: number }[] };

/** 周边: the premises near the school, nearest first, with the zone rule each breaks. */
export function SurroundingsPanel({ panel }: PanelProps) {
  const d = panel.detail as Detail | undefined;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PanelCounts counts={panel.counts} testIdPrefix="surroundings" />
      <Table<SchoolSurroundingsItem>
        rowKey="premiseId"
        size="small"
        pagination={false}
        dataSource={d?.items ?? []}
        locale={{ emptyText: '周边 500 米内未登记场所' }}
        columns={[
          { title: '场所', dataIndex: 'name', render: (v: string, r) => `${v}（${r.typeLabel}）` },
          { title: '距离', key: 'd', width: 160, render: (_, r) => `${gateLabel(r)} ${Math.round(r.distanceM)} 米` },
          {
            title: '违规',
            key: 'b',
            render: (_, r) =>
              r.breach ? (
                <Space wrap size={4}>
                  <Tag color="red">{r.message}</Tag>
                  {r.openHazard && <Link to={`/hazards/${r.openHazard.id}`}>隐患 {r.openHazard.code}</Link>}
                </Space>
              ) : (
                <Tag>无</Tag>
              ),
          },
          { title: '主管部门', dataIndex: 'departmentName', width: 150, render: (v: string | null) => v ?? '—' },
        ]}
      />
      {d && (
        <Typography.Text type="secondary">距离从学校位置量起（学校尚无校门坐标）；学生安全区域：{d.zones.map((z) => z.label).join('、')}。</Typography.Text>
      )}
    </Space>
  );
}
