import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, type FormInstance, Input, InputNumber, Space, Typography } from 'antd';
import type { SchoolGate } from '../../api/types';

/**
 * 校门 in the school profile form: each gate's name, whether it is a main gate (正门) and its
 * coordinates. The周边 distances (网吧距某小学南门 126 米) are measured from the nearest gate; a
 * school without gates is measured from its own point. The server checks the same rules (range,
 * names unique, at least one 正门, not kilometres from the school) and audits the change.
 */
export function SchoolGatesInput({ form, disabled }: { form: FormInstance; disabled: boolean }) {
  const schoolPoint = () => ({ latitude: form.getFieldValue('latitude') ?? undefined, longitude: form.getFieldValue('longitude') ?? undefined });
  return (
    <Form.List
      name="gates"
      rules={[
        {
          validator: async (_, gates: SchoolGate[] | undefined) => {
            if (gates?.length && !gates.some((g) => g?.isMain)) throw new Error('请至少指定一个正门（主校门）');
            const names = (gates ?? []).map((g) => g?.name?.trim()).filter(Boolean);
            if (new Set(names).size !== names.length) throw new Error('校门名称不能重复');
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="school-gates">
          {fields.length > 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4, fontSize: 12 }}>
              校门名称、是否正门、经度、纬度（WGS-84）
            </Typography.Text>
          )}
          {fields.map((f) => (
            <Space key={f.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }} data-testid="school-gate-row">
              <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写校门名称' }]}>
                <Input placeholder="校门名称，如 南门" maxLength={20} style={{ width: 150 }} aria-label="校门名称" />
              </Form.Item>
              <Form.Item name={[f.name, 'isMain']} valuePropName="checked">
                <Checkbox>正门</Checkbox>
              </Form.Item>
              <Form.Item
                name={[f.name, 'longitude']}
                rules={[
                  { required: true, message: '请填写经度' },
                  { type: 'number', min: 73, max: 136, message: '经度超出中国范围（73–136）' },
                ]}
              >
                <InputNumber controls={false} placeholder="经度" style={{ width: 150 }} aria-label="校门经度" />
              </Form.Item>
              <Form.Item
                name={[f.name, 'latitude']}
                rules={[
                  { required: true, message: '请填写纬度' },
                  { type: 'number', min: 3, max: 54, message: '纬度超出中国范围（3–54）' },
                ]}
              >
                <InputNumber controls={false} placeholder="纬度" style={{ width: 150 }} aria-label="校门纬度" />
              </Form.Item>
              {!disabled && <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除校门" />}
            </Space>
          ))}
          <Form.ErrorList errors={errors} />
          {!disabled && (
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ name: fields.length ? '' : '正门', isMain: fields.length === 0, ...schoolPoint() })}
              data-testid="school-gate-add"
            >
              添加校门
            </Button>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            周边场所到学校的距离从最近的校门量起（如“网吧距某小学南门 126 米”）；没有登记校门时从学校位置量起。保存后立即重新计算周边违规。
          </Typography.Paragraph>
        </div>
      )}
    </Form.List>
  );
}
