import { Alert, App, Button, Image, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { uploadAttachment } from '../../api/attachments';
import { api } from '../../api/client';
import { SignaturePad } from '../../components/SignaturePad';
import { messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { type InspectionDetail, reportStandingLabels } from './inspectionApi';

/**
 * A check that must be reported upward (the semester fire self-check, within N days): where it
 * stands, and for the school's principal the 签字上报 action (signature drawn on the screen).
 */
export function ReportSection({ detail: d, onDone }: { detail: InspectionDetail; onDone: (next: InspectionDetail) => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const report = d.report;
  if (!report) return null;
  const color = report.standing === 'reported' ? 'success' : report.standing === 'due' ? 'processing' : 'error';

  const send = async (png: Blob) => {
    setSending(true);
    setError(null);
    try {
      const file = new File([png], '上报签名.png', { type: 'image/png' });
      const signature = await uploadAttachment(file, 'signature', d.schoolId);
      const next = await api.post<InspectionDetail>(`/api/inspections/${d.id}/report`, { signatureAttachmentId: signature.id, note });
      message.success('已签字上报');
      setOpen(false);
      onDone(next);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <section style={{ marginBottom: 16 }} data-testid="report-section">
      <Alert
        type={report.standing === 'reported' ? 'success' : report.standing === 'due' ? 'info' : 'warning'}
        showIcon
        title={
          <Space wrap size={4}>
            <span>需签字上报</span>
            <Tag color={color} data-testid="report-standing">
              {reportStandingLabels[report.standing]}
            </Tag>
          </Space>
        }
        description={
          <Space orientation="vertical" size={4}>
            <span>应于 {report.due} 前由校长（法定代表人）签字上报</span>
            {report.reportedAt && (
              <span>
                {report.reportedByName ?? ''} 于 {formatTime(report.reportedAt)} 上报
              </span>
            )}
            {d.reportSignature && <Image src={d.reportSignature.url} alt="上报签名" width={140} style={{ background: '#fff', border: '1px solid #f0f0f0' }} />}
          </Space>
        }
        action={
          d.canReport && (
            <Button type="primary" size="small" onClick={() => setOpen(true)}>
              签字上报
            </Button>
          )
        }
      />
      <Modal title="签字上报" open={open} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {d.templateName}（{d.code}），检查于 {formatTime(d.inspectedAt)}。签字即确认检查结果属实并上报。
          </Typography.Text>
          {error && <Alert type="error" showIcon title={error} />}
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            autoSize={{ minRows: 2 }}
            placeholder="上报说明（可选）"
            aria-label="上报说明"
          />
          <SignaturePad onConfirm={send} confirmLabel="签字并上报" disabled={sending} />
        </Space>
      </Modal>
    </section>
  );
}
