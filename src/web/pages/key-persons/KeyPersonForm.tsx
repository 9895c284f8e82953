import { Alert, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { messageOf } from '../../lib/errors';
import type { KeyPersonDetail, KeyPersonList } from './keyPersonsApi';

/** Registers or edits a key person (police only); the server computes the schools near the address point. */
export function KeyPersonForm(props: { editing: KeyPersonDetail | 'new'; list: KeyPersonList; onClose: () => void; onSaved: (k: KeyPersonDetail) => void }) {
  const { editing, list } = props;
  const k = editing === 'new' ? null : editing;
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial = k ?? { riskLevel: 'medium', status: 'active', officerUserId: list.officers[0]?.id };

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      name: v.name,
      idNumber: v.idNumber,
      categoryCode: v.categoryCode,
      address: v.address ?? '',
      latitude: v.latitude ?? null,
      longitude: v.longitude ?? null,
      riskLevel: v.riskLevel,
      officerUserId: v.officerUserId ?? null,
      controlMeasures: v.controlMeasures ?? '',
      status: v.status,
      note: v.note ?? '',
    };
    setSaving(true);
    setError(null);
    try {
      const r = k
        ? await api.put<{ keyPerson: KeyPersonDetail }>(`/api/key-persons/${k.id}`, { ...body, version: k.version })
        : await api.post<{ keyPerson: KeyPersonDetail }>('/api/key-persons', body);
      props.onSaved(r.keyPerson);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={k ? `编辑重点人员：${k.name}` : '登记重点人员'}
      width={640}
      onCancel={props.onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={saving}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        <Space>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={40} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, message: '请填写身份证号' }]}>
            <Input maxLength={18} style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="categoryCode" label="人员类别" rules={[{ required: true, message: '请选择人员类别' }]}>
            <Select style={{ width: 280 }} options={list.categories.map((c) => ({ value: c.code, label: c.label }))} />
          </Form.Item>
          <Form.Item
            name="riskLevel"
            label="风险等级"
            extra={`走访周期：高 ${list.followUpDays.high} 天、中 ${list.followUpDays.medium} 天、低 ${list.followUpDays.low} 天`}
          >
            <Select
              style={{ width: 180 }}
              options={[
                { value: 'high', label: '高' },
                { value: 'medium', label: '中' },
                { value: 'low', label: '低' },
              ]}
            />
          </Form.Item>
        </Space>
        <Form.Item name="address" label="住址">
          <Input maxLength={200} />
        </Form.Item>
        <Space>
          <Form.Item name="latitude" label="纬度">
            <InputNumber min={-90} max={90} step={0.0001} precision={7} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="longitude" label="经度">
            <InputNumber min={-180} max={180} step={0.0001} precision={7} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="officerUserId" label="责任民警">
            <Select style={{ width: 200 }} options={list.officers.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select
              style={{ width: 160 }}
              options={[
                { value: 'active', label: '在管' },
                { value: 'closed', label: '已撤管' },
              ]}
            />
          </Form.Item>
        </Space>
        <Form.Item name="controlMeasures" label="管控措施">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
