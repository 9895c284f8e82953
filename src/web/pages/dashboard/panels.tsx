import { Progress, Table } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { coverageOption, mapOption, noticesOption, pieOption, placesOption, trendOption } from './charts';
import type {
  CoveragePanel,
  HazardGroups,
  HazardRates,
  HazardTiles,
  HazardTrend,
  NoticesPanel,
  SchoolMap,
  SelfChecks,
  SupervisionSummary,
  TownshipRanking,
} from './dashboardTypes';
import { summaryLabels } from './dashboardTypes';
import { type ChartClick, EChart } from './EChart';
import { Figure } from './Figure';
import { MapTiles } from './MapTiles';
import { SanfangPanel } from './SanfangPanel';

type CampaignsData = {
  campaigns: {
    id: string;
    name: string;
    link: string;
    schools: number;
    hazards: { found: number; open: number };
    phases: {
      code: string;
      label: string;
      state: string;
      stateLabel: string;
      endsOn: string;
      done: number | null;
      schools: number;
      rate: number | null;
      laggards: number;
    }[];
  }[];
};

/** 专项行动进度: each running campaign's phases that have begun, with their completion and laggards (getCampaignProgress). */
function CampaignsPanel({ data, dark }: PanelProps<CampaignsData>) {
  if (!data.campaigns.length) return <Empty dark={dark} text="目前没有进行中的专项行动" />;
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      {data.campaigns.map((c) => (
        <div key={c.id}>
          <div style={{ fontSize: 13, color: dark ? '#c8d3e6' : undefined }}>
            <Link to={c.link}>{c.name}</Link>（{c.schools} 所学校；本行动隐患 {c.hazards.found} 条，未销号 {c.hazards.open} 条）
          </div>
          {c.phases
            .filter((p) => p.state !== 'upcoming' && p.done !== null)
            .map((p) => (
              <div key={p.code} style={{ fontSize: 12, color: dark ? '#c8d3e6' : undefined }}>
                {p.label}（{p.stateLabel}，至 {p.endsOn}）：完成 {p.done}/{p.schools} 所
                {p.laggards > 0 && <span style={{ color: '#f5222d' }}>；滞后 {p.laggards} 所</span>}
                <Progress percent={p.rate ?? 0} size="small" format={() => (p.rate === null ? '—' : `${p.rate}%`)} />
              </div>
            ))}
        </div>
      ))}
    </div>
  );
}

/**
 * How each server panel (src/server/dashboard/dashboard.registry.ts) is drawn, by key. A module
 * that registers a panel on the server adds its renderer here; until then the panel shows as a
 * list of its numbers (FallbackPanel).
 */
export type PanelProps<T> = { data: T; dark?: boolean; height?: number };
type Renderer = (p: PanelProps<never>) => ReactNode;

const row = { display: 'flex', flexWrap: 'wrap' as const, gap: 16, alignItems: 'flex-start' as const };

function useOpen() {
  const navigate = useNavigate();
  return (e: ChartClick) => {
    const link = (e.data as { link?: string } | undefined)?.link;
    if (link) navigate(link);
  };
}

function Tiles({ data, dark }: PanelProps<HazardTiles>) {
  return (
    <div style={{ ...row, justifyContent: 'space-between' }}>
      {data.tiles.map((t) => (
        <Figure key={t.key} label={t.label} value={t.value} link={t.link} alert={t.key !== 'open'} dark={dark} big testId={`tile-${t.key}`} />
      ))}
    </div>
  );
}

