import type { TableColumnsType } from 'antd';
import { Space, Typography } from 'antd';
import type { Hazard } from '../../api/types';
import { SchoolLink } from '../../components/SchoolLink';
import { formatDate } from '../../lib/format';
import type { Ledger } from './hazardQuery';
import { AlertTags, LevelTag, StateTag } from './hazardTags';

/** Columns the server sorts by; the key is the API's sort field. */
const sortableKeys = new Set(['code', 'foundAt', 'deadline']);

const deadlineCell = (h: Hazard) => (
  <Space size={4} wrap>
    <span style={h.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>{h.deadline ?? '—'}</span>
    <AlertTags hazard={h} />
  </Space>
);

const shared = {
  code: { title: '编号', dataIndex: 'code', key: 'code', width: 130, fixed: 'left' as const },
  school: {
    title: '学校',
    dataIndex: 'schoolName',
    key: 'schoolName',
    width: 170,
    ellipsis: true,
    render: (_: unknown, h: Hazard) => <SchoolLink id={h.schoolId} name={h.schoolName} />,
  },
  title: { title: '隐患', dataIndex: 'title', key: 'title', width: 200, ellipsis: true },
  state: { title: '状态', dataIndex: 'state', key: 'state', width: 90, render: (_: unknown, h: Hazard) => <StateTag state={h.state} /> },
  deadline: { title: '整改期限', dataIndex: 'deadline', key: 'deadline', width: 170, render: (_: unknown, h: Hazard) => deadlineCell(h) },
};

/** 问题隐患清单: what was found, where, how serious, where it stands (state and deadline first: they are what is read). */
const hazardColumns: TableColumnsType<Hazard> = [
  shared.code,
  shared.title,
  shared.school,
  shared.state,
  { title: '等级', dataIndex: 'level', key: 'level', width: 80, render: (_: unknown, h: Hazard) => <LevelTag level={h.level} /> },
  shared.deadline,
  { title: '部位', dataIndex: 'place', key: 'place', width: 80 },
  { title: '类别', dataIndex: 'categoryLabel', key: 'category', width: 80 },
  { title: '来源', dataIndex: 'sourceLabel', key: 'source', width: 110 },
  { title: '发现日期', dataIndex: 'foundAt', key: 'foundAt', width: 110, render: formatDate },
  { title: '街道/教管中心', dataIndex: 'townshipName', key: 'townshipName', width: 130, ellipsis: true },
];

/** 整改措施清单: the "five in place" of each hazard and whether it was closed on time. */
const measureColumns: TableColumnsType<Hazard> = [
  shared.code,
  shared.title,
  shared.school,
  shared.state,
  shared.deadline,
  { title: '整改措施', key: 'measures', width: 220, ellipsis: true, render: (_: unknown, h: Hazard) => h.plan.measures || '—' },
  { title: '责任人', key: 'responsiblePerson', width: 110, ellipsis: true, render: (_: unknown, h: Hazard) => h.plan.responsiblePerson || '—' },
  { title: '资金', key: 'funds', width: 120, ellipsis: true, render: (_: unknown, h: Hazard) => h.plan.funds || '—' },
  { title: '临时管控', dataIndex: 'interimControl', key: 'interimControl', width: 150, ellipsis: true, render: (v: string) => v || '—' },
  { title: '应急预案', key: 'contingencyPlan', width: 150, ellipsis: true, render: (_: unknown, h: Hazard) => h.plan.contingencyPlan || '—' },
  { title: '责任单位', dataIndex: 'responsibleUnitName', key: 'responsibleUnitName', width: 140, ellipsis: true },
  { title: '销号日期', dataIndex: 'closedAt', key: 'closedAt', width: 110, render: formatDate },
  { title: '按期', dataIndex: 'closedOnTime', key: 'closedOnTime', width: 70, render: (v: boolean | null) => (v === null ? '—' : v ? '是' : '否') },
];

/** A phone has room for two columns: what and where, and where it stands. */
const phoneColumns: TableColumnsType<Hazard> = [
  {
    title: '隐患',
    key: 'title',
    render: (_: unknown, h: Hazard) => (
      <div style={{ minWidth: 0 }}>
        <Typography.Text strong style={{ display: 'block' }}>
          {h.title}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {h.code} · <SchoolLink id={h.schoolId} name={h.schoolName} /> · {h.place}
        </Typography.Text>
      </div>
    ),
  },
  {
    title: '状态',
    key: 'state',
    width: 110,
    render: (_: unknown, h: Hazard) => (
      <Space orientation="vertical" size={2} align="end" style={{ width: '100%' }}>
        <StateTag state={h.state} />
        <AlertTags hazard={h} />
        {h.deadline && h.state !== 'closed' && (
          <Typography.Text style={{ fontSize: 12, color: h.overdue ? '#cf1322' : undefined }}>限 {h.deadline}</Typography.Text>
        )}
      </Space>
    ),
  },
];

export function ledgerColumns(ledger: Ledger, sort: string, isMobile: boolean): TableColumnsType<Hazard> {
  if (isMobile) return phoneColumns;
  // No sort in the URL means the server's default, newest found first.
  const current = sort || '-foundAt';
  const order = (key: string) => (current === key ? ('ascend' as const) : current === `-${key}` ? ('descend' as const) : null);
  return (ledger === 'measures' ? measureColumns : hazardColumns).map((c) =>
    typeof c.key === 'string' && sortableKeys.has(c.key) ? { ...c, sorter: true, sortOrder: order(c.key) } : c,
  );
}
