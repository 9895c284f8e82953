import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Space, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import type { School, SchoolGate } from '../../api/types';
import { isDistrictAdmin, useCurrentUser } from '../../auth/AuthContext';
import { PageLoading } from '../../components/PageState';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { emptySchool, SchoolForm, type SchoolFormValues, schoolFormFields } from './SchoolForm';
import { SchoolView } from './SchoolView';

function valuesOf(s: School): SchoolFormValues {
  return Object.fromEntries(schoolFormFields.map((f) => [f, f === 'gates' ? (s.gates ?? []) : s[f]])) as SchoolFormValues;
}

/** Only what changed goes to PATCH, so a principal's save never touches the district-only fields. */
function changes(before: SchoolFormValues, after: SchoolFormValues): Partial<SchoolFormValues> {
  const out: Record<string, unknown> = {};
  for (const f of schoolFormFields) {
    const v = normalise(after[f]);
    // Arrays (the class list) compare by content.
    if (JSON.stringify(v) !== JSON.stringify(normalise(before[f]))) out[f] = v;
  }
  return out as Partial<SchoolFormValues>;
}

function normaliseAll(values: SchoolFormValues): SchoolFormValues {
  return Object.fromEntries(schoolFormFields.map((f) => [f, normalise(values[f])])) as SchoolFormValues;
}

// An emptied InputNumber gives null and an emptied Input may give undefined: the API wants null / ''.
function normalise(v: unknown): unknown {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' && 'latitude' in x ? gateOf(x as SchoolGate) : x));
  return typeof v === 'string' ? v.trim() : v;
}

/** A gate as the API takes it (the form may leave 正门 unset). */
const gateOf = (g: SchoolGate): SchoolGate => ({ name: (g.name ?? '').trim(), isMain: !!g.isMain, latitude: g.latitude, longitude: g.longitude });

export default function SchoolDetailPage() {
  const { id } = useParams();
  const isNew = id === undefined;
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SchoolFormValues>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const areas = useOrgUnits(['township', 'centre']);
  const school = useLoad(() => (isNew ? Promise.resolve(null) : api.get<School>(`/api/schools/${id}`)), id ?? 'new');

  const admin = isDistrictAdmin(user);
  const readOnly = isNew ? !admin : !user.scope.canWrite;

  if (school.loading && !school.data) return <PageLoading />;
  if (school.error) return <Alert type="error" showIcon title={school.error} />;
  const current = school.data ?? null;
  const initial = current ? valuesOf(current) : { ...emptySchool, parentId: '' };

  // Back to where the user came from (the school's file, the list); a bookmarked form goes to the school's file.
  const back = () => (location.key === 'default' ? navigate(current ? `/schools/${current.id}` : '/schools') : navigate(-1));

  const save = async () => {
    let values: SchoolFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd already marks the fields
    }
    setSaving(true);
    setSaveError(null);
    try {
      if (current) {
        const patch = changes(initial, { ...initial, ...values });
        if (Object.keys(patch).length === 0) {
          message.info('没有修改');
          return;
        }
        const saved = await api.patch<School>(`/api/schools/${current.id}`, patch);
        message.success('已保存');
        form.setFieldsValue(valuesOf(saved));
        school.reload();
      } else {
        const { gates: _gates, ...fields } = normaliseAll(values);
        const created = await api.post<School>('/api/schools', fields);
        message.success('学校已创建');
        navigate(`/schools/${created.id}`, { replace: true });
      }
    } catch (err) {
      // Field errors appear under their fields; the banner says the save did not happen.
      applyFieldErrors(form, err, schoolFormFields);
      setSaveError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回" onClick={back} />
          <span>{current ? current.name : '新增学校'}</span>
        </Space>
      }
      extra={
        !readOnly && (
          <Button type="primary" loading={saving} onClick={save}>
            保存
          </Button>
        )
      }
    >
      {!admin && !readOnly && (
        <Alert
          type="info"
          showIcon
          title="学校名称、代码、所属街道/中心、类型和办学性质由区教委维护；如需变更请联系区教委安稳科。"
          style={{ marginBottom: 16 }}
        />
      )}
      {saveError && <Alert type="error" showIcon title={saveError} style={{ marginBottom: 16 }} data-testid="save-error" />}
      {readOnly && current ? (
        <SchoolView school={current} />
      ) : (
        <SchoolForm
          key={current ? `${current.updatedAt}:${JSON.stringify(current.gates ?? [])}` : 'new'}
          form={form}
          initial={initial}
          areas={areas.data ?? []}
          identityEditable={admin}
          readOnly={readOnly}
          withGates={!!current}
        />
      )}
      {current && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}>
          最后更新：{formatTime(current.updatedAt)}
        </Typography.Text>
      )}
    </Card>
  );
}
