import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Segmented, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { uploadAttachment } from '../../api/attachments';
import { api } from '../../api/client';
import { SignaturePad } from '../../components/SignaturePad';
import { messageOf } from '../../lib/errors';
import type { LetterHolder, SchoolLetters } from './lettersApi';

type Props = {
  schoolId: string;
  holder: LetterHolder | null;
  duties: string;
  onClose: () => void;
  onSigned: (r: SchoolLetters) => void;
  /** 甲方 signs the letter the holder signed (on screen only); the party's name for the title. */
  party?: string | undefined;
};

/** 签订责任书: the holder writes on the screen, or a signed paper letter is uploaded as a scan; 甲方 then signs on screen. */
export function SignLetterModal({ schoolId, holder, duties, onClose, onSigned, party }: Props) {
  const { message } = App.useApp();
  const [method, setMethod] = useState<'screen' | 'scan'>('screen');
  const [signer, setSigner] = useState('');
  const [busy, setBusy] = useState(false);

  const sign = async (file: Blob, fileName: string, purpose: 'signature' | 'letter') => {
    if (!holder) return;
    setBusy(true);
    try {
      const att = await uploadAttachment(new File([file], fileName, { type: file.type }), purpose, schoolId);
      const signerName = signer.trim() || undefined;
      const r =
        party && holder.letter
          ? await api.post<SchoolLetters>(`/api/responsibility-letters/${holder.letter.id}/party-signature`, { attachmentId: att.id, signerName })
          : await api.post<SchoolLetters>('/api/responsibility-letters', { holderId: holder.id, method, attachmentId: att.id, signerName });
      message.success(party ? `甲方已签署 ${holder.name} 的责任书` : `${holder.name} 的责任书已签订`);
      onSigned(r);
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!holder}
      title={holder ? (party ? `甲方签署（${holder.postLabel}：${holder.name}）` : `签订安全责任书（${holder.postLabel}）`) : ''}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={520}
    >
      {holder && party && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="party-sign-letter">
          <Typography.Text>
            甲方：{party}。乙方已于 {holder.letter?.signedOn} 签订，请甲方负责人在下方签名。
          </Typography.Text>
          <Input value={signer} onChange={(e) => setSigner(e.target.value)} placeholder="签名人（默认本人）" aria-label="签名人" maxLength={40} />
          <SignaturePad confirmLabel="确认签署" disabled={busy} onConfirm={(png) => sign(png, `甲方签名-${holder.name}.png`, 'signature')} />
        </Space>
      )}
      {holder && !party && (
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
