import { Alert, Button, Card, DatePicker, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { SchoolLink } from '../../components/SchoolLink';
import type { AlertPrefill } from './RiskAlertsPage';
import { formatTime } from './riskApi';

type HazardRow = { id: string; code: string; title: string; stateLabel?: string; sourceLabel?: string; foundAt: string; closedAt?: string | null };
type Repeats = {
  atSchools: {
    schoolId: string;
    schoolName: string;
    category: string;
    categoryLabel: string;
    place: string;
    repeats: number;
    total: number;
    hazards: (HazardRow & { repeat: boolean })[];
  }[];
  acrossSchools: {
    category: string;
    categoryLabel: string;
    schools: number;
    hazards: number;
    bySchool: { schoolId: string; schoolName: string; count: number }[];
  }[];
};
type Misses = {
  weeks: number;
  total: number;
  bySchool: { schoolId: string; schoolName: string; count: number; items: number }[];
  byItem: { itemCode: string; itemText: string; count: number; schools: number }[];
  items: (HazardRow & {
    schoolId: string;
    schoolName: string;
    itemCode: string;
    itemText: string;
    selfCheck: { id: string; code: string; inspectedOn: string };
  })[];
};
type MissedDuty = {
  key: string;
  obligationLabel: string;
  kindLabel: string;
  rule: string;
  link: string | null;
  period: string;
  dueDate: string;
  done: number;
  required: number;
};
type Warnings = {
  periods: number;
  points: string[];
  months: string[];
  flags: {
    schoolId: string;
    schoolName: string;
    measure: 'overdue_hazards' | 'missed_duties';
    measureLabel: string;
    reason: string;
    series: { label: string; value: number }[];
    hazards: { id: string; code: string; title: string; categoryLabel: string; place: string; deadline: string }[];
    duties: MissedDuty[];
    suggestedAlert: AlertPrefill;
  }[];
};

const hazardLink = (h: { id: string; code: string; title: string }) => (
  <Link to={`/hazards/${h.id}`}>
    {h.code} {h.title}
  </Link>
);

/** 数据研判: repeat hazards, what self-checks miss, and the early warning — each figure with its rows. */
export default function RiskAnalyticsPage() {
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs]>([dayjs().subtract(364, 'day'), dayjs()]);
  const q = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  return (
    <Card>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>发现时间</Typography.Text>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
      </Space>
      <Tabs
        items={[
          { key: 'repeats', label: '重复隐患', children: <RepeatsTab q={q} /> },
          { key: 'misses', label: '自查漏报', children: <MissesTab q={q} /> },
          { key: 'warnings', label: '趋势预警', children: <WarningsTab /> },
        ]}
      />
    </Card>
  );
}

