import { Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { PanelCounts } from './PanelCounts';
import type { PanelProps } from './schoolFileTypes';

type RouteRow = {
  code: string;
  label: string;
  today: number;
  week: number;
  requiredToday: number | null;
  requiredWeek: number | null;
  /** A daily number due on school days only, and today is none. */
  notDueToday?: boolean;
};
type Detail = { routes: RouteRow[]; rosterDaysThisMonth: number; daysSoFar: number };

const vs = (n: number, required: number | null) => (
  <Typography.Text type={required !== null && n < required ? 'danger' : undefined}>
    {n}
    {required !== null && ` / ${required}`}
  </Typography.Text>
);

/** 巡查与值班: patrols today and this week by route against the pack's daily number (when it states one), and the roster. */
export function PatrolPanel({ school, panel }: PanelProps) {
  const d = panel.detail as Detail | undefined;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <PanelCounts counts={panel.counts} testIdPrefix="patrol" />
      <Table<RouteRow>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={d?.routes ?? []}
        columns={[
          { title: '巡查路线', dataIndex: 'label' },
          {
            title: '今日',
            key: 'today',
            render: (_, r) => (
              <>
                {vs(r.today, r.requiredToday)}
                {r.notDueToday && <Typography.Text type="secondary">（今日非上学日，无需巡查）</Typography.Text>}
              </>
            ),
          },
          { title: '本周', key: 'week', render: (_, r) => vs(r.week, r.requiredWeek) },
        ]}
      />
      {d && (
        <Typography.Text type="secondary">
          本月已排值班 {d.rosterDaysThisMonth} / {d.daysSoFar} 天 · <Link to={`/duty-roster?schoolId=${school.id}`}>查看值班表</Link> ·{' '}
          <Link to={`/patrol-logs?schoolId=${school.id}`}>全部巡查记录</Link>
        </Typography.Text>
      )}
    </Space>
  );
}
