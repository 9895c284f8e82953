import { CheckCircleFilled, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { exceptionTypes, type SafetyPeriod, statusColors } from './safetyApi';

const time = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, hour: '2-digit', minute: '2-digit' });

type ExceptionValues = { typeCode: string; title: string; description?: string; place?: string; note?: string };

function ExceptionModal({ period, onClose, onDone }: { period: SafetyPeriod; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ExceptionValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: ExceptionValues) => {
    setSaving(true);
    setError(null);
    try {
      const r = await api.post<{ caseCode: string | null }>(`/api/safety-periods/${period.id}/check-ins`, {
        status: 'exception',
        note: v.note ?? '',
        exception: { typeCode: v.typeCode, title: v.title, description: v.description ?? '', place: v.place ?? '' },
      });
      message.success(`已报告异常，登记案件 ${r.caseCode ?? ''}`);
      onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['note', 'exception.title', 'exception.typeCode'])) setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`报告异常：${period.title}`}
      okText="报告异常并登记案件"
      okButtonProps={{ danger: true, loading: saving }}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ typeCode: 'emergency' }} onFinish={submit}>
        <Form.Item name="typeCode" label="异常类别" rules={[{ required: true }]}>
          <Select options={exceptionTypes} />
        </Form.Item>
        <Form.Item name="title" label="异常标题" rules={[{ required: true, message: '请填写异常标题' }]}>
          <Input maxLength={100} placeholder="如：学生在校外水域溺水" />
        </Form.Item>
        <Form.Item name="description" label="情况">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="place" label="地点">
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The school's one tap: a big 平安 button per open period, or 报告异常 (which opens a case). */
export function SchoolCheckIn({ periods, canReport, onChange }: { periods: SafetyPeriod[]; canReport: boolean; onChange: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [exceptionFor, setExceptionFor] = useState<SafetyPeriod | null>(null);
  const open = periods.filter((p) => p.today);
  const safe = async (p: SafetyPeriod) => {
    setBusy(p.id);
    try {
      await api.post(`/api/safety-periods/${p.id}/check-ins`, { status: 'safe' });
      message.success('已报平安');
      onChange();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(null);
    }
  };
  if (!open.length) return <Alert type="info" showIcon message="今天没有需要报平安的时段" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {open.map((p) => {
        const t = p.today;
        const done = t && (t.status === 'safe' || t.status === 'exception');
        return (
          <Card key={p.id} size="small" title={p.title} extra={<Tag>{p.kindLabel}</Tag>}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {p.startsOn} 至 {p.endsOn}，每天 {p.cutoffTime} 前报送
            </Typography.Paragraph>
            {done && t ? (
              <Space direction="vertical">
                <Tag
                  color={statusColors[t.status]}
                  style={{ fontSize: 16, padding: '4px 12px' }}
                  icon={t.status === 'safe' ? <CheckCircleFilled /> : <WarningOutlined />}
                >
                  今日已报：{t.status === 'safe' ? '平安' : '异常'}
                  {t.reportedAt ? `（${time(t.reportedAt)}${t.late ? '，迟报' : ''}）` : ''}
                </Tag>
                {t.caseCode && <Typography.Text>已登记案件 {t.caseCode}</Typography.Text>}
              </Space>
            ) : canReport ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                {t?.status === 'missing' && <Alert type="warning" showIcon message={`已过今天 ${p.cutoffTime} 的截止时间，请立即报送（记为迟报）`} />}
                <Button
                  type="primary"
                  size="large"
                  block
                  style={{ height: 64, fontSize: 22 }}
                  loading={busy === p.id}
                  onClick={() => safe(p)}
                  data-testid={`safe-${p.id}`}
                >
                  平安
                </Button>
                <Button danger block onClick={() => setExceptionFor(p)}>
                  报告异常
                </Button>
              </Space>
            ) : (
              <Typography.Text type="secondary">今日尚未报平安（由校长或安全干部报送）</Typography.Text>
            )}
          </Card>
        );
      })}
      {exceptionFor && (
        <ExceptionModal
          period={exceptionFor}
          onClose={() => setExceptionFor(null)}
          onDone={() => {
            setExceptionFor(null);
            onChange();
          }}
        />
      )}
    </Space>
  );
}
