import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

// Only what the dashboard draws: echarts/core plus these (tree-shaken; the full import is twice the size).
echarts.use([BarChart, LineChart, PieChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, GraphicComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
/** What a click on a bar, slice or point carries: the item's data (our items keep their `link`). */
export type ChartClick = { data?: unknown; dataIndex: number; seriesIndex?: number };

type Props = {
  option: ChartOption;
  height: number | string;
  dark?: boolean;
  onClick?: (e: ChartClick) => void;
  testId?: string;
  style?: CSSProperties;
};

/**
 * A small ECharts host (no echarts-for-react): one instance per element, the option replaced on
 * change, resized with its box, disposed on unmount.
 */
export function EChart({ option, height, dark, onClick, testId, style }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => click.current?.(e as unknown as ChartClick));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} data-testid={testId} style={{ width: '100%', height, ...style }} />;
}
