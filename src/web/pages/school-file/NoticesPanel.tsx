import { Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { Notice, NoticeList } from '../../api/types';
import { useIsMobile } from '../../lib/useIsMobile';
import { noticeColumns } from '../notices/NoticesPage';
import type { PanelProps } from './schoolFileTypes';

type Penalty = { id: string; number: string; policeUnitName: string; decidedOn: string; content: string; hazardCount: number };
const PAGE_SIZE = 10;

/** 整改通知书 the school received (GET /api/notices for the school) and the 执法处罚书 recorded for it. */
export function NoticesPanel({ school }: PanelProps) {
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const query = { schoolId: school.id, page, pageSize: PAGE_SIZE };
  const list = useLoad(() => api.get<NoticeList>('/api/notices', query), JSON.stringify(query));
  return (
    <Table<Notice>
      rowKey="id"
      size="small"
      loading={list.loading}
      dataSource={list.data?.items ?? []}
      columns={noticeColumns.filter((c) => c.key !== 'schoolName')}
      rowClassName={(n) => (n.overdue ? 'hazard-row-overdue' : '')}
      scroll={{ x: 900 }}
      onRow={(n) => ({ onClick: () => navigate(`/notices/${n.id}`), style: { cursor: 'pointer' } })}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: list.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (t) => `共 ${t} 份`,
        simple: isMobile,
      }}
      onChange={(p) => setPage(p.current ?? 1)}
      locale={{ emptyText: '暂无整改通知书' }}
    />
  );
}

/** 执法处罚书: the panel's own list (listPenalties for the school, up to 20, newest first). */
export function PenaltiesPanel({ panel }: PanelProps) {
  const items = (panel.detail as { items: Penalty[] }).items;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Table<Penalty>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={false}
        scroll={{ x: 700 }}
        columns={[
          { title: '文号', dataIndex: 'number', key: 'number', width: 220 },
          { title: '派出所', dataIndex: 'policeUnitName', key: 'policeUnitName', width: 140 },
          { title: '决定日期', dataIndex: 'decidedOn', key: 'decidedOn', width: 110 },
          { title: '处罚内容', dataIndex: 'content', key: 'content', ellipsis: true },
          { title: '关联隐患', dataIndex: 'hazardCount', key: 'hazardCount', width: 90, align: 'right' },
        ]}
        locale={{ emptyText: '暂无执法处罚书' }}
      />
      {panel.counts[0] && panel.counts[0].value > items.length && <Typography.Text type="secondary">仅显示最近 {items.length} 份</Typography.Text>}
    </Space>
  );
}
