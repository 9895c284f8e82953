import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';

/** 督检安排: the district schedules who inspects which schools on which day (the joint group's two days a week). */
type Plan = {
  id: string;
  plannedOn: string;
  level: string;
  title: string;
  note: string;
  createdByName: string;
  status: 'planned' | 'done' | 'missed' | 'cancelled';
  schools: { id: string; name: string; code: string; inspection: { id: string; code: string } | null }[];
};

const statusTag: Record<Plan['status'], { color: string; label: string }> = {
  planned: { color: 'blue', label: '待督检' },
  done: { color: 'green', label: '已完成' },
  missed: { color: 'red', label: '未按期完成' },
  cancelled: { color: 'default', label: '已取消' },
};

const levelLabels: Record<string, string> = {
  joint: '联合督检',
  inspector: '责任督学督查',
  centre: '教管中心排查',
  police: '公安检查',
  leader: '领导包片督查',
  department: '部门按职督查',
  district: '区教委抽查',
};

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The from/to days of the URL, when both are given and in order. */
function dayRangeOf(sp: URLSearchParams): [Dayjs, Dayjs] | null {
  const from = sp.get('from') ?? '';
  const to = sp.get('to') ?? '';
  return DAY_RE.test(from) && DAY_RE.test(to) && from <= to ? [dayjs(from), dayjs(to)] : null;
}

export default function PlansPage() {
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  // A workbench link (今日/本周督检安排) opens the page on its range, without cancelled plans.
  const [searchParams, setSearchParams] = useSearchParams();
  const urlRange = dayRangeOf(searchParams);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(urlRange ?? [dayjs().subtract(14, 'day'), dayjs().add(45, 'day')]);
  const active = searchParams.get('active') === 'true';
  const [open, setOpen] = useState(false);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const plans = useLoad(
    () => api.get<{ items: Plan[] }>('/api/inspection-plans', { from, to, active: active ? 'true' : undefined }).then((r) => r.items),
    `${from}:${to}:${active}`,
  );
  const isAdmin = user.role === 'district_admin';

  const cancel = async (p: Plan) => {
    try {
      await api.post(`/api/inspection-plans/${p.id}/cancel`, {});
      message.success('已取消');
      plans.reload();
    } catch (err) {
      message.error(messageOf(err));
    }
  };

  return (
    <Card
      title="督检安排"
      extra={
        isAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            安排督检
          </Button>
        )
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">联合督检组每周至少 2 天督检；安排中的学校在当天被同层级检查，或按本安排检查后，即计为完成。</Typography.Text>
        <Space wrap>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => {
              if (!v?.[0] || !v[1]) return;
              setRange([v[0], v[1]]);
              setSearchParams({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD'), ...(active && { active: 'true' }) });
            }}
          />
          {active && (
            <Tag closable onClose={() => setSearchParams({ from, to })} data-testid="filter-active">
              不含已取消
            </Tag>
          )}
        </Space>
        {plans.error && <Alert type="error" showIcon title={plans.error} />}
        <Table<Plan>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          loading={plans.loading}
          dataSource={plans.data ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          columns={[
            { title: '日期', dataIndex: 'plannedOn', width: 110 },
            { title: '主题', dataIndex: 'title', render: (t: string, p) => (p.status === 'cancelled' ? <Typography.Text delete>{t}</Typography.Text> : t) },
            { title: '层级', dataIndex: 'level', width: 110, render: (l: string) => levelLabels[l] ?? l },
            {
              title: '学校及完成情况',
              render: (_: unknown, p) => (
                <Space size={[4, 4]} wrap>
                  {p.schools.map((s) =>
                    s.inspection ? (
                      <Link key={s.id} to={`/inspections/${s.inspection.id}`}>
                        <Tag color="green">{s.name} ✓</Tag>
                      </Link>
                    ) : (
                      <Tag key={s.id}>{s.name}</Tag>
                    ),
                  )}
                </Space>
              ),
            },
            { title: '状态', dataIndex: 'status', width: 110, render: (s: Plan['status']) => <Tag color={statusTag[s].color}>{statusTag[s].label}</Tag> },
            ...(isAdmin
              ? [
                  {
                    title: '',
                    width: 80,
                    render: (_: unknown, p: Plan) =>
                      p.status === 'planned' && (
                        <Popconfirm title="取消这次督检安排？" onConfirm={() => cancel(p)}>
                          <Button size="small" danger>
                            取消
                          </Button>
                        </Popconfirm>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Space>
      {open && (
        <NewPlanModal
          onClose={(created) => {
            setOpen(false);
            if (created) plans.reload();
          }}
        />
      )}
    </Card>
  );
}

type FormValues = { plannedOn: Dayjs; title: string; note?: string; level: string; schoolIds: string[]; memberUnitIds?: string[] };

function NewPlanModal({ onClose }: { onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const units = useOrgUnits(['school', 'department']);
  const [busy, setBusy] = useState(false);
  const schools = (units.data ?? []).filter((u) => u.kind === 'school' && u.isActive).map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }));
  const departments = (units.data ?? []).filter((u) => u.kind === 'department' && u.isActive).map((u) => ({ value: u.id, label: u.name }));

  const submit = async (v: FormValues) => {
    setBusy(true);
    try {
      await api.post('/api/inspection-plans', { ...v, plannedOn: v.plannedOn.format('YYYY-MM-DD'), note: v.note ?? '', memberUnitIds: v.memberUnitIds ?? [] });
      message.success('已安排，联合督检组已收到通知');
      onClose(true);
    } catch (err) {
      if (!applyFieldErrors(form, err, ['plannedOn', 'title', 'level', 'schoolIds', 'memberUnitIds', 'note'])) message.error(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title="安排督检"
      okText="安排"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} initialValues={{ level: 'joint', plannedOn: dayjs().add(1, 'day') }}>
        <Form.Item name="plannedOn" label="督检日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="title" label="主题" rules={[{ required: true, whitespace: true, message: '请填写主题' }]}>
          <Input maxLength={60} placeholder="如：开学安全联合督检" />
        </Form.Item>
        <Form.Item name="level" label="层级">
          <Select options={Object.entries(levelLabels).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="schoolIds" label="学校" rules={[{ required: true, message: '至少选择一所学校' }]}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} loading={units.loading} options={schools} placeholder="可输入校名搜索" />
        </Form.Item>
        <Form.Item name="memberUnitIds" label="参加单位">
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={departments} placeholder="如：公安分局、保安公司" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
