import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { PageLoading } from '../../components/PageState';
import { messageOf } from '../../lib/errors';
import type { MeetingDetail } from '../bulletins/types';
import { TaskTable } from './TaskTable';

/** The minutes of one meeting and how its tasks stand. */
export default function MeetingDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const loaded = useLoad(() => api.get<MeetingDetail>(`/api/meetings/${id}`), id);
  if (!loaded.data && loaded.loading) return <PageLoading />;
  if (!loaded.data) return <Alert type="error" showIcon title={loaded.error ?? '会议不存在'} />;
  const { meeting: m, tasks } = loaded.data;
  const pdf = () => api.download(`/api/meetings/${id}/pdf`, {}, `会议纪要-${m.heldOn}-${m.title}.pdf`).catch((err) => message.error(messageOf(err)));
  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回会议列表" onClick={() => navigate('/meetings')} />
          <span>会议纪要</span>
        </Space>
      }
      extra={
        <Button icon={<DownloadOutlined />} onClick={pdf}>
          打印会议纪要
        </Button>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {m.title}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'kind', label: '类型', children: m.kindLabel },
            { key: 'date', label: '日期', children: m.heldOn },
            { key: 'place', label: '地点', children: m.place || '—' },
            { key: 'host', label: '组织单位', children: m.hostUnitName },
            { key: 'chair', label: '主持', children: m.chair || '—' },
            { key: 'by', label: '记录', children: m.createdByName },
            { key: 'who', label: '参会单位', span: 'filled' as const, children: m.participants.map((p) => p.name).join('、') },
            ...(m.otherParticipants ? [{ key: 'others', label: '其他参会人员', span: 'filled' as const, children: m.otherParticipants }] : []),
            {
              key: 'agenda',
              label: '会议议题',
              span: 'filled' as const,
              children: (
                <ol style={{ margin: 0, paddingLeft: 20 }}>
                  {m.agenda.map((a, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: agenda items have no id; their order is their identity.
                    <li key={i}>
                      {a.title}
                      {a.refId && (
                        <>
                          （<Link to={a.refType === 'hazard' ? `/hazards/${a.refId}` : `/cases/${a.refId}`}>{a.refLabel}</Link>）
                        </>
                      )}
                      {a.note && `：${a.note}`}
                    </li>
                  ))}
                </ol>
              ),
            },
            { key: 'decisions', label: '会议决定', span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{m.decisions || '—'}</span> },
          ]}
        />
        <Typography.Title level={5} style={{ margin: 0 }}>
          议定事项（{tasks.length}）
        </Typography.Title>
        <TaskTable tasks={tasks} />
      </Space>
    </Card>
  );
}
