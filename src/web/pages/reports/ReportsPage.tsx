import { Alert, Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { Paged } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { type ReportSummary, type ReportTypeItem, type StatusBoard, standingColors, standingLabels, when } from './reportsApi';

const draftLink = (typeCode: string, periodKey: string, unitId?: string) =>
  `/reports/draft?${new URLSearchParams({ typeCode, periodKey, ...(unitId ? { unitId } : {}) })}`;

/** 报表类型: each type, its due rule and the period to file now, with the button to fill it in. */
function TypesCard({ types }: { types: ReportTypeItem[] }) {
  return (
    <Card size="small" title="报表类型与截止规则" style={{ marginBottom: 16 }}>
      <Table<ReportTypeItem>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={types}
        columns={[
          { title: '报表', dataIndex: 'label' },
          { title: '填报单位', render: (_, t) => t.filerLabels.join('、') },
          { title: '报送对象', dataIndex: 'toLabel' },
          { title: '截止规则', dataIndex: 'dueRule' },
          { title: '当前应报', render: (_, t) => (t.current ? `${t.current.label}（截止 ${t.current.dueOn}）` : '未开始') },
          {
            title: '',
            render: (_, t) =>
              t.current && t.filesHere ? (
                <Link to={draftLink(t.code, t.current.key)}>
                  <Button type="primary" size="small">
                    填报
                  </Button>
                </Link>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

/** 报送情况: who filed on time, late, was returned, is missing — the district's and the centre's board. */
export function StatusBoardCard({ types }: { types: ReportTypeItem[] }) {
  const [params, setParams] = useSearchParams();
  const typeCode = params.get('typeCode') ?? types[0]?.code ?? '';
  const type = types.find((t) => t.code === typeCode);
  const periodKey = params.get('periodKey') ?? type?.current?.key ?? '';
  const board = useLoad(() => api.get<StatusBoard>('/api/reports/status', { typeCode, periodKey: periodKey || undefined }), `${typeCode}|${periodKey}`);
  const periods = recentKeys(type, 12);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set('tab', 'status');
    next.set(k, v);
    if (k === 'typeCode') next.delete('periodKey');
    setParams(next);
  };
  const t = board.data?.totals;
  const only = params.get('standing') ?? '';
  const rows = (board.data?.rows ?? []).filter((r) => !only || r.standing === only);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ width: 320 }} value={typeCode} onChange={(v) => set('typeCode', v)} options={types.map((x) => ({ value: x.code, label: x.label }))} />
        <Select
          style={{ width: 160 }}
          value={periodKey}
          onChange={(v) => set('periodKey', v)}
          options={periods.map((p) => ({ value: p, label: p }))}
          aria-label="周期"
        />
        <Select
          style={{ width: 160 }}
          value={only}
          onChange={(v) => set('standing', v)}
          aria-label="报送情况"
          options={[{ value: '', label: '全部单位' }, ...Object.entries(standingLabels).map(([value, label]) => ({ value, label }))]}
        />
      </Space>
      {board.error && <Alert type="error" showIcon message={board.error} />}
      {board.data && t && (
        <>
          <Typography.Paragraph>
            {board.data.period.label}，截止 {board.data.dueOn}：应报 {t.expected} 个单位，按时 {t.on_time}，迟报 {t.late}，退回待重报 {t.returned}，
            <Typography.Text type={t.missing ? 'danger' : undefined} strong={t.missing > 0}>
              逾期未报 {t.missing}
            </Typography.Text>
            ，未到期未报 {t.pending}；累计退回 {t.returns} 次。
          </Typography.Paragraph>
          <Table
            rowKey="unitId"
            size="small"
            loading={board.loading}
            dataSource={rows}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              { title: '上级', dataIndex: 'parentName' },
              { title: '报送情况', render: (_, r) => <Tag color={standingColors[r.standing]}>{r.standingLabel}</Tag> },
              { title: '首次报送', render: (_, r) => when(r.firstSubmittedAt) },
              { title: '版本', dataIndex: 'versionNo' },
              { title: '退回次数', dataIndex: 'returnCount' },
              { title: '', render: (_, r) => <Link to={draftLink(typeCode, board.data?.period.key ?? periodKey, r.unitId)}>查看</Link> },
            ]}
          />
        </>
      )}
    </>
  );
}

/** The period keys of a type, newest first, from its current period back (months, years …). */
function recentKeys(type: ReportTypeItem | undefined, n: number): string[] {
  const cur = type?.current?.key;
  if (!cur) return [];
  if (type.period === 'monthly') {
    const [y, m] = cur.split('-').map(Number) as [number, number];
    return Array.from({ length: n }, (_, i) => {
      const d = new Date(Date.UTC(y, m - 1 - i, 1));
      return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    });
  }
  if (type.period === 'yearly') return Array.from({ length: 5 }, (_, i) => String(Number(cur) - i));
  return [cur];
}

function SubmittedList() {
  const [page, setPage] = useState(1);
  const navigate = useNavigate();
  const list = useLoad(() => api.get<Paged<ReportSummary>>('/api/reports', { page, pageSize: 20 }), String(page));
  return (
    <Table<ReportSummary>
      rowKey="id"
      size="small"
      loading={list.loading}
      dataSource={list.data?.items ?? []}
      onRow={(r) => ({ onClick: () => navigate(draftLink(r.typeCode, r.periodKey, r.unitId)), style: { cursor: 'pointer' } })}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      columns={[
        { title: '报表', render: (_, r) => r.typeLabel ?? r.typeCode },
        { title: '周期', dataIndex: 'periodKey' },
        { title: '单位', dataIndex: 'unitName' },
        { title: '状态', render: (_, r) => <Tag color={r.state === 'returned' ? 'magenta' : 'green'}>{r.stateLabel}</Tag> },
        {
          title: '按期',
          render: (_, r) => <Tag color={standingColors[r.standing]}>{r.standing === 'late' ? '迟报' : r.standing === 'on_time' ? '按时' : '—'}</Tag>,
        },
        { title: '版本', dataIndex: 'versionNo' },
        { title: '报送时间', render: (_, r) => when(r.submittedAt) },
      ]}
    />
  );
}

/** 报表报送: the types and their due rules, the reports filed in scope, and the status board above the school. */
export default function ReportsPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const types = useLoad(() => api.get<{ items: ReportTypeItem[] }>('/api/report-types'), 'types');
  const schoolUser = ['principal', 'school_safety_officer', 'staff'].includes(user.role);
  const items = types.data?.items ?? [];
  const tab = params.get('tab') ?? (schoolUser ? 'list' : 'status');
  return (
    <div>
      <Typography.Title level={3}>报表报送</Typography.Title>
      {types.error && <Alert type="error" showIcon message={types.error} />}
      <TypesCard types={items} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={[
          ...(schoolUser ? [] : [{ key: 'status', label: '报送情况', children: items.length ? <StatusBoardCard types={items} /> : null }]),
          { key: 'list', label: '已报送的报表', children: <SubmittedList /> },
        ]}
      />
    </div>
  );
}
