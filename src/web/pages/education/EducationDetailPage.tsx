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
import type { SessionDetail } from './educationApi';

/** One education session as recorded, with its photos. */
export default function EducationDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const r = useLoad(() => api.get<SessionDetail>(`/api/education-sessions/${id}`), id);
  if (r.loading && !r.data) return <PageLoading />;
  if (r.error || !r.data) return <Alert type="error" showIcon title={r.error ?? '安全教育记录不存在'} />;
  const s = r.data.session;
  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label="返回"
            onClick={() => (location.key === 'default' ? navigate('/education') : navigate(-1))}
          />
          <span>安全教育记录</span>
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24, maxWidth: 860 } }}
    >
      <Descriptions column={isMobile ? 1 : 2} bordered size="small">
        <Descriptions.Item label="学校">
          <SchoolLink id={s.schoolId} name={s.schoolName} />
        </Descriptions.Item>
        <Descriptions.Item label="日期">{s.heldOn}</Descriptions.Item>
        <Descriptions.Item label="对象">{s.audienceLabel}</Descriptions.Item>
        <Descriptions.Item label="教育主题">{s.topicLabel}</Descriptions.Item>
        <Descriptions.Item label="特殊时点">{s.occasionLabel ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="课时">{s.hours}</Descriptions.Item>
        <Descriptions.Item label="授课人">
          {s.speakerName}（{s.speakerTypeLabel}）{s.speakerUnitName ? ` · ${s.speakerUnitName}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="参加学生数">{s.participants ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="备注" span={isMobile ? 1 : 2}>
          {s.note || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="登记">
          {s.createdByName} · {formatTime(s.createdAt)}
          {s.source === 'import' ? '（Excel 导入）' : ''}
        </Descriptions.Item>
      </Descriptions>
      <div style={{ marginTop: 16 }}>
        <AttachmentList files={r.data.attachments} caption="现场照片" />
      </div>
      <RecordCheckMark kind="education" recordId={s.id} />
    </Card>
  );
}
