import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { formatTime, type RiskAlertDetail } from './riskApi';

const stateColour = { acknowledged: 'green', late: 'orange', pending: 'gold', overdue: 'red' } as const;

/** One risk alert: its text, the board of acknowledgements (签收看板), the school's acknowledgement form, one-tap chase. */
export default function RiskAlertPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const detail = useLoad(() => api.get<{ alert: RiskAlertDetail }>(`/api/risk-alerts/${id}`).then((r) => r.alert), id);
  const [busy, setBusy] = useState(false);
  const a = detail.data;
  if (detail.error) return <Alert type="error" showIcon title={detail.error} />;
  if (!a) return null;
  const mine = a.schools.find((s) => s.canAcknowledge);
  const chase = async () => {
    setBusy(true);
    try {
      const r = await api.post<{ chased: number }>(`/api/risk-alerts/${id}/chase`, {});
      message.success(`已催办 ${r.chased} 所学校`);
      detail.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const acknowledge = async (v: { measures: string }) => {
    setBusy(true);
    try {
      await api.post(`/api/risk-alerts/${id}/acknowledge`, v);
      message.success('已签收');
      detail.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const open = a.schools.filter((s) => s.canChase).length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title={a.title} extra={<Tag>{a.kindLabel}</Tag>}>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label="发送">
            {a.senderUnitName} {a.sentByName}
          </Descriptions.Item>
          <Descriptions.Item label="时间">{formatTime(a.sentAt)}</Descriptions.Item>
          <Descriptions.Item label="落实期限">{a.deadline}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{a.content}</Typography.Paragraph>
      </Card>
      {mine && (
        <Card title="签收并填报落实措施" data-testid="alert-acknowledge">
          <Form layout="vertical" onFinish={acknowledge}>
            <Form.Item name="measures" label="已落实的措施" rules={[{ required: true, message: '请填写已落实的措施' }]}>
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              签收
            </Button>
          </Form>
        </Card>
      )}
      <Card
        title={`签收看板：共 ${a.counts.total} 所，已签收 ${a.counts.acknowledged + a.counts.late}（逾期签收 ${a.counts.late}），未签收 ${a.counts.pending + a.counts.overdue}`}
        extra={
          a.canChase && open > 0 ? (
            <Button danger onClick={chase} loading={busy}>
              一键催办未签收（{open}）
            </Button>
          ) : null
        }
      >
        <Table
          rowKey="schoolId"
          size="small"
          data-testid="alert-board"
          dataSource={a.schools}
          pagination={{ pageSize: 50 }}
          scroll={{ x: 700 }}
          columns={[
            { title: '学校', dataIndex: 'schoolName', render: (v: string, r) => <SchoolLink id={r.schoolId} name={v} /> },
            { title: '状态', dataIndex: 'state', render: (s: keyof typeof stateColour, r) => <Tag color={stateColour[s]}>{r.stateLabel}</Tag> },
            { title: '签收', render: (_, r) => (r.acknowledgedAt ? `${r.acknowledgedByName ?? ''} ${formatTime(r.acknowledgedAt)}` : '') },
            { title: '落实措施', dataIndex: 'measures', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
            { title: '催办', dataIndex: 'chaseCount', render: (n: number, r) => (n ? `${n} 次（${formatTime(r.lastChasedAt)}）` : '') },
          ]}
        />
      </Card>
    </Space>
  );
}
