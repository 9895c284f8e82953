import { Descriptions } from 'antd';
import { ownershipLabels, schoolTypeLabels } from '../../../domain/school';
import type { School } from '../../api/types';
import { formatNumber, labelOf } from '../../lib/format';

const text = (v: string | null | undefined) => (v ? v : '—');

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
      <Descriptions.Item label="地址">{text(s.address)}</Descriptions.Item>
      <Descriptions.Item label="经纬度">{coords}</Descriptions.Item>
      <Descriptions.Item label="校长/园长">
        {text(s.principalName)} {s.principalPhone}
      </Descriptions.Item>
      <Descriptions.Item label="安全干部">
        {text(s.safetyOfficerName)} {s.safetyOfficerPhone}
      </Descriptions.Item>
      <Descriptions.Item label="学校电话">{text(s.phone)}</Descriptions.Item>
    </Descriptions>
  );
}
