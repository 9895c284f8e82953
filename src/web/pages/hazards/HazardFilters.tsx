import { FilterOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, DatePicker, Input, Row, Select, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { hazardLevelLabels, hazardLevels, hazardSourceLabels, hazardSources, hazardStateLabels, hazardStates } from '../../../domain/hazard';
import { useHazardVocab } from '../../api/hooks';
import type { OrgUnit } from '../../api/types';
import { useIsMobile } from '../../lib/useIsMobile';
import { type HazardQuery, isFiltered } from './hazardQuery';
import { WorkbenchFilterTags } from './WorkbenchFilterTags';

type Props = { query: HazardQuery; areas: OrgUnit[]; schools: OrgUnit[]; onChange: (patch: Partial<HazardQuery>) => void };

const sortOptions = [
  { value: '-foundAt', label: '发现日期：新→旧' },
  { value: 'foundAt', label: '发现日期：旧→新' },
  { value: 'deadline', label: '整改期限：近→远' },
  { value: '-deadline', label: '整改期限：远→近' },
  { value: '-code', label: '编号：新→旧' },
  { value: '-updatedAt', label: '最近处理' },
];

const options = <K extends string>(keys: readonly K[], labels: Record<K, string>) => keys.map((k) => ({ value: k, label: labels[k] }));
const cleared: Partial<HazardQuery> = {
  keyword: '',
  parentId: '',
  schoolId: '',
  category: '',
  level: '',
  state: '',
  source: '',
  overdue: false,
  supervisionListed: false,
  responsibleUnitId: '',
  extensionDecidedFrom: '',
  extensionPending: false,
  verificationFailed: false,
  open: false,
  supervision: false,
  place: '',
  from: '',
  to: '',
};

/** On a phone only the keyword shows at first; 筛选 opens the rest, which would fill the screen. */
export function HazardFilters({ query, areas, schools, onChange }: Props) {
  const isMobile = useIsMobile();
  const vocab = useHazardVocab();
  const [expanded, setExpanded] = useState(false);
  // Any filter change starts again at page 1.
  const set = (patch: Partial<HazardQuery>) => onChange({ ...patch, page: 1 });
  const select = (key: keyof HazardQuery, placeholder: string, opts: { value: string; label: string }[], search = false) => (
    <Select
      style={{ width: '100%' }}
      placeholder={placeholder}
      aria-label={placeholder}
      allowClear
      showSearch={search ? { optionFilterProp: 'label' } : false}
      value={(query[key] as string) || undefined}
      onChange={(v: string | undefined) => set({ [key]: v ?? '', ...(key === 'parentId' && { schoolId: '' }) })}
      options={opts}
    />
  );
  const inArea = query.parentId ? schools.filter((s) => s.parentId === query.parentId) : schools;
  const showAll = !isMobile || expanded;
  const day = (v: string) => (v ? dayjs(v) : null);

  return (
    <Row gutter={[8, 8]} align="middle">
      <Col xs={showAll ? 24 : 18} sm={12} lg={6}>
        <Input.Search
          key={query.keyword}
          placeholder="编号、标题、部位、学校"
          allowClear
          defaultValue={query.keyword}
          onSearch={(keyword) => set({ keyword })}
          aria-label="关键词"
        />
      </Col>
      {/* Outside the collapsed part: a phone opened from the workbench sees why the list is narrowed. */}
      <WorkbenchFilterTags query={query} onChange={set} />
      {isMobile && !expanded && (
        <Col xs={6}>
          <Button block icon={<FilterOutlined />} type={isFiltered(query) ? 'primary' : 'default'} onClick={() => setExpanded(true)}>
            筛选
          </Button>
        </Col>
      )}
      {showAll && (
        <>
          {areas.length > 1 && (
            <Col xs={12} sm={12} lg={5}>
              {select(
                'parentId',
                '街道/教管中心',
                areas.map((a) => ({ value: a.id, label: a.name })),
                true,
              )}
            </Col>
          )}
          {schools.length > 1 && (
            <Col xs={12} sm={12} lg={6}>
              {select(
                'schoolId',
                '学校',
                inArea.map((s) => ({ value: s.id, label: s.name })),
                true,
              )}
            </Col>
          )}
          <Col xs={12} sm={6} lg={3}>
            {select(
              'category',
              '类别',
              vocab.categories.map((c) => ({ value: c.code, label: c.label })),
              true,
            )}
          </Col>
          <Col xs={12} sm={6} lg={2}>
            {select('level', '等级', options(hazardLevels, hazardLevelLabels))}
          </Col>
          <Col xs={12} sm={6} lg={3}>
            {select('state', '状态', options(hazardStates, hazardStateLabels))}
          </Col>
          <Col xs={12} sm={6} lg={4}>
            {select('source', '来源', options(hazardSources, hazardSourceLabels))}
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder="发现日期起"
              aria-label="发现日期起"
              value={day(query.from)}
              onChange={(d) => set({ from: d ? d.format('YYYY-MM-DD') : '' })}
            />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder="发现日期止"
              aria-label="发现日期止"
              value={day(query.to)}
              onChange={(d) => set({ to: d ? d.format('YYYY-MM-DD') : '' })}
            />
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <Select
              style={{ width: '100%' }}
              aria-label="排序"
              value={query.sort || '-foundAt'}
              onChange={(sort: string) => set({ sort: sort === '-foundAt' ? '' : sort })}
              options={sortOptions}
            />
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Checkbox checked={query.overdue} onChange={(e) => set({ overdue: e.target.checked })}>
              仅逾期
            </Checkbox>
            <Checkbox checked={query.supervisionListed} onChange={(e) => set({ supervisionListed: e.target.checked })}>
              仅挂牌督办
            </Checkbox>
            {/* Filters a dashboard link sets that have no control of their own: shown, and removable. */}
            {query.open && (
              <Tag closable onClose={() => set({ open: false })}>
                仅未销号
              </Tag>
            )}
            {query.supervision && (
              <Tag closable onClose={() => set({ supervision: false })}>
                督查发现
              </Tag>
            )}
            {query.place && (
              <Tag closable onClose={() => set({ place: '' })}>
                部位：{query.place}
              </Tag>
            )}
            {isFiltered(query) && (
              <Button type="link" size="small" onClick={() => set(cleared)}>
                清除筛选
              </Button>
            )}
          </Col>
        </>
      )}
    </Row>
  );
}
