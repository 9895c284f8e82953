import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Image, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { hazardStateLabels } from '../../../domain/hazard';
import { inspectionStatusLabels } from '../../../domain/inspection';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { PageLoading } from '../../components/PageState';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import type { InspectionDetail, InspectionItem } from './inspectionApi';
import { ReportSection } from './ReportSection';
import { resultColors } from './resultColors';

/** The submitted record: header, signatures, every item with its photos and the hazard it became. */
export default function InspectionDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const loaded = useLoad(() => api.get<InspectionDetail>(`/api/inspections/${id}`), id);
  const [fresh, setFresh] = useState<InspectionDetail | null>(null);
  const [onlyFailed, setOnlyFailed] = useState(false);
  const detail = fresh?.id === id ? fresh : loaded.data;
  if (!detail && loaded.loading) return <PageLoading />;
  if (!detail) return <Alert type="error" showIcon title={loaded.error ?? '检查记录不存在'} />;
  const d = detail;
  const back = () => (location.key === 'default' ? navigate('/inspections') : navigate(-1));

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回安全检查" onClick={back} />
          <span>检查记录</span>
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24, maxWidth: 960 } }}
    >
      <Space wrap size={8} style={{ marginBottom: 8 }}>
        <Typography.Text strong style={{ fontSize: 16 }} data-testid="inspection-code">
          {d.code}
        </Typography.Text>
        <Tag color={d.status === 'submitted' ? 'success' : 'default'} data-testid="inspection-status">
          {inspectionStatusLabels[d.status]}
        </Tag>
        <Tag color="blue">{d.levelLabel}</Tag>
      </Space>
      <Descriptions size="small" column={isMobile ? 1 : 2} bordered={!isMobile} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="学校">
          <SchoolLink id={d.schoolId} name={d.schoolName} />
        </Descriptions.Item>
        <Descriptions.Item label="检查表">
          {d.templateName}（第 {d.templateVersion} 版）
        </Descriptions.Item>
        <Descriptions.Item label="检查时间">{formatTime(d.inspectedAt)}</Descriptions.Item>
        <Descriptions.Item label="提交时间">{formatTime(d.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label="检查人">
          {d.inspectors.map((i) => (i.unitName ? `${i.name}（${i.unitName}）` : i.name)).join('、') || d.createdByName}
        </Descriptions.Item>
        {d.location && (
          <Descriptions.Item label="检查位置">
            {d.location.lat.toFixed(5)}, {d.location.lng.toFixed(5)}
            {d.location.accuracy !== undefined && `（约 ±${d.location.accuracy} 米）`}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="结果">
          <Space wrap size={4}>
            <Typography.Text type="success">合格 {d.counts.pass}</Typography.Text>
            <Typography.Text type={d.counts.fail ? 'danger' : 'secondary'}>不合格 {d.counts.fail}</Typography.Text>
            <Typography.Text type="secondary">不适用 {d.counts.na}</Typography.Text>
            {d.counts.unanswered > 0 && <Typography.Text type="warning">未填 {d.counts.unanswered}</Typography.Text>}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {d.report && <ReportSection detail={d} onDone={setFresh} />}
      <Section title={`检查项（${d.items.length}）`}>
        {d.counts.fail > 0 && (
          <Segmented
            size="small"
            value={onlyFailed ? 'fail' : 'all'}
            options={[
              { value: 'all', label: '全部' },
              { value: 'fail', label: `只看不合格（${d.counts.fail}）` },
            ]}
            onChange={(v) => setOnlyFailed(v === 'fail')}
            style={{ marginBottom: 8 }}
          />
        )}
        {d.items.map((item, n) =>
          onlyFailed && item.result !== 'fail' ? null : <ItemRow key={item.code} index={n} item={item} detail={d} onRaised={loaded.reload} />,
        )}
      </Section>
      {d.summary && (
        <Section title="检查小结">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.summary}</Typography.Paragraph>
        </Section>
      )}
      <Section title="检查人签字">
        {d.signatures.length === 0 ? (
          <Typography.Text type="secondary">无</Typography.Text>
        ) : (
          <Space wrap size={16}>
            {d.signatures.map((s) => (
              <Space key={s.attachmentId} orientation="vertical" size={2} data-testid="signature">
                {s.attachment ? (
                  <Image
                    src={s.attachment.url}
                    alt={`${s.name} 的签名`}
                    width={160}
                    style={{ border: '1px solid #f0f0f0', borderRadius: 4, background: '#fff' }}
                  />
                ) : (
                  <Typography.Text type="secondary">签名图片不可用</Typography.Text>
                )}
                <span>
                  {s.name}
                  {s.role && <Typography.Text type="secondary">（{s.role}）</Typography.Text>}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(s.signedAt)}
                </Typography.Text>
              </Space>
            ))}
          </Space>
        )}
      </Section>
    </Card>
  );
}

function ItemRow({ index, item, detail, onRaised }: { index: number; item: InspectionItem; detail: InspectionDetail; onRaised: () => void }) {
  const { message } = App.useApp();
  const [raising, setRaising] = useState(false);
  const canRaise = detail.canRaiseHazards && item.result === 'fail' && !item.hazard;

  const raise = async () => {
    setRaising(true);
    try {
      const r = await api.post<{ hazard: { id: string; code: string } }>(`/api/inspections/${detail.id}/items/${item.code}/hazard`, {});
      message.success(`已登记隐患 ${r.hazard.code}`);
      onRaised();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setRaising(false);
    }
  };

  return (
    <div data-testid="inspection-item" data-result={item.result ?? ''} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text>
            {index + 1}. {item.text}
          </Typography.Text>
          <Tag color={item.result ? resultColors[item.result] : 'default'} style={{ marginInlineEnd: 0 }} data-testid="item-result">
            {item.resultLabel}
          </Tag>
        </Space>
        <Space wrap size={4}>
          <Tag>{item.categoryLabel}</Tag>
          {item.place && item.place !== item.categoryLabel && <Tag>{item.place}</Tag>}
        </Space>
        {item.note && <Typography.Text type="secondary">{item.note}</Typography.Text>}
        {item.attachments.length > 0 && (
          <Image.PreviewGroup>
            <Space wrap size={8}>
              {item.attachments.map((a) => (
                <Image
                  key={a.id}
                  src={a.url}
                  alt={a.fileName}
                  width={72}
                  height={72}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                  data-testid="item-photo"
                />
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
        {item.hazard && (
          <Typography.Text data-testid="item-hazard">
            已转为隐患 <Link to={`/hazards/${item.hazard.id}`}>{item.hazard.code}</Link>
            <Tag style={{ marginInlineStart: 8 }}>{hazardStateLabels[item.hazard.state] ?? item.hazard.state}</Tag>
          </Typography.Text>
        )}
        {canRaise && (
          <Button size="small" loading={raising} onClick={raise} style={{ width: 'fit-content' }}>
            转为隐患
          </Button>
        )}
      </Space>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section style={{ marginBottom: 16 }}>
      <Typography.Title level={5} style={{ marginTop: 8, borderLeft: '3px solid #1f4e8c', paddingLeft: 8 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}
