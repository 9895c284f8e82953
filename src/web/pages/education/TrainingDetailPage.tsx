import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space } from 'antd';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { AttachmentList } from '../../components/AttachmentList';
import { PageLoading } from '../../components/PageState';
import { RecordCheckMark } from '../../components/RecordCheckMark';
import { SchoolLink } from '../../components/SchoolLink';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import type { TrainingDetail } from './educationApi';

/** One staff training as recorded: attendees, certificates and photos. */
export default function TrainingDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const r = useLoad(() => api.get<TrainingDetail>(`/api/trainings/${id}`), id);
  if (r.loading && !r.data) return <PageLoading />;
  if (r.error || !r.data) return <Alert type="error" showIcon title={r.error ?? '培训记录不存在'} />;
  const t = r.data.training;
  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label="返回"
            onClick={() => (location.key === 'default' ? navigate('/trainings') : navigate(-1))}
          />
          <span>培训记录</span>
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24, maxWidth: 860 } }}
    >
      <Descriptions column={isMobile ? 1 : 2} bordered size="small">
        <Descriptions.Item label="学校">
          <SchoolLink id={t.schoolId} name={t.schoolName} />
        </Descriptions.Item>
        <Descriptions.Item label="日期">{t.trainedOn}</Descriptions.Item>
        <Descriptions.Item label="培训类别">{t.kindLabel}</Descriptions.Item>
        <Descriptions.Item label="培训名称">{t.title || '—'}</Descriptions.Item>
        <Descriptions.Item label="培训人">{t.trainer}</Descriptions.Item>
        <Descriptions.Item label="培训机构">{t.trainerBody || '—'}</Descriptions.Item>
        {t.trainerUnitName && <Descriptions.Item label="培训单位（本区部门）">{t.trainerUnitName}</Descriptions.Item>}
        <Descriptions.Item label="学时">{t.hours}</Descriptions.Item>
        <Descriptions.Item label="参训人数">
          {t.attendeeCount} 人（教职工 {t.staffBase} 人）
        </Descriptions.Item>
        <Descriptions.Item label="参训人员（账号）" span={isMobile ? 1 : 2}>
          {r.data.attendees.map((a) => a.name).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="备注" span={isMobile ? 1 : 2}>
          {t.note || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="登记">
          {t.createdByName} · {formatTime(t.createdAt)}
        </Descriptions.Item>
      </Descriptions>
      <div style={{ marginTop: 16 }}>
        <AttachmentList files={r.data.attachments} caption="证书和照片" />
      </div>
      <RecordCheckMark kind="training" recordId={t.id} />
    </Card>
  );
}
