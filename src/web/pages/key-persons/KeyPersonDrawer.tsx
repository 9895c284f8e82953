import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { type KeyPersonDetail, riskColors } from './keyPersonsApi';

/** One key person's file: details, the schools near them, control measures and the follow-ups, with a form for a new follow-up. */
export function KeyPersonDrawer(props: { id: string | null; onClose: () => void; onEdit: (k: KeyPersonDetail) => void; onChanged: () => void }) {
  const { id } = props;
  const { message } = App.useApp();
  const detail = useLoad(() => (id ? api.get<{ keyPerson: KeyPersonDetail }>(`/api/key-persons/${id}`) : Promise.resolve(null)), `kp:${id}`);
  const k = detail.data?.keyPerson;
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const addFollowUp = async () => {
    if (!k) return;
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await api.post(`/api/key-persons/${k.id}/follow-ups`, {
        date: v.date.format('YYYY-MM-DD'),
        content: v.content,
        nextDue: v.nextDue ? v.nextDue.format('YYYY-MM-DD') : null,
      });
      message.success('已登记走访');
      form.resetFields();
      detail.reload();
      props.onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={id !== null}
      onClose={props.onClose}
      size={640}
      title={k ? `重点人员档案：${k.name}` : '重点人员档案'}
      destroyOnHidden
      extra={k && <Button onClick={() => props.onEdit(k)}>编辑</Button>}
    >
      {detail.error && <Alert type="error" showIcon title={detail.error} />}
      {k && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="姓名">{k.name}</Descriptions.Item>
            <Descriptions.Item label="身份证号">{k.idNumber}</Descriptions.Item>
            <Descriptions.Item label="类别">{k.categoryLabel}</Descriptions.Item>
            <Descriptions.Item label="风险等级">
              <Tag color={riskColors[k.riskLevel]}>{k.riskLevelLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="住址" span={2}>
              {k.address || '—'}
              {k.latitude !== null && <Typography.Text type="secondary">（{`${k.latitude.toFixed(6)}, ${k.longitude?.toFixed(6)}`}）</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label="责任民警">{k.officerName}</Descriptions.Item>
            <Descriptions.Item label="建档派出所">{k.stationName}</Descriptions.Item>
            <Descriptions.Item label="状态">{k.statusLabel}</Descriptions.Item>
            <Descriptions.Item label="下次走访">
              {k.nextFollowUpDue ?? '—'}
              {k.overdue && (
                <Tag color="red" style={{ marginLeft: 8 }}>
                  逾期
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="管控措施" span={2}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{k.controlMeasures || '—'}</span>
            </Descriptions.Item>
            {k.note && (
              <Descriptions.Item label="备注" span={2}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{k.note}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <div>
            <Typography.Title level={5}>附近学校</Typography.Title>
            {k.near.length ? (
              k.near.map((n) => (
                <div key={n.schoolId}>
                  <SchoolLink id={n.schoolId} name={n.schoolName} />（{n.fromSchoolPoint ? '学校位置' : n.gateName}）{Math.round(n.distanceM)} 米
                </div>
              ))
            ) : (
              <Typography.Text type="secondary">{k.latitude === null ? '未填写坐标，无法计算' : '1000 米内无学校'}</Typography.Text>
            )}
          </div>
          <div>
            <Typography.Title level={5}>走访记录</Typography.Title>
            <List
              size="small"
              dataSource={k.followUps}
              locale={{ emptyText: '暂无走访记录' }}
              renderItem={(f) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <span>
                      {f.date} · {f.byName}
                      {f.nextDue && <Typography.Text type="secondary">（下次 {f.nextDue}）</Typography.Text>}
                    </span>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{f.content}</span>
                  </Space>
                </List.Item>
              )}
            />
          </div>
          <div>
            <Typography.Title level={5}>登记走访</Typography.Title>
            {error && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={error} />}
            <Form form={form} layout="vertical" initialValues={{ date: dayjs() }}>
              <Space>
                <Form.Item name="date" label="走访日期" rules={[{ required: true, message: '请选择走访日期' }]}>
                  <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                </Form.Item>
                <Form.Item name="nextDue" label="下次走访日期" extra="不填按风险等级的默认周期">
                  <DatePicker />
                </Form.Item>
              </Space>
              <Form.Item name="content" label="走访情况" rules={[{ required: true, message: '请填写走访情况' }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Button type="primary" loading={saving} onClick={addFollowUp} data-testid="follow-up-save">
                登记走访
              </Button>
            </Form>
          </div>
        </Space>
      )}
    </Drawer>
  );
}
