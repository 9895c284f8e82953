import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useAuth, useCurrentUser } from '../../auth/AuthContext';
import { messageOf } from '../../lib/errors';

type PasswordForm = { currentPassword: string; newPassword: string; confirm: string };

// Mirrors src/domain/password-policy.ts so the user learns the rule before the server says no.
const passwordRules = [
  { required: true, message: '请输入新密码' },
  { min: 8, message: '密码至少 8 位' },
  { max: 128, message: '密码不超过 128 位' },
  { pattern: /^(?=.*[A-Za-z])(?=.*\d).+$/, message: '密码须同时包含字母和数字' },
];

export default function ChangePasswordPage() {
  const user = useCurrentUser();
  const { refresh } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: PasswordForm) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success('密码已修改');
      form.resetFields();
      await refresh();
      navigate('/', { replace: true });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="修改密码" style={{ maxWidth: 480 }}>
      {user.mustChangePassword && <Alert type="warning" showIcon title="首次登录或密码已被重置，请先设置您自己的新密码。" style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<PasswordForm> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label="新密码" rules={passwordRules} extra="至少 8 位，须同时包含字母和数字">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          保存新密码
        </Button>
      </Form>
    </Card>
  );
}
