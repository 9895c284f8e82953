import { SyncOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { formatTime } from '../../lib/format';
import { discardDraft } from '../../offline/drafts';
import { useLocalDrafts, useOnline, useSyncState } from '../../offline/hooks';
import { syncDrafts } from '../../offline/sync';
import { type DraftStatus, draftStatusLabels, type LocalDraft, progressOf } from '../../offline/types';

const statusColors: Record<DraftStatus, string> = { draft: 'default', queued: 'processing', synced: 'success', conflict: 'error' };

/**
 * 本机草稿 / 待同步: what this phone holds that the server may not have yet. A conflict or a
 * refusal stays here with the server's message until the user acts on it.
 */
export function LocalDraftsSection({ userId }: { userId: string }) {
  const { drafts, error } = useLocalDrafts(userId);
  const online = useOnline();
  const sync = useSyncState();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queued = (drafts ?? []).filter((d) => d.status === 'queued').length;

  // Opening the list is a good moment to send what waits.
  useEffect(() => {
    if (online && queued > 0) void syncDrafts(userId);
  }, [online, queued, userId]);

  if (error) return <Alert type="warning" showIcon title={error} style={{ marginBottom: 12 }} />;
  if (!drafts || drafts.length === 0) return null;

  const syncNow = async () => {
    const r = await syncDrafts(userId);
    if (r.offline) message.warning('无法连接服务器，联网后会自动同步');
    else if (r.sent > 0) message.success(`已同步 ${r.sent} 次检查`);
  };
  const syncText = !online ? '当前离线，联网后自动同步' : sync.running ? '正在同步…' : sync.lastRunAt ? `上次同步 ${formatTime(sync.lastRunAt)}` : '';

  return (
    <Card
      size="small"
      data-testid="local-drafts"
      title={
        <Space>
          <span>本机检查</span>
          {queued > 0 && <Badge count={`待同步 ${queued}`} style={{ background: '#1677ff' }} />}
        </Space>
      }
      extra={
        <Button size="small" icon={<SyncOutlined spin={sync.running && online} />} disabled={!online || queued === 0 || sync.running} onClick={syncNow}>
          同步
        </Button>
      }
      style={{ marginBottom: 12 }}
    >
      {syncText && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="sync-status">
          {syncText}
        </Typography.Text>
      )}
      <List
        size="small"
        dataSource={drafts}
        rowKey="clientId"
        renderItem={(d) => (
          <List.Item
            data-testid="local-draft"
            data-status={d.status}
            actions={actionsOf(d, navigate)}
            style={{ paddingInline: 0, flexWrap: 'wrap', rowGap: 4 }}
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <Tag color={statusColors[d.status]} style={{ marginInlineEnd: 0 }}>
                    {draftStatusLabels[d.status]}
                  </Tag>
                  <span>{d.template.name}</span>
                </Space>
              }
              description={<DraftFacts draft={d} />}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function DraftFacts({ draft: d }: { draft: LocalDraft }) {
  const { answered, total } = progressOf(d);
  return (
    <Space orientation="vertical" size={0}>
      <span>
        {d.school.name} · {d.levelLabel}
      </span>
      <span>
        {d.status === 'draft' ? `已检 ${answered}/${total} 项 · ` : ''}
        {formatTime(d.status === 'synced' ? d.syncedAt : d.updatedAt)}
      </span>
      {d.problem && d.status !== 'synced' && (
        <Typography.Text type={d.status === 'queued' ? 'secondary' : 'danger'} style={{ fontSize: 12 }} data-testid="local-draft-problem">
          {d.status === 'queued' ? `上次尝试：${d.problem.message}` : d.problem.message}
        </Typography.Text>
      )}
    </Space>
  );
}

function actionsOf(d: LocalDraft, navigate: (to: string) => void) {
  const open = () => navigate(`/inspections/run/${d.clientId}`);
  if (d.status === 'synced') {
    return d.serverId
      ? [
          <Button key="view" size="small" type="link" onClick={() => navigate(`/inspections/${d.serverId}`)}>
            查看记录
          </Button>,
        ]
      : [];
  }
  if (d.status === 'draft') {
    return [
      <Button key="go" size="small" type="primary" onClick={open}>
        继续
      </Button>,
      <Popconfirm
        key="del"
        title="删除这份本机草稿？"
        description="照片和签名一并删除，无法恢复。"
        okText="删除"
        okButtonProps={{ danger: true }}
        onConfirm={() => discardDraft(d.clientId)}
      >
        <Button size="small" danger type="text">
          删除
        </Button>
      </Popconfirm>,
    ];
  }
  return [
    <Button key="go" size="small" onClick={open}>
      查看
    </Button>,
  ];
}