function RepeatsTab({ q }: { q: { from: string; to: string } }) {
  const r = useLoad(() => api.get<Repeats>('/api/risk-analytics/repeat-hazards', q), JSON.stringify(q));
  if (r.error) return <Alert type="error" showIcon title={r.error} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        同一学校、同一部位、同一类别的隐患，在前一条销号后又被发现，记为一次复发。按复发次数排序，展开可见每条隐患。
      </Typography.Paragraph>
      <Table
        rowKey={(g) => `${g.schoolId}|${g.category}|${g.place}`}
        size="small"
        loading={r.loading}
        dataSource={r.data?.atSchools ?? []}
        data-testid="repeat-groups"
        expandable={{
          expandedRowRender: (g) => (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={g.hazards}
              columns={[
                { title: '隐患', render: (_, h) => hazardLink(h) },
                { title: '发现', dataIndex: 'foundAt', render: formatTime },
                { title: '销号', dataIndex: 'closedAt', render: formatTime },
                { title: '状态', dataIndex: 'stateLabel' },
                { title: '', dataIndex: 'repeat', render: (v: boolean) => (v ? <Tag color="red">复发</Tag> : null) },
              ]}
            />
          ),
        }}
        columns={[
          { title: '学校', dataIndex: 'schoolName', render: (v: string, g) => <SchoolLink id={g.schoolId} name={v} /> },
          { title: '类别', dataIndex: 'categoryLabel' },
          { title: '部位', dataIndex: 'place' },
          { title: '复发次数', dataIndex: 'repeats' },
          { title: '本期隐患', dataIndex: 'total' },
        ]}
      />
      <Typography.Title level={5}>多校反复出现的隐患类别</Typography.Title>
      <Table
        rowKey="category"
        size="small"
        loading={r.loading}
        dataSource={r.data?.acrossSchools ?? []}
        expandable={{
          expandedRowRender: (c) => (
            <Space wrap>
              {c.bySchool.map((s) => (
                <Tag key={s.schoolId}>
                  <SchoolLink id={s.schoolId} name={s.schoolName} /> {s.count}
                </Tag>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: '类别', dataIndex: 'categoryLabel' },
          { title: '涉及学校', dataIndex: 'schools' },
          { title: '隐患数', dataIndex: 'hazards' },
        ]}
      />
    </Space>
  );
}

function MissesTab({ q }: { q: { from: string; to: string } }) {
  const r = useLoad(() => api.get<Misses>('/api/risk-analytics/self-check-misses', q), JSON.stringify(q));
  if (r.error) return <Alert type="error" showIcon title={r.error} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        督查或公安检查中按检查项发现的隐患，而该校此前 {r.data?.weeks ?? '—'} 周内的自查对同一检查项填了“合格”：自查流于形式的早期信号。共 {r.data?.total ?? 0}{' '}
        条。
      </Typography.Paragraph>
      <Space align="start" wrap>
        <Table
          rowKey="schoolId"
          size="small"
          title={() => '按学校'}
          pagination={{ pageSize: 10 }}
          dataSource={r.data?.bySchool ?? []}
          columns={[
            { title: '学校', dataIndex: 'schoolName', render: (v: string, s) => <SchoolLink id={s.schoolId} name={v} /> },
            { title: '漏报', dataIndex: 'count' },
            { title: '检查项', dataIndex: 'items' },
          ]}
        />
        <Table
          rowKey="itemCode"
          size="small"
          title={() => '按检查项'}
          pagination={{ pageSize: 10 }}
          dataSource={r.data?.byItem ?? []}
          columns={[
            { title: '检查项', dataIndex: 'itemText' },
            { title: '漏报', dataIndex: 'count' },
            { title: '学校数', dataIndex: 'schools' },
          ]}
        />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={r.loading}
        data-testid="miss-rows"
        dataSource={r.data?.items ?? []}
        scroll={{ x: 900 }}
        columns={[
          { title: '督查发现的隐患', render: (_, h) => hazardLink(h) },
          { title: '学校', dataIndex: 'schoolName' },
          { title: '发现', render: (_, h) => `${h.sourceLabel ?? ''} ${formatTime(h.foundAt)}` },
          { title: '检查项', dataIndex: 'itemText' },
          {
            title: '此前自查（合格）',
            render: (_, h) => <Link to={`/inspections/${h.selfCheck.id}`}>{`${h.selfCheck.code}（${h.selfCheck.inspectedOn}）`}</Link>,
          },
        ]}
      />
    </Space>
  );
}

function WarningsTab() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const r = useLoad(() => api.get<Warnings>('/api/risk-analytics/early-warnings'), 'w');
  if (r.error) return <Alert type="error" showIcon title={r.error} />;
  const canSend = user.role === 'district_admin' || user.role === 'centre_officer';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        两类预警，连续 {r.data?.periods ?? '—'} 期上升即提示：① 逾期未整改隐患（{r.data?.points.join('、')}
        的在账逾期数）；② 漏做的义务周期（{r.data?.months.join('、')} 各月内到期、至今未完成的本校检查、演练、教育等义务周期数，本月未结束不计）。
        {'每条预警列出每期数字和引发预警的明细；可一键转为风险提示（数据研判）。'}
      </Typography.Paragraph>
      {r.data && !r.data.flags.length && <Alert type="success" showIcon title="没有学校触发预警" />}
      {(r.data?.flags ?? []).map((f) => (
        <Card
          key={`${f.measure}-${f.schoolId}`}
          size="small"
          data-testid={`warning-${f.measure}`}
          title={
            <Space wrap>
              <SchoolLink id={f.schoolId} name={f.schoolName} />
              <Tag color={f.measure === 'missed_duties' ? 'orange' : 'red'}>{f.measureLabel}</Tag>
            </Space>
          }
          extra={
            canSend ? (
              <Button onClick={() => navigate('/risk/alerts', { state: { alert: f.suggestedAlert } })} data-testid="warning-to-alert">
                转为风险提示
              </Button>
            ) : null
          }
        >
          <Typography.Paragraph>{f.reason}</Typography.Paragraph>
          {f.measure === 'missed_duties' ? (
            <MissedDutiesTable rows={f.duties} />
          ) : (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={f.hazards}
              columns={[
                { title: '逾期隐患', render: (_, h) => hazardLink(h) },
                { title: '类别', dataIndex: 'categoryLabel' },
                { title: '部位', dataIndex: 'place' },
                { title: '整改期限', dataIndex: 'deadline' },
              ]}
            />
          )}
        </Card>
      ))}
    </Space>
  );
}

/** The missed duty periods behind a warning: which obligation, which period, done of required. */
function MissedDutiesTable({ rows }: { rows: MissedDuty[] }) {
  return (
    <Table
      rowKey="key"
      size="small"
      scroll={{ x: 'max-content' }}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small', showTotal: (n) => `共 ${n} 个漏做周期` } : false}
      dataSource={rows}
      columns={[
        { title: '漏做的义务', render: (_, d) => (d.link ? <Link to={d.link}>{d.obligationLabel}</Link> : d.obligationLabel) },
        { title: '类别', dataIndex: 'kindLabel' },
        { title: '周期', dataIndex: 'period' },
        { title: '到期日', dataIndex: 'dueDate' },
        { title: '完成/要求', render: (_, d) => `${d.done} / ${d.required}` },
        { title: '规则', dataIndex: 'rule', ellipsis: true },
      ]}
    />
  );
}
