import { Space, Typography } from 'antd';
import type { ObligationCell } from '../../../domain/coverage';
import type { Period } from '../../../domain/periods';
import { usePolicyPack } from '../checklists/checklistTypes';
import { CoverageGrid, Legend } from '../coverage/CoverageGrid';
import type { ObligationInfo } from '../coverage/coverageTypes';
import type { PanelProps } from './schoolFileTypes';

type Detail = { obligation: ObligationInfo; periods: Period[]; cells: ObligationCell[] };

/** 督查覆盖 by month: the school's row of the coverage grid, drawn by the grid itself. */
export function CoveragePanel({ school, panel }: PanelProps) {
  const pack = usePolicyPack();
  const d = panel.detail as Detail;
  const row = { school: { id: school.id, name: school.name, code: school.code, parentId: school.parentId, parentName: school.parentName }, cells: d.cells };
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {d.obligation.label}（{d.obligation.periodLabel} {d.obligation.count} 次）
      </Typography.Text>
      <CoverageGrid view="month" periods={d.periods} rows={d.cells.length ? [row] : []} pack={pack.data} loading={false} />
      <Legend />
    </Space>
  );
}
