import { BellOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { URGE_NOTE_MAX } from '../../../domain/hazard-urge';
import { api } from '../../api/client';
import type { HazardDetail } from '../../api/types';
import { messageOf } from '../../lib/errors';

type Props = { hazardId: string; code: string; size?: 'small' | 'middle'; onDone: (detail: HazardDetail) => void };

/**
 * 催办: asks for an optional note, then sends the urge (an inbox message to the responsible side
 * and a timeline entry). Shown only where the server says the user may urge now (`canUrge`).
 */
export function UrgeButton({ hazardId, code, size = 'middle', onDone }: Props) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async () => {
    setBusy(true);
    try {
      const detail = await api.post<HazardDetail>(`/api/hazards/${hazardId}/urge`, { note });
      message.success(`已催办 ${code}，整改责任方已收到消息`);
      setOpen(false);
      setNote('');
      onDone(detail);
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        size={size}
        danger
        icon={<BellOutlined />}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
        data-testid={`urge-${code}`}
      >
        催办
      </Button>
      <Modal title={`催办隐患 ${code}`} open={open} okText="发送催办" confirmLoading={busy} onOk={send} onCancel={() => setOpen(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">
          整改责任方（学校校长、安全干部，或承办部门）将收到站内消息，催办记入隐患时间线。每人每天对同一隐患催办一次。
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={URGE_NOTE_MAX}
          showCount
          placeholder="催办说明（可不填），如：请于本周五前完成整改并提交验收"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-label="催办说明"
        />
      </Modal>
    </>
  );
}
