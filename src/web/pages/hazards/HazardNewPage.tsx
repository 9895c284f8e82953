import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { hazardLevelLabels, hazardLevels, hazardSourceLabels, hazardSources } from '../../../domain/hazard';
import { createHazardSchema } from '../../../domain/hazard-inputs';
import { api } from '../../api/client';
import { useHazardVocab, useLoad, useOrgUnits } from '../../api/hooks';
import type { Attachment, Hazard } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { PhotoUpload } from '../../components/PhotoUpload';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { parseWith } from '../../lib/zodForm';
import { defaultSourceOf, isSchoolRole } from './hazardRoles';

type Values = {
  schoolId?: string;
  title: string;
  place?: string;
  otherPlace?: string;
  category?: string;
  level?: string;
  source?: string;
  description: string;
  photos: Attachment[];
  campaignId?: string;
};

const fields = ['schoolId', 'title', 'place', 'category', 'level', 'source', 'description', 'attachmentIds', 'campaignId'];
const OTHER = '其他';

/** 登记隐患, made for a phone at the spot: pick, type a line, take photos, send. */
export default function HazardNewPage() {
  const user = useCurrentUser();
  const vocab = useHazardVocab();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const schoolUser = isSchoolRole(user.role);
  const schools = useOrgUnits(['school']);
  const schoolId = Form.useWatch('schoolId', form);
  const place = Form.useWatch('place', form);
  // 专项行动 running now that the hazard may be tagged with (the server checks the school takes part).
  const campaigns = useLoad(
    () =>
      api.get<{ items: { id: string; name: string }[] }>('/api/campaigns', { running: true }).then(
        (r) => r.items,
        () => [],
      ),
    'campaigns',
  );
  const campaignParam = new URLSearchParams(location.search).get('campaignId') ?? undefined;

  const back = () => (location.key === 'default' ? navigate('/hazards') : navigate(-1));

  const submit = async (values: Values) => {
    setError(null);
    const body = {
      schoolId: values.schoolId,
      title: values.title,
      description: values.description ?? '',
      place: values.place === OTHER ? (values.otherPlace ?? '').trim() || OTHER : values.place,
      category: values.category,
      level: values.level || undefined,
      source: values.source,
      attachmentIds: (values.photos ?? []).map((p) => p.id),
      campaignId: values.campaignId || undefined,
    };
    const input = parseWith(createHazardSchema, body, form, fields);
    if (!input) return;
    setSaving(true);
    try {
      const created = await api.post<Hazard>('/api/hazards', input);
      message.success(`已登记隐患 ${created.code}`);
      navigate(`/hazards/${created.id}`, { replace: true });
    } catch (err) {
      applyFieldErrors(form, err, fields);
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  const size = isMobile ? 'large' : 'middle';
  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回隐患台账" onClick={back} />
          <span>登记隐患</span>
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24, maxWidth: 720 } }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="save-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        size={size}
        onFinish={submit}
        // Photos are filed under the school they were uploaded for: another school starts afresh.
        onValuesChange={(changed: Partial<Values>) => 'schoolId' in changed && form.setFieldValue('photos', [])}
        initialValues={{ schoolId: schoolUser ? user.orgUnitId : undefined, source: defaultSourceOf[user.role], title: '', description: '', photos: [] }}
      >
        <Form.Item name="schoolId" label="学校" rules={[{ required: true, message: '请选择学校' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择学校"
            disabled={schoolUser}
            loading={schools.loading}
            options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="title" label="隐患标题" rules={[{ required: true, whitespace: true, message: '请填写隐患标题' }]}>
          <Input maxLength={100} placeholder="如：消防通道堆放杂物" />
        </Form.Item>
        <Form.Item name="place" label="部位" rules={[{ required: true, message: '请选择部位' }]}>
          <Select placeholder="选择部位" options={vocab.places.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        {place === OTHER && (
          <Form.Item name="otherPlace" label="具体部位">
            <Input maxLength={40} placeholder="如：图书馆二楼" />
          </Form.Item>
        )}
        <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select placeholder="选择类别" options={vocab.categories.map((c) => ({ value: c.code, label: c.label }))} />
        </Form.Item>
        {!schoolUser && (
          <Form.Item name="level" label="等级" extra="可暂不选择，研判时再定">
            <Radio.Group options={[{ value: '', label: '暂不研判' }, ...hazardLevels.map((l) => ({ value: l, label: hazardLevelLabels[l] }))]} />
          </Form.Item>
        )}
        <Form.Item name="source" label="来源" rules={[{ required: true, message: '请选择来源' }]}>
          <Select disabled={schoolUser} placeholder="选择来源" options={hazardSources.map((s) => ({ value: s, label: hazardSourceLabels[s] }))} />
        </Form.Item>
        {(campaigns.data?.length ?? 0) > 0 && (
          <Form.Item name="campaignId" label="所属专项行动" initialValue={campaignParam} extra="可不选；专项行动中发现的隐患请选择，计入该行动的整改目标">
            <Select allowClear placeholder="不属于专项行动" options={campaigns.data?.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        )}
        <Form.Item name="description" label="描述">
          <Input.TextArea rows={3} maxLength={2000} placeholder="现场情况、影响范围等" />
        </Form.Item>
        <Form.Item name="photos" label="现场照片" extra={schoolId ? undefined : '请先选择学校'}>
          <PhotoUpload purpose="hazard_found" schoolId={schoolId} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block={isMobile} loading={saving}>
          提交登记
        </Button>
      </Form>
    </Card>
  );
}
