import { Alert, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { departmentTypeLabels, departmentTypes, orgUnitKindLabels } from '../../../domain/roles';
import { api } from '../../api/client';
import type { OrgUnit } from '../../api/types';
import { applyFieldErrors, messageOf } from '../../lib/errors';

type Values = {
  name: string;
  code: string;
  kind: 'township' | 'centre' | 'department';
  parentId: string;
  departmentType?: string;
  sortOrder?: number;
  isActive: boolean;
};
const fields = ['name', 'code', 'kind', 'parentId', 'departmentType', 'sortOrder', 'isActive'];

type Props = {
  /** The unit to edit, or undefined to create one. */
  editing: OrgUnit | undefined;
  open: boolean;
  units: OrgUnit[];
  onClose: () => void;
  onSaved: (u: OrgUnit) => void;
};

export function OrgUnitModal({ editing, open, units, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form) ?? editing?.kind;

  useEffect(() => {
    if (!open) return;
    setError(null);
    const district = units.find((u) => u.kind === 'district');
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { ...editing, kind: editing.kind as Values['kind'], parentId: editing.parentId ?? '', departmentType: editing.departmentType ?? undefined }
        : { kind: 'township', parentId: district?.id ?? '', isActive: true, sortOrder: 0 },
    );
  }, [open, editing, units, form]);

  // The server's rule: 街道/镇 and 教管中心 hang under the district; a department under the district or another department.
  const parents = units.filter((u) => u.id !== editing?.id && (u.kind === 'district' || (kind === 'department' && u.kind === 'department')));

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const patch = editing ? changed(editing, v) : {};
    if (editing && Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    setError(null);
    try {
      const saved = editing
        ? await api.patch<OrgUnit>(`/api/org-units/${editing.id}`, patch)
        : await api.post<OrgUnit>('/api/org-units', {
            parentId: v.parentId,
            kind: v.kind,
            name: v.name,
            code: v.code,
            ...(v.kind === 'department' && { departmentType: v.departmentType }),
            ...(v.sortOrder !== undefined && v.sortOrder !== null && { sortOrder: v.sortOrder }),
          });
      onSaved(saved);
    } catch (err) {
      applyFieldErrors(form, err, fields);
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const isDistrict = editing?.kind === 'district';
  return (
    <Modal
      title={editing ? `编辑：${editing.name}` : '新增机构'}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={busy}
      // Mounted while closed too, so the form instance is always connected (useWatch, setFieldsValue).
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="kind" label="机构类型" rules={[{ required: true }]}>
          <Select
            disabled={Boolean(editing)}
            options={(editing ? [editing.kind] : (['township', 'centre', 'department'] as const)).map((k) => ({
              value: k,
              label: orgUnitKindLabels[k],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label="名称"
          rules={[
            { required: true, message: '请填写名称' },
            { min: 2, message: '名称至少 2 个字' },
          ]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="code" label="代码" rules={[{ required: true, message: '请填写代码' }]} extra="字母、数字、下划线或短横线">
          <Input maxLength={32} />
        </Form.Item>
        {!isDistrict && (
          <Form.Item name="parentId" label="上级单位" rules={[{ required: true, message: '请选择上级单位' }]}>
            <Select options={parents.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        )}
        {kind === 'department' && (
          <Form.Item name="departmentType" label="部门类型" rules={[{ required: true, message: '请选择部门类型' }]}>
            <Select options={departmentTypes.map((t) => ({ value: t, label: departmentTypeLabels[t] }))} />
          </Form.Item>
        )}
        <Form.Item name="sortOrder" label="排序号" extra="数字小的排在前面">
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        {editing && !isDistrict && (
          <Form.Item name="isActive" label="启用" valuePropName="checked" extra="停用后不能再选作上级或所属单位；历史记录保留">
            <Switch checkedChildren="启用" unCheckedChildren="停用" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** PATCH only what changed: the server rejects an empty body and audits each changed key. */
function changed(before: OrgUnit, v: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v.name !== before.name) out.name = v.name;
  if (v.code !== before.code) out.code = v.code;
  if (before.kind !== 'district' && v.parentId !== before.parentId) out.parentId = v.parentId;
  if (before.kind === 'department' && v.departmentType && v.departmentType !== before.departmentType) out.departmentType = v.departmentType;
  if (v.sortOrder !== undefined && v.sortOrder !== null && v.sortOrder !== before.sortOrder) out.sortOrder = v.sortOrder;
  if (before.kind !== 'district' && v.isActive !== before.isActive) out.isActive = v.isActive;
  return out;
}