function Rates({ data, dark }: PanelProps<HazardRates>) {
  const ring = (label: string, v: number | null, color: string) => (
    <div style={{ textAlign: 'center' }}>
      <Progress type="circle" size={86} percent={v ?? 0} format={() => (v === null ? '—' : `${v}%`)} strokeColor={color} />
      <div style={{ fontSize: 13, marginTop: 4, color: dark ? '#8fa3bf' : undefined }}>{label}</div>
    </div>
  );
  return (
    <div style={{ ...row, justifyContent: 'space-around' }}>
      {ring('整改率', data.rectifiedRate, '#52c41a')}
      {ring('按期销号率', data.onTimeRate, '#1677ff')}
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
        <Figure label="本期发现" value={data.found.value} link={data.found.link} dark={dark} testId="rate-found" />
        <Figure label="已销号" value={data.closed.value} link={data.closed.link} dark={dark} testId="rate-closed" />
        <Figure label="未销号" value={data.open.value} link={data.open.link} dark={dark} />
        <Figure label="逾期" value={data.overdue.value} link={data.overdue.link} alert dark={dark} />
      </div>
    </div>
  );
}

function Trend({ data, dark, height = 260 }: PanelProps<HazardTrend>) {
  const open = useOpen();
  return <EChart option={trendOption(data, dark)} height={height} dark={dark} onClick={open} testId="chart-trend" />;
}

function Categories({ data, dark, height = 260 }: PanelProps<HazardGroups>) {
  const open = useOpen();
  if (!data.items.length) return <Empty dark={dark} />;
  return <EChart option={pieOption(data, dark)} height={height} dark={dark} onClick={open} testId="chart-categories" />;
}

function Places({ data, dark, height = 260 }: PanelProps<HazardGroups>) {
  const open = useOpen();
  if (!data.items.length) return <Empty dark={dark} />;
  return <EChart option={placesOption(data, dark)} height={height} dark={dark} onClick={open} testId="chart-places" />;
}

function Ranking({ data, dark, height }: PanelProps<TownshipRanking>) {
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      // On a phone the columns keep their widths and the table scrolls sideways (the names wrapped a character a line).
      scroll={{ x: 600, ...(height ? { y: height - 40 } : {}) }}
      className={dark ? 'bigscreen-table' : undefined}
      dataSource={data.rows}
      locale={{ emptyText: '本期没有数据' }}
      columns={[
        { title: '排名', dataIndex: 'rank', width: 56 },
        { title: '街道/教管中心', dataIndex: 'name', width: 150, render: (v: string, r) => <Link to={r.dashboardLink}>{v}</Link> },
        { title: '发现', dataIndex: 'found', width: 70, render: (v: number, r) => <Link to={r.link}>{v}</Link> },
        { title: '未销号', dataIndex: 'open', width: 70 },
        { title: '逾期', dataIndex: 'overdue', width: 64, render: (v: number, r) => <Link to={r.overdueLink}>{v}</Link> },
        { title: '整改率', dataIndex: 'rectifiedRate', width: 76, render: pct },
        { title: '按期销号率', dataIndex: 'onTimeRate', width: 92, render: pct },
      ]}
    />
  );
}

function Coverage({ data, dark, height = 240 }: PanelProps<CoveragePanel>) {
  const open = useOpen();
  const last = data.months.at(-1);
  if (!last) return <Empty dark={dark} />;
  return (
    <div>
      <div style={row}>
        <Figure label={`${last.label}覆盖率`} value={last.rate} suffix="%" link={last.link} dark={dark} testId="coverage-current" />
        <Figure label="已督查学校" value={last.done} dark={dark} />
        <Figure label="应督查学校" value={last.schools} dark={dark} />
      </div>
      <EChart option={coverageOption(data, dark)} height={height - 60} dark={dark} onClick={open} testId="chart-coverage" />
    </div>
  );
}

function Self({ data, dark }: PanelProps<SelfChecks>) {
  if (!data.items.length) return <Empty dark={dark} />;
  return (
    <div style={{ display: 'grid', gap: 10 }}>
      {data.items.map((i) => (
        <div key={i.code}>
          <div style={{ fontSize: 13, color: dark ? '#c8d3e6' : undefined }}>
            <Link to={data.link}>{i.label}</Link>（{i.current.period}）：已完成 {i.current.done}/{i.current.schools} 所
            {i.previous.overdue > 0 && <span style={{ color: '#f5222d' }}>；上期未完成 {i.previous.overdue} 所</span>}
          </div>
          <Progress percent={i.current.rate ?? 0} size="small" format={() => (i.current.rate === null ? '—' : `${i.current.rate}%`)} />
        </div>
      ))}
    </div>
  );
}

