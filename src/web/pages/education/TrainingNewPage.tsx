import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { createTrainingSchema } from '../../../domain/education';
import type { Attachment } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { PhotoUpload } from '../../components/PhotoUpload';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { parseWith } from '../../lib/zodForm';
import { submitViaOutbox } from '../../offline/outbox';
import { canRecordEducation, type EducationOptions, loadEducationOptions, type TrainingDetail } from './educationApi';
import { useFormDraft } from './formDraft';

type Values = {
  trainedOn?: Dayjs;
  kind?: string;
  title: string;
  trainer: string;
  trainerBody: string;
  trainerUnitId?: string;
  hours?: number;
  attendeeIds: string[];
  attendeeCount?: number;
  note: string;
  files: Attachment[];
};
type Stored = Omit<Values, 'trainedOn'> & { trainedOn?: string };

const fields = ['trainedOn', 'kind', 'title', 'trainer', 'trainerBody', 'trainerUnitId', 'hours', 'attendeeIds', 'attendeeCount', 'note', 'attachmentIds'];

/** 登记教职工培训: kind, trainer, who attended (accounts or a head count), certificates and photos. */
export default function TrainingNewPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [options, setOptions] = useState<EducationOptions | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const draft = useFormDraft<Stored>('training', user.id);
  const schoolId = canRecordEducation(user.role) ? user.orgUnitId : undefined;
  const picked = Form.useWatch('attendeeIds', form) ?? [];

  useEffect(() => {
    loadEducationOptions()
      .then(setOptions)
      .catch((err: unknown) => setError(messageOf(err)));
  }, []);

  const submit = async (v: Values) => {
    setError(null);
    const body = {
      clientId: draft.clientId,
      schoolId,
      trainedOn: v.trainedOn?.format('YYYY-MM-DD'),
      kind: v.kind,
      title: v.title ?? '',
      trainer: v.trainer,
      trainerBody: v.trainerBody ?? '',
      trainerUnitId: v.trainerUnitId || undefined,
      hours: v.hours,
      attendeeIds: v.attendeeIds ?? [],
      attendeeCount: v.attendeeCount ?? undefined,
      note: v.note ?? '',
      attachmentIds: (v.files ?? []).map((f) => f.id),
    };
    const input = parseWith(createTrainingSchema, body, form, fields);
    if (!input) return;
    setSaving(true);
    try {
      const kind = options?.trainingKinds.find((k) => k.code === input.kind)?.label ?? '教职工培训';
      const r = await submitViaOutbox<TrainingDetail>({
        clientId: draft.clientId,
        userId: user.id,
        kind: 'training',
        url: '/api/trainings',
        body: input,
        form: { ...form.getFieldsValue(true), trainedOn: input.trainedOn },
        label: `${input.trainedOn} ${kind} ${input.hours} 学时`,
      });
      if (r.state === 'refused') throw r.error;
      if (r.state === 'queued') {
        message.info('当前离线：本次培训已保存在本机（待上传），联网后自动上传');
        navigate('/trainings', { replace: true });
        return;
      }
      const created = r.answer;
      message.success(`已登记：${created.training.kindLabel} ${created.training.attendeeCount} 人`);
      navigate(`/trainings/${created.training.id}`, { replace: true });
    } catch (err) {
      applyFieldErrors(form, err, fields);
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  if (!schoolId) {
    return (
      <Card title="登记教职工培训">
        <Alert type="info" showIcon title="教职工培训由学校的校长或安全干部登记；上级单位请在列表中查看。" />
      </Card>
    );
  }
  if (!draft.ready) return <Card title="登记教职工培训" loading />;
  const restored = draft.restored
    ? { ...draft.restored.values, trainedOn: draft.restored.values.trainedOn ? dayjs(draft.restored.values.trainedOn) : undefined }
    : null;
  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label="返回教职工培训"
            onClick={() => (location.key === 'default' ? navigate('/trainings') : navigate(-1))}
          />
          <span>登记教职工培训</span>
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24, maxWidth: 720 } }}
    >
      {restored && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="已恢复上次未提交的内容" />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="save-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        size={isMobile ? 'large' : 'middle'}
        onFinish={submit}
        initialValues={restored ?? { trainedOn: dayjs(), title: '', trainer: '', trainerBody: '', hours: 2, attendeeIds: [], note: '', files: [] }}
        onValuesChange={(_, all) => draft.save({ ...all, trainedOn: all.trainedOn?.format('YYYY-MM-DD') })}
      >
        <Form.Item name="trainedOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="kind" label="培训类别" rules={[{ required: true, message: '请选择培训类别' }]}>
          <Select placeholder="选择类别" loading={!options} options={(options?.trainingKinds ?? []).map((k) => ({ value: k.code, label: k.label }))} />
        </Form.Item>
        <Form.Item name="title" label="培训名称">
          <Input maxLength={100} placeholder="可不填，如：消防安全“四个能力”培训" />
        </Form.Item>
        <Form.Item name="trainer" label="培训人" rules={[{ required: true, whitespace: true, message: '请填写培训人' }]}>
          <Input maxLength={40} placeholder="姓名" />
        </Form.Item>
        <Form.Item name="trainerBody" label="培训机构" extra="如：区消防救援支队、派出所">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="trainerUnitId"
          label="培训单位（本区部门）"
          extra="由本区部门培训时选择（派出所反恐防暴培训、市场监管食品安全培训等），计入该部门的职责"
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="不属于本区部门可不选"
            options={(options?.speakerUnits ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="hours" label="学时" rules={[{ required: true, message: '请填写学时' }]}>
          <InputNumber min={0.5} max={40} step={0.5} style={{ width: '100%' }} inputMode="decimal" />
        </Form.Item>
        <Form.Item name="attendeeIds" label="参训人员（本校账号）" extra="没有账号的教职工计入下方人数">
          <Select
            mode="multiple"
            allowClear
            placeholder="选择参训人员"
            optionFilterProp="label"
            options={(options?.staff ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="attendeeCount" label="参训人数" extra={picked.length ? `不填则按所选 ${picked.length} 人计` : '请填写参训人数或选择参训人员'}>
          <InputNumber min={1} max={5000} precision={0} style={{ width: '100%' }} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="files" label="证书和照片">
          <PhotoUpload purpose="training" schoolId={schoolId} documents keepOnPhone={draft.clientId} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block={isMobile} loading={saving}>
          提交登记
        </Button>
      </Form>
    </Card>
  );
}
