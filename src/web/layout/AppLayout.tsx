import { BellOutlined, DownOutlined, LockOutlined, LogoutOutlined, MenuOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Layout, Menu, Typography, theme } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useCurrentUser } from '../auth/AuthContext';
import { PageLoading } from '../components/PageState';
import { useIsMobile } from '../lib/useIsMobile';
import { NotificationBell } from './NotificationBell';
import { groupedNav, navPathOf, visibleNav } from './nav';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const user = useCurrentUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();

  const items = groupedNav(visibleNav(user.role));
  const current = navPathOf(location.pathname);
  const menu = (
    <Menu
      mode="inline"
      theme="dark"
      selectedKeys={current ? [current] : []}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
    />
  );

  const userMenu = {
    items: [
      // On a phone the header has no room for these, so the menu says who is signed in.
      ...(isMobile
        ? [{ key: 'who', disabled: true, label: `${user.roleLabel} · ${user.orgUnitName || user.districtName}` }, { type: 'divider' as const }]
        : []),
      { key: 'password', icon: <LockOutlined />, label: '修改密码' },
      { key: 'notifications', icon: <BellOutlined />, label: '通知设置' },
      { type: 'divider' as const },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'password') navigate('/account/password');
      else if (key === 'notifications') navigate('/account/notifications');
      else void logout().then(() => navigate('/login', { replace: true }));
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isMobile && (
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={200}
          breakpoint="lg"
          // Sticky and viewport-tall: on a long page the menu stays put instead of ending mid-scroll.
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Brand collapsed={collapsed} />
          {/* The collapse trigger is pinned over the sider's last 48 px: keep the last entry above it. */}
          <div style={{ paddingBottom: 48 }}>{menu}</div>
        </Sider>
      )}
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          <Brand collapsed={false} />
          {menu}
        </Drawer>
      )}
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            padding: isMobile ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          {isMobile && <Button type="text" aria-label="打开菜单" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} />}
          <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
            护校安园
          </Typography.Text>
          {!isMobile && <Typography.Text type="secondary">{user.districtName}</Typography.Text>}
          <div style={{ flex: 1 }} />
          <NotificationBell />
          <Dropdown menu={userMenu} trigger={['click']}>
            <Button type="text" style={{ maxWidth: isMobile ? 130 : 360 }} data-testid="user-menu">
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                {user.displayName}
                {!isMobile && <Typography.Text type="secondary"> · {user.roleLabel}</Typography.Text>}
              </span>
              <DownOutlined />
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: isMobile ? 8 : 24, minWidth: 0 }}>
          {/* Inside the layout, so switching pages keeps the menu on screen while a page chunk loads. */}
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}

function Brand({ collapsed }: { collapsed: boolean }) {
  return (
    <div style={{ height: 64, display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 8, color: '#fff' }}>
      <SafetyCertificateOutlined style={{ fontSize: 22 }} />
      {!collapsed && <span style={{ fontSize: 16, fontWeight: 600 }}>护校安园</span>}
    </div>
  );
}
