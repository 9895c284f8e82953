import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { messageOf } from '../../lib/errors';
import type { SchoolLetters } from './lettersApi';

type Row = { key: string; id?: string; postCode: string; name: string; userId: string | null; signed: boolean };

type Props = { open: boolean; data: SchoolLetters; onClose: () => void; onSaved: (r: SchoolLetters) => void };

let seq = 0;
const key = () => `new-${++seq}`;

/** 设置岗位责任人: one row per holder; a post may have several (班主任). Signed holders are locked. */
export function HoldersModal({ open, data, onClose, onSaved }: Props) {
  const { message } = App.useApp();
  const [rows, setRows] = useState<Row[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) setRows(data.holders.map((h) => ({ key: h.id, id: h.id, postCode: h.postCode, name: h.name, userId: h.userId, signed: !!h.letter })));
  }, [open, data]);
  const set = (k: string, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === k ? { ...r, ...patch } : r)));
  const options = data.posts.map((p) => ({ value: p.code, label: p.label }));
  const accounts = data.accounts.map((a) => ({ value: a.id, label: a.name }));

  const save = async () => {
    const empty = rows.findIndex((r) => !r.name.trim() || !r.postCode);
    if (empty >= 0) {
      message.warning(`第 ${empty + 1} 行：请选择岗位并填写姓名`);
      return;
    }
    setBusy(true);
    try {
      const r = await api.put<SchoolLetters>(`/api/schools/${data.school.id}/post-holders`, {
        year: data.year,
        holders: rows.map((x) => ({ ...(x.id ? { id: x.id } : {}), postCode: x.postCode, name: x.name.trim(), userId: x.userId })),
      });
      message.success('岗位责任人已保存');
      onSaved(r);
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={`${data.year} 年岗位责任人`} onCancel={onClose} onOk={save} okText="保存" confirmLoading={busy} width={640} destroyOnHidden>
      <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="holders-editor">
        <Typography.Text type="secondary">岗位取自政策包（《中小学校岗位安全工作指南》的岗位设置）；已签订责任书的人员不能删改。</Typography.Text>
        {rows.map((r, i) => (
          <div
            key={r.key}
            data-testid="holder-row"
            style={{ display: 'flex', flexDirection: 'column', gap: 4, paddingBottom: 8, borderBottom: '1px solid #f0f0f0' }}
          >
            <Space.Compact block>
              <Select
                aria-label={`第 ${i + 1} 行岗位`}
                style={{ width: '48%' }}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="岗位"
                value={r.postCode || undefined}
                disabled={r.signed}
                options={options}
                onChange={(v: string) => set(r.key, { postCode: v })}
              />
              <Input
                aria-label={`第 ${i + 1} 行姓名`}
                placeholder="姓名"
                maxLength={40}
                value={r.name}
                disabled={r.signed}
                onChange={(e) => set(r.key, { name: e.target.value })}
              />
              <Button
                aria-label={`删除第 ${i + 1} 行`}
                icon={<DeleteOutlined />}
                disabled={r.signed}
                onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
              />
            </Space.Compact>
            {accounts.length > 0 && (
              <Select
                aria-label={`第 ${i + 1} 行关联账号`}
                size="small"
                allowClear
                placeholder="关联本校账号（可选，本人可自行签订）"
                value={r.userId ?? undefined}
                disabled={r.signed}
                options={accounts}
                onChange={(v: string | undefined) => set(r.key, { userId: v ?? null })}
              />
            )}
          </div>
        ))}
        <Space wrap>
          <Button icon={<PlusOutlined />} onClick={() => setRows((rs) => [...rs, { key: key(), postCode: '', name: '', userId: null, signed: false }])}>
            添加责任人
          </Button>
          {rows.length === 0 && (
            <Button onClick={() => setRows(data.posts.map((p) => ({ key: key(), postCode: p.code, name: '', userId: null, signed: false })))}>
              列出全部岗位
            </Button>
          )}
        </Space>
      </Space>
    </Modal>
  );
}
