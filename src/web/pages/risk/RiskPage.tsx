import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { type ChartOption, EChart } from '../dashboard/EChart';
import { AssessmentFields, assessmentOf, RiskPointForm } from './RiskPointForm';
import { type Colour, colourHex, colourTag, type RiskMapItem, type RiskPoint, type RiskPointDetail, type RiskPointList, type RiskPolicy } from './riskApi';

const factors = (p: Pick<RiskPoint, 'assessment'>) =>
  p.assessment.method === 'ls' ? `L${p.assessment.l} × S${p.assessment.s}` : `L${p.assessment.l} × E${p.assessment.e} × C${p.assessment.c}`;

/** 风险清单: the risk points in scope by colour, the form, each point's history and review; the four-colour map. */
export default function RiskPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const [tab, setTab] = useState(location.pathname.endsWith('/map') ? 'map' : 'list');
  const query = {
    schoolId: params.get('schoolId') ?? undefined,
    colour: params.getAll('colour'),
    sourceCode: params.getAll('sourceCode'),
    overdue: params.get('overdue') ?? undefined,
    status: params.get('status') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: 50,
  };
  const list = useLoad(() => api.get<RiskPointList>('/api/risk-points', query), params.toString());
  const [open, setOpen] = useState<'new' | string | null>(null);
  const set = (k: string, v: string | string[] | undefined) => {
    const next = new URLSearchParams(params);
    next.delete(k);
    next.delete('page');
    for (const x of Array.isArray(v) ? v : v ? [v] : []) next.append(k, x);
    setParams(next);
  };
  const policy = list.data?.policy;
  const columns: ColumnsType<RiskPoint> = [
    {
      title: '等级',
      dataIndex: 'colour',
      width: 90,
      render: (c: Colour, r) => (
        <Tag color={colourTag[c]} data-testid="risk-colour">
          {r.colourLabel}·{r.colourMeaning}
        </Tag>
      ),
    },
    { title: '风险点', dataIndex: 'name', render: (v: string, r) => <Typography.Link onClick={() => setOpen(r.id)}>{v}</Typography.Link> },
    { title: '学校', dataIndex: 'schoolName', render: (v: string, r) => (r.schoolId ? <SchoolLink id={r.schoolId} name={v} /> : v) },
    { title: '类别', dataIndex: 'sourceLabel' },
    { title: '部位', dataIndex: 'place' },
    { title: '评估', render: (_, r) => `${r.assessment.method.toUpperCase()} ${factors(r)} = ${r.score}` },
    { title: '管控层级', dataIndex: 'controlLevelLabel' },
    {
      title: '下次复评',
      dataIndex: 'nextReviewDue',
      render: (v: string, r) => (r.reviewOverdue ? <Tag color="red">{v} 已逾期</Tag> : r.status === 'retired' ? <Tag>已消除</Tag> : v),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'list',
            label: '风险清单',
            children: (
              <Card>
                <Space wrap style={{ marginBottom: 12 }}>
                  <Select
                    mode="multiple"
                    allowClear
                    placeholder="风险等级"
                    style={{ minWidth: 160 }}
                    value={query.colour}
                    onChange={(v) => set('colour', v)}
                    options={(policy?.colours ?? []).map((c) => ({ value: c.code, label: `${c.label}·${c.meaning}` }))}
                  />
                  <Select
                    mode="multiple"
                    allowClear
                    placeholder="风险源类别"
                    style={{ minWidth: 180 }}
                    value={query.sourceCode}
                    onChange={(v) => set('sourceCode', v)}
                    options={(policy?.sources ?? []).map((s) => ({ value: s.code, label: s.label }))}
                  />
                  <Select
                    allowClear
                    placeholder="复评"
                    style={{ width: 130 }}
                    value={query.overdue}
                    onChange={(v) => set('overdue', v)}
                    options={[{ value: 'true', label: '复评已逾期' }]}
                  />
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen('new')} disabled={!policy}>
                    登记风险点
                  </Button>
                </Space>
                {list.data && (
                  <Space style={{ marginBottom: 8 }}>
                    {(policy?.colours ?? []).map((c) => (
                      <Tag key={c.code} color={colourTag[c.code]}>
                        {c.label}（{c.meaning}）{list.data?.counts[c.code]}
                      </Tag>
                    ))}
                  </Space>
                )}
                {list.error && <Alert type="error" showIcon title={list.error} />}
                <Table<RiskPoint>
                  rowKey="id"
                  size="small"
                  loading={list.loading}
                  columns={columns}
                  dataSource={list.data?.items ?? []}
                  scroll={{ x: 900 }}
                  pagination={{ current: query.page, pageSize: 50, total: list.data?.total ?? 0, onChange: (p) => set('page', String(p)) }}
                />
              </Card>
            ),
          },
          { key: 'map', label: '四色分布图', children: tab === 'map' ? <RiskMap /> : null },
        ]}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} size="large" title={open === 'new' ? '登记风险点' : '风险点'} destroyOnHidden>
        {policy && open === 'new' && (
          <RiskPointForm
            policy={policy}
            onSaved={(p) => {
              list.reload();
              setOpen(p.id);
            }}
          />
        )}
        {policy && open && open !== 'new' && <RiskPointView id={open} policy={policy} onChanged={list.reload} />}
      </Drawer>
    </Space>
  );
}

