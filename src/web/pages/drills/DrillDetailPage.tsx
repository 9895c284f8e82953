import { EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatSeconds } from '../../../domain/drill';
import { hazardStateLabels } from '../../../domain/hazard';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { AttachmentList } from '../../components/AttachmentList';
import { PageLoading } from '../../components/PageState';
import { RecordCheckMark } from '../../components/RecordCheckMark';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { formatTime, labelOf } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import type { DrillBuilding, DrillDetail } from './drillApi';

/** One drill: facts, evacuation times per building (slow ones in red), problems and the hazards made of them. */
export default function DrillDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const drill = useLoad(() => api.get<DrillDetail>(`/api/drills/${id}`), id);
  const [raising, setRaising] = useState<number | null>(null);
  if (drill.loading && !drill.data) return <PageLoading />;
  if (drill.error || !drill.data) return <Alert type="error" showIcon title={drill.error ?? '演练记录不存在'} />;
  const d = drill.data;

  const raise = async (no: number) => {
    setRaising(no);
    try {
      const r = await api.post<{ hazard: { code: string } }>(`/api/drills/${d.id}/problems/${no}/hazard`, {});
      message.success(`已转为隐患 ${r.hazard.code}`);
      drill.reload();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setRaising(null);
    }
  };

  const share = d.participationShare === null ? '' : `，占在校生和教职工 ${Math.round(d.participationShare * 100)}%`;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap size={4}>
            <span>{d.typeLabel}</span>
            <Tag color={d.status === 'submitted' ? 'success' : 'default'}>{d.statusLabel}</Tag>
          </Space>
        }
        extra={
          d.canEdit && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/drills/${d.id}/edit`)}>
              继续填写
            </Button>
          )
        }
        styles={{ body: { padding: isMobile ? 12 : 24 } }}
      >
        <Descriptions column={isMobile ? 1 : 2} size="small">
          <Descriptions.Item label="编号">{d.code}</Descriptions.Item>
          <Descriptions.Item label="学校">
            <SchoolLink id={d.schoolId} name={d.schoolName} />
          </Descriptions.Item>
          <Descriptions.Item label="演练时间">{formatTime(d.startedAt)}</Descriptions.Item>
          <Descriptions.Item label="组织者">{d.organiser || '—'}</Descriptions.Item>
          <Descriptions.Item label="指导单位">{d.guidance.length ? d.guidance.map((g) => `${g.unit}（${g.kindLabel}）`).join('、') : '—'}</Descriptions.Item>
          <Descriptions.Item label="参演人数">
            学生 {d.studentParticipants} 人，教职工 {d.staffParticipants} 人{share}
          </Descriptions.Item>
          <Descriptions.Item label="集合地点">{d.assemblyPoint || '—'}</Descriptions.Item>
          <Descriptions.Item label="记录人">{d.createdByName}</Descriptions.Item>
          <Descriptions.Item label="演练情景" span={isMobile ? 1 : 2}>
            {d.scenario || '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={`疏散用时${d.slowCount ? `（${d.slowCount} 栋超时）` : ''}`} size="small">
        <Table<DrillBuilding>
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={d.buildings}
          locale={{ emptyText: '未记录疏散用时' }}
          onRow={(b) =>
            ({
              'data-testid': b.slow ? 'drill-building-slow' : 'drill-building-ok',
              style: b.slow ? { background: '#fff1f0' } : {},
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: '楼栋', dataIndex: 'name', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
            { title: '层数', dataIndex: 'floors', width: 50 },
            {
              title: '用时',
              width: 88,
              render: (_, b) => (b.seconds === null ? '—' : <Typography.Text type={b.slow ? 'danger' : undefined}>{formatSeconds(b.seconds)}</Typography.Text>),
            },
            {
              title: '目标',
              width: 104,
              render: (_, b) => (
                <Space size={4}>
                  <span>{formatSeconds(b.targetSeconds)}</span>
                  {b.slow && <Tag color="red">超时</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card title={`发现的问题（${d.problems.length}）`} size="small">
        <List
          dataSource={d.problems}
          locale={{ emptyText: '未发现问题' }}
          renderItem={(p) => (
            <List.Item data-testid="drill-problem-row">
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <span>
                  {p.no}. {p.description}
                </span>
                <Typography.Text type="secondary">
                  {p.place || '—'} · {p.categoryLabel}
                </Typography.Text>
                <AttachmentList files={p.attachments} size={56} />
                {p.hazard ? (
                  <Link to={`/hazards/${p.hazard.id}`} data-testid="drill-problem-hazard">
                    <Tag color="orange">
                      隐患 {p.hazard.code} · {labelOf(hazardStateLabels, p.hazard.state)}
                    </Tag>
                  </Link>
                ) : (
                  d.canRaiseHazards && (
                    <Button size="small" loading={raising === p.no} onClick={() => void raise(p.no)}>
                      转为隐患
                    </Button>
                  )
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>

      <Card title="总结与评估" size="small">
        <Descriptions column={1} size="small">
          <Descriptions.Item label="演练总结">{d.summary || '—'}</Descriptions.Item>
          <Descriptions.Item label="演练评估">{d.evaluation || '—'}</Descriptions.Item>
        </Descriptions>
        <AttachmentList files={d.photos} caption="现场照片" />
        {d.plan && <AttachmentList files={[d.plan]} caption="演练预案" />}
      </Card>
      {d.status === 'submitted' && <RecordCheckMark kind="drill" recordId={d.id} />}
    </Space>
  );
}
