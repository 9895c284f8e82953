import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { SignaturePad } from '../../components/SignaturePad';
import { formatTime } from '../../lib/format';
import { deleteBlob, putBlob } from '../../offline/db';
import { newId } from '../../offline/ids';
import type { LocalSignature } from '../../offline/types';
import { LocalImage } from './LocalPhotos';

type Props = {
  clientId: string;
  value: LocalSignature[];
  onChange: (signatures: LocalSignature[]) => void;
  readOnly: boolean;
  defaultSigner: { name: string; role: string };
  error?: string | undefined;
};

/** 检查人签字: each signer writes on the screen; the PNG stays on the phone until sync uploads it. */
export function SignatureSection({ clientId, value, onChange, readOnly, defaultSigner, error }: Props) {
  const { message } = App.useApp();
  const first = value.length === 0;
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState(defaultSigner.name);
  const [role, setRole] = useState(defaultSigner.role);
  const open = !readOnly && (first || adding);

  const save = async (png: Blob) => {
    if (!name.trim()) {
      message.warning('请填写签名人姓名');
      return;
    }
    const blobId = newId();
    try {
      await putBlob({
        id: blobId,
        clientId,
        kind: 'signature',
        fileName: `签名-${name.trim()}.png`,
        type: 'image/png',
        bytes: await png.arrayBuffer(),
        createdAt: new Date().toISOString(),
      });
    } catch {
      message.error('签名无法保存到本机（存储空间可能已满）');
      return;
    }
    onChange([...value, { blobId, name: name.trim(), role: role.trim(), signedAt: new Date().toISOString() }]);
    setAdding(false);
    setName('');
    setRole('');
  };

  const remove = (blobId: string) => {
    onChange(value.filter((s) => s.blobId !== blobId));
    void deleteBlob(blobId).catch(() => {});
  };

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="signatures">
      {value.length > 0 && (
        <List
          size="small"
          dataSource={value}
          renderItem={(s) => (
            <List.Item
              data-testid="signature-item"
              actions={
                readOnly
                  ? []
                  : [<Button key="del" type="text" danger icon={<DeleteOutlined />} aria-label={`删除 ${s.name} 的签名`} onClick={() => remove(s.blobId)} />]
              }
            >
              <Space>
                <LocalImage id={s.blobId} alt={`${s.name} 的签名`} size={64} />
                <div>
                  <div>
                    {s.name}
                    {s.role && <Typography.Text type="secondary">（{s.role}）</Typography.Text>}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(s.signedAt)}
                  </Typography.Text>
                </div>
              </Space>
            </List.Item>
          )}
        />
      )}
      {open && (
        <>
          <Space.Compact block>
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="签名人" aria-label="签名人" maxLength={40} />
            <Input value={role} onChange={(e) => setRole(e.target.value)} placeholder="职务（可选）" aria-label="职务" maxLength={40} />
          </Space.Compact>
          <SignaturePad onConfirm={save} {...(first ? {} : { onCancel: () => setAdding(false) })} />
        </>
      )}
      {!open && !readOnly && (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          添加签名人
        </Button>
      )}
      {error && (
        <Typography.Text type="danger" data-testid="signature-error">
          {error}
        </Typography.Text>
      )}
    </Space>
  );
}
