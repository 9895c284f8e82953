import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { schoolTypeLabels, schoolTypes } from '../../../domain/school';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { messageOf } from '../../lib/errors';
import { alertKinds, formatTime, type RiskAlertDetail, type RiskAlertSummary, type RiskPointList } from './riskApi';

/** What the early warning hands over to prefill an alert (数据研判). */
export type AlertPrefill = { kind: 'data'; title: string; content: string; schoolIds: string[] };

/** 风险提示: the alerts in scope with their acknowledgement counts; the district and centres send new ones. */
export default function RiskAlertsPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const prefill = (location.state as { alert?: AlertPrefill } | null)?.alert;
  const [sending, setSending] = useState(!!prefill);
  const query = {
    pending: params.get('pending') ?? undefined,
    schoolId: params.get('schoolId') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: 50,
  };
  const list = useLoad(() => api.get<{ items: RiskAlertSummary[]; total: number; canSend: boolean }>('/api/risk-alerts', query), params.toString());
  const navigate = useNavigate();
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="签收情况"
          style={{ width: 160 }}
          value={query.pending}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            next.delete('page');
            if (v) next.set('pending', v);
            else next.delete('pending');
            setParams(next);
          }}
          options={[{ value: 'true', label: '有未签收的' }]}
        />
        {list.data?.canSend && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setSending(true)}>
            发送风险提示
          </Button>
        )}
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<RiskAlertSummary>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: query.page,
          pageSize: 50,
          total: list.data?.total ?? 0,
          onChange: (p) => setParams({ ...Object.fromEntries(params), page: String(p) }),
        }}
        scroll={{ x: 800 }}
        columns={[
          { title: '标题', dataIndex: 'title', render: (v: string, r) => <Link to={`/risk/alerts/${r.id}`}>{v}</Link> },
          { title: '类别', dataIndex: 'kindLabel', render: (v: string) => <Tag>{v}</Tag> },
          { title: '发送', render: (_, r) => `${r.senderUnitName} ${r.sentByName} ${formatTime(r.sentAt)}` },
          { title: '落实期限', dataIndex: 'deadline' },
          {
            title: '签收',
            render: (_, r) => (
              <Space size={4} data-testid="alert-counts">
                <Tag color="green">已签收 {r.counts.acknowledged + r.counts.late}</Tag>
                {r.counts.pending > 0 && <Tag color="gold">未签收 {r.counts.pending}</Tag>}
                {r.counts.overdue > 0 && <Tag color="red">逾期未签收 {r.counts.overdue}</Tag>}
                <Typography.Text type="secondary">共 {r.counts.total} 所</Typography.Text>
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={sending} onClose={() => setSending(false)} size="large" title="发送风险提示" destroyOnHidden>
        <SendAlertForm prefill={prefill} onSent={(id) => navigate(`/risk/alerts/${id}`)} />
      </Drawer>
    </Card>
  );
}

type Values = {
  title: string;
  content: string;
  kind: string;
  deadline: dayjs.Dayjs;
  schoolIds?: string[];
  schoolTypes?: string[];
  areaIds?: string[];
  colours?: string[];
  sourceCodes?: string[];
};

function SendAlertForm({ prefill, onSent }: { prefill: AlertPrefill | undefined; onSent: (id: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const areas = useOrgUnits(['township', 'centre']);
  const schools = useOrgUnits(['school']);
  const policy = useLoad(() => api.get<RiskPointList>('/api/risk-points', { pageSize: 1 }).then((r) => r.policy), 'policy');
  const [preview, setPreview] = useState<{ total: number; items: { id: string; name: string }[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const targetOf = (v: Values) => ({
    schoolIds: v.schoolIds ?? [],
    schoolTypes: v.schoolTypes ?? [],
    areaIds: v.areaIds ?? [],
    colours: v.colours ?? [],
    sourceCodes: v.sourceCodes ?? [],
  });
  const watched = Form.useWatch([], form);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the preview follows the target fields.
  useEffect(() => {
    const v = form.getFieldsValue();
    const t = targetOf(v);
    if (!Object.values(t).some((x) => x.length)) return setPreview(null);
    api
      .post<{ total: number; items: { id: string; name: string }[] }>('/api/risk-alerts/targets', { target: t })
      .then(setPreview)
      .catch(() => setPreview(null));
  }, [JSON.stringify([watched?.schoolIds, watched?.schoolTypes, watched?.areaIds, watched?.colours, watched?.sourceCodes])]);
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const r = await api.post<{ alert: RiskAlertDetail }>('/api/risk-alerts', {
        title: v.title,
        content: v.content,
        kind: v.kind,
        deadline: v.deadline.format('YYYY-MM-DD'),
        target: targetOf(v),
      });
      message.success(`已发送至 ${r.alert.counts.total} 所学校`);
      onSent(r.alert.id);
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={prefill ? { ...prefill, deadline: dayjs().add(7, 'day') } : { kind: 'season', deadline: dayjs().add(7, 'day') }}
    >
      <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
        <Input maxLength={80} />
      </Form.Item>
      <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
        <Select options={alertKinds} />
      </Form.Item>
      <Form.Item name="content" label="提示内容和要求" rules={[{ required: true, message: '请填写提示内容' }]}>
        <Input.TextArea rows={5} maxLength={4000} />
      </Form.Item>
      <Form.Item name="deadline" label="落实期限" rules={[{ required: true, message: '请选择落实期限' }]}>
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
      <Typography.Title level={5}>发送范围（学校类型、区域、风险按“且”组合，另加所选学校）</Typography.Title>
      <Form.Item name="areaIds" label="街道/镇、教管中心">
        <Select
          mode="multiple"
          allowClear
          optionFilterProp="label"
          options={(areas.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
          data-testid="alert-areas"
        />
      </Form.Item>
      <Form.Item name="schoolTypes" label="学校类型">
        <Select mode="multiple" allowClear options={schoolTypes.map((t) => ({ value: t, label: schoolTypeLabels[t] }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="colours" label="有该等级风险点的学校">
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 200 }}
            options={(policy.data?.colours ?? []).map((c) => ({ value: c.code, label: `${c.label}·${c.meaning}` }))}
          />
        </Form.Item>
        <Form.Item name="sourceCodes" label="或有该类别风险点的学校">
          <Select mode="multiple" allowClear style={{ minWidth: 200 }} options={(policy.data?.sources ?? []).map((s) => ({ value: s.code, label: s.label }))} />
        </Form.Item>
      </Space>
      <Form.Item name="schoolIds" label="指定学校">
        <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />
      </Form.Item>
      {preview && (
        <Alert
          type="info"
          showIcon
          data-testid="alert-preview"
          title={`将发送至 ${preview.total} 所学校`}
          description={`${preview.items
            .slice(0, 30)
            .map((s) => s.name)
            .join('、')}${preview.total > 30 ? ' 等' : ''}`}
          style={{ marginBottom: 12 }}
        />
      )}
      <Button type="primary" htmlType="submit" loading={busy}>
        发送
      </Button>
    </Form>
  );
}
