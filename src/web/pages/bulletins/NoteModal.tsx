import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { messageOf } from '../../lib/errors';

type Props = {
  open: boolean;
  title: string;
  label: string;
  required: boolean;
  onCancel: () => void;
  /** Sends the note; a rejection shows its message in the dialog. */
  onSubmit: (note: string) => Promise<void>;
};

/** One text box for a workflow step (response, follow-up, reason, evidence), with the server's error in place. */
export function NoteModal({ open, title, label, required, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const { note } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await onSubmit((note ?? '').trim());
      form.resetFields();
    } catch (err) {
      setError(`${err instanceof ApiError ? `[${err.code}] ` : ''}${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={title} okText="提交" cancelText="取消" confirmLoading={busy} onOk={submit} onCancel={onCancel} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={label} rules={required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function Timeline({ entries }: { entries: { id: string; actionLabel: string; note: string; actorName: string; at: string }[] }) {
  return (
    <ol style={{ paddingLeft: 20, margin: 0 }} data-testid="timeline">
      {entries.map((e) => (
        <li key={e.id} style={{ marginBottom: 8 }}>
          <strong>{e.actionLabel}</strong>　{e.actorName}　
          <span style={{ color: 'rgba(0,0,0,0.45)' }}>{new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</span>
          {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
        </li>
      ))}
    </ol>
  );
}
