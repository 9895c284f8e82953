import { App, Button, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Role } from '../../../domain/roles';
import { api } from '../../api/client';
import type { UserRow } from '../../api/types';
import { messageOf } from '../../lib/errors';

/** A temporary password the policy accepts (letters and digits, 10 long); the user must change it at the next sign-in. */
export function temporaryPassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const pick = (set: string) => set[(crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) % set.length] as string;
  return `${Array.from({ length: 5 }, () => pick(letters)).join('')}${Array.from({ length: 5 }, () => pick(digits)).join('')}`;
}

type Props = { u: UserRow; selfId: string; grantable: readonly Role[]; onEdit: (u: UserRow) => void; onChanged: () => void };

/**
 * The 操作 cell of a user row: 编辑, 重置密码, 停用/启用 — only for users whose role the signed-in
 * user may grant (the server checks the same, with scope, and records each change in the audit trail).
 */
export function UserActions({ u, selfId, grantable, onEdit, onChanged }: Props) {
  const { message } = App.useApp();
  const [resetting, setResetting] = useState(false);
  if (!grantable.includes(u.role)) return <Typography.Text type="secondary">—</Typography.Text>;
  const setActive = async (isActive: boolean) => {
    try {
      await api.patch(`/api/users/${u.id}`, { isActive });
      message.success(isActive ? `已启用「${u.displayName}」` : `已停用「${u.displayName}」，其登录已失效`);
      onChanged();
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  return (
    // The row opens the edit dialog on click; the buttons here do their own thing.
    <Space size={0} onClick={(e) => e.stopPropagation()}>
      <Button type="link" size="small" onClick={() => onEdit(u)}>
        编辑
      </Button>
      <Button type="link" size="small" onClick={() => setResetting(true)}>
        重置密码
      </Button>
      {u.id === selfId ? null : u.isActive ? (
        <Popconfirm
          title={`停用「${u.displayName}」？`}
          description="停用后不能登录，已登录的会话立即失效。"
          okText="停用"
          cancelText="取消"
          onConfirm={() => setActive(false)}
        >
          <Button type="link" size="small" danger>
            停用
          </Button>
        </Popconfirm>
      ) : (
        <Button type="link" size="small" onClick={() => setActive(true)}>
          启用
        </Button>
      )}
      {resetting && <ResetPasswordModal u={u} onClose={() => setResetting(false)} onDone={onChanged} />}
    </Space>
  );
}

function ResetPasswordModal({ u, onClose, onDone }: { u: UserRow; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [password, setPassword] = useState(temporaryPassword);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/api/users/${u.id}`, { password });
      message.success(`已重置「${u.displayName}」的密码，请将临时密码告知本人`);
      onClose();
      onDone();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`重置「${u.displayName}」的密码`} okText="重置" cancelText="取消" confirmLoading={busy} onOk={save} onCancel={onClose} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>临时密码（可修改），对方下次登录时须改为自己的密码；其已登录的会话会失效。</Typography.Text>
        <Input.Password value={password} onChange={(e) => setPassword(e.target.value)} aria-label="临时密码" visibilityToggle={{ visible: true }} />
        <Typography.Text copyable={{ text: password }} type="secondary">
          复制临时密码
        </Typography.Text>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Space>
    </Modal>
  );
}
