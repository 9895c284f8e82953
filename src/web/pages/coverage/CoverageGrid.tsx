import { Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { CellStatus, ObligationCell } from '../../../domain/coverage';
import type { Period } from '../../../domain/periods';
import { SchoolLink } from '../../components/SchoolLink';
import { useIsMobile } from '../../lib/useIsMobile';
import { levelLabel, type PolicyPack } from '../checklists/checklistTypes';
import { type CoverageView, periodHeading } from './coverageQuery';
import { cellColors, cellStatusLabels, type SchoolRef } from './coverageTypes';

type Row = { school: SchoolRef; cells: ObligationCell[] };

type Props = {
  view: CoverageView;
  periods: Period[];
  rows: Row[];
  pack: PolicyPack | undefined;
  loading: boolean;
};

/** 学 教 责 …: the first character of each level that covered the school in the period. */
const initials = (pack: PolicyPack | undefined, cell: ObligationCell) => cell.levels.map((l) => levelLabel(pack, l).slice(0, 1)).join('');

function cellText(pack: PolicyPack | undefined, cell: ObligationCell): string {
  if (cell.status === 'done') return initials(pack, cell) || '✓';
  if (cell.status === 'overdue') return cell.done > 0 ? `${cell.done}/${cell.required}` : '逾期';
  if (cell.status === 'open') return `${cell.done}/${cell.required}`;
  return '';
}

function cellTip(pack: PolicyPack | undefined, period: Period, cell: ObligationCell) {
  return (
    <div style={{ fontSize: 12 }}>
      <div>
        {period.label}：{cellStatusLabels[cell.status]}
      </div>
      <div>
        已检查 {cell.done} 次，要求 {cell.required} 次
      </div>
      {cell.levels.length > 0 && <div>层级：{cell.levels.map((l) => levelLabel(pack, l)).join('、')}</div>}
      {cell.lastDay && <div>最近一次：{cell.lastDay}</div>}
      {cell.status !== 'done' && <div>截止：{cell.dueDate}</div>}
    </div>
  );
}

export function GridCell({ pack, period, cell }: { pack: PolicyPack | undefined; period: Period; cell: ObligationCell | undefined }) {
  if (!cell) return null;
  const c = cellColors[cell.status];
  return (
    <Tooltip title={cellTip(pack, period, cell)} mouseEnterDelay={0.2}>
      <div
        data-testid="coverage-cell"
        data-status={cell.status}
        style={{
          background: c.bg,
          color: c.fg,
          border: `1px solid ${c.border}`,
          borderRadius: 4,
          height: 26,
          lineHeight: '24px',
          textAlign: 'center',
          fontSize: 12,
          fontWeight: cell.status === 'overdue' ? 600 : undefined,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
        }}
      >
        {cellText(pack, cell)}
      </div>
    </Tooltip>
  );
}

export function Legend() {
  const order: CellStatus[] = ['done', 'open', 'overdue', 'upcoming', 'none'];
  return (
    <Space size={[12, 4]} wrap style={{ fontSize: 12 }}>
      {order.map((s) => (
        <span key={s} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <span style={{ width: 14, height: 14, borderRadius: 3, background: cellColors[s].bg, border: `1px solid ${cellColors[s].border}` }} />
          {cellStatusLabels[s]}
        </span>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        已完成格内为检查层级首字（学＝学校自查、责＝责任督学…），悬停或点按看详情
      </Typography.Text>
    </Space>
  );
}

/**
 * The school × period grid. 270 schools stay smooth: the table is virtual (only the rows on
 * screen are rendered) and the school column stays put while the periods scroll sideways.
 */
export function CoverageGrid({ view, periods, rows, pack, loading }: Props) {
  const isMobile = useIsMobile();
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const available = useWidth(box);
  const schoolWidth = isMobile ? 112 : 220;
  const minCell = view === 'week' ? (isMobile ? 56 : 68) : isMobile ? 52 : 72;
  // Few periods spread over the width (up to 240 px a cell); many scroll sideways.
  const cellWidth = Math.max(minCell, Math.min(240, Math.floor((available - schoolWidth - 2) / Math.max(periods.length, 1))));
  const columns: ColumnsType<Row> = [
    {
      title: `学校（${rows.length}）`,
      key: 'school',
      fixed: 'left',
      width: schoolWidth,
      render: (_: unknown, r) => (
        <div style={{ lineHeight: 1.3, overflow: 'hidden' }} data-testid="coverage-school">
          <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={r.school.name}>
            <SchoolLink id={r.school.id} name={r.school.name} />
          </div>
          <div style={{ fontSize: 11, color: 'rgba(0,0,0,0.45)', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {r.school.parentName}
          </div>
        </div>
      ),
    },
    ...periods.map((p, i) => {
      const h = periodHeading(view, p.key, p.start, isMobile, p.label);
      return {
        title: (
          <Tooltip title={p.label}>
            <div style={{ textAlign: 'center', lineHeight: 1.2 }}>
              <div>{h.title}</div>
              <div style={{ fontSize: 11, fontWeight: 'normal', color: 'rgba(0,0,0,0.45)' }}>{h.sub}</div>
            </div>
          </Tooltip>
        ),
        key: p.key,
        width: cellWidth,
        onCell: () => ({ style: { padding: 3 } }),
        render: (_: unknown, r: Row) => <GridCell pack={pack} period={p} cell={r.cells[i]} />,
      };
    }),
  ];
  const width = schoolWidth + cellWidth * periods.length;
  return (
    <div ref={setBox}>
      <Table<Row>
        data-testid="coverage-grid"
        rowKey={(r) => r.school.id}
        size="small"
        bordered
        virtual
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: width, y: isMobile ? 420 : 560 }}
        style={{ maxWidth: width + 2 }}
      />
    </div>
  );
}

/** A district-wide duty (联合督检每周不少于 2 天): one cell per period, no schools. */
export function DistrictDutyRow({
  view,
  label,
  periods,
  cells,
  pack,
}: {
  view: CoverageView;
  label: string;
  periods: Period[];
  cells: ObligationCell[];
  pack: PolicyPack | undefined;
}) {
  return (
    <div data-testid="coverage-district-duty">
      <Typography.Text strong style={{ fontSize: 13 }}>
        {label}
      </Typography.Text>
      <div style={{ display: 'flex', gap: 4, overflowX: 'auto', marginTop: 4 }}>
        {periods.map((p, i) => (
          <div key={p.key} style={{ flex: '0 0 64px', textAlign: 'center', fontSize: 11, color: 'rgba(0,0,0,0.45)' }}>
            {periodHeading(view, p.key, p.start, true, p.label).title}
            <GridCell pack={pack} period={p} cell={cells[i]} />
          </div>
        ))}
      </div>
    </div>
  );
}

/** The width of an element, followed as the window (or the side menu) changes it. */
function useWidth(el: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return width;
}
