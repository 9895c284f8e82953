import type { CoveragePanel, HazardGroups, HazardTrend, NoticesPanel, SchoolMap } from './dashboardTypes';
import type { ChartOption } from './EChart';

/** The ECharts options of the panels; each data item keeps its `link` so a click opens the list behind it. */
const text = (dark?: boolean) => (dark ? '#c8d3e6' : '#333');
const base = (dark?: boolean): ChartOption => ({
  backgroundColor: 'transparent',
  textStyle: { fontFamily: 'inherit', color: text(dark) },
  tooltip: { trigger: 'axis' },
  grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
});

export function trendOption(t: HazardTrend, dark?: boolean): ChartOption {
  const month = (m: string) => `${Number(m.slice(5))}月`;
  return {
    ...base(dark),
    legend: { top: 0, textStyle: { color: text(dark) } },
    xAxis: { type: 'category', data: t.months.map((m) => (t.months.length > 12 ? m.month : month(m.month))) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '发现', type: 'bar', data: t.months.map((m) => ({ value: m.found, link: m.link })), itemStyle: { color: '#fa8c16' } },
      { name: '已销号', type: 'bar', data: t.months.map((m) => ({ value: m.closed, link: m.closedLink })), itemStyle: { color: '#52c41a' } },
    ],
  };
}

export function pieOption(g: HazardGroups, dark?: boolean): ChartOption {
  return {
    ...base(dark),
    tooltip: { trigger: 'item', formatter: '{b}：{c} 条（{d}%）' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', textStyle: { color: text(dark) } },
    series: [
      {
        type: 'pie',
        radius: ['38%', '68%'],
        center: ['38%', '52%'],
        label: { show: false },
        data: g.items.map((i) => ({ name: i.label, value: i.found, link: i.link })),
      },
    ],
  };
}

export function placesOption(g: HazardGroups, dark?: boolean): ChartOption {
  const items = [...g.items].slice(0, 12).reverse();
  return {
    ...base(dark),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: items.map((i) => i.label) },
    series: [{ name: '隐患', type: 'bar', data: items.map((i) => ({ value: i.found, link: i.link })), itemStyle: { color: '#1677ff' } }],
  };
}

export function coverageOption(c: CoveragePanel, dark?: boolean): ChartOption {
  return {
    ...base(dark),
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${v}%`) },
    xAxis: { type: 'category', data: c.months.map((m) => `${Number(m.month.slice(5))}月`) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '覆盖率',
        type: 'line',
        smooth: true,
        areaStyle: { opacity: 0.15 },
        data: c.months.map((m) => ({ value: m.rate, link: m.link })),
        itemStyle: { color: '#13c2c2' },
        label: { show: c.months.length <= 12, formatter: '{c}%', color: text(dark) },
      },
    ],
  };
}

export function noticesOption(n: NoticesPanel, dark?: boolean): ChartOption {
  return {
    ...base(dark),
    legend: { top: 0, textStyle: { color: text(dark) } },
    xAxis: { type: 'category', data: n.byMonth.map((m) => `${Number(m.month.slice(5))}月`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '整改通知书', type: 'bar', data: n.byMonth.map((m) => m.notices), itemStyle: { color: '#722ed1' } },
      { name: '执法处罚书', type: 'bar', data: n.byMonth.map((m) => m.penalties), itemStyle: { color: '#eb2f96' } },
    ],
  };
}

/** Schools on longitude/latitude, no map tiles: red with overdue hazards, orange with open ones, green otherwise. */
export const MAP_GRID = { left: 8, right: 8, top: 32, bottom: 8 };

/** The longitude/latitude box the map shows: the schools with a small margin. */
export function mapBounds(points: SchoolMap['points']) {
  const lngs = points.map((p) => p.lng);
  const lats = points.map((p) => p.lat);
  const pad = (lo: number, hi: number) => Math.max((hi - lo) * 0.06, 0.005);
  const [a, b, c, d] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  return { x0: a - pad(a, b), x1: b + pad(a, b), y0: c - pad(c, d), y1: d + pad(c, d) };
}

export function mapOption(m: SchoolMap, dark?: boolean): ChartOption {
  const { x0, x1, y0, y1 } = mapBounds(m.points);
  const group = (name: string, color: string, test: (p: SchoolMap['points'][number]) => boolean) => ({
    name,
    type: 'scatter',
    itemStyle: { color, opacity: 0.85 },
    symbolSize: (v: number[]) => Math.min(26, 7 + Math.sqrt(v[2] ?? 0) * 3),
    data: m.points.filter(test).map((p) => ({ name: p.name, value: [p.lng, p.lat, p.open, p.overdue], link: `/schools/${p.id}`, parent: p.parentName })),
  });
  return {
    ...base(dark),
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: { name: string; value: number[]; parent: string | null } }) =>
        `${p.data.name}<br/>${p.data.parent ?? ''}<br/>未销号 ${p.data.value[2]} 条，逾期 ${p.data.value[3]} 条`,
    },
    legend: { top: 0, textStyle: { color: text(dark) } },
    grid: MAP_GRID,
    xAxis: { type: 'value', min: x0, max: x1, show: false },
    yAxis: { type: 'value', min: y0, max: y1, show: false },
    series: [
      group('无未销号隐患', '#52c41a', (p) => p.open === 0),
      group('有未销号隐患', '#fa8c16', (p) => p.open > 0 && p.overdue === 0),
      group('有逾期隐患', '#f5222d', (p) => p.overdue > 0),
    ],
  };
}
