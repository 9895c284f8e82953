import { InputNumber, Space, Typography } from 'antd';
import { gradeLabel, MAX_CLASS } from '../../../domain/education';
import { gradesOfType, type SchoolType } from '../../../domain/school';

type Props = { value?: number[]; onChange?: (v: number[]) => void; schoolType: SchoolType; disabled?: boolean };

/**
 * The school's class list as classes per grade (一年级 6 个班 …): the grades of the school type, and
 * any other grade that already has classes. Kept as an array by grade (position 0 = grade 1).
 */
export function ClassCountsInput({ value = [], onChange, schoolType, disabled }: Props) {
  const grades = [...new Set([...(gradesOfType[schoolType] ?? []), ...value.flatMap((n, i) => (n > 0 ? [i + 1] : []))])].sort((a, b) => a - b);
  const set = (grade: number, n: number | null) => {
    const next = [...value];
    while (next.length < grade) next.push(0);
    next[grade - 1] = n ?? 0;
    while (next.length && next[next.length - 1] === 0) next.pop();
    onChange?.(next);
  };
  const total = value.reduce((s, n) => s + n, 0);
  return (
    <div>
      <Space wrap size={[12, 8]}>
        {grades.map((g) => (
          <Space.Compact key={g}>
            <span
              className="class-count-label"
              style={{ padding: '4px 8px', border: '1px solid #d9d9d9', borderRight: 0, borderRadius: '6px 0 0 6px', whiteSpace: 'nowrap' }}
            >
              {schoolType === 'kindergarten' ? (['小班', '中班', '大班'][g - 1] ?? gradeLabel(g)) : gradeLabel(g)}
            </span>
            <InputNumber
              aria-label={`${gradeLabel(g)}班级数`}
              min={0}
              max={MAX_CLASS}
              precision={0}
              style={{ width: 72 }}
              value={value[g - 1] ?? 0}
              disabled={disabled}
              onChange={(n) => set(g, n)}
            />
          </Space.Compact>
        ))}
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {total > 0 ? `共 ${total} 个班；每班的安全教育课时按此名单统计，没有上课的班也会显示` : '未填写：安全教育课时只统计记录中出现的班级'}
      </Typography.Text>
    </div>
  );
}
