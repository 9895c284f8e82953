import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client';
import type { Attachment, NoticeDetail } from '../../api/types';
import { PhotoUpload } from '../../components/PhotoUpload';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';

type Props = { open: boolean; noticeId: string; schoolId: string; onClose: () => void; onDone: (d: NoticeDetail) => void };
type Values = { text: string; photos: Attachment[] };

/** 回执: the school's written answer to a notice, with photos or a scanned reply. */
export function NoticeReplyModal({ open, noticeId, schoolId, onClose, onDone }: Props) {
  const [form] = Form.useForm<Values>();
  const isMobile = useIsMobile();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const body = { text: values.text.trim(), attachmentIds: (values.photos ?? []).map((p) => p.id) };
      onDone(await api.post<NoticeDetail>(`/api/notices/${noticeId}/reply`, body));
    } catch (err) {
      applyFieldErrors(form, err, ['text']);
      setError(`${err instanceof ApiError ? `[${err.code}] ` : ''}${messageOf(err)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title="整改回执"
      open={open}
      okText="提交回执"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={isMobile ? '100%' : 600}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ text: '', photos: [] }} preserve={false}>
        <Form.Item
          name="text"
          label="整改情况"
          rules={[
            { required: true, whitespace: true, message: '请填写整改情况' },
            { max: 4000, message: '整改情况不超过 4000 个字' },
          ]}
        >
          <Input.TextArea rows={4} placeholder="逐项说明整改措施和完成情况" />
        </Form.Item>
        <Form.Item name="photos" label="附件（照片或 PDF）">
          <PhotoUpload purpose="notice_reply" schoolId={schoolId} documents />
        </Form.Item>
      </Form>
    </Modal>
  );
}
