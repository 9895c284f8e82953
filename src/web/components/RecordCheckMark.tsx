import { CheckCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { DutyKind } from '../../domain/duty';
import { api } from '../api/client';
import { useLoad } from '../api/hooks';
import { messageOf } from '../lib/errors';
import { formatTime } from '../lib/format';

type Mark = {
  id: string;
  result: 'checked' | 'questioned';
  resultLabel: string;
  note: string;
  checkedByName: string;
  checkedByUnit: string;
  checkedAt: string;
};

/**
 * 抽查核实: the marks supervisors left on a record, and (for a supervisor with the school in scope)
 * a form to add one. Any record page of a duty kind drops it in: <RecordCheckMark kind="patrol" recordId={id} />.
 * The server decides who may mark (GET answers canMark).
 */
export function RecordCheckMark({ kind, recordId }: { kind: DutyKind; recordId: string }) {
  const { message } = App.useApp();
  const marks = useLoad(() => api.get<{ items: Mark[]; canMark: boolean }>('/api/record-checks', { kind, recordId }), `${kind}:${recordId}`);
  const [result, setResult] = useState<'checked' | 'questioned'>('checked');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    try {
      await api.post('/api/record-checks', { kind, recordId, result, note });
      message.success('已记录抽查核实');
      setNote('');
      marks.reload();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  if (!marks.data) return null;
  const { items, canMark } = marks.data;
  if (!canMark && items.length === 0) return null;
  return (
    <Card size="small" title="抽查核实" data-testid="record-check">
      {items.length > 0 && (
        <List
          size="small"
          dataSource={items}
          rowKey="id"
          renderItem={(m) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Space orientation="vertical" size={0}>
                <Space wrap size={4}>
                  <Tag
                    color={m.result === 'checked' ? 'success' : 'warning'}
                    icon={m.result === 'checked' ? <CheckCircleOutlined /> : <QuestionCircleOutlined />}
                  >
                    {m.resultLabel}
                  </Tag>
                  <Typography.Text type="secondary">
                    {m.checkedByUnit} {m.checkedByName} · {formatTime(m.checkedAt)}
                  </Typography.Text>
                </Space>
                {m.note && <span>{m.note}</span>}
              </Space>
            </List.Item>
          )}
        />
      )}
      {canMark && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group value={result} onChange={(e) => setResult(e.target.value)} optionType="button" buttonStyle="solid">
            <Radio.Button value="checked">已核实</Radio.Button>
            <Radio.Button value="questioned">有疑问</Radio.Button>
          </Radio.Group>
          <Input.TextArea
            rows={2}
            maxLength={500}
            value={note}
            placeholder={result === 'questioned' ? '请写明疑问（必填）' : '核实意见（选填）'}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button type="primary" loading={saving} disabled={result === 'questioned' && !note.trim()} onClick={save}>
            记录抽查核实
          </Button>
        </Space>
      )}
    </Card>
  );
}
