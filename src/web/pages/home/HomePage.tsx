import { DashboardOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { PageLoading } from '../../components/PageState';
import { useIsMobile } from '../../lib/useIsMobile';
import { CountGrid, CountLines, DutyList, InboxList } from './WorkbenchParts';
import type { Workbench, WorkbenchSection } from './workbenchTypes';

/**
 * 工作台: the home page of every role. What it lists comes from the server's registry of to-do
 * sources (GET /api/workbench); every number links to the list that produced it.
 */
export default function HomePage() {
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const wb = useLoad(() => api.get<Workbench>('/api/workbench'), user.id);
  const isSchoolUser = ['principal', 'school_safety_officer', 'staff'].includes(user.role);
  const data = wb.data;
  if (!data && wb.loading) return <PageLoading />;

  const sectionCard = (s: WorkbenchSection) => (
    <Card
      key={s.key}
      size="small"
      title={s.title}
      data-testid={`wb-section-${s.key}`}
      styles={{ body: { padding: isMobile ? '4px 8px 8px' : '8px 12px 12px' } }}
      extra={s.key === 'duties' ? <Link to={isSchoolUser ? '/compliance-calendar' : '/obligations'}>全部</Link> : undefined}
    >
      {s.key === 'duties' ? (
        // A module's to-do without a duty period (今日在线巡检未完成) is a count like the queues.
        <>
          {s.items.some((i) => !i.duty) && <CountLines items={s.items.filter((i) => !i.duty)} />}
          {s.items.some((i) => i.duty) && <DutyList items={s.items.filter((i) => i.duty)} countLines={s.items.filter((i) => !i.duty).length} />}
        </>
      ) : s.key === 'inbox' ? (
        <InboxList item={s.items[0] as Workbench['sections'][number]['items'][number]} onRead={wb.reload} />
      ) : (
        <CountGrid items={s.items} onUrged={wb.reload} narrow={s.key === 'notices'} />
      )}
    </Card>
  );
  const sections = data?.sections ?? [];
  const main = sections.filter((s) => s.key !== 'notices' && s.key !== 'inbox');
  const side = sections.filter((s) => s.key === 'notices' || s.key === 'inbox');
  const dashboardCard = data?.dashboard && (
    <Card size="small" data-testid="wb-dashboard">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <span>
          <DashboardOutlined /> 隐患、覆盖、趋势与排名的统计图表
        </span>
        <Link to={data.dashboard.link}>打开{data.dashboard.label}</Link>
      </Space>
    </Card>
  );
  // On a phone the cards stack: today's duties, the school's hazards and the notices to sign come
  // first (the first screen), the modules' other sections (cases …) after them, the inbox last.
  const first = ['duties', 'school_hazards', 'notices'];
  const phoneOrder = [
    ...first.flatMap((k) => sections.filter((s) => s.key === k)),
    ...sections.filter((s) => !first.includes(s.key) && s.key !== 'inbox'),
    ...sections.filter((s) => s.key === 'inbox'),
  ];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: isMobile ? 8 : 16 }} data-testid="workbench">
      <Card size="small" styles={{ body: { padding: isMobile ? '8px 12px' : '12px 16px' } }}>
        <Space size={[8, 0]} wrap align="baseline" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text strong style={{ fontSize: isMobile ? 15 : 18 }}>
            您好，{user.displayName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {user.roleLabel} · {user.orgUnitName || user.districtName}
            {data && ` · ${data.today}`}
          </Typography.Text>
        </Space>
        <Typography.Paragraph
          data-testid="abilities"
          style={{ fontSize: 12, margin: '2px 0 0', color: 'rgba(0,0,0,0.65)' }}
          ellipsis={isMobile ? { rows: 1, expandable: true, symbol: '展开' } : false}
        >
          <b>权限：</b>
          {(data?.abilities ?? []).map((a) => `${a.area}：${a.text}`).join('；')}
        </Typography.Paragraph>
      </Card>
      {wb.error && (
        <Alert
          type="error"
          showIcon
          title={wb.error}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={wb.reload}>
              重试
            </Button>
          }
        />
      )}
      {isMobile ? (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {phoneOrder.map(sectionCard)}
          {dashboardCard}
        </div>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={16}>
            <div style={{ display: 'flex', flexDirection: 'column', gap: isMobile ? 8 : 16 }}>{main.map(sectionCard)}</div>
          </Col>
          <Col xs={24} lg={8}>
            <div style={{ display: 'flex', flexDirection: 'column', gap: isMobile ? 8 : 16 }}>
              {dashboardCard}
              {side.map(sectionCard)}
            </div>
          </Col>
        </Row>
      )}
    </div>
  );
}
