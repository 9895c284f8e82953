import { ConfigProvider, theme } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useDashboard } from './DashboardPage';
import { readQuery } from './dashboardQuery';
import { FallbackPanel, panelRenderers } from './panels';

/**
 * 大屏: the district dashboard full-screen and dark for the command centre's 1920×1080 screen.
 * It reloads itself every minute (the same GET /api/dashboard as the dashboard page, same view
 * from the URL) and keeps showing the last figures if a reload fails.
 */
const REFRESH_MS = 60_000;
const BG = '#06142b';
const PANEL_BG = 'rgba(16, 42, 84, 0.55)';

/** Where each panel sits on the 3-column grid; a panel not listed joins the right column. */
const areas: Record<string, { area: string; height: number }> = {
  hazardTiles: { area: 'tiles', height: 0 },
  hazardRates: { area: 'l1', height: 0 },
  hazardCategories: { area: 'l2', height: 230 },
  hazardPlaces: { area: 'l3', height: 230 },
  schoolMap: { area: 'map', height: 470 },
  hazardTrend: { area: 'trend', height: 230 },
  townshipRanking: { area: 'r1', height: 300 },
  coverage: { area: 'r2', height: 230 },
  notices: { area: 'r3', height: 200 },
};
const hidden = new Set(['selfChecks', 'supervisionSummary']);

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return <span>{now.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}</span>;
}

function Box({ title, area, children }: { title: string; area: string; children: ReactNode }) {
  return (
    <section
      style={{ gridArea: area, background: PANEL_BG, border: '1px solid #1f4b8f', borderRadius: 6, padding: '8px 12px', minHeight: 0, overflow: 'hidden' }}
    >
      <div style={{ color: '#5cdbd3', fontSize: 16, fontWeight: 600, marginBottom: 6, borderLeft: '3px solid #13c2c2', paddingLeft: 8 }}>{title}</div>
      {children}
    </section>
  );
}

export default function BigScreenPage() {
  const [sp] = useSearchParams();
  const query = readQuery(sp);
  const dashboard = useDashboard(query);
  const { reload } = dashboard;
  useEffect(() => {
    document.title = '数据大屏 - 护校安园';
    const t = setInterval(reload, REFRESH_MS);
    return () => clearInterval(t);
  }, [reload]);
  const d = dashboard.data;

  return (
    <ConfigProvider
      theme={{
        algorithm: theme.darkAlgorithm,
        token: { colorBgContainer: 'transparent' },
        components: { Table: { headerBg: 'rgba(19, 194, 194, 0.12)', headerColor: '#5cdbd3', rowHoverBg: 'rgba(22, 119, 255, 0.15)', cellPaddingBlockSM: 5 } },
      }}
    >
      <div
        data-testid="bigscreen"
        style={{
          position: 'fixed',
          inset: 0,
          background: `radial-gradient(ellipse at 50% 0%, #0d2d5e 0%, ${BG} 70%)`,
          color: '#c8d3e6',
          display: 'grid',
          gridTemplateRows: '64px 1fr',
          overflow: 'hidden',
        }}
      >
        <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '0 24px', borderBottom: '1px solid #1f4b8f' }}>
          <Link to={`/dashboard?${sp.toString()}`} style={{ color: '#8fa3bf', fontSize: 14 }}>
            ← 返回数据看板
          </Link>
          <h1 style={{ margin: 0, fontSize: 30, letterSpacing: 4, color: '#e6f4ff', fontWeight: 700 }}>{d?.scopeName ?? ''}学校安全风险防控数据大屏</h1>
          <div style={{ fontSize: 14, textAlign: 'right' }}>
            <div>
              <Clock />
            </div>
            <div style={{ color: '#8fa3bf' }} data-testid="bigscreen-period">
              {d ? `${d.period.label} · 学校 ${d.schools} 所 · 每分钟自动刷新` : dashboard.error ? `加载失败：${dashboard.error}` : '加载中…'}
            </div>
          </div>
        </header>
        <main
          style={{
            display: 'grid',
            gap: 12,
            padding: 12,
            minHeight: 0,
            gridTemplateColumns: '1fr 1.35fr 1fr',
            gridTemplateRows: 'auto auto 1fr 1fr',
            gridTemplateAreas: `"l1 tiles r1" "l1 map r1" "l2 map r2" "l3 trend r3"`,
          }}
        >
          {d?.panels
            .filter((p) => !hidden.has(p.key))
            .map((p) => {
              const Render = panelRenderers[p.key] ?? FallbackPanel;
              const place = areas[p.key] ?? { area: 'r3', height: 200 };
              return (
                <Box key={p.key} title={p.title} area={place.area}>
                  <Render data={p.data as never} dark height={place.height || undefined} />
                </Box>
              );
            })}
        </main>
      </div>
    </ConfigProvider>
  );
}
