import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { audienceKindLabels, audienceKinds, createEducationSessionSchema } from '../../../domain/education';
import type { Attachment } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { PhotoUpload } from '../../components/PhotoUpload';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { parseWith } from '../../lib/zodForm';
import { submitViaOutbox } from '../../offline/outbox';
import { canRecordEducation, type EducationOptions, gradeOptions, loadEducationOptions, type SessionDetail } from './educationApi';
import { useFormDraft } from './formDraft';

type Values = {
  heldOn?: Dayjs;
  audienceKind: 'school' | 'grade' | 'class';
  grade?: number;
  classes?: number[];
  topic?: string;
  occasion?: string;
  hours?: number;
  speakerType: string;
  speakerName: string;
  speakerUnitId?: string;
  participants?: number;
  note: string;
  photos: Attachment[];
};
type Stored = Omit<Values, 'heldOn'> & { heldOn?: string };

const fields = [
  'heldOn',
  'audienceKind',
  'grade',
  'classes',
  'topic',
  'occasion',
  'hours',
  'speakerType',
  'speakerName',
  'speakerUnitId',
  'participants',
  'note',
  'attachmentIds',
];
const classOptions = Array.from({ length: 20 }, (_, i) => ({ value: i + 1, label: `${i + 1}班` }));

const toStored = (v: Values): Stored => ({ ...v, heldOn: v.heldOn?.format('YYYY-MM-DD') });
const fromStored = (s: Stored): Values => ({ ...s, heldOn: s.heldOn ? dayjs(s.heldOn) : undefined });

