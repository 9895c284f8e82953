import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { drillStatuses, drillStatusLabels } from '../../../domain/drill';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import type { Paged } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { OutboxList } from '../../components/OutboxList';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { findFormDraft, onOutboxChanged } from '../../offline/outbox';
import { isSchoolRole } from '../hazards/hazardRoles';
import { loadSchools } from '../inspections/inspectionApi';
import { type DrillOptions, type DrillSummary, isDrillRecorder } from './drillApi';

const PAGE_SIZE = 20;
const filterKeys = ['schoolId', 'parentId', 'type', 'status', 'from', 'to'] as const;
type FilterKey = (typeof filterKeys)[number];

/** 应急演练: the records in the user's scope (drafts only for their own school), with filters and the Excel ledger. */
export default function DrillsPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const schoolUser = isSchoolRole(user.role);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined])) as Record<FilterKey, string | undefined>;
  const options = useLoad(() => api.get<DrillOptions>('/api/drill-options'), 'drill-options');
  const schools = useLoad(() => (schoolUser ? Promise.resolve(null) : loadSchools(user)), `schools:${user.id}`);
  const areas = useOrgUnits(schoolUser ? ['district'] : ['township', 'centre']);
  const list = useLoad(() => api.get<Paged<DrillSummary>>('/api/drills', { page, pageSize: PAGE_SIZE, ...filters }), params.toString());
  const recorder = isDrillRecorder(user.role);
  const [local, setLocal] = useState<{ savedAt: string } | null>(null);
  useEffect(() => {
    if (!recorder) return;
    const read = () => void findFormDraft(user.id, 'drill').then(setLocal, () => setLocal(null));
    read();
    // A drill the phone kept is sent in the background: show it as soon as the server has it.
    return onOutboxChanged(() => {
      read();
      list.reload();
    });
  }, [recorder, user.id, list.reload]);

  const update = (patch: Partial<Record<FilterKey | 'page', string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.download('/api/drills/export', filters, '应急演练台账.xlsx');
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setExporting(false);
    }
  };

  const half = 'calc(50% - 4px)';
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null = filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;
  const semester = options.data?.semesters.find((s) => s.start <= dayjs().format('YYYY-MM-DD') && dayjs().format('YYYY-MM-DD') <= s.end);
  const filterBar = (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
      {!schoolUser && (
        <>
          <Select
            allowClear
            placeholder="街道/教管中心"
            style={{ width: isMobile ? '100%' : 180 }}
            value={filters.parentId}
            options={(areas.data ?? []).filter((u) => u.kind !== 'district').map((u) => ({ value: u.id, label: u.name }))}
            onChange={(v?: string) => update({ parentId: v })}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="学校"
            style={{ width: isMobile ? '100%' : 220 }}
            value={filters.schoolId}
            options={(schools.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            onChange={(v?: string) => update({ schoolId: v })}
          />
        </>
      )}
      <Select
        allowClear
        placeholder="演练类型"
        style={{ width: isMobile ? half : 160 }}
        value={filters.type}
        options={(options.data?.types ?? []).map((t) => ({ value: t.code, label: t.label }))}
        onChange={(v?: string) => update({ type: v })}
      />
      <Select
        allowClear
        placeholder="状态"
        style={{ width: isMobile ? half : 110 }}
        value={filters.status}
        options={drillStatuses.map((s) => ({ value: s, label: drillStatusLabels[s] }))}
        onChange={(v?: string) => update({ status: v })}
      />
      <DatePicker.RangePicker
        value={range}
        inputReadOnly={isMobile}
        style={{ width: isMobile ? '100%' : 260 }}
        placeholder={['开始日期', '结束日期']}
        presets={semester ? [{ label: `本学期（${semester.label}）`, value: [dayjs(semester.start), dayjs(semester.end)] }] : []}
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
  const open = (r: DrillSummary) => navigate(`/drills/${r.id}`);

  return (
    <Card
      title="应急演练"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
            {isMobile ? '导出' : '导出 Excel'}
          </Button>
          {isDrillRecorder(user.role) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/drills/new')}>
              记录演练
            </Button>
          )}
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
    >
      {local && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`本机有一份未提交的演练记录（${formatTime(local.savedAt)} 保存）`}
          action={
            <Button size="small" onClick={() => navigate('/drills/new')}>
              继续填写
            </Button>
          }
        />
      )}
      {recorder && (
        <div style={{ marginBottom: 12 }}>
          <OutboxList userId={user.id} kind="drill" onFix={() => navigate('/drills/new')} />
        </div>
      )}
      {filterBar}
      {list.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={list.error} />}
      {isMobile ? (
        <List
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          rowKey="id"
          pagination={list.data && list.data.total > PAGE_SIZE ? { ...pagination, align: 'center' } : false}
          locale={{ emptyText: '暂无演练记录' }}
          renderItem={(r) => (
            <List.Item data-testid="drill-row" onClick={() => open(r)} style={{ cursor: 'pointer', paddingInline: 0 }}>
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <StatusTag row={r} />
                    <span>{r.typeLabel}</span>
                  </Space>
                }
                description={
                  <Space orientation="vertical" size={0}>
                    <span>
                      {!schoolUser && (
                        <>
                          <SchoolLink id={r.schoolId} name={r.schoolName} />
                          {' · '}
                        </>
                      )}
                      {formatTime(r.startedAt)}
                    </span>
                    <Facts row={r} />
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<DrillSummary>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={drillColumns(!schoolUser)}
          pagination={pagination}
          onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' }, 'data-testid': 'drill-row' }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: '暂无演练记录' }}
        />
      )}
    </Card>
  );
}

function StatusTag({ row }: { row: DrillSummary }) {
  return (
    <Tag color={row.status === 'submitted' ? 'success' : 'default'} style={{ marginInlineEnd: 0 }}>
      {row.statusLabel}
    </Tag>
  );
}

function Facts({ row }: { row: DrillSummary }) {
  return (
    <Space size={4} wrap>
      <Typography.Text type="secondary">
        参演 {row.participants} 人{row.participationShare !== null ? `（${Math.round(row.participationShare * 100)}%）` : ''}
      </Typography.Text>
      {row.buildingCount > 0 && (row.slowCount > 0 ? <Tag color="red">疏散超时 {row.slowCount} 栋</Tag> : <Tag color="green">疏散达标</Tag>)}
      {row.problemCount > 0 && <Typography.Text type="secondary">问题 {row.problemCount}</Typography.Text>}
      {row.hazardCount > 0 && <Tag color="orange">隐患 {row.hazardCount}</Tag>}
    </Space>
  );
}

function drillColumns(showSchool: boolean): ColumnsType<DrillSummary> {
  return [
    { title: '编号', dataIndex: 'code', width: 150 },
    { title: '演练类型', dataIndex: 'typeLabel', width: 150 },
    ...(showSchool
      ? [
          { title: '学校', render: (_: unknown, r: DrillSummary) => <SchoolLink id={r.schoolId} name={r.schoolName} /> },
          { title: '街道/教管中心', dataIndex: 'parentName', width: 140 },
        ]
      : []),
    { title: '演练时间', dataIndex: 'startedAt', width: 170, render: (v: string) => formatTime(v) },
    { title: '情况', render: (_, r) => <Facts row={r} /> },
    { title: '状态', width: 90, render: (_, r) => <StatusTag row={r} /> },
  ];
}
