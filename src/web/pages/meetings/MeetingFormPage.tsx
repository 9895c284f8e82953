import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { meetingKindLabels, meetingKinds } from '../../../domain/meeting';
import { ApiError, api } from '../../api/client';
import { useOrgUnits } from '../../api/hooks';
import { messageOf } from '../../lib/errors';
import type { MeetingDetail } from '../bulletins/types';

type Values = {
  kind: string;
  title: string;
  heldOn: Dayjs;
  place?: string;
  chair?: string;
  participantUnitIds: string[];
  otherParticipants?: string;
  agenda?: { title: string; hazardCode?: string; note?: string }[];
  decisions?: string;
  tasks?: { title: string; detail?: string; ownerUnitId: string; deadline: Dayjs }[];
};

/**
 * 登记联席会议: date, kind, participants (schools, centres, police and departments), agenda items
 * (an item may cite a hazard by its code), the decisions and the tasks with owner and deadline.
 */
export default function MeetingFormPage() {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const units = useOrgUnits();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));

  /** An agenda item's hazard code is looked up in the ledger; the server checks the reader may see it. */
  const agendaOf = async (items: Values['agenda']) =>
    Promise.all(
      (items ?? []).map(async (a) => {
        const code = a.hazardCode?.trim();
        if (!code) return { title: a.title, note: a.note ?? '' };
        const found = await api.get<{ items: { id: string; code: string }[] }>('/api/hazards', { keyword: code, pageSize: 5 });
        const h = found.items.find((x) => x.code === code);
        if (!h) throw new Error(`找不到编号为 ${code} 的隐患`);
        return { title: a.title, note: a.note ?? '', refType: 'hazard', refId: h.id };
      }),
    );

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        kind: v.kind,
        title: v.title,
        heldOn: v.heldOn.format('YYYY-MM-DD'),
        place: v.place ?? '',
        chair: v.chair ?? '',
        participantUnitIds: v.participantUnitIds,
        otherParticipants: v.otherParticipants ?? '',
        agenda: await agendaOf(v.agenda),
        decisions: v.decisions ?? '',
        tasks: (v.tasks ?? []).map((t) => ({ title: t.title, detail: t.detail ?? '', ownerUnitId: t.ownerUnitId, deadline: t.deadline.format('YYYY-MM-DD') })),
      };
      const r = await api.post<MeetingDetail>('/api/meetings', body);
      navigate(`/meetings/${r.meeting.id}`);
    } catch (err) {
      setError(`${err instanceof ApiError ? `[${err.code}] ` : ''}${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="登记联席会议">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'security_joint', heldOn: dayjs() }} style={{ maxWidth: 900 }}>
        <Space wrap align="start">
          <Form.Item name="kind" label="会议类型" rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={meetingKinds.map((k) => ({ value: k, label: meetingKindLabels[k] }))} />
          </Form.Item>
          <Form.Item name="heldOn" label="会议日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="place" label="地点">
            <Input style={{ width: 220 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="chair" label="主持人">
            <Input style={{ width: 140 }} maxLength={50} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label="会议名称" rules={[{ required: true, whitespace: true, message: '请填写会议名称' }]}>
          <Input maxLength={100} placeholder="如：12 月校园安保联席会" />
        </Form.Item>
        <Form.Item name="participantUnitIds" label="参会单位" rules={[{ required: true, message: '请选择参会单位' }]}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            loading={units.loading}
            options={unitOptions}
            placeholder="学校、教管中心、派出所、相关部门"
          />
        </Form.Item>
        <Form.Item name="otherParticipants" label="其他参会人员">
          <Input maxLength={1000} />
        </Form.Item>
        <Form.List name="agenda">
          {(fields, { add, remove }) => (
            <Form.Item label="会议议题">
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, whitespace: true, message: '请填写议题' }]}>
                    <Input placeholder="议题" style={{ width: 280 }} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'hazardCode']}>
                    <Input placeholder="引用隐患编号（可选）" style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'note']}>
                    <Input placeholder="说明" style={{ width: 240 }} maxLength={2000} />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除议题" onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                添加议题
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="decisions" label="会议决定">
          <Input.TextArea rows={4} maxLength={8000} />
        </Form.Item>
        <Form.List name="tasks">
          {(fields, { add, remove }) => (
            <Form.Item label="议定事项（交办任务）">
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap data-testid="task-row">
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, whitespace: true, message: '请填写事项' }]}>
                    <Input placeholder="事项" style={{ width: 240 }} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'ownerUnitId']} rules={[{ required: true, message: '请选择责任单位' }]}>
                    <Select showSearch optionFilterProp="label" placeholder="责任单位" style={{ width: 220 }} options={unitOptions} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'deadline']} rules={[{ required: true, message: '请选择期限' }]}>
                    <DatePicker placeholder="完成期限" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'detail']}>
                    <Input placeholder="要求" style={{ width: 200 }} maxLength={2000} />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除事项" onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                添加议定事项
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存会议纪要
          </Button>
          <Button onClick={() => navigate('/meetings')}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
