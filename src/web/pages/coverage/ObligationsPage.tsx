import { Alert, Card, List, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { SchoolLink } from '../../components/SchoolLink';
import { useIsMobile } from '../../lib/useIsMobile';
import { RuleOriginTag } from '../checklists/checklistTags';
import {
  countUnit,
  type DistrictObligation,
  formatRate,
  isDistrictObligation,
  type ObligationsAnswer,
  rateColor,
  reportStandingLabels,
  type SchoolObligation,
} from './coverageTypes';
import { SchoolObligations, StatusTag } from './SchoolObligations';

/** Where a supervisor reads an obligation school by school: the coverage grid of that obligation. */
const coverageLinks: Record<string, string> = { monthly_supervision: '/coverage', weekly_self_check: '/coverage?view=week' };
const coverageLink = (code: string) => coverageLinks[code] ?? `/coverage?obligation=${encodeURIComponent(code)}`;

function Counts({ s, unit }: { s: SchoolObligation['current']; unit: string }) {
  return (
    <Space size={[10, 2]} wrap style={{ fontSize: 13 }}>
      <span>
        适用 {s.schools} {unit}
      </span>
      <span style={{ color: '#389e0d' }}>已完成 {s.done}</span>
      <span style={{ color: '#0958d9' }}>进行中 {s.open}</span>
      <span style={{ color: s.overdue ? '#cf1322' : undefined }}>已逾期 {s.overdue}</span>
    </Space>
  );
}

const reportsText = (i: SchoolObligation) =>
  (i.reports ?? [])
    .filter((r) => r.count > 0)
    .map((r) => `${reportStandingLabels[r.standing]} ${r.count}`)
    .join('，');

function supervisorColumns(): ColumnsType<SchoolObligation> {
  return [
    {
      title: '检查义务',
      key: 'label',
      width: 260,
      render: (_: unknown, i) => (
        <Space orientation="vertical" size={2}>
          <Space size={6} wrap>
            <Typography.Text strong>{i.obligation.label}</Typography.Text>
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {i.obligation.kindLabel}
            </Tag>
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.obligation.rule}
          </Typography.Text>
          <RuleOriginTag origin={i.obligation.origin} />
        </Space>
      ),
    },
    { title: '本期', key: 'period', width: 150, render: (_: unknown, i) => i.current.period.label },
    { title: '适用单位', key: 'schools', width: 80, align: 'right', render: (_: unknown, i) => i.current.schools },
    { title: '已完成', key: 'done', width: 72, align: 'right', render: (_: unknown, i) => i.current.done },
    { title: '进行中', key: 'open', width: 72, align: 'right', render: (_: unknown, i) => i.current.open },
    {
      title: '已逾期',
      key: 'overdue',
      width: 72,
      align: 'right',
      render: (_: unknown, i) => <span style={{ color: i.current.overdue ? '#cf1322' : undefined }}>{i.current.overdue}</span>,
    },
    {
      title: '完成率',
      key: 'rate',
      width: 80,
      align: 'right',
      render: (_: unknown, i) => <span style={{ color: rateColor(i.current.rate), fontWeight: 600 }}>{formatRate(i.current.rate)}</span>,
    },
    {
      title: '上期',
      key: 'previous',
      width: 170,
      render: (_: unknown, i) => (
        <span style={{ fontSize: 12 }}>
          {i.previous.period.label}：{i.previous.schools === 0 ? '无数据' : formatRate(i.previous.rate)}
          {i.previous.overdue > 0 && <span style={{ color: '#cf1322' }}>，逾期 {i.previous.overdue} 所</span>}
        </span>
      ),
    },
    { title: '上报', key: 'reports', width: 160, render: (_: unknown, i) => <span style={{ fontSize: 12 }}>{reportsText(i) || '—'}</span> },
  ];
}

