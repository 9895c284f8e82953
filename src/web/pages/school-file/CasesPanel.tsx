import { Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { slaColor } from '../cases/casesApi';
import { PanelCounts } from './PanelCounts';
import type { PanelProps } from './schoolFileTypes';

type Detail = { open: { id: string; code: string; typeLabel: string; title: string; stateLabel: string; slaLabel: string; sla: keyof typeof slaColor }[] };

/** 案件: the school's cases as on /cases (restricted ones only for their own units), the latest open ones. */
export function CasesPanel({ panel }: PanelProps) {
  const d = panel.detail as Detail | undefined;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PanelCounts counts={panel.counts} testIdPrefix="cases" />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d?.open ?? []}
        locale={{ emptyText: '没有办理中的案件' }}
        columns={[
          { title: '编号', dataIndex: 'code', width: 130, render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
          { title: '类型', dataIndex: 'typeLabel', width: 110 },
          { title: '标题', dataIndex: 'title' },
          { title: '环节', dataIndex: 'stateLabel', width: 120 },
          { title: '时限', key: 's', width: 100, render: (_, r) => <Tag color={slaColor[r.sla]}>{r.slaLabel}</Tag> },
        ]}
      />
    </Space>
  );
}
