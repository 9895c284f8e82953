import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Segmented, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { uploadAttachment } from '../../api/attachments';
import { api } from '../../api/client';
import { SignaturePad } from '../../components/SignaturePad';
import { messageOf } from '../../lib/errors';
import type { LetterHolder, SchoolLetters } from './lettersApi';

type Props = { schoolId: string; holder: LetterHolder | null; duties: string; onClose: () => void; onSigned: (r: SchoolLetters) => void };

/** 签订责任书: the holder writes on the screen, or a signed paper letter is uploaded as a scan. */
export function SignLetterModal({ schoolId, holder, duties, onClose, onSigned }: Props) {
  const { message } = App.useApp();
  const [method, setMethod] = useState<'screen' | 'scan'>('screen');
  const [signer, setSigner] = useState('');
  const [busy, setBusy] = useState(false);

  const sign = async (file: Blob, fileName: string, purpose: 'signature' | 'letter') => {
    if (!holder) return;
    setBusy(true);
    try {
      const att = await uploadAttachment(new File([file], fileName, { type: file.type }), purpose, schoolId);
      const r = await api.post<SchoolLetters>('/api/responsibility-letters', {
        holderId: holder.id,
        method,
        attachmentId: att.id,
        signerName: signer.trim() || undefined,
      });
      message.success(`${holder.name} 的责任书已签订`);
      onSigned(r);
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={!!holder} title={holder ? `签订安全责任书（${holder.postLabel}）` : ''} onCancel={onClose} footer={null} destroyOnHidden width={520}>
      {holder && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="sign-letter">
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0, maxHeight: 120, overflow: 'auto' }}>
            岗位安全职责：{duties}
          </Typography.Paragraph>
          <Segmented<'screen' | 'scan'>
            block
            value={method}
            onChange={setMethod}
            options={[
              { value: 'screen', label: '手机签名' },
              { value: 'scan', label: '上传签字扫描件' },
            ]}
          />
          <Input value={signer} onChange={(e) => setSigner(e.target.value)} placeholder={`签名人（默认 ${holder.name}）`} aria-label="签名人" maxLength={40} />
          {method === 'screen' ? (
            <SignaturePad confirmLabel="确认签订" disabled={busy} onConfirm={(png) => sign(png, `签名-${holder.name}.png`, 'signature')} />
          ) : (
            <Upload
              accept="image/*,application/pdf"
              showUploadList={false}
              beforeUpload={(file) => {
                void sign(file, file.name, 'letter');
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={busy} block>
                选择签字后的责任书（照片或 PDF）
              </Button>
            </Upload>
          )}
        </Space>
      )}
    </Modal>
  );
}
