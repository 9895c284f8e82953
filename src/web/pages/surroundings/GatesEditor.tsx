import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { messageOf } from '../../lib/errors';
import type { MapSchool } from './surroundingsApi';

type GateRow = { name: string; isMain: boolean; latitude: number; longitude: number };

/**
 * 校门坐标: the schools the user may edit (write scope), each school's gates with coordinates.
 * Saving replaces the list; the server measures every premise around the school again at once.
 */
export function GatesEditor({ schools, onSaved }: { schools: MapSchool[]; onSaved: () => void }) {
  const { message } = App.useApp();
  const editable = schools.filter((s) => s.canEditGates);
  const [schoolId, setSchoolId] = useState<string | undefined>(undefined);
  const [form] = Form.useForm<{ gates: GateRow[] }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const school = editable.find((s) => s.id === schoolId);

  const pick = (id: string) => {
    const s = editable.find((x) => x.id === id);
    setSchoolId(id);
    setError(null);
    form.setFieldsValue({ gates: (s?.gates ?? []).map((g) => ({ name: g.name, isMain: !!g.isMain, latitude: g.lat, longitude: g.lng })) });
  };

  const save = async () => {
    if (!school) return;
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const gates = (v.gates ?? []).map((g) => ({ ...g, isMain: !!g.isMain }));
      const r = await api.put<{ gates: unknown[]; breachesNearby: number }>(`/api/schools/${school.id}/gates`, { gates });
      message.success(`已保存 ${r.gates.length} 个校门；已重新计算周边距离，附近 ${r.breachesNearby} 处违反禁设规定`);
      onSaved();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  if (!editable.length) return <Alert type="info" showIcon title="您没有可维护校门坐标的学校（校门由学校、教管中心和区教委维护）" />;
  return (
    <div style={{ maxWidth: 720 }}>
      <Space style={{ marginBottom: 12 }}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="选择学校"
          style={{ width: 320 }}
          value={schoolId}
          options={editable.map((s) => ({ value: s.id, label: s.name }))}
          onChange={pick}
          data-testid="gates-school"
        />
        {school && <Typography.Text type="secondary">学校位置：{`${school.lat.toFixed(6)}, ${school.lng.toFixed(6)}`}</Typography.Text>}
      </Space>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      {school && (
        <Form form={form} layout="vertical">
          <Form.List name="gates">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '请填写校门名称' }]}>
                      <Input placeholder="如 南门" maxLength={20} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'isMain']} valuePropName="checked">
                      <Checkbox>正门</Checkbox>
                    </Form.Item>
                    <Form.Item name={[f.name, 'latitude']} rules={[{ required: true, message: '请填写纬度' }]}>
                      <InputNumber placeholder="纬度" min={-90} max={90} step={0.0001} precision={7} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'longitude']} rules={[{ required: true, message: '请填写经度' }]}>
                      <InputNumber placeholder="经度" min={-180} max={180} step={0.0001} precision={7} style={{ width: 180 }} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除校门" />
                  </Space>
                ))}
                <Space>
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ name: fields.length ? '' : '正门', isMain: fields.length === 0, latitude: school.lat, longitude: school.lng })}
                  >
                    添加校门
                  </Button>
                  <Button type="primary" loading={saving} onClick={save} data-testid="gates-save">
                    保存校门
                  </Button>
                </Space>
              </>
            )}
          </Form.List>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            有校门坐标的学校，周边场所的距离从最近的校门量起（如“网吧距某小学南门 126 米”）；没有校门坐标时从学校位置量起。保存后立即重新计算。
          </Typography.Paragraph>
        </Form>
      )}
    </div>
  );
}
