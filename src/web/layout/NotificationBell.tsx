import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Popover, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import type { Notification, NotificationList } from '../api/types';
import { formatTime } from '../lib/format';
import { useIsMobile } from '../lib/useIsMobile';

const POLL_MS = 60_000;
const RECENT = 20;

// One entry per kind of record a notification can link to (a module adds its own line).
const linkOfType: Record<string, (id: string) => string> = {
  hazard: (id) => `/hazards/${id}`,
  notice: (id) => `/notices/${id}`,
  inspection: (id) => `/inspections/${id}`,
  inspection_plan: () => '/plans',
  case: (id) => `/cases/${id}`,
  risk_alert: (id) => `/risk/alerts/${id}`,
  bulletin: (id) => `/bulletins/${id}`,
  meeting_task: (id) => `/meeting-tasks/${id}`,
  safety_period: () => '/safety-check-ins',
  report: () => '/reports?tab=list',
};

const linkOf = (n: Notification): string | null => {
  const link = n.entityType ? linkOfType[n.entityType] : undefined;
  return link && n.entityId ? link(n.entityId) : null;
};

/**
 * The inbox (站内消息): the unread count in the header, refreshed every minute and on every page
 * change; opening it lists the latest messages, and a click marks one read and opens its record.
 */
export function NotificationBell() {
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);

  const refreshCount = useCallback(() => {
    api
      .get<NotificationList>('/api/notifications', { unreadOnly: 'true', pageSize: 1 })
      .then((r) => setUnread(r.unread))
      .catch(() => {}); // a missed poll is retried on the next one
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a page change is a good moment to look again.
  useEffect(() => {
    refreshCount();
    const timer = setInterval(refreshCount, POLL_MS);
    return () => clearInterval(timer);
  }, [refreshCount, location.pathname]);

  const load = useCallback(() => {
    setItems(null);
    api
      .get<NotificationList>('/api/notifications', { pageSize: RECENT })
      .then((r) => {
        setItems(r.items);
        setUnread(r.unread);
      })
      .catch(() => setItems([]));
  }, []);

  const openOne = async (n: Notification) => {
    setOpen(false);
    if (!n.readAt) {
      await api.post(`/api/notifications/${n.id}/read`).catch(() => {});
      refreshCount();
    }
    const to = linkOf(n);
    if (to) navigate(to);
  };

  const readAll = async () => {
    await api.post('/api/notifications/read-all').catch(() => {});
    load();
  };

  const content = (
    <div style={isMobile ? undefined : { width: 380, maxHeight: 440, overflow: 'auto' }} data-testid="inbox">
      {items === null ? (
        <div style={{ padding: 24, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
      ) : (
        items.map((n) => (
          <button
            type="button"
            key={n.id}
            onClick={() => void openOne(n)}
            data-testid="inbox-item"
            style={{
              display: 'block',
              width: '100%',
              textAlign: 'left',
              border: 0,
              borderBottom: '1px solid #f0f0f0',
              background: n.readAt ? 'transparent' : '#f0f5ff',
              padding: '8px 6px',
              cursor: 'pointer',
            }}
          >
            <span style={{ display: 'flex', gap: 6, alignItems: 'flex-start' }}>
              <Badge status={n.readAt ? 'default' : 'processing'} />
              <span style={{ flex: 1, minWidth: 0 }}>
                <Typography.Text strong={!n.readAt} style={{ display: 'block' }}>
                  {n.title}
                </Typography.Text>
                {n.body && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
                    {n.body}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.kindLabel} · {formatTime(n.createdAt)}
                </Typography.Text>
              </span>
            </span>
          </button>
        ))
      )}
    </div>
  );

  const header = (
    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
      <span>消息</span>
      <Button type="link" size="small" disabled={unread === 0} onClick={readAll}>
        全部已读
      </Button>
    </Space>
  );
  const show = (o: boolean) => {
    setOpen(o);
    if (o) load();
  };
  const bell = (
    <Button type="text" aria-label={unread > 0 ? `消息，${unread} 条未读` : '消息'} data-testid="inbox-bell" onClick={isMobile ? () => show(true) : undefined}>
      <Badge count={unread} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );

  // A popover anchored at the bell runs off a phone's screen: there the inbox is a drawer.
  if (isMobile) {
    return (
      <>
        {bell}
        <Drawer
          placement="right"
          size={Math.min(420, window.innerWidth - 32)}
          open={open}
          onClose={() => setOpen(false)}
          title={header}
          styles={{ body: { padding: 8 } }}
        >
          {content}
        </Drawer>
      </>
    );
  }
  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={show} title={header} content={content}>
      {bell}
    </Popover>
  );
}
