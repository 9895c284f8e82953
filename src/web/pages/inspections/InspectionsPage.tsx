import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { inspectionStatuses, inspectionStatusLabels } from '../../../domain/inspection';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { Paged } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { SchoolLink } from '../../components/SchoolLink';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { useOnline, useSyncState } from '../../offline/hooks';
import { isSchoolRole } from '../hazards/hazardRoles';
import { type InspectionSummary, levelsOf, loadPack, loadSchools, loadTemplates, prefetchTemplates, reportStandingLabels } from './inspectionApi';
import { LocalDraftsSection } from './LocalDraftsSection';
import { OnlineTag } from './OnlineTag';

const PAGE_SIZE = 20;
const filterKeys = ['schoolId', 'parentId', 'level', 'templateCode', 'status', 'from', 'to'] as const;
type FilterKey = (typeof filterKeys)[number];

/** 安全检查: the phone's own unsent checks first, then the records on the server (scoped there). */
export default function InspectionsPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const online = useOnline();
  const [params, setParams] = useSearchParams();
  const schoolUser = isSchoolRole(user.role);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined])) as Record<FilterKey, string | undefined>;

  const pack = useLoad(() => loadPack(user), `pack:${user.id}`);
  const templates = useLoad(() => loadTemplates(user), `templates:${user.id}`);
  // Also for school staff (their own school, no request): it is kept for starting a check offline.
  const schools = useLoad(() => loadSchools(user), `schools:${user.id}`);
  // Reloaded when the network returns and after a sync has sent something: the new records belong in it.
  const sync = useSyncState();
  const listKey = `${params.toString()}:${online}:${sync.last?.sent ? sync.lastRunAt : ''}`;
  const list = useLoad(() => api.get<Paged<InspectionSummary>>('/api/inspections', { page, pageSize: PAGE_SIZE, ...filters }), listKey);

  // While online, keep what starting a check needs on the phone (schools, templates, levels).
  useEffect(() => {
    if (online && pack.data && templates.data && !templates.data.offline) void prefetchTemplates(user, templates.data.data, levelsOf(pack.data.data, user));
  }, [online, pack.data, templates.data, user]);

  const update = (patch: Partial<Record<FilterKey | 'page', string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  const open = (r: InspectionSummary) => navigate(`/inspections/${r.id}`);
  const half = 'calc(50% - 4px)';
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null = filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;
  const filterBar = (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
      {!schoolUser && (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="学校"
          style={{ width: isMobile ? '100%' : 220 }}
          value={filters.schoolId}
          loading={schools.loading}
          options={(schools.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          onChange={(v?: string) => update({ schoolId: v })}
        />
      )}
      <Select
        allowClear
        placeholder="检查类型"
        style={{ width: isMobile ? half : 150 }}
        value={filters.level}
        options={(pack.data?.data.levels ?? []).map((l) => ({ value: l.code, label: l.label }))}
        onChange={(v?: string) => update({ level: v })}
      />
      <Select
        allowClear
        placeholder="检查表"
        style={{ width: isMobile ? half : 200 }}
        value={filters.templateCode}
        options={(templates.data?.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
        onChange={(v?: string) => update({ templateCode: v })}
      />
      <Select
        allowClear
        placeholder="状态"
        style={{ width: isMobile ? half : 110 }}
        value={filters.status}
        options={inspectionStatuses.map((s) => ({ value: s, label: inspectionStatusLabels[s] }))}
        onChange={(v?: string) => update({ status: v })}
      />
      <DatePicker.RangePicker
        value={range}
        inputReadOnly={isMobile}
        style={{ width: isMobile ? '100%' : 260 }}
        placeholder={['开始日期', '结束日期']}
        onChange={(v) => update({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
      />
    </div>
  );

  const pagination = {
    current: page,
    pageSize: PAGE_SIZE,
    total: list.data?.total ?? 0,
    showSizeChanger: false,
    size: 'small' as const,
    showTotal: (n: number) => `共 ${n} 条`,
    onChange: (p: number) => update({ page: String(p) }),
  };

  return (
    <Space orientation="vertical" size={0} style={{ width: '100%' }}>
      <LocalDraftsSection userId={user.id} />
      <Card
        title={
          <Space>
            <span>安全检查</span>
            <OnlineTag online={online} />
          </Space>
        }
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/inspections/new')}>
            开始检查
          </Button>
        }
        styles={{ body: { padding: isMobile ? 12 : 24 } }}
      >
        {filterBar}
        {list.error && (
          <Alert
            type={online ? 'error' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            title={online ? list.error : '当前离线：服务器上的检查记录需联网查看，本机检查见上方'}
          />
        )}
        {isMobile ? (
          <List
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            rowKey="id"
            pagination={list.data && list.data.total > PAGE_SIZE ? { ...pagination, align: 'center' } : false}
            locale={{ emptyText: '暂无检查记录' }}
            renderItem={(r) => (
              <List.Item data-testid="inspection-row" onClick={() => open(r)} style={{ cursor: 'pointer', paddingInline: 0 }}>
                <List.Item.Meta
                  title={
                    <Space wrap size={4}>
                      <StatusTag row={r} />
                      <span>{r.templateName}</span>
                    </Space>
                  }
                  description={<RowFacts row={r} showSchool={!schoolUser} />}
                />
              </List.Item>
            )}
          />
        ) : (
          <Table<InspectionSummary>
            rowKey="id"
            size="middle"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            columns={inspectionColumns(!schoolUser)}
            pagination={pagination}
            onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' }, 'data-testid': 'inspection-row' }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: '暂无检查记录' }}
          />
        )}
      </Card>
    </Space>
  );
}

function StatusTag({ row }: { row: InspectionSummary }) {
  return (
    <Tag color={row.status === 'submitted' ? 'success' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="inspection-row-status">
      {inspectionStatusLabels[row.status]}
    </Tag>
  );
}

function Counts({ row }: { row: InspectionSummary }) {
  return (
    <Space size={4} wrap>
      <Typography.Text type="success">合格 {row.counts.pass}</Typography.Text>
      <Typography.Text type={row.counts.fail ? 'danger' : 'secondary'}>不合格 {row.counts.fail}</Typography.Text>
      <Typography.Text type="secondary">不适用 {row.counts.na}</Typography.Text>
      {row.hazardCount > 0 && <Tag color="orange">隐患 {row.hazardCount}</Tag>}
    </Space>
  );
}

function RowFacts({ row, showSchool }: { row: InspectionSummary; showSchool: boolean }) {
  return (
    <Space orientation="vertical" size={0}>
      <span>
        {showSchool && (
          <>
            <SchoolLink id={row.schoolId} name={row.schoolName} />
            {' · '}
          </>
        )}
        {row.levelLabel} · {formatTime(row.inspectedAt)}
      </span>
      <Counts row={row} />
      {row.report && <ReportTag report={row.report} />}
    </Space>
  );
}

function ReportTag({ report }: { report: NonNullable<InspectionSummary['report']> }) {
  const color = report.standing === 'reported' ? 'success' : report.standing === 'due' ? 'processing' : 'error';
  return (
    <Tag color={color} style={{ width: 'fit-content' }}>
      {reportStandingLabels[report.standing]}（{report.due} 前）
    </Tag>
  );
}

/** Also the school file's inspection list (without the school column). */
export function inspectionColumns(showSchool: boolean): ColumnsType<InspectionSummary> {
  return [
    { title: '编号', dataIndex: 'code', width: 150 },
    { title: '检查表', render: (_, r) => `${r.templateName}（第 ${r.templateVersion} 版）` },
    ...(showSchool
      ? [{ title: '学校', dataIndex: 'schoolName', render: (_: unknown, r: InspectionSummary) => <SchoolLink id={r.schoolId} name={r.schoolName} /> }]
      : []),
    { title: '检查类型', dataIndex: 'levelLabel', width: 130 },
    { title: '检查时间', dataIndex: 'inspectedAt', width: 170, render: (v: string) => formatTime(v) },
    { title: '检查人', dataIndex: 'inspectorNames', render: (v: string[]) => v.join('、') },
    { title: '结果', render: (_, r) => <Counts row={r} /> },
    {
      title: '状态',
      width: 150,
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <StatusTag row={r} />
          {r.report && <ReportTag report={r.report} />}
        </Space>
      ),
    },
  ];
}