/** 登记安全教育, made for a phone after class: the whole school, a grade, or several classes at once. */
export default function EducationNewPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [options, setOptions] = useState<EducationOptions | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const draft = useFormDraft<Stored>('education', user.id);
  const [showRestored, setShowRestored] = useState(true);
  const restored = showRestored && !!draft.restored;
  const audienceKind = Form.useWatch('audienceKind', form);
  const speakerType = Form.useWatch('speakerType', form);
  const schoolId = canRecordEducation(user.role) ? user.orgUnitId : undefined;

  useEffect(() => {
    loadEducationOptions()
      .then(setOptions)
      .catch((err: unknown) => setError(messageOf(err)));
  }, []);

  const back = () => (location.key === 'default' ? navigate('/education') : navigate(-1));

  const submit = async (values: Values) => {
    setError(null);
    const body = {
      clientId: draft.clientId,
      schoolId,
      heldOn: values.heldOn?.format('YYYY-MM-DD'),
      audienceKind: values.audienceKind,
      grade: values.audienceKind === 'school' ? undefined : values.grade,
      classes: values.audienceKind === 'class' ? (values.classes ?? []) : [],
      topic: values.topic,
      occasion: values.occasion || undefined,
      hours: values.hours,
      speakerName: values.speakerName,
      speakerType: values.speakerType,
      speakerUnitId: values.speakerType === 'teacher' ? undefined : values.speakerUnitId || undefined,
      participants: values.participants ?? undefined,
      note: values.note ?? '',
      attachmentIds: (values.photos ?? []).map((p) => p.id),
    };
    const input = parseWith(createEducationSessionSchema, body, form, fields);
    if (!input) return;
    setSaving(true);
    try {
      const topic = options?.topics.find((t) => t.code === input.topic)?.label ?? '安全教育';
      const r = await submitViaOutbox<SessionDetail>({
        clientId: draft.clientId,
        userId: user.id,
        kind: 'education',
        url: '/api/education-sessions',
        body: input,
        form: toStored(form.getFieldsValue(true)),
        label: `${input.heldOn} ${topic} ${input.hours} 课时`,
      });
      if (r.state === 'refused') throw r.error;
      if (r.state === 'queued') {
        message.info('当前离线：本次安全教育已保存在本机（待上传），联网后自动上传');
        navigate('/education', { replace: true });
        return;
      }
      const created = r.answer;
      message.success(`已登记：${created.session.audienceLabel} ${created.session.topicLabel} ${created.session.hours} 课时`);
      navigate(`/education/${created.session.id}`, { replace: true });
    } catch (err) {
      applyFieldErrors(form, err, fields);
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  const discard = async () => {
    await draft.clear();
    setShowRestored(false);
    navigate(0);
  };

  if (!schoolId) {
    return (
      <Card title="登记安全教育">
        <Alert type="info" showIcon title="安全教育由学校的校长或安全干部登记；上级单位请在列表中查看。" />
      </Card>
    );
  }
  if (!draft.ready) return <Card title="登记安全教育" loading />;
  const defaults: Values = {
    heldOn: dayjs(),
    audienceKind: 'class',
    classes: [],
    hours: 1,
    speakerType: 'teacher',
    speakerName: user.displayName,
    note: '',
    photos: [],
  };
  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回安全教育" onClick={back} />
          <span>登记安全教育</span>
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24, maxWidth: 720 } }}
    >
      {restored && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="已恢复上次未提交的内容"
          action={
            <Button size="small" onClick={discard}>
              清空
            </Button>
          }
          data-testid="draft-restored"
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="save-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        size={isMobile ? 'large' : 'middle'}
        onFinish={submit}
        initialValues={draft.restored ? fromStored(draft.restored.values) : defaults}
        onValuesChange={(_, all) => draft.save(toStored(all))}
      >
        <Form.Item name="heldOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="audienceKind" label="对象" rules={[{ required: true, message: '请选择对象' }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={audienceKinds.map((k) => ({ value: k, label: audienceKindLabels[k] }))} />
        </Form.Item>
        {audienceKind !== 'school' && (
          <Form.Item name="grade" label="年级" rules={[{ required: true, message: '请选择年级' }]}>
            <Select placeholder="选择年级" options={gradeOptions} />
          </Form.Item>
        )}
        {audienceKind === 'class' && (
          <Form.Item name="classes" label="班级" extra="可多选：同一节课在几个班上，一次登记" rules={[{ required: true, message: '请至少选择 1 个班' }]}>
            <Select mode="multiple" placeholder="选择班级" options={classOptions} showSearch={false} />
          </Form.Item>
        )}
        <Form.Item name="topic" label="教育主题" rules={[{ required: true, message: '请选择教育主题' }]}>
          <Select placeholder="选择主题" loading={!options} options={(options?.topics ?? []).map((t) => ({ value: t.code, label: t.label }))} />
        </Form.Item>
        <Form.Item name="occasion" label="特殊时点" extra="开学第一课、安全教育日、放假前等，没有可不选">
          <Select allowClear placeholder="无" options={(options?.occasions ?? []).map((t) => ({ value: t.code, label: t.label }))} />
        </Form.Item>
        <Form.Item name="hours" label="课时" rules={[{ required: true, message: '请填写课时' }]}>
          <InputNumber min={0.5} max={8} step={0.5} style={{ width: '100%' }} inputMode="decimal" />
        </Form.Item>
        <Form.Item name="speakerType" label="授课人类型">
          <Select options={(options?.speakerTypes ?? [{ code: 'teacher', label: '本校教师' }]).map((t) => ({ value: t.code, label: t.label }))} />
        </Form.Item>
        <Form.Item name="speakerName" label="授课人" rules={[{ required: true, whitespace: true, message: '请填写授课人' }]}>
          <Input maxLength={40} placeholder="姓名，如：王警官" />
        </Form.Item>
        {speakerType && speakerType !== 'teacher' && (
          <Form.Item name="speakerUnitId" label="授课单位" extra="校外授课人所在的部门（如区消防救援支队）：计入该部门的职责（消防辅导员每学期到校授课等）">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="不属于本区部门可不选"
              options={(options?.speakerUnits ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="participants" label="参加学生数">
          <InputNumber min={0} max={20000} precision={0} style={{ width: '100%' }} inputMode="numeric" placeholder="可不填" />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={1000} placeholder="内容要点、形式等" />
        </Form.Item>
        <Form.Item name="photos" label="现场照片">
          <PhotoUpload purpose="education" schoolId={schoolId} keepOnPhone={draft.clientId} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block={isMobile} loading={saving}>
          提交登记
        </Button>
      </Form>
    </Card>
  );
}