function Notices({ data, dark, height = 220 }: PanelProps<NoticesPanel>) {
  return (
    <div>
      <div style={row}>
        <Figure label="下达" value={data.issued.value} link={data.issued.link} dark={dark} testId="notices-issued" />
        <Figure label="已签收" value={data.acknowledged.value} dark={dark} />
        <Figure label="待签收" value={data.unacknowledged.value} link={data.unacknowledged.link} dark={dark} />
        <Figure label="逾期未回执" value={data.overdue.value} link={data.overdue.link} alert dark={dark} />
        <Figure label="执法处罚书" value={data.penalties.value} dark={dark} />
      </div>
      {data.byMonth.length > 1 && <EChart option={noticesOption(data, dark)} height={height - 70} dark={dark} testId="chart-notices" />}
    </div>
  );
}

export function SummaryFigures({ data, dark }: PanelProps<SupervisionSummary>) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(120px, 1fr))', gap: 12 }} data-testid="summary-figures">
      {summaryLabels.map(([key, label]) => (
        <Figure
          key={key}
          label={label}
          value={data[key] as number}
          link={data.links[key]}
          dark={dark}
          alert={key === 'hazardsOverdue'}
          testId={`summary-${key}`}
        />
      ))}
    </div>
  );
}

function SchoolMapPanel({ data, dark, height = 360 }: PanelProps<SchoolMap>) {
  const open = useOpen();
  if (!data.points.length) return <Empty dark={dark} text="学校档案中没有经纬度" />;
  return (
    <div>
      <div style={{ position: 'relative' }}>
        {data.tileUrl && <MapTiles url={data.tileUrl} points={data.points} height={height} />}
        <EChart option={mapOption(data, dark)} height={height} dark={dark} onClick={open} testId="chart-map" style={{ position: 'relative' }} />
      </div>
      {data.withoutPosition > 0 && <div style={{ fontSize: 12, color: '#8c8c8c' }}>另有 {data.withoutPosition} 所学校的档案中没有经纬度，未在图上显示</div>}
    </div>
  );
}

function Empty({ dark, text = '本期没有数据' }: { dark?: boolean | undefined; text?: string }) {
  return <div style={{ padding: 24, textAlign: 'center', color: dark ? '#8fa3bf' : '#8c8c8c' }}>{text}</div>;
}

/** A panel the web has no drawing for yet: its `{ label, value, link }` figures, if it has any. */
export function FallbackPanel({ data, dark }: PanelProps<{ figures?: { label: string; value: number; link?: string | null }[] }>) {
  const figures = data?.figures ?? [];
  if (!figures.length) return <Empty dark={dark} text="该统计项暂无图表" />;
  return (
    <div style={row}>
      {figures.map((f) => (
        <Figure key={f.label} label={f.label} value={f.value} link={f.link ?? null} dark={dark} />
      ))}
    </div>
  );
}

export const panelRenderers: Record<string, Renderer> = {
  hazardTiles: Tiles as Renderer,
  hazardRates: Rates as Renderer,
  hazardTrend: Trend as Renderer,
  hazardCategories: Categories as Renderer,
  hazardPlaces: Places as Renderer,
  townshipRanking: Ranking as Renderer,
  coverage: Coverage as Renderer,
  selfChecks: Self as Renderer,
  notices: Notices as Renderer,
  supervisionSummary: SummaryFigures as Renderer,
  schoolMap: SchoolMapPanel as Renderer,
  sanfang: SanfangPanel as Renderer,
  campaigns: CampaignsPanel as Renderer,
};
