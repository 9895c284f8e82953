import { Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import type { MeetingTask } from '../bulletins/types';

const stateColors = { open: 'orange', submitted: 'blue', closed: 'green' } as const;

export function TaskStateTags({ t }: { t: MeetingTask }) {
  return (
    <Space size={4}>
      <Tag color={stateColors[t.state]} data-testid="task-state">
        {t.stateLabel}
      </Tag>
      {t.overdue && <Tag color="red">已逾期</Tag>}
    </Space>
  );
}

/** Tasks decided by meetings, with owner, deadline and where each stands; `meeting` adds the meeting column. */
export function TaskTable({
  tasks,
  loading,
  meeting,
  pagination,
}: {
  tasks: MeetingTask[];
  loading?: boolean;
  meeting?: boolean;
  pagination?: false | object;
}) {
  return (
    <Table<MeetingTask>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={tasks}
      pagination={pagination ?? false}
      scroll={{ x: 800 }}
      columns={[
        ...(meeting
          ? [{ title: '会议', key: 'meeting', render: (_: unknown, t: MeetingTask) => `${t.heldOn} ${t.meetingTitle}` }]
          : [{ title: '序号', dataIndex: 'no', width: 60 }]),
        { title: '议定事项', dataIndex: 'title', render: (v: string, t) => <Link to={`/meeting-tasks/${t.id}`}>{v}</Link> },
        { title: '责任单位', dataIndex: 'ownerUnitName' },
        {
          title: '完成期限',
          dataIndex: 'deadline',
          width: 110,
          render: (v: string, t) => <span style={t.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>{v}</span>,
        },
        { title: '状态', key: 'state', width: 160, render: (_: unknown, t) => <TaskStateTags t={t} /> },
      ]}
    />
  );
}
