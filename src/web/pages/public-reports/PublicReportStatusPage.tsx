import { Alert, Button, Card, Descriptions, Form, Input, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { messageOf } from '../../lib/errors';
import { PublicFrame } from './PublicReportPage';
import type { PublicStatus } from './publicReportsApi';

const statusColor: Record<PublicStatus['status'], string> = {
  received: 'default',
  accepted: 'processing',
  rectifying: 'warning',
  done: 'success',
  rejected: 'error',
};
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** 凭回执号查询: only the state and the public reply, as the server gives them. */
export default function PublicReportStatusPage() {
  const [params, setParams] = useSearchParams();
  const receipt = params.get('r') ?? '';
  const [status, setStatus] = useState<PublicStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!receipt) return;
    setBusy(true);
    setError(null);
    api
      .get<PublicStatus>(`/api/public/reports/${encodeURIComponent(receipt)}`)
      .then(setStatus)
      .catch((err) => {
        setStatus(null);
        setError(messageOf(err));
      })
      .finally(() => setBusy(false));
  }, [receipt]);

  return (
    <PublicFrame title="反映处理进度查询">
      <Card styles={{ body: { padding: 16 } }}>
        <Form layout="vertical" size="large" initialValues={{ r: receipt }} onFinish={(v: { r: string }) => setParams({ r: v.r.trim() })}>
          <Form.Item name="r" label="回执号" rules={[{ required: true, whitespace: true, message: '请输入回执号' }]}>
            <Input placeholder="如 7K2M-Q9TX-4HRB-C" autoCapitalize="characters" maxLength={40} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            查询
          </Button>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
        {status && (
          <Descriptions column={1} bordered size="small" style={{ marginTop: 16 }} styles={{ label: { whiteSpace: 'nowrap' } }} data-testid="public-status">
            <Descriptions.Item label="回执号">{status.receipt}</Descriptions.Item>
            {status.schoolName && <Descriptions.Item label="学校">{status.schoolName}</Descriptions.Item>}
            <Descriptions.Item label="反映时间">{when(status.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={statusColor[status.status]} data-testid="public-status-label">
                {status.statusLabel}
              </Tag>
            </Descriptions.Item>
            {status.reply && <Descriptions.Item label={status.status === 'rejected' ? '理由' : '答复'}>{status.reply}</Descriptions.Item>}
            {status.updatedAt && <Descriptions.Item label="更新时间">{when(status.updatedAt)}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
    </PublicFrame>
  );
}