function DistrictDuty({ item }: { item: DistrictObligation }) {
  const { obligation: ob, current, previous } = item;
  const unit = countUnit(ob.countBy);
  return (
    <Card size="small" data-testid={`obligation-${ob.code}`}>
      <Space size={[8, 4]} wrap>
        <Typography.Text strong>{ob.label}</Typography.Text>
        <Tag style={{ marginInlineEnd: 0 }}>全区</Tag>
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {ob.kindLabel}
        </Tag>
        <StatusTag status={current.district.status} />
        <span>
          {current.period.label}：{current.district.done}/{current.district.required} {unit}
        </span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          上周 {previous.district.status === 'none' ? '无数据' : `${previous.district.done}/${previous.district.required} ${unit}`}
        </Typography.Text>
        <RuleOriginTag origin={ob.origin} />
        {/* The district's own records (排查报告 …) are filed from their form; joint inspections are planned elsewhere. */}
        {ob.kind !== 'inspection' && current.district.status !== 'done' && (
          <Link to={ob.link} data-testid={`obligation-${ob.code}-start`}>
            去填报
          </Link>
        )}
      </Space>
    </Card>
  );
}

function SupervisorView({ items, district }: { items: SchoolObligation[]; district: DistrictObligation[] }) {
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const open = (code: string) => navigate(coverageLink(code));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {district.map((d) => (
        <DistrictDuty key={d.obligation.code} item={d} />
      ))}
      {isMobile ? (
        <List<SchoolObligation>
          dataSource={items}
          renderItem={(i) => (
            <List.Item
              key={i.obligation.code}
              style={{ display: 'block' }}
              data-testid={`obligation-${i.obligation.code}`}
              onClick={() => open(i.obligation.code)}
            >
              <Space size={6} wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                <Space size={4}>
                  <Typography.Text strong>{i.obligation.label}</Typography.Text>
                  <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                    {i.obligation.kindLabel}
                  </Tag>
                </Space>
                <span style={{ color: rateColor(i.current.rate), fontWeight: 600 }}>{formatRate(i.current.rate)}</span>
              </Space>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', margin: '2px 0' }}>
                {i.obligation.rule} · {i.current.period.label}
              </div>
              <Counts s={i.current} unit={i.obligation.subject === 'department' ? '个部门' : i.obligation.subject === 'centre' ? '个教管中心' : '所'} />
              {reportsText(i) && <div style={{ fontSize: 12, marginTop: 2 }}>上报：{reportsText(i)}</div>}
              <div style={{ marginTop: 4 }}>
                <RuleOriginTag origin={i.obligation.origin} />
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Table<SchoolObligation>
          rowKey={(i) => i.obligation.code}
          size="middle"
          columns={supervisorColumns()}
          dataSource={items}
          pagination={false}
          scroll={{ x: 1100 }}
          onRow={(i) => ({ onClick: () => open(i.obligation.code), style: { cursor: 'pointer' } })}
        />
      )}
    </Space>
  );
}

export default function ObligationsPage() {
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const list = useLoad(() => api.get<ObligationsAnswer>('/api/obligations'), 'obligations');
  const data = list.data;
  const schoolItems = (data?.items ?? []).filter((i): i is SchoolObligation => !isDistrictObligation(i));
  const district = (data?.items ?? []).filter(isDistrictObligation);
  const start = (link: string) => navigate(link);

  return (
    <Card
      title={
        data?.school ? (
          <span>
            检查任务 · <SchoolLink id={data.school.id} name={data.school.name} />
          </span>
        ) : (
          '检查任务'
        )
      }
      extra={data && !isMobile && <Typography.Text type="secondary">今天 {data.today}</Typography.Text>}
      styles={{ body: { padding: isMobile ? 8 : 24 } }}
    >
      {list.error && <Alert type="error" showIcon title={list.error} />}
      {list.loading && !data && <Spin />}
      {data && data.items.length === 0 && <Typography.Text type="secondary">当前没有需要完成的检查义务。</Typography.Text>}
      {data &&
        data.items.length > 0 &&
        (data.school ? <SchoolObligations items={schoolItems} onStart={start} /> : <SupervisorView items={schoolItems} district={district} />)}
    </Card>
  );
}
