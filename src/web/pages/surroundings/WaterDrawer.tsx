import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { messageOf } from '../../lib/errors';
import type { WaterSafety } from './surroundingsApi';

const signOptions = [
  { value: 'good', label: '完好' },
  { value: 'damaged', label: '破损/缺失部分' },
  { value: 'none', label: '没有警示标志' },
];
const barrierOptions = [
  { value: 'complete', label: '重点岸段已设置' },
  { value: 'partial', label: '部分设置' },
  { value: 'none', label: '未设置' },
];

/** 危险水域: warning signs, barriers and patrols of one water premise; a flag becomes a hazard for a school near it. */
export function WaterDrawer({ premiseId, onClose }: { premiseId: string | null; onClose: () => void }) {
  const { message } = App.useApp();
  const water = useLoad(() => (premiseId ? api.get<WaterSafety>(`/api/premises/${premiseId}/water`) : Promise.resolve(null)), `water:${premiseId}`);
  const [facForm] = Form.useForm();
  const [patrolForm] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const w = water.data;

  const saveFacilities = async () => {
    const v = await facForm.validateFields();
    setBusy(true);
    try {
      await api.put(`/api/premises/${premiseId}/water`, {
        signCount: v.signCount ?? 0,
        signCondition: v.signCondition,
        barrier: v.barrier,
        barrierNote: v.barrierNote ?? '',
        responsibleName: v.responsibleName ?? '',
        responsiblePhone: v.responsiblePhone ?? '',
        version: w?.facilities?.version ?? 0,
      });
      message.success('已保存警示标志和防护设施');
      water.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const addPatrol = async () => {
    const v = await patrolForm.validateFields();
    setBusy(true);
    try {
      await api.post(`/api/premises/${premiseId}/water/patrols`, {
        patrolledOn: v.patrolledOn.format('YYYY-MM-DD'),
        timeOfDay: v.timeOfDay ? v.timeOfDay.format('HH:mm') : null,
        patrollerName: v.patrollerName,
        findings: v.findings ?? '',
        problem: v.problem === true,
      });
      message.success('已登记巡查');
      patrolForm.resetFields();
      water.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const raise = (code: string, schoolId: string) =>
    api
      .post<{ hazard: { code: string } }>(`/api/premises/${premiseId}/water/hazards`, { schoolId, code })
      .then((r) => {
        message.success(`已转为隐患 ${r.hazard.code}`);
        water.reload();
      })
      .catch((e) => message.error(messageOf(e)));

  const f = w?.facilities;
  return (
    <Drawer open={premiseId !== null} onClose={onClose} size="large" title={w ? `危险水域：${w.name}` : '危险水域'} destroyOnHidden>
      {water.error && <Alert type="error" showIcon title={water.error} />}
      {w && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Alert
            type={w.patrol.overdue ? 'warning' : 'info'}
            showIcon
            title={
              w.season
                ? `防溺水重点时段 ${w.season.from} 至 ${w.season.to}${w.season.patrol ? `，每 ${w.season.patrol.everyDays} 天至少巡查 1 次（${w.season.patrol.certainty === 'M' ? '平台假设，区县可改' : '政策包'}）` : ''}；${w.patrol.inSeason ? `当前在时段内，${w.patrol.lastPatrol ? `上次巡查 ${w.patrol.lastPatrol}` : '本时段尚未巡查'}${w.patrol.dueBy ? `，下次巡查最迟 ${w.patrol.dueBy}` : ''}${w.patrol.missedWindows ? `，本时段已有 ${w.patrol.missedWindows} 个周期未巡查` : ''}` : '当前不在时段内'}`
                : '政策包未设防溺水重点时段'
            }
          />
          <Typography.Title level={5}>问题</Typography.Title>
          {w.flags.length === 0 ? (
            <Tag color="green">未发现问题</Tag>
          ) : (
            w.flags.map((fl) => (
              <div key={fl.code} data-testid="water-flag">
                <Typography.Text type="danger">{fl.message}</Typography.Text>
                <Space wrap size={4} style={{ marginLeft: 8 }}>
                  {w.schools.map((s) => {
                    const h = fl.hazards.find((x) => x.schoolId === s.schoolId);
                    return h ? (
                      <Link key={s.schoolId} to={`/hazards/${h.id}`}>
                        {s.schoolName}：隐患 {h.code}
                      </Link>
                    ) : (
                      w.canPatrol && (
                        <Button key={s.schoolId} size="small" onClick={() => raise(fl.code, s.schoolId)}>
                          转为{s.schoolName}的隐患
                        </Button>
                      )
                    );
                  })}
                </Space>
              </div>
            ))
          )}
          <Typography.Title level={5}>警示标志和防护设施</Typography.Title>
          {f && (
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="警示标志">
                {f.signCount} 块（{f.signConditionLabel}）
              </Descriptions.Item>
              <Descriptions.Item label="防护设施">{f.barrierLabel}</Descriptions.Item>
              <Descriptions.Item label="说明" span={2}>
                {f.barrierNote || '—'}
              </Descriptions.Item>
              <Descriptions.Item label="责任人">
                {f.responsibleName || '—'} {f.responsiblePhone}
              </Descriptions.Item>
              <Descriptions.Item label="登记">
                {f.updatedByName} {dayjs(f.updatedAt).format('YYYY-MM-DD')}
              </Descriptions.Item>
            </Descriptions>
          )}
          {w.canEdit && (
            <Form
              form={facForm}
              layout="inline"
              key={`fac-${f?.version ?? 0}`}
              initialValues={f ?? { signCount: 0, signCondition: 'none', barrier: 'none' }}
              onFinish={saveFacilities}
            >
              <Form.Item name="signCount" label="标志数量" rules={[{ required: true, message: '请填写数量' }]}>
                <InputNumber min={0} max={500} />
              </Form.Item>
              <Form.Item name="signCondition" label="标志状况" rules={[{ required: true, message: '请选择' }]}>
                <Select options={signOptions} style={{ width: 150 }} />
              </Form.Item>
              <Form.Item name="barrier" label="防护设施" rules={[{ required: true, message: '请选择' }]}>
                <Select options={barrierOptions} style={{ width: 150 }} />
              </Form.Item>
              <Form.Item name="barrierNote" label="说明">
                <Input maxLength={500} style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name="responsibleName" label="责任人">
                <Input maxLength={30} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name="responsiblePhone" label="电话">
                <Input maxLength={40} style={{ width: 140 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="water-save">
                保存
              </Button>
            </Form>
          )}
          <Typography.Title level={5}>巡查记录</Typography.Title>
          {w.canPatrol && (
            <Form form={patrolForm} layout="inline" initialValues={{ patrolledOn: dayjs() }} onFinish={addPatrol}>
              <Form.Item name="patrolledOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item name="timeOfDay" label="时间">
                <TimePicker format="HH:mm" />
              </Form.Item>
              <Form.Item name="patrollerName" label="巡查人" rules={[{ required: true, message: '请填写巡查人' }]}>
                <Input maxLength={60} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name="findings" label="发现">
                <Input maxLength={2000} style={{ width: 240 }} placeholder="未发现问题可不填" />
              </Form.Item>
              <Form.Item name="problem" valuePropName="checked">
                <Checkbox>发现问题</Checkbox>
              </Form.Item>
              <Button htmlType="submit" loading={busy} data-testid="water-patrol">
                登记巡查
              </Button>
            </Form>
          )}
          <Table
            rowKey="id"
            size="small"
            dataSource={w.patrols}
            pagination={{ pageSize: 10 }}
            locale={{ emptyText: '暂无巡查记录' }}
            columns={[
              { title: '日期', dataIndex: 'patrolledOn', width: 110, render: (v: string, r) => `${v} ${r.timeOfDay ?? ''}` },
              { title: '巡查人', dataIndex: 'patrollerName', width: 140 },
              { title: '单位', dataIndex: 'unitName', width: 140 },
              {
                title: '发现',
                dataIndex: 'findings',
                render: (v: string, r) => (r.problem ? <Typography.Text type="danger">{v}</Typography.Text> : v || '未发现问题'),
              },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}
