import { Checkbox, Col, Input, Row, Select } from 'antd';
import { ownershipLabels, ownerships, schoolTypeLabels, schoolTypes } from '../../../domain/school';
import type { OrgUnit } from '../../api/types';
import type { SchoolQuery } from './schoolQuery';

type Props = {
  query: SchoolQuery;
  areas: OrgUnit[];
  onChange: (patch: Partial<SchoolQuery>) => void;
};

export function SchoolFilters({ query, areas, onChange }: Props) {
  // Any filter change starts again at page 1: page 7 of the old result means nothing in the new one.
  const set = (patch: Partial<SchoolQuery>) => onChange({ ...patch, page: 1 });
  return (
    <Row gutter={[8, 8]} align="middle">
      <Col xs={24} sm={12} lg={6}>
        <Input.Search placeholder="学校名称、代码或校长" allowClear defaultValue={query.keyword} onSearch={(keyword) => set({ keyword })} aria-label="关键词" />
      </Col>
      <Col xs={12} sm={12} lg={5}>
        <Select
          style={{ width: '100%' }}
          placeholder="所属街道/中心"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={query.parentId || undefined}
          onChange={(v: string | undefined) => set({ parentId: v ?? '' })}
          options={areas.map((a) => ({ value: a.id, label: a.name }))}
          aria-label="所属街道/中心"
        />
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Select
          style={{ width: '100%' }}
          placeholder="学校类型"
          allowClear
          value={query.schoolType || undefined}
          onChange={(v: string | undefined) => set({ schoolType: v ?? '' })}
          options={schoolTypes.map((t) => ({ value: t, label: schoolTypeLabels[t] }))}
          aria-label="学校类型"
        />
      </Col>
      <Col xs={12} sm={8} lg={3}>
        <Select
          style={{ width: '100%' }}
          placeholder="办学性质"
          allowClear
          value={query.ownership || undefined}
          onChange={(v: string | undefined) => set({ ownership: v ?? '' })}
          options={ownerships.map((o) => ({ value: o, label: ownershipLabels[o] }))}
          aria-label="办学性质"
        />
      </Col>
      <Col xs={12} sm={8} lg={3}>
        <Checkbox checked={query.boarding} onChange={(e) => set({ boarding: e.target.checked })}>
          仅寄宿制
        </Checkbox>
      </Col>
    </Row>
  );
}
