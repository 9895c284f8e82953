import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useHazardVocab, useLoad } from '../../api/hooks';
import { AttachmentList } from '../../components/AttachmentList';
import { PageLoading } from '../../components/PageState';
import { RecordCheckMark } from '../../components/RecordCheckMark';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import type { PatrolLogDetail } from './patrolApi';

/** One patrol entry: route, points, findings with the hazards they became, photos, and the 抽查核实 marks. */
export default function PatrolDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const loaded = useLoad(() => api.get<{ patrolLog: PatrolLogDetail }>(`/api/patrol-logs/${id}`), id);
  if (!loaded.data && loaded.loading) return <PageLoading />;
  if (!loaded.data) return <Alert type="error" showIcon title={loaded.error ?? '巡查记录不存在'} />;
  const d = loaded.data.patrolLog;
  const back = () => (location.key === 'default' ? navigate('/patrol-logs') : navigate(-1));
  const photosOf = (ids: string[]) => d.attachments.filter((a) => ids.includes(a.id));

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回巡查记录" onClick={back} />
          <span>巡查记录</span>
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24, maxWidth: 960 } }}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Space wrap size={8}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="patrol-code">
            {d.code}
          </Typography.Text>
          <Tag color="blue">{d.routeLabel}</Tag>
          <Tag color={d.findingCount ? 'orange' : 'success'}>{d.findingCount ? `发现问题 ${d.findingCount}` : '正常'}</Tag>
        </Space>
        <Descriptions size="small" column={isMobile ? 1 : 2} bordered={!isMobile}>
          <Descriptions.Item label="学校">
            <SchoolLink id={d.schoolId} name={d.schoolName} />
          </Descriptions.Item>
          <Descriptions.Item label="巡查时间">
            {formatTime(d.patrolledAt)}
            {d.patrolDay !== d.patrolledAt.slice(0, 10) && <Typography.Text type="secondary">（计入 {d.patrolDay} 夜间）</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label="巡查点">{d.points.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="巡查人">{d.patrollers.join('、')}</Descriptions.Item>
          {d.note && <Descriptions.Item label="备注">{d.note}</Descriptions.Item>}
        </Descriptions>
        {d.findings.length > 0 && (
          <List
            size="small"
            header={<Typography.Text strong>发现的问题</Typography.Text>}
            dataSource={d.findings}
            rowKey="position"
            renderItem={(f) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Space orientation="vertical" size={4}>
                  <span>
                    {f.place && <Tag>{f.place}</Tag>}
                    {f.text}
                  </span>
                  {f.hazardId ? (
                    <span>
                      已转为隐患 <Link to={`/hazards/${f.hazardId}`}>查看</Link>
                    </span>
                  ) : (
                    d.canRaise && <RaiseFinding logId={d.id} position={f.position} onDone={loaded.reload} />
                  )}
                  <AttachmentList files={photosOf(f.attachmentIds)} />
                </Space>
              </List.Item>
            )}
          />
        )}
        <AttachmentList files={d.attachments.filter((a) => !d.findings.some((f) => f.attachmentIds.includes(a.id)))} caption="巡查照片" />
        <RecordCheckMark kind="patrol" recordId={d.id} />
      </Space>
    </Card>
  );
}

/** 转为隐患 for a finding recorded without one: pick the category, one tap. */
function RaiseFinding({ logId, position, onDone }: { logId: string; position: number; onDone: () => void }) {
  const { message } = App.useApp();
  const vocab = useHazardVocab();
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const raise = async () => {
    setSaving(true);
    try {
      await api.post(`/api/patrol-logs/${logId}/findings/${position}/hazard`, { category: category ?? vocab.categories[0]?.code });
      message.success('已转为隐患');
      onDone();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Space wrap>
      <Select
        style={{ width: 140 }}
        placeholder="隐患类别"
        value={category ?? vocab.categories[0]?.code}
        options={vocab.categories.map((c) => ({ value: c.code, label: c.label }))}
        onChange={setCategory}
      />
      <Button loading={saving} onClick={raise}>
        转为隐患
      </Button>
    </Space>
  );
}
