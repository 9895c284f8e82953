import { Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router';
import type { RateCell } from '../../../domain/coverage';
import type { Period } from '../../../domain/periods';
import { useIsMobile } from '../../lib/useIsMobile';
import { type CoverageView, periodHeading } from './coverageQuery';
import { formatRate, rateColor, type SchoolRef } from './coverageTypes';

function RateText({ cell }: { cell: RateCell | undefined }) {
  if (!cell) return null;
  return (
    <Tooltip title={`${cell.done}/${cell.schools} 所完成${cell.overdue ? `，${cell.overdue} 所逾期` : ''}`}>
      <span style={{ color: rateColor(cell.rate), fontVariantNumeric: 'tabular-nums' }}>{formatRate(cell.rate)}</span>
    </Tooltip>
  );
}

/** Each period's rate over all schools in view: the first thing a district officer reads. */
export function TotalsStrip({ view, periods, totals, today }: { view: CoverageView; periods: Period[]; totals: RateCell[]; today: string }) {
  return (
    <div style={{ display: 'flex', gap: 8, overflowX: 'auto', paddingBottom: 4 }} data-testid="coverage-totals">
      {periods.map((p, i) => {
        const t = totals[i];
        const h = periodHeading(view, p.key, p.start, false, p.label);
        // A period still running is not judged yet (no red 0%); one not started has no rate at all.
        const running = p.start <= today && today <= p.end;
        const upcoming = p.start > today;
        return (
          <Card key={p.key} size="small" style={{ flex: '1 0 92px', minWidth: 92 }} styles={{ body: { padding: '6px 10px' } }} data-testid="coverage-total">
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', whiteSpace: 'nowrap' }}>
              {h.title} <span style={{ fontSize: 11 }}>{h.sub}</span>
            </div>
            <div
              style={{ fontSize: 20, fontWeight: 600, color: upcoming ? 'rgba(0,0,0,0.25)' : running ? '#1f4e8c' : rateColor(t?.rate) }}
              data-testid="coverage-rate"
            >
              {upcoming ? '未开始' : t?.schools === 0 ? '无数据' : formatRate(t?.rate)}
            </div>
            <div style={{ fontSize: 11, color: 'rgba(0,0,0,0.45)', whiteSpace: 'nowrap' }}>
              {t ? `${t.done}/${t.schools} 所` : '—'}
              {running && ' · 进行中'}
              {t?.overdue ? <span style={{ color: '#cf1322' }}> · 逾期 {t.overdue}</span> : null}
            </div>
          </Card>
        );
      })}
    </div>
  );
}

type RateRow = { key: string; name: string; cells: RateCell[] };

/** Rates by township or by responsible inspector: one row each, one column per period. */
export function RatesTable({ title, view, periods, rows, testId }: { title: string; view: CoverageView; periods: Period[]; rows: RateRow[]; testId: string }) {
  const isMobile = useIsMobile();
  const nameWidth = isMobile ? 110 : 200;
  const pageSize = isMobile ? 8 : 20;
  const columns: ColumnsType<RateRow> = [
    { title: '名称', dataIndex: 'name', fixed: 'left', width: nameWidth, ellipsis: true },
    ...periods.map((p, i) => {
      const h = periodHeading(view, p.key, p.start, isMobile, p.label);
      return {
        title: h.title,
        key: p.key,
        width: 72,
        align: 'right' as const,
        sorter: (a: RateRow, b: RateRow) => (a.cells[i]?.rate ?? -1) - (b.cells[i]?.rate ?? -1),
        render: (_: unknown, r: RateRow) => <RateText cell={r.cells[i]} />,
      };
    }),
  ];
  return (
    <Card size="small" title={`${title}（${rows.length}）`} data-testid={testId}>
      {rows.length === 0 ? (
        <Typography.Text type="secondary">暂无数据</Typography.Text>
      ) : (
        <Table<RateRow>
          rowKey="key"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={rows.length > pageSize ? { pageSize, size: 'small', showSizeChanger: false, simple: isMobile } : false}
          scroll={{ x: nameWidth + 72 * periods.length }}
        />
      )}
    </Card>
  );
}

type Uncovered = { school: SchoolRef; status: 'open' | 'overdue' };

/** The schools still missing in the latest started period, with the way to get them assigned. */
export function UncoveredList({ period, items, canAssign }: { period: Period | undefined; items: Uncovered[]; canAssign: boolean }) {
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const pageSize = isMobile ? 10 : 20;
  const columns: ColumnsType<Uncovered> = [
    {
      title: '学校',
      key: 'school',
      render: (_: unknown, u) => (
        <Link to={`/schools/${u.school.id}`}>
          {u.school.name}
          {!isMobile && <span style={{ color: 'rgba(0,0,0,0.45)', marginInlineStart: 6, fontSize: 12 }}>{u.school.code}</span>}
        </Link>
      ),
    },
    { title: '街道/镇', key: 'parent', width: isMobile ? 96 : 200, ellipsis: true, render: (_: unknown, u) => u.school.parentName ?? '' },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (s: Uncovered['status']) => (s === 'overdue' ? <Tag color="red">已逾期</Tag> : <Tag color="blue">进行中</Tag>),
    },
  ];
  return (
    <Card
      size="small"
      data-testid="coverage-uncovered"
      title={`${period?.label ?? ''} 未覆盖学校（${items.length}）`}
      extra={
        canAssign && (
          <Button size="small" onClick={() => navigate('/assignments')}>
            {isMobile ? '去安排' : '包校包片安排'}
          </Button>
        )
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {!canAssign && items.length > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            请联系区教委安稳科在“包校包片”中为这些学校安排督查。
          </Typography.Text>
        )}
        <Table<Uncovered>
          rowKey={(u) => u.school.id}
          size="small"
          columns={columns}
          dataSource={items}
          pagination={items.length > pageSize ? { pageSize, size: 'small', showSizeChanger: false, simple: isMobile } : false}
          locale={{ emptyText: '全部学校已覆盖' }}
        />
      </Space>
    </Card>
  );
}
