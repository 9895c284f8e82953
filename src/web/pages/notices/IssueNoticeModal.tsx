import { Alert, App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Hazard, Notice, NoticeDetail } from '../../api/types';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';

type Props = { open: boolean; hazards: Hazard[]; onClose: () => void; onIssued: (noticeId: string) => void };
type Values = { deadline: Dayjs | null; requirements: string };

/** 下达整改通知书: the hazards ticked in the ledger (one school), a deadline and what is required. */
export function IssueNoticeModal({ open, hazards, onClose, onIssued }: Props) {
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const school = hazards[0];

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (!school) return;
    setSaving(true);
    setError(null);
    try {
      const res = await api.post<NoticeDetail | Notice>('/api/notices', {
        schoolId: school.schoolId,
        hazardIds: hazards.map((h) => h.id),
        deadline: values.deadline?.format('YYYY-MM-DD'),
        requirements: values.requirements.trim(),
      });
      const notice = 'notice' in res ? res.notice : res;
      message.success(`已下达整改通知书 ${notice.number}`);
      form.resetFields();
      onIssued(notice.id);
    } catch (err) {
      applyFieldErrors(form, err, ['deadline', 'requirements']);
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title="下达整改通知书"
      open={open}
      okText="下达"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      width={isMobile ? '100%' : 640}
      destroyOnHidden
    >
      <Typography.Paragraph>
        受文学校：<Typography.Text strong>{school?.schoolName ?? '—'}</Typography.Text>
      </Typography.Paragraph>
      <ol style={{ margin: '0 0 16px', paddingInlineStart: 20, maxHeight: 200, overflow: 'auto' }} aria-label="所列隐患">
        {hazards.map((h) => (
          <li key={h.id}>
            {h.code} {h.title}（{h.place}）
          </li>
        ))}
      </ol>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ deadline: dayjs().add(7, 'day'), requirements: '' }}>
        <Form.Item name="deadline" label="整改期限" rules={[{ required: true, message: '请选择整改期限' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item
          name="requirements"
          label="整改要求"
          rules={[
            { required: true, whitespace: true, message: '请填写整改要求' },
            { max: 4000, message: '整改要求不超过 4000 个字' },
          ]}
        >
          <Input.TextArea rows={4} placeholder="如：立即清理消防通道堆放物，完善巡查制度，整改完成后书面回执。" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
