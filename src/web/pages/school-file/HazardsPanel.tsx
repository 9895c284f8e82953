import { Segmented, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { Hazard, HazardList } from '../../api/types';
import { useIsMobile } from '../../lib/useIsMobile';
import { HazardCounts } from '../hazards/HazardCounts';
import { ledgerColumns } from '../hazards/hazardColumns';
import type { PanelProps } from './schoolFileTypes';

const filters = { all: {}, open: { open: 'true' }, overdue: { overdue: 'true' }, closed: { state: 'closed' }, major: { level: 'major' } } as const;
type Filter = keyof typeof filters;
const PAGE_SIZE = 20;

/** The school's hazards: the ledger's own list and counts (GET /api/hazards) with the school as the filter. */
export function HazardsPanel({ school }: PanelProps) {
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const query = { schoolId: school.id, page, pageSize: PAGE_SIZE, ...filters[filter] };
  const list = useLoad(() => api.get<HazardList>('/api/hazards', query), JSON.stringify(query));
  // The ledger's columns without the school (it is this one) and without sorting (the ledger sorts).
  const columns = ledgerColumns('hazards', '', isMobile)
    .filter((c) => c.key !== 'schoolName' && c.key !== 'townshipName')
    .map((c) => ({ ...c, sorter: undefined, sortOrder: undefined })) as TableColumnsType<Hazard>;
  const ledgerLink = `/hazards?${new URLSearchParams({ schoolId: school.id, ...filters[filter] })}`;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <HazardCounts counts={list.data?.counts} loading={list.loading} />
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Segmented<Filter>
          value={filter}
          onChange={(f) => {
            setFilter(f);
            setPage(1);
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'open', label: '未销号' },
            { value: 'overdue', label: '逾期' },
            { value: 'closed', label: '已销号' },
            { value: 'major', label: '重大' },
          ]}
        />
        <Link to={ledgerLink}>在隐患台账中查看</Link>
      </Space>
      <Table<Hazard>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        rowClassName={(h) => (h.overdue ? 'hazard-row-overdue' : '')}
        scroll={isMobile ? undefined : { x: 1100 }}
        onRow={(h) => ({ onClick: () => navigate(`/hazards/${h.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (t) => `共 ${t} 项`,
          simple: isMobile,
        }}
        onChange={(p) => setPage(p.current ?? 1)}
        locale={{ emptyText: '暂无隐患' }}
      />
    </Space>
  );
}
