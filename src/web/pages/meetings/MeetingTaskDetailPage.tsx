import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { type TaskAction, taskActionLabels, taskTransitions } from '../../../domain/meeting';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { PageLoading } from '../../components/PageState';
import { NoteModal, Timeline } from '../bulletins/NoteModal';
import type { TaskDetail } from '../bulletins/types';
import { TaskStateTags } from './TaskTable';

const noteLabels: Record<TaskAction, string> = {
  progress: '进展情况',
  submit: '落实情况（完成的证据）',
  return: '退回理由',
  close: '验收意见',
  urge: '督办要求',
};

/** One task decided by a meeting, tracked like a hazard: progress, completion with evidence, 督办, return and close. */
export default function MeetingTaskDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const loaded = useLoad(() => api.get<TaskDetail>(`/api/meeting-tasks/${id}`), id);
  const [fresh, setFresh] = useState<TaskDetail | null>(null);
  const [acting, setActing] = useState<TaskAction | null>(null);
  const detail = fresh?.task.id === id ? fresh : loaded.data;
  if (!detail && loaded.loading) return <PageLoading />;
  if (!detail) return <Alert type="error" showIcon title={loaded.error ?? '议定事项不存在'} />;
  const t = detail.task;
  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回" onClick={() => navigate('/meeting-tasks')} />
          <span>会议议定事项</span>
        </Space>
      }
      extra={
        <Space wrap>
          {detail.actions.map((a) => (
            <Button key={a} type={a === 'submit' || a === 'close' ? 'primary' : 'default'} onClick={() => setActing(a)}>
              {taskActionLabels[a]}
            </Button>
          ))}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t.title}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'meeting', label: '会议', children: <Link to={`/meetings/${t.meetingId}`}>{`${t.heldOn} ${t.meetingTitle}`}</Link> },
            { key: 'owner', label: '责任单位', children: t.ownerUnitName },
            { key: 'deadline', label: '完成期限', children: t.deadline },
            { key: 'state', label: '状态', children: <TaskStateTags t={t} /> },
            { key: 'detail', label: '要求', span: 'filled' as const, children: t.detail || '—' },
            ...(t.evidence
              ? [{ key: 'evidence', label: '落实情况', span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{t.evidence}</span> }]
              : []),
          ]}
        />
        <Typography.Title level={5} style={{ margin: 0 }}>
          跟进记录
        </Typography.Title>
        <Timeline entries={detail.timeline} />
      </Space>
      <NoteModal
        open={acting !== null}
        title={acting ? taskActionLabels[acting] : ''}
        label={acting ? noteLabels[acting] : ''}
        required={acting ? taskTransitions[acting].note === 'required' : false}
        onCancel={() => setActing(null)}
        onSubmit={async (note) => {
          if (!acting) return;
          setFresh(await api.post<TaskDetail>(`/api/meeting-tasks/${id}/actions/${acting}`, { note }));
          setActing(null);
          message.success('已提交');
        }}
      />
    </Card>
  );
}
