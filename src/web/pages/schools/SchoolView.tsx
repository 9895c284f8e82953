import { Descriptions } from 'antd';
import { gradeLabel } from '../../../domain/education';
import { ownershipLabels, schoolTypeLabels } from '../../../domain/school';
import type { School } from '../../api/types';
import { formatNumber, labelOf } from '../../lib/format';

const text = (v: string | null | undefined) => (v ? v : '—');
/** 一年级 6 个班、二年级 6 个班（共 12 个班）. */
const classListText = (counts: readonly number[]) => {
  const total = counts.reduce((a, n) => a + n, 0);
  if (total === 0) return '未填写';
  const parts = counts.flatMap((n, i) => (n > 0 ? [`${gradeLabel(i + 1)} ${n} 个班`] : []));
  return `${parts.join('、')}（共 ${total} 个班）`;
};

/**
 * The profile for people who may read but not change it (leaders, inspectors, police,
 * staff): plain text reads better than a greyed-out form.
 */
export function SchoolView({ school: s }: { school: School }) {
  const coords = s.longitude !== null && s.latitude !== null ? `${s.longitude}, ${s.latitude}` : '—';
  return (
    <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
      <Descriptions.Item label="学校名称">{s.name}</Descriptions.Item>
      <Descriptions.Item label="学校代码">{s.code}</Descriptions.Item>
      <Descriptions.Item label="所属街道/中心">{text(s.parentName)}</Descriptions.Item>
      <Descriptions.Item label="类型 / 性质">
        {labelOf(schoolTypeLabels, s.schoolType)} · {labelOf(ownershipLabels, s.ownership)}
      </Descriptions.Item>
      <Descriptions.Item label="在校学生数">{formatNumber(s.enrollment)}</Descriptions.Item>
      <Descriptions.Item label="住校学生数">{formatNumber(s.boardingStudents)}</Descriptions.Item>
      <Descriptions.Item label="教职工数">{formatNumber(s.staffCount)}</Descriptions.Item>
      <Descriptions.Item label="校门数">{s.gateCount}</Descriptions.Item>
      <Descriptions.Item label="校车数">{s.busCount > 0 ? s.busCount : '无'}</Descriptions.Item>
      <Descriptions.Item label="班级">{classListText(s.classCounts)}</Descriptions.Item>
      <Descriptions.Item label="地址">{text(s.address)}</Descriptions.Item>
      <Descriptions.Item label="经纬度">{coords}</Descriptions.Item>
      <Descriptions.Item label="校长/园长">
        {text(s.principalName)} {s.principalPhone}
      </Descriptions.Item>
      <Descriptions.Item label="安全干部">
        {text(s.safetyOfficerName)} {s.safetyOfficerPhone}
      </Descriptions.Item>
      <Descriptions.Item label="学校电话">{text(s.phone)}</Descriptions.Item>
      <Descriptions.Item label="校门坐标" span={2}>
        {s.gates?.length
          ? s.gates.map((g) => `${g.name}${g.isMain ? '（正门）' : ''} ${g.longitude}, ${g.latitude}`).join('；')
          : '未登记（周边距离从学校位置量起）'}
      </Descriptions.Item>
    </Descriptions>
  );
}
