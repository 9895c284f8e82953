import { Empty, Table, Typography } from 'antd';
import type { PanelProps } from './schoolFileTypes';

type TopicHours = { topic: string; topicLabel: string | null; hours: number; sessions: number };
type KindCount = { kind: string; kindLabel: string | null; trainings: number; attendees: number };

/** 安全教育: this semester's class hours by topic (the panel's detail; the list is /education). */
export function EducationPanel({ panel }: PanelProps) {
  const d = panel.detail as { semester: string; from: string; to: string; byTopic: TopicHours[] } | undefined;
  if (!d || d.byTopic.length === 0) return <Empty description="本学期暂无安全教育记录" />;
  return (
    <>
      <Typography.Text type="secondary">
        {d.semester}（{d.from} 至 {d.to}）按主题的课时（各班课时见安全教育列表）
      </Typography.Text>
      <Table<TopicHours>
        rowKey="topic"
        size="small"
        pagination={false}
        dataSource={d.byTopic}
        columns={[
          { title: '主题', key: 'topic', render: (_: unknown, r) => r.topicLabel ?? r.topic },
          { title: '记录', dataIndex: 'sessions', key: 'sessions', width: 70, align: 'right' },
          { title: '课时', dataIndex: 'hours', key: 'hours', width: 70, align: 'right' },
        ]}
      />
    </>
  );
}

/** 教职工培训: this year's trainings by kind. */
export function TrainingsPanel({ panel }: PanelProps) {
  const d = panel.detail as { year: string; byKind: KindCount[] } | undefined;
  if (!d || d.byKind.length === 0) return <Empty description="本年暂无教职工培训记录" />;
  return (
    <Table<KindCount>
      rowKey="kind"
      size="small"
      pagination={false}
      dataSource={d.byKind}
      columns={[
        { title: `${d.year} 年培训类别`, key: 'kind', render: (_: unknown, r) => r.kindLabel ?? r.kind },
        { title: '次数', dataIndex: 'trainings', key: 'trainings', width: 70, align: 'right' },
        { title: '参训人次', dataIndex: 'attendees', key: 'attendees', width: 90, align: 'right' },
      ]}
    />
  );
}
