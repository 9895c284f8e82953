import { Space, Table } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { Paged } from '../../api/types';
import { useIsMobile } from '../../lib/useIsMobile';
import { inspectionColumns } from '../inspections/InspectionsPage';
import type { InspectionSummary } from '../inspections/inspectionApi';
import type { PanelProps } from './schoolFileTypes';

const PAGE_SIZE = 20;

/** The school's submitted inspections (every level that checked it), newest first: GET /api/inspections for the school. */
export function InspectionsPanel({ school }: PanelProps) {
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const query = { schoolId: school.id, status: 'submitted', page, pageSize: PAGE_SIZE };
  const list = useLoad(() => api.get<Paged<InspectionSummary>>('/api/inspections', query), JSON.stringify(query));
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Link to={`/inspections?schoolId=${school.id}&status=submitted`}>在安全检查中查看</Link>
      <Table<InspectionSummary>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={inspectionColumns(false)}
        scroll={{ x: 1000 }}
        onRow={(r) => ({ onClick: () => navigate(`/inspections/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (t) => `共 ${t} 条`,
          simple: isMobile,
        }}
        onChange={(p) => setPage(p.current ?? 1)}
        locale={{ emptyText: '暂无检查记录' }}
      />
    </Space>
  );
}
