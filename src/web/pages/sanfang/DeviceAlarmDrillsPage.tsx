import { Alert, App, Button, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { alarmDrillResultLabels, alarmDrillResults } from '../../../domain/device-checks';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { messageOf } from '../../lib/errors';

/**
 * 报警演练: per one-key alarm, when it was pressed, when the police answered and arrived, the result.
 * Due every quarter for every alarm (obligation alarm_drill_quarterly), so it shows on /obligations,
 * /coverage and the compliance calendar.
 */
type Drill = {
  id: string;
  schoolId: string;
  schoolName: string;
  deviceName: string;
  deviceLocation: string;
  pressedAt: string;
  answerSeconds: number | null;
  arriveMinutes: number | null;
  result: 'ok' | 'slow' | 'failed';
  note: string;
  recordedBy: string;
};
type Alarm = { id: string; name: string; schoolId: string; location: string };

const toIso = (local: string) => (local ? new Date(`${local}:00+08:00`).toISOString() : null);
const nowLocal = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);
const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export default function DeviceAlarmDrillsPage() {
  const { message } = App.useApp();
  const drills = useLoad(() => api.get<{ items: Drill[]; canCreate: boolean }>('/api/sanfang/alarm-drills'), 'all');
  const alarms = useLoad(() => api.get<{ items: Alarm[] }>('/api/sanfang/devices', { kind: 'alarm' }), 'alarms');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.post('/api/sanfang/alarm-drills', {
        deviceId: v.deviceId,
        pressedAt: toIso(v.pressedAt),
        answeredAt: toIso(v.answeredAt),
        arrivedAt: toIso(v.arrivedAt),
        result: v.result,
        note: v.note ?? '',
      });
      message.success('已登记报警演练');
      setOpen(false);
      form.resetFields();
      drills.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Link to="/sanfang">三防建设</Link>
        <Typography.Title level={4} style={{ margin: '4px 0 0' }}>
          报警演练
        </Typography.Title>
        <Typography.Text type="secondary">每个一键报警装置每季度与公安开展报警演练（政策包 alarm_drill_quarterly）。</Typography.Text>
      </div>
      {drills.error && <Alert type="error" title={drills.error} />}
      {drills.data?.canCreate && (
        <Button type="primary" onClick={() => setOpen(true)} data-testid="new-alarm-drill">
          登记报警演练
        </Button>
      )}
      <Table<Drill>
        size="small"
        rowKey="id"
        loading={drills.loading}
        dataSource={drills.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '学校', dataIndex: 'schoolName', render: (v: string, r) => <Link to={`/sanfang/schools/${r.schoolId}`}>{v}</Link> },
          { title: '报警装置', dataIndex: 'deviceName' },
          { title: '按下报警', dataIndex: 'pressedAt', render: fmt },
          { title: '接警', dataIndex: 'answerSeconds', align: 'right', render: (v: number | null) => (v === null ? '—' : `${v} 秒`) },
          { title: '出警到达', dataIndex: 'arriveMinutes', align: 'right', render: (v: number | null) => (v === null ? '—' : `${v} 分钟`) },
          {
            title: '结果',
            dataIndex: 'result',
            render: (v: Drill['result']) => <Tag color={v === 'ok' ? 'green' : v === 'slow' ? 'orange' : 'red'}>{alarmDrillResultLabels[v]}</Tag>,
          },
          { title: '登记人', dataIndex: 'recordedBy' },
        ]}
      />
      <Drawer
        open={open}
        placement="bottom"
        size="80%"
        title="登记报警演练"
        onClose={() => setOpen(false)}
        extra={
          <Button type="primary" loading={busy} onClick={save}>
            保存
          </Button>
        }
      >
        <Form form={form} layout="vertical" initialValues={{ pressedAt: nowLocal(), result: 'ok' }}>
          <Form.Item name="deviceId" label="一键报警装置" rules={[{ required: true, message: '请选择报警装置' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(alarms.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name}${a.location ? `（${a.location}）` : ''}` }))}
            />
          </Form.Item>
          <Form.Item name="pressedAt" label="按下报警时间" rules={[{ required: true, message: '请填写时间' }]}>
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="answeredAt" label="公安接警时间">
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="arrivedAt" label="出警到达时间">
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="result" label="结果" rules={[{ required: true }]}>
            <Select options={alarmDrillResults.map((r) => ({ value: r, label: alarmDrillResultLabels[r] }))} />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input.TextArea maxLength={200} rows={2} />
          </Form.Item>
        </Form>
      </Drawer>
    </Space>
  );
}