function RiskPointView({ id, policy, onChanged }: { id: string; policy: RiskPolicy; onChanged: () => void }) {
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const detail = useLoad(() => api.get<{ riskPoint: RiskPointDetail }>(`/api/risk-points/${id}`).then((r) => r.riskPoint), id);
  const [form] = Form.useForm();
  const p = detail.data;
  if (detail.error) return <Alert type="error" showIcon title={detail.error} />;
  if (!p) return null;
  if (editing)
    return (
      <RiskPointForm
        policy={policy}
        point={p}
        onSaved={() => {
          setEditing(false);
          detail.reload();
          onChanged();
        }}
      />
    );
  const review = async (v: { assessment: Record<string, number | string>; assessedOn: dayjs.Dayjs; note?: string }) => {
    try {
      await api.post(`/api/risk-points/${id}/reviews`, {
        assessment: assessmentOf(v.assessment),
        assessedOn: v.assessedOn.format('YYYY-MM-DD'),
        note: v.note ?? '',
      });
      message.success('已复评');
      form.resetFields();
      detail.reload();
      onChanged();
    } catch (e) {
      message.error(messageOf(e));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="风险点">{p.name}</Descriptions.Item>
        <Descriptions.Item label="学校">{p.schoolName}</Descriptions.Item>
        <Descriptions.Item label="等级">
          <Tag color={colourTag[p.colour]}>
            {p.colourLabel}·{p.colourMeaning}
          </Tag>
          {p.methodLabel}：{factors(p)} = {p.score}
        </Descriptions.Item>
        <Descriptions.Item label="类别/部位">
          {p.sourceLabel} {p.place}
        </Descriptions.Item>
        <Descriptions.Item label="风险概述">{p.description}</Descriptions.Item>
        <Descriptions.Item label="事故类型">{p.accidentTypes}</Descriptions.Item>
        <Descriptions.Item label="管控措施">
          <span style={{ whiteSpace: 'pre-wrap' }}>{p.controlMeasures}</span>
        </Descriptions.Item>
        <Descriptions.Item label="管控层级/责任人">
          {p.controlLevelLabel} {p.controlPerson}
        </Descriptions.Item>
        <Descriptions.Item label="评估日期/下次复评">
          {p.assessedOn} / {p.reviewOverdue ? <Tag color="red">{p.nextReviewDue} 已逾期</Tag> : p.nextReviewDue}
        </Descriptions.Item>
      </Descriptions>
      {p.canEdit && <Button onClick={() => setEditing(true)}>修改</Button>}
      <Typography.Title level={5}>历次评估</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={p.history}
        columns={[
          { title: '日期', dataIndex: 'assessedOn' },
          { title: '评估', render: (_, h) => `${factors(h)} = ${h.score}` },
          { title: '等级', dataIndex: 'colour', render: (c: Colour, h) => <Tag color={colourTag[c]}>{h.colourLabel}</Tag> },
          { title: '说明', dataIndex: 'note' },
          { title: '评估人', dataIndex: 'byName' },
        ]}
      />
      {p.canEdit && p.status === 'active' && (
        <Card size="small" title="复评">
          <Form form={form} layout="vertical" onFinish={review} initialValues={{ assessment: p.assessment, assessedOn: dayjs() }}>
            <AssessmentFields policy={policy} />
            <Form.Item name="assessedOn" label="复评日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="note" label="说明">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              保存复评
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

/** 四色分布图: each school a dot in the colour of its highest active risk point (grey: none). */
export function RiskMap() {
  const map = useLoad(() => api.get<{ items: RiskMapItem[] }>('/api/risk-map'), 'map');
  const option = useMemo<ChartOption | null>(() => {
    const items = (map.data?.items ?? []).filter((s) => s.latitude !== null && s.longitude !== null);
    if (!items.length) return null;
    const series = (name: string, colour: Colour | null) => ({
      name,
      type: 'scatter',
      symbolSize: colour === 'red' ? 16 : colour ? 12 : 8,
      itemStyle: { color: colour ? colourHex[colour] : '#bfbfbf' },
      data: items.filter((s) => s.colour === colour).map((s) => ({ name: s.schoolName, value: [s.longitude, s.latitude], counts: s.counts })),
    });
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: { name: string; counts: Record<Colour, number> } }) =>
          `${p.data.name}<br/>红 ${p.data.counts.red}，橙 ${p.data.counts.orange}，黄 ${p.data.counts.yellow}，蓝 ${p.data.counts.blue}`,
      },
      legend: { top: 0 },
      grid: { left: 16, right: 16, top: 32, bottom: 16 },
      xAxis: { type: 'value', scale: true, show: false },
      yAxis: { type: 'value', scale: true, show: false },
      series: [series('无风险点', null), series('蓝', 'blue'), series('黄', 'yellow'), series('橙', 'orange'), series('红', 'red')],
    };
  }, [map.data]);
  if (map.error) return <Alert type="error" showIcon title={map.error} />;
  const without = (map.data?.items ?? []).filter((s) => s.latitude === null).length;
  return (
    <Card>
      {option ? <EChart option={option} height={560} testId="risk-map" /> : <Alert type="info" showIcon title="没有可显示的学校坐标" />}
      <Typography.Text type="secondary">
        每所学校按其管控中风险点的最高等级着色（红：重大，橙：较大，黄：一般，蓝：低；灰：未登记）。{without ? `${without} 所学校没有坐标，未显示。` : ''}
      </Typography.Text>
      <Table<RiskMapItem>
        rowKey="schoolId"
        size="small"
        style={{ marginTop: 12 }}
        dataSource={(map.data?.items ?? []).filter((s) => s.colour)}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '学校', dataIndex: 'schoolName', render: (v: string, r) => <SchoolLink id={r.schoolId} name={v} /> },
          { title: '片区', dataIndex: 'areaName' },
          { title: '最高等级', dataIndex: 'colour', render: (c: Colour, r) => <Tag color={colourTag[c]}>{r.colourLabel}</Tag> },
          ...(['red', 'orange', 'yellow', 'blue'] as const).map((c) => ({
            title: { red: '红', orange: '橙', yellow: '黄', blue: '蓝' }[c],
            render: (_: unknown, r: RiskMapItem) => r.counts[c],
          })),
        ]}
      />
    </Card>
  );
}
