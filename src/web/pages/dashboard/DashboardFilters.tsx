import { DatePicker, Segmented, Select } from 'antd';
import dayjs from 'dayjs';
import { useOrgUnits } from '../../api/hooks';
import { useIsMobile } from '../../lib/useIsMobile';
import { type DashboardQuery, periodLabels } from './dashboardQuery';
import type { PeriodKind } from './dashboardTypes';

type Props = { query: DashboardQuery; onChange: (patch: Partial<DashboardQuery>) => void; dark?: boolean };

/** 层级 (全区 / 街道·教管中心 / 学校) and 时间 (月度 / 学期 / 年度 / 自定义) pickers. */
export function DashboardFilters({ query, onChange, dark }: Props) {
  const isMobile = useIsMobile();
  const units = useOrgUnits(['township', 'centre', 'school']);
  const areas = (units.data ?? []).filter((u) => u.kind !== 'school');
  const schools = (units.data ?? []).filter((u) => u.kind === 'school' && (!query.areaId || u.parentId === query.areaId));
  const width = isMobile ? '100%' : 200;
  const day = query.date ? dayjs(query.date) : dayjs();
  const picker = query.period === 'month' ? 'month' : query.period === 'year' ? 'year' : 'date';
  const style = dark ? { width, colorScheme: 'dark' as const } : { width };

  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }} data-testid="dashboard-filters">
      <Segmented<PeriodKind>
        value={query.period}
        onChange={(period) => onChange({ period })}
        options={(['month', 'semester', 'year', 'custom'] as const).map((k) => ({ value: k, label: periodLabels[k] }))}
      />
      {query.period === 'custom' ? (
        <DatePicker.RangePicker
          aria-label="起止日期"
          allowClear={false}
          value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
          onChange={(r) => r?.[0] && r[1] && onChange({ from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') })}
          style={{ width: isMobile ? '100%' : 260 }}
        />
      ) : (
        <DatePicker
          picker={picker}
          aria-label={query.period === 'semester' ? '学期内的任一天' : '时间'}
          placeholder={query.period === 'semester' ? '学期内的任一天' : undefined}
          allowClear={false}
          value={day}
          onChange={(d) => d && onChange({ date: d.format('YYYY-MM-DD') })}
          style={style}
        />
      )}
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="全部街道/教管中心"
        aria-label="街道/教管中心"
        value={query.areaId || undefined}
        onChange={(v?: string) => onChange({ areaId: v ?? '', schoolId: '' })}
        options={areas.map((u) => ({ value: u.id, label: u.name }))}
        style={{ width }}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="全部学校"
        aria-label="学校"
        value={query.schoolId || undefined}
        onChange={(v?: string) => onChange({ schoolId: v ?? '' })}
        options={schools.map((u) => ({ value: u.id, label: u.name }))}
        style={{ width: isMobile ? '100%' : 240 }}
      />
    </div>
  );
}
