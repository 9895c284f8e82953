import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { OutboxList } from '../../components/OutboxList';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { onOutboxChanged } from '../../offline/outbox';
import { isSchoolRole } from '../hazards/hazardRoles';
import { loadSchools } from '../inspections/inspectionApi';
import type { PatrolList, PatrolLogDto } from './patrolApi';

const PAGE_SIZE = 20;
const filterKeys = ['schoolId', 'route', 'from', 'to', 'withFindings'] as const;
type FilterKey = (typeof filterKeys)[number];

/** 巡查记录: the school's own (with 登记巡查), or the schools in a supervisor's scope; Excel export. */
export default function PatrolLogsPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const schoolUser = isSchoolRole(user.role);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined])) as Record<FilterKey, string | undefined>;
  const schools = useLoad(() => (schoolUser ? Promise.resolve(null) : loadSchools(user)), `schools:${user.id}`);
  const list = useLoad(() => api.get<PatrolList>('/api/patrol-logs', { page, pageSize: PAGE_SIZE, ...filters }), params.toString());
  // A record the phone kept is sent in the background: show it in the list as soon as it is.
  useEffect(() => onOutboxChanged(list.reload), [list.reload]);

  const update = (patch: Partial<Record<FilterKey | 'page', string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const exportXlsx = () => api.download('/api/patrol-logs/export', filters, '巡查记录.xlsx').catch((e) => message.error(messageOf(e)));
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null = filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;
  const routes = list.data?.routes ?? [];
  const open = (r: PatrolLogDto) => navigate(`/patrol-logs/${r.id}`);

  const columns: ColumnsType<PatrolLogDto> = [
    { title: '编号', dataIndex: 'code', width: 150 },
    ...(schoolUser ? [] : [{ title: '学校', key: 'school', render: (_: unknown, r: PatrolLogDto) => <SchoolLink id={r.schoolId} name={r.schoolName} /> }]),
    { title: '路线', dataIndex: 'routeLabel', width: 130 },
    { title: '巡查时间', dataIndex: 'patrolledAt', width: 170, render: (v: string) => formatTime(v) },
    { title: '巡查点', dataIndex: 'points', render: (v: string[]) => v.join('、') },
    { title: '巡查人', dataIndex: 'patrollers', render: (v: string[]) => v.join('、') },
    { title: '结果', key: 'result', width: 140, render: (_: unknown, r: PatrolLogDto) => <ResultTag row={r} /> },
  ];

  return (
    <Card
      title="巡查记录"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={exportXlsx}>
            {isMobile ? '导出' : '导出 Excel'}
          </Button>
          {schoolUser && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/patrol-logs/new')}>
              登记巡查
            </Button>
          )}
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
    >
      {schoolUser && (
        <div style={{ marginBottom: 12 }}>
          <OutboxList userId={user.id} kind="patrol" onFix={() => navigate('/patrol-logs/new')} />
        </div>
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        {!schoolUser && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="学校"
            style={{ width: isMobile ? '100%' : 220 }}
            value={filters.schoolId}
            options={(schools.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            onChange={(v?: string) => update({ schoolId: v })}
          />
        )}
        <Select
          allowClear
          placeholder="巡查路线"
          style={{ width: isMobile ? 'calc(50% - 4px)' : 160 }}
          value={filters.route}
          options={routes.map((r) => ({ value: r.code, label: r.label }))}
          onChange={(v?: string) => update({ route: v })}
        />
        <Select
          allowClear
          placeholder="结果"
          style={{ width: isMobile ? 'calc(50% - 4px)' : 120 }}
          value={filters.withFindings}
          options={[{ value: 'true', label: '发现问题' }]}
          onChange={(v?: string) => update({ withFindings: v })}
        />
        <DatePicker.RangePicker
          value={range}
          inputReadOnly={isMobile}
          style={{ width: isMobile ? '100%' : 260 }}
          placeholder={['开始日期', '结束日期']}
          onChange={(v) => update({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
        />
      </div>
      {list.data && (
        <Space wrap size={6} style={{ marginBottom: 12 }}>
          {routes.map((r) => (
            <Tag key={r.code}>
              {r.label} {list.data?.byRoute[r.code] ?? 0} 次
            </Tag>
          ))}
        </Space>
      )}
      {list.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={list.error} />}
      {isMobile ? (
        <List
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          rowKey="id"
          pagination={
            list.data && list.data.total > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: list.data.total, align: 'center', onChange: (p) => update({ page: String(p) }) }
              : false
          }
          locale={{ emptyText: '暂无巡查记录' }}
          renderItem={(r) => (
            <List.Item data-testid="patrol-row" onClick={() => open(r)} style={{ cursor: 'pointer', paddingInline: 0 }}>
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <ResultTag row={r} />
                    <span>{r.routeLabel}</span>
                  </Space>
                }
                description={
                  <Typography.Text type="secondary">
                    {!schoolUser && `${r.schoolName} · `}
                    {formatTime(r.patrolledAt)} · {r.patrollers.join('、')}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<PatrolLogDto>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 条`,
            onChange: (p) => update({ page: String(p) }),
          }}
          onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' }, 'data-testid': 'patrol-row' }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: '暂无巡查记录' }}
        />
      )}
    </Card>
  );
}

function ResultTag({ row }: { row: PatrolLogDto }) {
  if (!row.findingCount) return <Tag color="success">正常</Tag>;
  return (
    <Tag color="orange">
      问题 {row.findingCount}
      {row.hazardCount > 0 && ` · 隐患 ${row.hazardCount}`}
    </Tag>
  );
}
