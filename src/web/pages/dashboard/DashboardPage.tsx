import { FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { canSee } from '../../layout/nav';
import { useIsMobile } from '../../lib/useIsMobile';
import { DashboardFilters } from './DashboardFilters';
import { apiParams, type DashboardQuery, queryKey, readQuery, writeQuery } from './dashboardQuery';
import type { Dashboard } from './dashboardTypes';
import { FallbackPanel, panelRenderers } from './panels';

/** Column spans (of 24) on a wide screen; a panel the layout does not know takes half a row. */
const spans: Record<string, number> = {
  hazardTiles: 12,
  hazardRates: 12,
  hazardTrend: 12,
  coverage: 12,
  hazardCategories: 8,
  hazardPlaces: 8,
  selfChecks: 8,
  townshipRanking: 12,
  schoolMap: 12,
  notices: 12,
  supervisionSummary: 12,
};

const levelLabels: Record<Dashboard['level'], string> = { district: '全区', area: '权限范围内', township: '街道/教管中心', school: '学校' };

export function useDashboard(query: DashboardQuery) {
  return useLoad(() => api.get<Dashboard>('/api/dashboard', apiParams(query)), `dashboard:${queryKey(query)}`);
}

export default function DashboardPage() {
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const query = readQuery(sp);
  const dashboard = useDashboard(query);
  const d = dashboard.data;
  const update = (patch: Partial<DashboardQuery>) => setSp(writeQuery({ ...query, ...patch }));
  useEffect(() => {
    document.title = '数据看板 - 护校安园';
  }, []);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="dashboard-page">
      <Card size="small" styles={{ body: { padding: isMobile ? 8 : 12 } }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            数据看板
            {d && (
              <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }} data-testid="dashboard-heading">
                {d.scopeName || levelLabels[d.level]} · {d.period.label}（{d.period.from} 至 {d.period.to}）· 学校 {d.schools} 所
              </Typography.Text>
            )}
          </Typography.Title>
          <Space>
            <Button icon={<ReloadOutlined />} onClick={dashboard.reload} loading={dashboard.loading}>
              刷新
            </Button>
            {canSee(user.role, 'bigscreen') && (
              <Link to={`/bigscreen?${writeQuery(query).toString()}`}>
                <Button icon={<FullscreenOutlined />}>大屏</Button>
              </Link>
            )}
          </Space>
        </div>
        <div style={{ marginTop: 8 }}>
          <DashboardFilters query={query} onChange={update} />
        </div>
      </Card>
      {dashboard.error && <Alert type="error" showIcon title={dashboard.error} />}
      <Row gutter={[12, 12]}>
        {d?.panels.map((p) => {
          const Render = panelRenderers[p.key] ?? FallbackPanel;
          return (
            <Col key={p.key} xs={24} xl={spans[p.key] ?? 12}>
              <Card size="small" title={p.title} style={{ height: '100%' }} data-testid={`panel-${p.key}`}>
                <Render data={p.data as never} />
              </Card>
            </Col>
          );
        })}
      </Row>
      {d && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          数据截至 {new Date(d.generatedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}；点击数字或图形可打开对应的清单。
        </Typography.Text>
      )}
    </Space>
  );
}
