import type { TableColumnsType } from 'antd';
import { ownershipLabels, schoolTypeLabels } from '../../../domain/school';
import type { School } from '../../api/types';
import { SchoolLink } from '../../components/SchoolLink';
import { formatNumber, labelOf } from '../../lib/format';

/** Columns the server can sort by; the key is the API's sort field. */
export const sortableKeys = ['code', 'name', 'enrollment'] as const;

export function schoolColumns(sort: string): TableColumnsType<School> {
  const sortOrder = (key: string) => (sort === key ? ('ascend' as const) : sort === `-${key}` ? ('descend' as const) : null);
  const sortable = (key: (typeof sortableKeys)[number]) => ({ sorter: true, sortOrder: sortOrder(key) });
  // The name comes first and stays pinned: on a phone the other columns scroll under it.
  return [
    {
      title: '学校名称',
      dataIndex: 'name',
      key: 'name',
      width: 170,
      fixed: 'left',
      render: (_: unknown, s: School) => <SchoolLink id={s.id} name={s.name} />,
      ...sortable('name'),
    },
    { title: '学校代码', dataIndex: 'code', key: 'code', width: 100, ...sortable('code') },
    { title: '所属街道/中心', dataIndex: 'parentName', key: 'parentName', width: 140 },
    { title: '类型', dataIndex: 'schoolType', key: 'schoolType', width: 90, render: (v: string) => labelOf(schoolTypeLabels, v) },
    { title: '公办/民办', dataIndex: 'ownership', key: 'ownership', width: 80, render: (v: string) => labelOf(ownershipLabels, v) },
    {
      title: '在校生',
      dataIndex: 'enrollment',
      key: 'enrollment',
      width: 90,
      align: 'right',
      render: formatNumber,
      ...sortable('enrollment'),
    },
    { title: '住校生', dataIndex: 'boardingStudents', key: 'boardingStudents', width: 80, align: 'right', render: formatNumber },
    { title: '教职工', dataIndex: 'staffCount', key: 'staffCount', width: 80, align: 'right', render: formatNumber },
    { title: '校门', dataIndex: 'gateCount', key: 'gateCount', width: 60, align: 'right' },
    { title: '校长/园长', dataIndex: 'principalName', key: 'principalName', width: 90 },
    { title: '联系电话', dataIndex: 'phone', key: 'phone', width: 130 },
  ];
}
