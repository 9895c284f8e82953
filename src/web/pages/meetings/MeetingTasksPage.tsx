import { Alert, Card, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { taskStateLabels, taskStates } from '../../../domain/meeting';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { CountStrip } from '../../components/CountStrip';
import type { MeetingTask } from '../bulletins/types';
import { TaskTable } from './TaskTable';

type TaskList = { items: MeetingTask[]; total: number; counts: { total: number; open: number; submitted: number; closed: number; overdue: number } };

/** 议定事项跟踪: every task the user may see (an owner unit sees its own), filtered as the workbench links ask. */
export default function MeetingTasksPage() {
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const q = { state: params.get('state') ?? undefined, overdue: params.get('overdue') ?? undefined, mine: params.get('mine') ?? undefined, page, pageSize: 20 };
  const list = useLoad(() => api.get<TaskList>('/api/meeting-tasks', q), JSON.stringify(q));
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
    setPage(1);
  };
  const c = list.data?.counts;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <CountStrip
        testIdPrefix="task-count"
        loading={list.loading}
        items={[
          { key: 'open', title: '落实中', value: c?.open },
          { key: 'submitted', title: '待验收', value: c?.submitted },
          { key: 'overdue', title: '逾期未办结', value: c?.overdue, alert: true },
          { key: 'closed', title: '已办结', value: c?.closed },
        ]}
      />
      <Card title="会议议定事项跟踪">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 140 }}
            value={q.state}
            onChange={(v) => set('state', v)}
            options={taskStates.map((s) => ({ value: s, label: taskStateLabels[s] }))}
          />
          <Select
            allowClear
            placeholder="是否逾期"
            style={{ width: 140 }}
            value={q.overdue}
            onChange={(v) => set('overdue', v)}
            options={[{ value: 'true', label: '仅看逾期' }]}
          />
          {q.mine && (
            <Tag closable onClose={() => set('mine', undefined)}>
              交给本单位的
            </Tag>
          )}
        </Space>
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <TaskTable
          meeting
          tasks={list.data?.items ?? []}
          loading={list.loading}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n: number) => `共 ${n} 项` }}
        />
      </Card>
    </Space>
  );
}
