import { Alert, Descriptions, type DescriptionsProps, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Attachment, Hazard } from '../../api/types';
import { AttachmentList } from '../../components/AttachmentList';
import { SchoolLink } from '../../components/SchoolLink';
import { formatDate, formatTime } from '../../lib/format';
import { AlertTags, LevelTag, StateTag } from './hazardTags';

type DescriptionsItemType = NonNullable<DescriptionsProps['items']>[number];

// Two columns at most: the section sits in the narrower left part of the page on a desktop.
const columns = { xs: 1, sm: 2 };
const dash = (v: string | null | undefined) => (v ? v : '—');
const multiline = (v: string) => (v ? <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> : '—');

/** Code, state and the flags that matter at a glance. */
export function HazardHeader({ hazard: h }: { hazard: Hazard }) {
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Space wrap size={6}>
        <Typography.Text type="secondary" copyable={{ text: h.code }} data-testid="hazard-code">
          {h.code}
        </Typography.Text>
        <StateTag state={h.state} />
        <LevelTag level={h.level} />
        <AlertTags hazard={h} />
        {h.handedOverTo && <Tag color="geekblue">已交办：{h.handedOverToName}</Tag>}
      </Space>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {h.title}
      </Typography.Title>
      <Typography.Text type="secondary">
        <SchoolLink id={h.schoolId} name={h.schoolName} />
        {h.townshipName ? ` · ${h.townshipName}` : ''} · 整改期限{' '}
        <span style={h.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>{dash(h.deadline)}</span>
      </Typography.Text>
      {h.extension && <Alert type="warning" showIcon title={`延期申请待审批：申请延至 ${h.extension.requestedDeadline}`} description={h.extension.reason} />}
    </Space>
  );
}

type Item = { key: string; label: string; children: ReactNode; span?: 'filled' } | false | null | undefined | '';
const itemsOf = (list: Item[]): DescriptionsItemType[] => list.filter((i): i is Exclude<Item, false | null | undefined | ''> => !!i);

/** 登记信息: what was found, where, by whom, with the photos taken at the spot. */
export function HazardFacts({ hazard: h, photos }: { hazard: Hazard; photos: Attachment[] }) {
  const items = itemsOf([
    { key: 'school', label: '学校', children: <SchoolLink id={h.schoolId} name={h.schoolName} /> },
    { key: 'place', label: '部位', children: h.place },
    { key: 'category', label: '类别', children: h.categoryLabel },
    { key: 'level', label: '等级', children: h.levelLabel },
    { key: 'source', label: '来源', children: h.sourceLabel },
    { key: 'foundAt', label: '发现时间', children: formatTime(h.foundAt) },
    { key: 'reporter', label: '登记人', children: h.reportedByName },
    { key: 'unit', label: '责任单位', children: dash(h.responsibleUnitName) },
    h.verificationFailures > 0 && { key: 'failures', label: '验收不通过', children: `${h.verificationFailures} 次` },
    h.recurrenceOf && { key: 'recurrence', label: '复发自', children: <Link to={`/hazards/${h.recurrenceOf}`}>原隐患</Link> },
    h.inspectionId && { key: 'inspection', label: '来源检查', children: <Link to={`/inspections/${h.inspectionId}`}>查看检查记录（不合格项）</Link> },
    h.drillId && { key: 'drill', label: '来源演练', children: <Link to={`/drills/${h.drillId}`}>查看应急演练记录</Link> },
    { key: 'description', label: '描述', children: multiline(h.description), span: 'filled' },
    photos.length > 0 && { key: 'photos', label: '现场照片', children: <AttachmentList files={photos} />, span: 'filled' },
  ]);
  return <Descriptions size="small" column={columns} items={items} />;
}

/** 整改方案: the "five in place" (措施、责任人、资金、期限、预案) and the interim control. */
export function HazardPlan({ hazard: h }: { hazard: Hazard }) {
  if (!h.plan.measures && !h.interimControl) return <Typography.Text type="secondary">尚未制定整改方案</Typography.Text>;
  const closed = h.closedAt && `${formatDate(h.closedAt)}${h.closedOnTime === false ? '（超期）' : h.closedOnTime ? '（按期）' : ''}`;
  const items = itemsOf([
    { key: 'measures', label: '整改措施', children: multiline(h.plan.measures), span: 'filled' },
    { key: 'person', label: '责任人', children: dash(h.plan.responsiblePerson) },
    { key: 'funds', label: '整改资金', children: dash(h.plan.funds) },
    { key: 'deadline', label: '整改期限', children: dash(h.deadline) },
    { key: 'contingency', label: '应急预案', children: multiline(h.plan.contingencyPlan), span: 'filled' },
    { key: 'interim', label: '临时管控', children: multiline(h.interimControl), span: 'filled' },
    h.rectificationNote && { key: 'note', label: '整改情况', children: multiline(h.rectificationNote), span: 'filled' },
    closed && { key: 'closed', label: '销号', children: closed },
  ]);
  return <Descriptions size="small" column={columns} items={items} />;
}
