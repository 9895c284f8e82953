import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { messageOf } from '../../lib/errors';
import { type CaseItem, type CaseList, type CaseTypes, caseSourceOptions, fmt, limitText, slaColor } from './casesApi';

const PAGE_SIZE = 20;
const filterKeys = [
  'typeCode',
  'state',
  'open',
  'overdue',
  'dueSoon',
  'waiting',
  'upwardPending',
  'level',
  'keyword',
  'schoolId',
  'parentId',
  'assignedUnitId',
  'from',
  'to',
] as const;
type FilterKey = (typeof filterKeys)[number];

/** 案件: the list (filters and SLA status, read from and written to the URL: the workbench and the dashboard link here), the create form, Excel. */
export default function CasesPage() {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined])) as Record<FilterKey, string | undefined>;
  const list = useLoad(() => api.get<CaseList>('/api/cases', { page, pageSize: PAGE_SIZE, ...filters }), `list:${params.toString()}`);
  const types = useLoad(() => api.get<CaseTypes>('/api/case-types'), 'types');
  const [creating, setCreating] = useState(false);

  const update = (patch: Partial<Record<FilterKey | 'page', string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const slaFilter = filters.overdue ? 'overdue' : filters.dueSoon ? 'dueSoon' : undefined;

  const columns: ColumnsType<CaseItem> = [
    { title: '编号', dataIndex: 'code', width: 130, render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
    { title: '类型', dataIndex: 'typeLabel', width: 120, render: (v: string, r) => (r.levelLabel ? `${v}（${r.levelLabel}）` : v) },
    {
      title: '标题',
      dataIndex: 'title',
      render: (v: string, r) => (
        <Space size={4} wrap>
          <Link to={`/cases/${r.id}`}>{v}</Link>
          {r.concealed && <Tag color="red">瞒报</Tag>}
          {r.faultyReports.length > 0 && (
            <Tag color="orange" title={r.faultyReports.map((f) => `${f.label}${f.lateText ?? ''}`).join('；')} data-testid="case-row-late">
              迟报/漏报 {r.faultyReports.length}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: '学校', dataIndex: 'schoolName', width: 160, render: (v: string | null) => v ?? '—' },
    {
      title: '承办单位',
      dataIndex: 'assignedUnitName',
      width: 150,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">未分办</Typography.Text>,
    },
    { title: '环节', dataIndex: 'stateLabel', width: 130 },
    {
      title: '时限',
      dataIndex: 'sla',
      width: 170,
      render: (v: CaseItem['sla'], r) => (
        <Space size={4}>
          <Tag color={slaColor[v]} data-testid="case-row-sla">
            {r.slaLabel}
          </Tag>
          {r.stepDueAt && v !== 'none' && <Typography.Text type="secondary">{fmt(r.stepDueAt).slice(0, 16)}</Typography.Text>}
        </Space>
      ),
    },
    { title: '登记', dataIndex: 'createdAt', width: 110, render: (v: string) => fmt(v).slice(0, 10) },
  ];

  return (
    <Card
      title="案件（信访、纠纷、举报、欺凌、线索、扬言报复、事故、突发事件）"
      extra={
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => api.download('/api/cases/export', filters, '案件台账.xlsx').catch((e) => message.error(messageOf(e)))}
          >
            导出 Excel
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记案件
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="案件类型"
          style={{ width: 170 }}
          value={filters.typeCode}
          options={types.data?.types.map((t) => ({ value: t.code, label: t.label }))}
          onChange={(v) => update({ typeCode: v })}
        />
        <Select
          allowClear
          placeholder="环节"
          style={{ width: 130 }}
          value={filters.state}
          options={types.data?.steps.map((s) => ({ value: s.code, label: s.label }))}
          onChange={(v) => update({ state: v })}
        />
        <Select
          allowClear
          placeholder="时限状态"
          style={{ width: 130 }}
          value={slaFilter}
          options={[
            { value: 'overdue', label: '已超时' },
            { value: 'dueSoon', label: '即将到期' },
          ]}
          onChange={(v) => update({ overdue: v === 'overdue' ? 'true' : undefined, dueSoon: v === 'dueSoon' ? 'true' : undefined })}
        />
        <Select
          allowClear
          placeholder="办理状态"
          style={{ width: 130 }}
          value={filters.waiting ? 'waiting' : filters.open === 'true' ? 'open' : filters.open === 'false' ? 'closed' : undefined}
          options={[
            { value: 'waiting', label: '待本单位办理' },
            { value: 'open', label: '办理中' },
            { value: 'closed', label: '已归档' },
          ]}
          onChange={(v) => update({ waiting: v === 'waiting' ? 'true' : undefined, open: v === 'open' ? 'true' : v === 'closed' ? 'false' : undefined })}
        />
        <Input.Search
          allowClear
          placeholder="标题或编号"
          defaultValue={filters.keyword}
          style={{ width: 200 }}
          onSearch={(v) => update({ keyword: v || undefined })}
        />
      </Space>
      <Table
        rowKey="id"
        size="middle"
        columns={columns}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 件`,
          onChange: (p) => update({ page: String(p) }),
        }}
      />
      <CreateCaseDrawer
        open={creating}
        types={types.data}
        schoolRole={user.role === 'principal' || user.role === 'school_safety_officer' || user.role === 'staff'}
        onClose={() => setCreating(false)}
        onCreated={(id) => navigate(`/cases/${id}`)}
      />
    </Card>
  );
}

type FormValues = {
  typeCode: string;
  kind?: string;
  title: string;
  description?: string;
  source: string;
  schoolId?: string;
  reporterName?: string;
  reporterPhone?: string;
  subjectName?: string;
  place?: string;
  deaths?: number;
  seriousInjuries?: number;
  minorInjuries?: number;
  lossYuan?: number;
};

function CreateCaseDrawer(props: { open: boolean; types: CaseTypes | undefined; schoolRole: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const typeCode = Form.useWatch('typeCode', form);
  const type = props.types?.types.find((t) => t.code === typeCode);
  const [schoolKeyword, setSchoolKeyword] = useState('');
  const schools = useLoad(
    () =>
      props.open && !props.schoolRole
        ? api.get<{ items: { id: string; name: string }[] }>('/api/schools', { pageSize: 50, keyword: schoolKeyword || undefined })
        : Promise.resolve(null),
    `schools:${props.open}:${schoolKeyword}`,
  );
  const submit = async (v: FormValues) => {
    setSaving(true);
    try {
      const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''));
      const r = await api.post<{ id: string; code: string }>('/api/cases', body);
      message.success(`已登记 ${r.code}`);
      form.resetFields();
      props.onCreated(r.id);
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer title="登记案件（签收登记）" width={560} open={props.open} onClose={props.onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ source: 'letter' }}>
        <Form.Item name="typeCode" label="案件类型" rules={[{ required: true, message: '请选择案件类型' }]}>
          <Select options={props.types?.types.map((t) => ({ value: t.code, label: t.label }))} />
        </Form.Item>
        {type && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            时限：签收登记 {limitText(type.limits.registered)}，承办签收 {limitText(type.limits.assigned)}，核查办理 {limitText(type.limits.handling)}
            {type.extension ? `，可延期 ${limitText(type.extension)}` : ''}
            {type.reviews ? `，可${type.reviews === 2 ? '复查、复核' : '复查'}` : ''}。{type.escalateImmediately.length > 0 && '登记后即时通知区教委和派出所。'}
            {type.confidentiality === 'minor' && '涉及未成年人：只有本案单位可见，每次查阅都记入操作日志。'}
            <br />
            依据：{type.source}
          </Typography.Paragraph>
        )}
        {type && type.kinds.length > 0 && (
          <Form.Item name="kind" label="类别">
            <Select allowClear options={type.kinds.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        )}
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label="内容">
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="source" label="来源" rules={[{ required: true }]}>
          <Select options={caseSourceOptions} />
        </Form.Item>
        {!props.schoolRole && (
          <Form.Item name="schoolId" label="涉及学校" rules={type?.incident ? [{ required: true, message: '事故和突发事件须选择学校' }] : []}>
            <Select
              allowClear
              showSearch
              filterOption={false}
              onSearch={setSchoolKeyword}
              placeholder="输入校名查找"
              options={schools.data?.items.map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        )}
        <Space>
          <Form.Item name="reporterName" label="反映人/报告人">
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="reporterPhone" label="联系电话">
            <Input maxLength={20} />
          </Form.Item>
        </Space>
        <Form.Item name="subjectName" label="涉及对象">
          <Input maxLength={100} />
        </Form.Item>
        {type?.incident && (
          <>
            <Form.Item name="place" label="地点">
              <Input maxLength={100} />
            </Form.Item>
            <Space wrap>
              <Form.Item name="deaths" label="死亡（人）">
                <InputNumber min={0} precision={0} />
              </Form.Item>
              <Form.Item name="seriousInjuries" label="重伤（人）">
                <InputNumber min={0} precision={0} />
              </Form.Item>
              <Form.Item name="minorInjuries" label="轻伤（人）">
                <InputNumber min={0} precision={0} />
              </Form.Item>
              <Form.Item name="lossYuan" label="直接经济损失（元）">
                <InputNumber min={0} style={{ width: 160 }} />
              </Form.Item>
            </Space>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              事故等级按政策包的阈值自动计算（区教委可更正）；登记即视为首报，发生时间为登记时间（可在详情中更正）。
            </Typography.Paragraph>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={saving} block>
          登记
        </Button>
      </Form>
    </Drawer>
  );
}
