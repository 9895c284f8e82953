import { CameraOutlined, CloudUploadOutlined, DeleteOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useOnline } from '../offline/hooks';
import { deleteOutboxEntry, flushOutbox, listOutbox, onOutboxChanged, retryNow, takeBack } from '../offline/outbox';
import { type OutboxEntry, type OutboxKind, outboxStatusLabels } from '../offline/outbox-types';

/** The user's records of one kind waiting on this phone (待上传 / 上传被拒), re-read on every change. */
export function useOutbox(userId: string, kind: OutboxKind): { entries: OutboxEntry[]; error: string | null } {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setEntries((await listOutbox(userId, kind)).filter((e) => e.status !== 'draft'));
      setError(null);
    } catch {
      setError('本机存储不可用（可能处于无痕模式），离线时无法保存记录');
    }
  }, [userId, kind]);
  useEffect(() => {
    void load();
    return onOutboxChanged(() => void load());
  }, [load]);
  return { entries, error };
}

/** 「照片 3 张」, and how many of them are on the server already while it is being sent. */
function PhotoCount({ entry }: { entry: OutboxEntry }) {
  const total = entry.blobIds?.length ?? 0;
  const up = entry.uploadedBlobIds?.filter((id) => entry.blobIds?.includes(id)).length ?? 0;
  return (
    <Tag icon={<CameraOutlined />} style={{ marginInlineEnd: 0 }} data-testid="outbox-photos">
      照片 {total} 张{up > 0 && up < total ? `（已传 ${up}）` : ''}
    </Tag>
  );
}

/**
 * The records of one kind kept on the phone, above the page's own list: each 待上传 (with the
 * next try) or 上传被拒 with the server's message, and 修改 (back into the form), 重试 and 删除.
 * Nothing shows when the outbox is empty.
 */
export function OutboxList({ userId, kind, onFix }: { userId: string; kind: OutboxKind; onFix?: (e: OutboxEntry) => void }) {
  const { entries, error } = useOutbox(userId, kind);
  const online = useOnline();
  const { message } = App.useApp();
  if (error) return <Alert type="warning" showIcon title={error} />;
  if (entries.length === 0) return null;
  const queued = entries.filter((e) => e.status === 'queued').length;
  const sendAll = async () => {
    const r = await flushOutbox(userId, true);
    if (r.offline) message.warning('仍无法连接服务器，联网后会自动上传');
  };
  return (
    <Card
      size="small"
      data-testid="outbox"
      title={
        <Space>
          <CloudUploadOutlined />
          <span>本机待上传</span>
          <Tag color="orange">{queued} 条</Tag>
        </Space>
      }
      extra={
        queued > 0 && (
          <Button size="small" icon={<ReloadOutlined />} onClick={sendAll}>
            {online ? '立即上传' : '离线中'}
          </Button>
        )
      }
      styles={{ body: { padding: '0 12px' } }}
    >
      <List
        dataSource={entries}
        renderItem={(e) => (
          <List.Item
            data-testid="outbox-item"
            actions={[
              ...(e.status === 'refused' && onFix
                ? [
                    <Button key="fix" size="small" type="link" icon={<EditOutlined />} onClick={async () => onFix((await takeBack(e.clientId)) ?? e)}>
                      修改
                    </Button>,
                  ]
                : []),
              ...(e.status === 'refused'
                ? [
                    <Button key="retry" size="small" type="link" onClick={() => void retryNow(e.clientId).then(sendAll)}>
                      重试
                    </Button>,
                  ]
                : []),
              <Popconfirm
                key="del"
                title={`删除这条未上传的记录${e.blobIds?.length ? `及其 ${e.blobIds.length} 张照片` : ''}？删除后无法恢复。`}
                okText="删除"
                cancelText="取消"
                onConfirm={() => deleteOutboxEntry(e.clientId)}
              >
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="删除" />
              </Popconfirm>,
            ]}
          >
            <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
              <Space size={6} wrap>
                <Tag color={e.status === 'refused' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
                  {outboxStatusLabels[e.status]}
                </Tag>
                <Typography.Text>{e.label}</Typography.Text>
                {(e.blobIds?.length ?? 0) > 0 && <PhotoCount entry={e} />}
              </Space>
              {e.status === 'queued' && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(e.createdAt).format('MM-DD HH:mm')} 保存在本机
                  {e.attempts > 0 && `，已尝试 ${e.attempts} 次${e.nextAt ? `，${dayjs(e.nextAt).format('HH:mm:ss')} 再试` : ''}`}
                </Typography.Text>
              )}
              {e.status === 'refused' && e.problem && (
                <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="outbox-problem">
                  {e.problem.message}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
