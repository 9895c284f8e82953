import { Alert, App, Button, Popconfirm, Space } from 'antd';
import { useNavigate } from 'react-router';
import { formatTime } from '../../lib/format';
import { copyAsNewDraft, discardDraft, withdrawDraft } from '../../offline/drafts';
import { useOnline, useSyncState } from '../../offline/hooks';
import { syncDrafts } from '../../offline/sync';
import type { LocalDraft } from '../../offline/types';

/**
 * Where a submitted check stands on its way to the server: waiting for a network, being sent,
 * sent (with the link to the record), refused by the server (its message), or in conflict
 * with a copy already on the server (both kept; the user decides).
 */
export function DraftStatusBanner({ draft, userId }: { draft: LocalDraft; userId: string }) {
  const online = useOnline();
  const sync = useSyncState();
  const navigate = useNavigate();
  const { message } = App.useApp();

  const syncNow = () =>
    void syncDrafts(userId).then((r) => {
      if (r.offline) message.warning('仍无法连接服务器，联网后会自动同步');
    });

  if (draft.status === 'synced') {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="sync-state"
        title="已提交并同步到服务器"
        description={
          <Actions text={draft.syncedAt ? `同步时间 ${formatTime(draft.syncedAt)}` : ''}>
            {draft.serverId && (
              <Button size="small" type="primary" onClick={() => navigate(`/inspections/${draft.serverId}`)}>
                查看检查记录
              </Button>
            )}
          </Actions>
        }
      />
    );
  }

  if (draft.status === 'queued') {
    const sending = sync.running && online;
    const title = sending ? '正在同步…' : online ? '已提交，等待同步' : '已提交，等待同步：当前离线，联网后自动上传';
    return (
      <Alert
        type="info"
        showIcon
        data-testid="sync-state"
        title={title}
        description={
          <Actions text={draft.problem && !sending ? `上次尝试 ${formatTime(draft.problem.at)}：${draft.problem.message}` : '检查已保存在本机，不会丢失。'}>
            <Button size="small" type="primary" disabled={!online || sending} onClick={syncNow}>
              同步
            </Button>
            <Button size="small" disabled={sending} onClick={() => void withdrawDraft(draft.clientId)}>
              撤回修改
            </Button>
          </Actions>
        }
      />
    );
  }

  if (draft.status === 'conflict') {
    const saveAsNew = async () => {
      const id = await copyAsNewDraft(draft.clientId);
      if (id) navigate(`/inspections/run/${id}`);
    };
    return (
      <Alert
        type="error"
        showIcon
        data-testid="sync-state"
        title="同步冲突：服务器上已有不同的已提交记录"
        description={
          <Actions text={`${draft.problem?.message ?? ''} 本机副本已保留：可另存为一次新检查再提交，或确认服务器上的记录无误后删除本机副本。`}>
            <Button size="small" type="primary" onClick={saveAsNew}>
              另存为新检查
            </Button>
            <Popconfirm
              title="删除本机副本？"
              description="服务器上的记录不受影响，本机内容删除后无法恢复。"
              okText="删除"
              okButtonProps={{ danger: true }}
              onConfirm={() => discardDraft(draft.clientId)}
            >
              <Button size="small" danger>
                删除本机副本
              </Button>
            </Popconfirm>
          </Actions>
        }
      />
    );
  }

  if (draft.problem) {
    // The details are shown next to the items they name.
    return <Alert type="warning" showIcon data-testid="sync-state" title="服务器未接受提交，请修改后重新提交" description={draft.problem.message} />;
  }
  return null;
}

/** The message, then the buttons on their own row: a phone has no room for a column of buttons beside the text. */
function Actions({ text, children }: { text: string; children: React.ReactNode }) {
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {text && <span>{text}</span>}
      <Space wrap size={8}>
        {children}
      </Space>
    </Space>
  );
}
