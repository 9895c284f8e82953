import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { schoolTypeLabels, schoolTypes } from '../../../domain/school';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { SafetyBoard } from './SafetyBoard';
import { SchoolCheckIn } from './SchoolCheckIn';
import { type PeriodList, periodKinds, type SafetyPeriod } from './safetyApi';

type OpenValues = { title: string; kind: string; days: [Dayjs, Dayjs]; cutoff: Dayjs; unitIds?: string[]; schoolTypes?: string[]; note?: string };
const schoolTypeOptions = schoolTypes.map((v) => ({ value: v, label: schoolTypeLabels[v] }));

/**
 * The form's default days: from the server's Asia/Shanghai day (the list's `today`), a week long —
 * not the browser's clock, which may sit in another time zone or be wrong.
 */
const defaultPeriodDays = (today: string): [Dayjs, Dayjs] => [dayjs(today), dayjs(today).add(6, 'day')];

function OpenPeriodModal({ today, onClose, onDone }: { today: string; onClose: () => void; onDone: (id: string) => void }) {
  const { message } = App.useApp();
  const units = useOrgUnits(['township', 'centre']);
  const [form] = Form.useForm<OpenValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: OpenValues) => {
    setSaving(true);
    setError(null);
    try {
      const r = await api.post<SafetyPeriod & { schoolCount: number }>('/api/safety-periods', {
        title: v.title,
        kind: v.kind,
        startsOn: v.days[0].format('YYYY-MM-DD'),
        endsOn: v.days[1].format('YYYY-MM-DD'),
        cutoffTime: v.cutoff.format('HH:mm'),
        unitIds: v.unitIds ?? [],
        schoolTypes: v.schoolTypes ?? [],
        note: v.note ?? '',
      });
      message.success(`已开启，${r.schoolCount} 所学校需每日报平安`);
      onDone(r.id);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['title', 'kind', 'cutoffTime', 'unitIds', 'schoolTypes', 'note'])) setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title="开启报平安时段（敏感时期）" okText="开启" okButtonProps={{ loading: saving }} onOk={() => form.submit()} onCancel={onClose}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'holiday', cutoff: dayjs('10:00', 'HH:mm'), days: defaultPeriodDays(today) }}
        onFinish={submit}
      >
        <Form.Item name="title" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={60} placeholder="如：2026 年国庆假期" />
        </Form.Item>
        <Form.Item name="kind" label="类别">
          <Select options={periodKinds} />
        </Form.Item>
        <Form.Item name="days" label="起止日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="cutoff" label="每日截止时间（北京时间）" rules={[{ required: true, message: '请选择截止时间' }]}>
          <TimePicker format="HH:mm" minuteStep={5} />
        </Form.Item>
        <Form.Item name="unitIds" label="街道/教管中心（不选为全部）">
          <Select
            mode="multiple"
            allowClear
            loading={units.loading}
            optionFilterProp="label"
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="schoolTypes" label="学校类型（不选为全部）">
          <Checkbox.Group options={schoolTypeOptions} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 报平安: a school taps 平安 (or reports an exception) for each open period; the district and the
 * centres open periods and watch the board of who has not reported today.
 */
export default function SafetyCheckInsPage() {
  const user = useCurrentUser();
  const list = useLoad(() => api.get<PeriodList>('/api/safety-periods'), 'periods');
  const [opening, setOpening] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const isSchool = ['principal', 'school_safety_officer', 'staff'].includes(user.role);
  const data = list.data;
  const current =
    data?.items.find((p) => p.id === selected) ?? data?.items.find((p) => !p.closedAt && p.endsOn >= data.today && p.startsOn <= data.today) ?? data?.items[0];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        报平安
      </Typography.Title>
      {list.error && <Alert type="error" showIcon message={list.error} />}
      {data && isSchool && <SchoolCheckIn periods={data.items} canReport={data.canReport} onChange={list.reload} />}
      {data && !isSchool && (
        <>
          <Space wrap>
            {data.canOpen && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)}>
                开启报平安时段
              </Button>
            )}
          </Space>
          <Table<SafetyPeriod>
            rowKey="id"
            size="small"
            dataSource={data.items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            rowClassName={(p) => (p.id === current?.id ? 'ant-table-row-selected' : '')}
            onRow={(p) => ({ onClick: () => setSelected(p.id), style: { cursor: 'pointer' } })}
            locale={{ emptyText: '还没有报平安时段' }}
            columns={[
              { title: '名称', dataIndex: 'title' },
              { title: '类别', dataIndex: 'kindLabel' },
              { title: '日期', render: (_, p) => `${p.startsOn} 至 ${p.endsOn}` },
              { title: '截止', dataIndex: 'cutoffTime' },
              {
                title: '状态',
                render: (_, p) =>
                  p.closedAt ? (
                    <Tag>已结束</Tag>
                  ) : p.startsOn > data.today ? (
                    <Tag color="blue">未开始</Tag>
                  ) : p.endsOn < data.today ? (
                    <Tag>已过</Tag>
                  ) : (
                    <Tag color="green">进行中</Tag>
                  ),
              },
            ]}
          />
          {current && (
            <SafetyBoard
              key={current.id}
              period={current}
              canClose={data.canOpen && (user.role === 'district_admin' || current.ownerUnitId === user.orgUnitId)}
              onClosed={list.reload}
            />
          )}
        </>
      )}
      {opening && data && (
        <OpenPeriodModal
          today={data.today}
          onClose={() => setOpening(false)}
          onDone={(id) => {
            setOpening(false);
            setSelected(id);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}
