import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { homeUnitKinds, type Role, roleLabels } from '../../../domain/roles';
import { api } from '../../api/client';
import type { OrgUnit, UserRow } from '../../api/types';
import { applyFieldErrors, messageOf } from '../../lib/errors';

type Values = {
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: string;
  phone: string;
  password?: string;
  isActive: boolean;
};
const fields = ['username', 'displayName', 'role', 'orgUnitId', 'phone', 'password', 'isActive'];

// Mirrors src/domain/password-policy.ts.
const passwordRules = [
  { min: 8, message: '密码至少 8 位' },
  { pattern: /^(?=.*[A-Za-z])(?=.*\d).+$/, message: '密码须同时包含字母和数字' },
];

type Props = {
  open: boolean;
  editing: UserRow | undefined;
  grantable: Role[];
  units: OrgUnit[];
  onClose: () => void;
  onSaved: () => void;
};

export function UserModal({ open, editing, grantable, units, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const role = Form.useWatch('role', form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(editing ? { ...editing, password: '' } : { isActive: true, phone: '' });
  }, [open, editing, form]);

  // A role belongs to certain kinds of unit (a principal to a school, a police officer to a police station).
  const unitOptions = units
    .filter((u) => u.isActive && (!role || homeUnitKinds[role].includes(u.kind)))
    .filter((u) => role !== 'police_officer' || u.departmentType === 'police_station')
    .map((u) => ({ value: u.id, label: u.name }));
  // Editing someone whose current role this admin cannot grant: show it, but it cannot be chosen anew.
  const roleOptions = [...new Set<Role>([...grantable, ...(editing ? [editing.role] : [])])].map((r) => ({
    value: r,
    label: roleLabels[r],
    disabled: !grantable.includes(r),
  }));

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      if (editing) {
        const patch: Record<string, unknown> = {};
        if (v.displayName !== editing.displayName) patch.displayName = v.displayName;
        if (v.role !== editing.role) patch.role = v.role;
        if (v.orgUnitId !== editing.orgUnitId) patch.orgUnitId = v.orgUnitId;
        if ((v.phone ?? '') !== editing.phone) patch.phone = v.phone ?? '';
        if (v.isActive !== editing.isActive) patch.isActive = v.isActive;
        if (v.password) patch.password = v.password;
        if (Object.keys(patch).length > 0) await api.patch(`/api/users/${editing.id}`, patch);
      } else {
        await api.post('/api/users', { ...v, phone: v.phone ?? '', isActive: undefined });
      }
      onSaved();
    } catch (err) {
      applyFieldErrors(form, err, fields);
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={editing ? `编辑用户：${editing.displayName}` : '新增用户'}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="保存"
      confirmLoading={busy}
      // Mounted while closed too, so the form instance is always connected (useWatch, setFieldsValue).
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" autoComplete="off">
        <Form.Item
          name="username"
          label="用户名"
          rules={[{ required: !editing, message: '请填写用户名' }]}
          extra={editing ? undefined : '以字母开头，3–32 位，登录用'}
        >
          <Input disabled={Boolean(editing)} maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={roleOptions} onChange={() => form.setFieldValue('orgUnitId', undefined)} />
        </Form.Item>
        <Form.Item name="orgUnitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} placeholder={role ? '选择单位' : '请先选择角色'} disabled={!role} />
        </Form.Item>
        <Form.Item name="phone" label="手机号">
          <Input maxLength={40} inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="password"
          label={editing ? '重置密码' : '初始密码'}
          rules={editing ? passwordRules : [{ required: true, message: '请设置初始密码' }, ...passwordRules]}
          extra={editing ? '留空则不修改；重置后该用户下次登录须修改密码' : '至少 8 位，含字母和数字；首次登录须修改'}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {editing && (
          <Form.Item name="isActive" label="账号状态" valuePropName="checked">
            <Switch checkedChildren="启用" unCheckedChildren="停用" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
